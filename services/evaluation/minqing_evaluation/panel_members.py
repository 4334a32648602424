"""The three-party panel (三方评事) of a quarter: its members named by party. Representatives' names are
public (they appear on the board with the results); residents rated never appear."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import select

from minqing_kit.errors import ApiError
from minqing_kit.statements import insert_ignoring_duplicates

from .adapters.review_tables import panel_members
from .bootstrap import Runtime
from .panel import PARTIES, quarter_bounds


def add(runtime: Runtime, principal, district: str, quarter: str, party: str, name: str) -> dict:
    quarter_bounds(quarter)
    member_id = str(uuid.uuid4())
    with runtime.db.transaction() as session:
        named = session.execute(
            insert_ignoring_duplicates(session, panel_members)
            .values(
                id=member_id,
                district=district,
                quarter=quarter,
                party=party,
                name=name,
                added_by=principal.person_id,
                added_at=runtime.clock(),
            )
            .returning(panel_members.c.id)
        ).first()
        if named is None:
            raise ApiError(409, "already_named", "this member is already on the panel", "该成员已在评议小组中")
    return {"id": member_id, "quarter": quarter, "party": party, "name": name}


def listed(runtime: Runtime, district: str, quarter: str) -> dict:
    quarter_bounds(quarter)
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(
            select(panel_members)
            .where(panel_members.c.district == district, panel_members.c.quarter == quarter)
            .order_by(panel_members.c.party, panel_members.c.name)
        ).all()
    by_party: dict = defaultdict(list)
    for row in rows:
        by_party[row.party].append({"id": row.id, "name": row.name})
    return {"district": district, "quarter": quarter, "parties": {p: by_party[p] for p in PARTIES}}
