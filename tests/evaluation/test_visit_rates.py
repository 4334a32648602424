"""Visit rates (走访, 入户率) and duty flags: the definitions on hand-checked fixtures, then the consumer and
the API on PostgreSQL. testville: TV-C1-G01 (150 households, community tv-c1) and TV-C2-G01 (200, tv-c2),
both in street tv-s1; tv-c1-g1 works TV-C1-G01, tv-c2-g1 TV-C2-G01, tv-s1-z1 is the street's station cadre."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from minqing_contracts import new_envelope
from minqing_contracts.events.intake import VisitRecorded
from minqing_evaluation.domain.visit_duties import below_duty
from minqing_evaluation.domain.visit_rates import FiledCase, GridAnswer, Visit, rates, tree
from minqing_kit.orgconfig import load_districts

from .conftest import DISTRICTS, event, unit

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


def test_coverage_counts_each_household_once_over_the_rolling_window_not_the_period():
    window = WORKER_WEEK + [Visit("tv-c2-g1", C1, date(2026, 10, 20), frozenset({"h1", "old"}))]
    grids = _by_subject(rates(WORKER_WEEK, "grid", tree(CONFIG), window=window))
    assert grids[C1]["coverage"] == {"value": round(4 / 150, 4), "numerator": 4, "denominator": 150}  # h1-h3, old
    assert grids[C1]["households_visited"] == 3 and grids[C2]["coverage"]["numerator"] == 0
    person = _by_subject(rates(WORKER_WEEK, "person", tree(CONFIG), window=window))
    assert person["tv-c2-g1"]["coverage"] == {"value": round(2 / 350, 4), "numerator": 2, "denominator": 350}
    assert "coverage" not in rates(WORKER_WEEK, "grid", tree(CONFIG))[0]


def test_cases_filed_from_visits_follow_their_outcome_once_per_case():
    filed = (FiledCase("k1", resolved=True, satisfaction="basically_satisfied"), FiledCase("k2", resolved=True))
    visits = [
        Visit("tv-c1-g1", C1, date(2026, 11, 2), frozenset({"h1"}), cases=2, filed=filed),
        Visit("tv-c1-g1", C1, date(2026, 11, 3), frozenset({"h2"}), cases=1, filed=(FiledCase("k3"),)),
        Visit("tv-c2-g1", C1, date(2026, 11, 4), frozenset(), filed=(FiledCase("k4", True, "not_satisfied"),)),
    ]
    grid = _by_subject(rates(visits, "grid", tree(CONFIG)))[C1]
    assert (grid["cases_filed"], grid["cases_resolved"], grid["cases_satisfied"]) == (3, 3, 1)
    me = _by_subject(rates(visits, "person", tree(CONFIG)))["tv-c1-g1"]
    assert (me["cases_resolved"], me["cases_satisfied"]) == (2, 1)


def test_only_the_subjects_asked_for_are_computed_and_a_window_that_is_the_period_counts_the_same():
    where, visits = tree(CONFIG), WORKER_WEEK + MOVER
    every = _by_subject(rates(visits, "person", where, list(visits)))  # a window equal to the period, copied
    some = rates(visits, "person", where, visits, only={"tv-c2-g1", "tv-s1-z1"})  # the period itself
    assert [r["subject"] for r in some] == ["tv-c2-g1", "tv-s1-z1"]
    assert some[0] == every["tv-c2-g1"] and some[0]["coverage"]["numerator"] > 0


def test_awareness_rate_is_yes_over_answered_per_grid_and_the_grids_of_a_person_s_team():
    answers = [GridAnswer(C1, True), GridAnswer(C1, False), GridAnswer(C1, True), GridAnswer(C2, False)]
    where = tree(CONFIG)
    grids = _by_subject(rates([], "grid", where, answers=answers))
    assert grids[C1]["awareness_rate"] == {"value": round(2 / 3, 4), "numerator": 2, "denominator": 3}
    assert grids[C2]["awareness_rate"] == {"value": 0.0, "numerator": 0, "denominator": 1}
    assert _by_subject(rates([], "street", where, answers=answers))["tv-s1"]["awareness_rate"]["denominator"] == 4
    assert _by_subject(rates([], "person", where, answers=answers))["tv-c1-g1"]["awareness_rate"]["numerator"] == 2
    assert _by_subject(rates([], "grid", where))[C1]["awareness_rate"]["value"] is None  # nobody answered


def test_below_duty_judges_ended_weeks_and_ended_months_only():
    three_days = [Visit("tv-c1-g1", C1, date(2026, 11, d), frozenset({f"h{d}"})) for d in (9, 10, 12)]
    november = (date(2026, 11, 1), date(2026, 11, 30))
    flags = below_duty(CONFIG, WORKER_WEEK + three_days, november, date(2026, 12, 5), monthly=True)
    worker_weeks = [(f["week"], f["had"]) for f in flags if f["person"] == "tv-c1-g1"]
    assert worker_weeks == [("2026-11-02", 2), ("2026-11-16", 0), ("2026-11-23", 0)]  # 11-09 had 3: no flag
    cadre = [(f["duty"], f["had"], f["needed"]) for f in flags if f["person"] == "tv-s1-z1"]
    assert cadre == [("households_per_month", 0, 10), ("group_visits_per_month", 0, 4)]
    assert not [f for f in flags if f["person"] == "tv-c2-m1"]  # a messenger has no visit duty by default
    only = below_duty(CONFIG, WORKER_WEEK + three_days, november, date(2026, 12, 5), True, people={"tv-s1-z1"})
    assert {f["person"] for f in only} == {"tv-s1-z1"} and len(only) == 2  # one street's people (?street=)
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


def test_a_workers_visits_of_one_day_in_one_grid_add_up_and_their_households_count_once(service):
    morning = _visit("v-a", "tv-c1-g1", C1, date(2026, 11, 10), ["h1", "h2"], ["case", "opinion"])
    noon = _visit("v-b", "tv-c1-g1", C1, date(2026, 11, 10), ["h2", "h3"], ["case", "resolved", "opinion"])
    evening = _visit("v-c", "tv-c1-g1", C1, date(2026, 11, 10), [], [])
    elsewhere = _visit("v-d", "tv-c1-g1", C2, date(2026, 11, 10), ["x1"], ["opinion"])
    service.feed(morning, noon, evening, elsewhere)
    url = "/api/v1/districts/testville/visit-rates?period=month&month=2026-11&level=person"
    worker = _by_subject(service.client.get(url, headers=service.bearer("supervisor")).json["rates"])["tv-c1-g1"]
    assert (
        worker["visit_days"],
        worker["group_visits"],
        worker["households_visited"],
        worker["cases_filed"],
        worker["opinions"],
        worker["resolved_on_the_spot"],
    ) == (1, 2, 4, 2, 3, 1)
    assert worker["entry_rate"]["denominator"] == 150 + 200  # their team's grid and the grid they visited
    grids = service.client.get(url.replace("person", "grid")).json["rates"]
    assert [(r["subject"], r["households_visited"], r["cases_filed"]) for r in grids] == [(C1, 3, 2), (C2, 1, 0)]


def test_people_and_their_duty_flags_need_a_token_of_the_district(service):
    url = "/api/v1/districts/testville/visit-rates?period=month&month=2026-10&level=person"
    assert service.client.get(url).status_code == 401
    assert service.client.get(url, headers=service.bearer("supervisor", district="elsewhere")).status_code == 403
    answer = service.client.get(url, headers=service.bearer("supervisor")).json
    assert {f["person"] for f in answer["below_duty"]} == {"tv-c1-g1", "tv-c1-h1", "tv-c2-g1", "tv-s1-z1"}
    assert service.client.get(url.replace("person", "flat")).status_code == 422


def test_a_case_filed_on_a_visit_is_followed_to_its_rating_and_the_answer_counts_toward_awareness(service):
    visit = _visit("v-9", "tv-c1-g1", C1, date(2026, 11, 2), ["h1"], ["opinion"])
    visit.payload["matters"] = [{"household_id": "h1", "outcome": "case", "case_id": "case-v9"}]
    service.feed(visit)
    at = datetime(2026, 11, 2, 3, tzinfo=UTC)
    service.feed(
        event("case.received.v1", "case-v9", at, ticket="TV-v9", channel="grid_visit", location={"grid_code": C1}),
        event("case.resolved.v1", "case-v9", at.replace(hour=5), ticket="TV-v9", **unit("tv-c1")),
    )
    url = "/api/v1/districts/testville/visit-rates?period=month&month=2026-11&level=grid"
    before = _by_subject(service.client.get(url).json["rates"])[C1]
    assert (before["cases_filed"], before["cases_resolved"], before["cases_satisfied"]) == (1, 1, 0)
    assert before["awareness_rate"]["denominator"] == 0
    assert service.answer("case-v9", True, "satisfied", knows_grid_worker=True).status_code == 201
    after = _by_subject(service.client.get(url).json["rates"])[C1]
    assert after["cases_satisfied"] == 1
    assert after["awareness_rate"] == {"value": 1.0, "numerator": 1, "denominator": 1}
    assert service.emitted("case.rated.v1")[-1]["payload"]["knows_grid_worker"] is True
    assert after["coverage"] == {"value": round(1 / 150, 4), "numerator": 1, "denominator": 150}


def test_one_street_and_a_coverage_window_narrow_the_answer_and_bad_values_are_refused(service):
    service.feed(_visit("v-1", "tv-c1-g1", C1, date(2026, 11, 5), ["h1"], []))
    url = "/api/v1/districts/testville/visit-rates?period=month&month=2026-11&level=community&street=tv-s1"
    assert _by_subject(service.client.get(url).json["rates"])["tv-c1"]["coverage"]["numerator"] == 1
    assert _by_subject(service.client.get(url + "&window=7").json["rates"])["tv-c1"]["coverage"]["numerator"] == 0
    assert service.client.get(url + "&window=0").status_code == 422
    assert service.client.get(url.replace("tv-s1", "nowhere")).status_code == 404
