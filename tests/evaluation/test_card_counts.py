"""Contact cards (民情联系卡) counted in evaluation from card.delivered.v1: each household once whatever the
replays and overlaps, per grid, up to a day."""

from __future__ import annotations

from datetime import date

from minqing_contracts import new_envelope
from minqing_contracts.events.intake import CardsDelivered
from minqing_evaluation.cards import cards_per_grid


def _delivered(grid: str, ids: list[str], on: date):
    payload = CardsDelivered(grid_code=grid, household_ids=ids, delivered_on=on, delivered_by="tv-c1-g1")
    return new_envelope(payload, district="testville", producer="intake")


def test_cards_per_grid_count_each_household_once_up_to_the_day(service):
    first = _delivered("G1", ["h1", "h2"], date(2026, 11, 2))
    service.feed(
        first, first, _delivered("G1", ["h2", "h3"], date(2026, 11, 5)), _delivered("G2", ["h9"], date(2026, 11, 3))
    )
    assert cards_per_grid(service.runtime, "testville", date(2026, 11, 30)) == {"G1": 3, "G2": 1}
    assert cards_per_grid(service.runtime, "testville", date(2026, 11, 2)) == {"G1": 2}
    assert cards_per_grid(service.runtime, "elsewhere", date(2026, 11, 30)) == {}
