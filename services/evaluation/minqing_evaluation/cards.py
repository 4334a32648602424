"""Contact cards (民情联系卡) in evaluation: keep each household's first card from ``card.delivered.v1`` and
count the cards handed out per grid up to a day, the ground of 知晓率 (the rate's definition stays with the
visit rates, ``visits.py`` and the README). Intake says which households got one; ids only."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from minqing_contracts import Envelope
from minqing_contracts.events.intake import CardsDelivered
from minqing_kit.statements import insert_ignoring_duplicates

from .adapters.card_tables import card_deliveries
from .bootstrap import Runtime


def record(session: Session, envelope: Envelope, payload: CardsDelivered) -> None:
    """One row per household; a household already counted (an earlier or a replayed event) stays as it was."""
    session.execute(
        insert_ignoring_duplicates(session, card_deliveries, index_elements=["household_id"]),
        [
            {
                "household_id": h,
                "district": envelope.district,
                "grid_code": payload.grid_code,
                "delivered_on": payload.delivered_on,
            }
            for h in sorted(set(payload.household_ids))
        ],
    )


def cards_per_grid(runtime: Runtime, district: str, until: date) -> dict[str, int]:
    """Grid code -> households that had received a card by ``until`` (inclusive)."""
    query = (
        select(card_deliveries.c.grid_code, func.count())
        .where(card_deliveries.c.district == district, card_deliveries.c.delivered_on <= until)
        .group_by(card_deliveries.c.grid_code)
    )
    with runtime.db.engine.connect() as connection:
        return {grid: n for grid, n in connection.execute(query)}
