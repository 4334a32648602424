"""Visit rates (走访, 入户率) and duty flags: the definitions on hand-checked fixtures, then the consumer and
the API on PostgreSQL. testville: TV-C1-G01 (150 households, community tv-c1) and TV-C2-G01 (200, tv-c2),
both in street tv-s1; tv-c1-g1 works TV-C1-G01, tv-c2-g1 TV-C2-G01, tv-s1-z1 is the street's station cadre."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from minqing_contracts import new_envelope
from minqing_contracts.events.intake import VisitRecorded
from minqing_evaluation.domain.visit_duties import below_duty
from minqing_evaluation.domain.visit_rates import Visit, rates, tree
from minqing_kit.orgconfig import load_districts

from .conftest import DISTRICTS

CONFIG = load_districts(str(DISTRICTS))["testville"]
C1, C2 = "TV-C1-G01", "TV-C2-G01"
WORKER_WEEK = [
    Visit("tv-c1-g1", C1, date(2026, 11, 2), frozenset({"h1", "h2"})),
    Visit("tv-c1-g1", C1, date(2026, 11, 4), frozenset({"h2", "h3"}), opinions=1, resolved=1),
]
MOVER = [
    Visit("tv-c2-g1", C2, date(2026, 11, 3), frozenset({"a", "b"}), cases=1),
    Visit("tv-c2-g1", C1, date(2026, 11, 17), frozenset({"h1", "c"})),
]


def _by_subject(found: list[dict]) -> dict:
    return {row["subject"]: row for row in found}


def test_a_household_visited_twice_in_a_week_counts_once():
    me = _by_subject(rates(WORKER_WEEK, "person", tree(CONFIG)))["tv-c1-g1"]
    assert (me["visit_days"], me["households_visited"], me["group_visits"]) == (2, 3, 2)
    assert me["entry_rate"] == {"value": 0.02, "numerator": 3, "denominator": 150}
    assert (me["opinions"], me["resolved_on_the_spot"], me["cases_filed"]) == (1, 1, 0)


def test_a_worker_who_moved_grids_mid_month_counts_in_both_grids_and_once_for_themselves():
    where = tree(CONFIG)
    person = _by_subject(rates(WORKER_WEEK + MOVER, "person", where))["tv-c2-g1"]
    assert person["entry_rate"] == {"value": round(4 / 350, 4), "numerator": 4, "denominator": 350}
    grids = _by_subject(rates(WORKER_WEEK + MOVER, "grid", where))
    assert grids[C1]["entry_rate"] == {"value": round(4 / 150, 4), "numerator": 4, "denominator": 150}
    assert grids[C1]["visit_days"] == 3 and grids[C2]["households_visited"] == 2 and grids[C2]["cases_filed"] == 1
    street = _by_subject(rates(WORKER_WEEK + MOVER, "street", where))["tv-s1"]
    assert street["entry_rate"] == {"value": round(6 / 350, 4), "numerator": 6, "denominator": 350}
    communities = _by_subject(rates(WORKER_WEEK + MOVER, "community", where))
    assert communities["tv-c2"]["households_visited"] == 2 and communities["tv-c1"]["households_visited"] == 4


def test_subjects_without_visits_show_with_zeros_and_a_zero_denominator_is_no_rate():
    grids = _by_subject(rates([], "grid", tree(CONFIG)))
    assert grids[C2]["households_visited"] == 0 and grids[C2]["entry_rate"]["value"] == 0.0
    nobody = _by_subject(rates([Visit("tv-x", "XX-NONE", date(2026, 11, 2), frozenset({"z"}))], "person", tree(CONFIG)))
    assert nobody["tv-x"]["entry_rate"] == {"value": None, "numerator": 1, "denominator": 0}


def test_below_duty_judges_ended_weeks_and_ended_months_only():
    three_days = [Visit("tv-c1-g1", C1, date(2026, 11, d), frozenset({f"h{d}"})) for d in (9, 10, 12)]
    november = (date(2026, 11, 1), date(2026, 11, 30))
    flags = below_duty(CONFIG, WORKER_WEEK + three_days, november, date(2026, 12, 5), monthly=True)
    worker_weeks = [(f["week"], f["had"]) for f in flags if f["person"] == "tv-c1-g1"]
    assert worker_weeks == [("2026-11-02", 2), ("2026-11-16", 0), ("2026-11-23", 0)]  # 11-09 had 3: no flag
    cadre = [(f["duty"], f["had"], f["needed"]) for f in flags if f["person"] == "tv-s1-z1"]
    assert cadre == [("households_per_month", 0, 10), ("group_visits_per_month", 0, 4)]
    assert not [f for f in flags if f["person"] == "tv-c2-m1"]  # a messenger has no visit duty by default
    running = below_duty(CONFIG, WORKER_WEEK, november, date(2026, 11, 20), monthly=True)
    assert {f.get("week") for f in running if f["person"] == "tv-c1-g1"} == {"2026-11-02", "2026-11-09"}
    assert not [f for f in running if f["person"] == "tv-s1-z1"]


def _visit(visit_id: str, visitor: str, grid: str, day: date, households: list[str], outcomes: list[str]):
    payload = VisitRecorded(
        visit_id=visit_id,
        visitor_id=visitor,
        grid_code=grid,
        local_date=day,
        visited_at=datetime(day.year, day.month, day.day, 2, tzinfo=UTC),
        household_ids=households,
        matters=[{"outcome": o, "case_id": str(uuid.uuid4()) if o == "case" else None} for o in outcomes],
    )
    return new_envelope(payload, district="testville", producer="intake")


def test_the_consumer_keeps_a_visit_once_and_the_api_gives_each_figure_with_its_denominator(service):
    first = _visit("v-1", "tv-c1-g1", C1, date(2026, 11, 2), ["h1", "h2"], ["case", "opinion"])
    again = _visit("v-1", "tv-c1-g1", C1, date(2026, 11, 2), ["h1", "h2"], ["case", "opinion"])  # a new event id
    second = _visit("v-2", "tv-c1-g1", C1, date(2026, 11, 4), ["h2"], ["resolved"])
    service.feed(first, first, again, second)
    answer = service.client.get("/api/v1/districts/testville/visit-rates?period=month&month=2026-11&level=grid").json
    grid = _by_subject(answer["rates"])[C1]
    assert (
        grid["visit_days"],
        grid["households_visited"],
        grid["cases_filed"],
        grid["opinions"],
        grid["resolved_on_the_spot"],
    ) == (2, 2, 1, 1, 1)
    assert grid["entry_rate"] == {"value": round(2 / 150, 4), "numerator": 2, "denominator": 150}
    assert "入户率" in answer["definitions"]["entry_rate"] and answer["from"] == "2026-11-01"
    week = service.client.get("/api/v1/districts/testville/visit-rates?period=week&week=2026-11-04&level=street").json
    assert (week["from"], week["to"], week["rates"][0]["households_visited"]) == ("2026-11-02", "2026-11-08", 2)


def test_people_and_their_duty_flags_need_a_token_of_the_district(service):
    url = "/api/v1/districts/testville/visit-rates?period=month&month=2026-10&level=person"
    assert service.client.get(url).status_code == 401
    assert service.client.get(url, headers=service.bearer("supervisor", district="elsewhere")).status_code == 403
    answer = service.client.get(url, headers=service.bearer("supervisor")).json
    assert {f["person"] for f in answer["below_duty"]} == {"tv-c1-g1", "tv-c1-h1", "tv-c2-g1", "tv-s1-z1"}
    assert service.client.get(url.replace("person", "flat")).status_code == 422
