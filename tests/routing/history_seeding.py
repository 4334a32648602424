"""Closed cases written straight to routing's tables, each with its first dispatch step, for the history
model's tests and benchmark: synthetic Chinese requests whose resolving unit follows a clear pattern."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from minqing_routing.adapters.tables import cases, history

from .seeding import case_row


@dataclass(frozen=True)
class Kind:
    """A kind of request: its texts, category, where the rules send it first and who finally resolves it
    (``COMMUNITY``: the case's own community)."""

    texts: tuple[str, ...]
    category: str
    rules_unit: str
    final_unit: str


COMMUNITY = "community"
# in hilltown (tests/routing/districts): the rules send both municipal kinds to the community (lowest level);
# street lights are finally the 城管局's, heating the 热力公司's; rubbish stays with the community
HILLTOWN_KINDS = (
    Kind(("小区路灯坏了晚上很黑", "路灯不亮已经一周了", "门口路灯一闪一闪"), "municipal", COMMUNITY, "ht-cgj"),
    Kind(("暖气不热家里很冷", "供暖温度太低暖气片冰凉", "暖气漏水"), "municipal", COMMUNITY, "ht-rl"),
    Kind(("楼下垃圾三天没人清运", "垃圾桶满了没人收", "垃圾堆在楼道口"), "environment", COMMUNITY, COMMUNITY),
)


def seed_closed(
    db,
    count: int,
    kinds: tuple[Kind, ...] = HILLTOWN_KINDS,
    district: str = "hilltown",
    places: tuple[tuple[str, str], ...] = (("HT-C1-G01", "ht-c1"),),
    chunk: int = 5000,
) -> None:
    """``count`` resolved cases, an hour apart backwards from yesterday, the kinds in turn, at the places
    (grid, community) in turn."""
    start = datetime.now(UTC) - timedelta(days=1)
    for first in range(0, count, chunk):
        case_rows, steps = [], []
        for n in range(first, min(count, first + chunk)):
            kind, case_id = kinds[n % len(kinds)], str(uuid.uuid4())
            grid, community = places[n // len(kinds) % len(places)]
            final, first_unit = (community if u == COMMUNITY else u for u in (kind.final_unit, kind.rules_unit))
            when = start - timedelta(hours=n)
            text = f"{kind.texts[n % len(kind.texts)]},请尽快处理。"
            case_rows.append(
                case_row(
                    case_id,
                    f"SEED-{n:07d}",
                    "resolved",
                    final,
                    grid,
                    when,
                    district=district,
                    category=kind.category,
                    content=text,
                    community_id=community,
                )
            )
            steps.append(
                {
                    "case_id": case_id,
                    "at": when,
                    "action": "dispatch",
                    "actor_kind": "system",
                    "from_state": "new",
                    "to_state": "dispatched",
                    "unit_id": first_unit,
                    "reason": "lowest_level",
                }
            )
        with db.transaction() as session:
            session.execute(insert(cases), case_rows)
            session.execute(insert(history), steps)
