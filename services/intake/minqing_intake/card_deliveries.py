"""Card receipts: grid staff record which households of their grid received a contact card (民情联系卡), so
that 知晓 (residents knowing their grid team) becomes measurable. A household counts once: its first card;
recording it again changes nothing. The receipt and ``card.delivered.v1`` (opaque household ids only) are
written in one transaction; the row keeps who recorded it and when (the trail)."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from minqing_contracts import new_envelope
from minqing_contracts.events.intake import CardsDelivered
from minqing_kit.errors import ApiError, FieldError, invalid
from minqing_kit.statements import insert_ignoring_duplicates

from .adapters.grid_tables import households
from .adapters.place_tables import card_deliveries
from .bootstrap import Runtime
from .domain.channels import Staff
from .domain.households import visible_grids
from .households import not_your_grid

log = logging.getLogger(__name__)


def _grids(runtime: Runtime, staff: Staff, district: str) -> set[str]:
    config = runtime.districts.get(district)
    if config is None or staff.district != district:
        raise ApiError(404, "not_found", f"no district {district} for you", "未找到该区")
    return visible_grids(staff, config)


def record(
    runtime: Runtime, staff: Staff, district: str, grid_code: str, household_ids: list[str], on: date
) -> dict[str, Any]:
    """Record the cards handed to ``household_ids`` of ``grid_code`` on ``on``; answers which were new."""
    if grid_code not in _grids(runtime, staff, district):
        raise not_your_grid()
    if on > datetime.now(ZoneInfo(runtime.districts[district].timezone)).date():
        raise invalid([FieldError("delivered_on", "must not be in the future", "发卡日期不得晚于今天")])
    ids = list(dict.fromkeys(household_ids))
    with runtime.db.transaction() as session:
        of_grid = set(
            session.execute(
                select(households.c.id).where(
                    households.c.district == district, households.c.grid_code == grid_code, households.c.id.in_(ids)
                )
            ).scalars()
        )
        wrong = [
            FieldError(f"households[{n}]", "not a household of the grid", "不是该网格的住户")
            for n, i in enumerate(ids)
            if i not in of_grid
        ]
        if wrong:
            raise invalid(wrong)
        now = datetime.now(UTC)
        rows = [
            {"household_id": i, "district": district, "grid_code": grid_code, "delivered_on": on}
            | {"delivered_by": staff.person_id, "recorded_at": now}
            for i in ids
        ]
        new = (
            session.execute(
                insert_ignoring_duplicates(session, card_deliveries, index_elements=["household_id"])
                .values(rows)
                .returning(card_deliveries.c.household_id)
            )
            .scalars()
            .all()
        )
        new = sorted(new)
        if new:
            payload = CardsDelivered(
                grid_code=grid_code, household_ids=new, delivered_on=on, delivered_by=staff.person_id
            )
            runtime.outbox.add(session, new_envelope(payload, district=district, producer="intake"))
    log.info("cards delivered", extra={"fields": {"district": district, "grid": grid_code, "new": len(new)}})
    return {
        "district": district,
        "grid_code": grid_code,
        "delivered_on": on.isoformat(),
        "recorded": new,
        "already": sorted(set(ids) - set(new)),
    }


def counts(runtime: Runtime, staff: Staff, district: str, grid: str | None) -> dict[str, Any]:
    """Per grid of ``staff``: households on file and how many of them received a card."""
    grids = _grids(runtime, staff, district)
    if grid is not None:
        grids &= {grid}
    on_file = (
        select(households.c.grid_code, func.count().label("households"), func.count(card_deliveries.c.household_id))
        .outerjoin(card_deliveries, card_deliveries.c.household_id == households.c.id)
        .where(households.c.district == district, households.c.grid_code.in_(sorted(grids)))
        .group_by(households.c.grid_code)
    )
    with runtime.db.engine.connect() as connection:
        found = {code: (n, cards) for code, n, cards in connection.execute(on_file)}
    return {
        "district": district,
        "grids": [
            {"grid_code": g, "households": found.get(g, (0, 0))[0], "cards_delivered": found.get(g, (0, 0))[1]}
            for g in sorted(grids)
        ],
    }
