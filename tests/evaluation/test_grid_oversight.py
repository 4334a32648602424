"""The scheduler's grid checks and the monthly 民情信息 report: duty flags sent once per ended period to
the unit that looks after the person, grids unvisited for 30 days, the street's report (page, JSON,
CSV) sent once at month end. testville as in test_visit_rates (TV-C1-G01: 150 households, TV-C2-G01: 200)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from minqing_evaluation import grid_oversight, grid_reports
from minqing_evaluation.domain.grid_checks import ended_periods, unit_looking_after, unvisited
from minqing_evaluation.domain.visit_rates import tree
from minqing_kit.orgconfig import load_districts

from .conftest import DISTRICTS, event, unit
from .test_visit_rates import C1, C2, _visit

WHERE = tree(load_districts(str(DISTRICTS))["testville"])
DEC_2 = datetime(2026, 12, 2, 2, tzinfo=UTC)  # a Wednesday: November and the week of 11-23 have ended


def test_ended_periods_are_last_week_and_last_month():
    assert ended_periods(date(2026, 12, 2)) == [
        ("2026-11-23", date(2026, 11, 23), date(2026, 11, 29)),
        ("2026-11", date(2026, 11, 1), date(2026, 11, 30)),
    ]
    assert ended_periods(date(2026, 11, 30))[0][0] == "2026-11-23"  # a Monday: the week before


def test_the_unit_looking_after_a_person_is_their_grids_community_else_their_street():
    assert unit_looking_after(WHERE, "tv-c1-g1") == "tv-c1" and unit_looking_after(WHERE, "tv-s1-z1") == "tv-c1"
    spread = type(WHERE)(**{**WHERE.__dict__, "team_grids": {"p": frozenset({C1, C2})}})
    assert unit_looking_after(spread, "p") == "tv-s1" and unit_looking_after(WHERE, "nobody") is None


def test_unvisited_lists_never_visited_first_then_the_longest_unvisited():
    found = unvisited(WHERE, {C1: date(2026, 11, 2)}, date(2026, 12, 2))
    assert [(g["grid_code"], g["last_visit"], g["days_since_visit"]) for g in found] == [
        (C2, None, None),
        (C1, "2026-11-02", 30),
    ]
    assert [g["grid_code"] for g in unvisited(WHERE, {C1: date(2026, 11, 3)}, date(2026, 12, 2))] == [C2]


def test_below_duty_is_flagged_once_per_period_to_the_community(service):
    service.runtime.clock.now = DEC_2
    days = [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 10)]
    service.feed(*[_visit(f"v-{d}", "tv-c1-g1", C1, d, ["h1"], []) for d in days])
    assert grid_oversight.flag_due(service.runtime) > 0
    assert grid_oversight.flag_due(service.runtime) == 0  # once: the periods are marked checked
    flags = [e["payload"] for e in service.emitted("visit.duty_missed.v1")]
    worker = [(f["duty"], f["period"]) for f in flags if f["person_id"] == "tv-c1-g1"]
    assert worker == []  # 3 days in the week of 11-23; no monthly duty for a grid worker
    cadre = {
        (f["duty"], f["period"], f["had"], f["needed"], f["unit_id"]) for f in flags if f["person_id"] == "tv-s1-z1"
    }
    assert cadre == {
        ("households_per_month", "2026-11", 0, 10, "tv-c1"),
        ("group_visits_per_month", "2026-11", 0, 4, "tv-c1"),
    }
    other = [f for f in flags if f["person_id"] == "tv-c2-g1"]
    assert [(f["period"], f["had"], f["unit_id"]) for f in other] == [("2026-11-23", 0, "tv-c2")]


def test_unvisited_grids_api_and_the_dashboard_section(service):
    service.runtime.clock.now = DEC_2
    service.feed(_visit("v-1", "tv-c1-g1", C1, date(2026, 11, 20), ["h1"], []))
    answer = service.client.get("/api/v1/districts/testville/unvisited-grids").json
    assert [(g["grid_code"], g["last_visit"]) for g in answer["grids"]] == [(C2, None)]
    assert [
        g["grid_code"] for g in service.client.get("/api/v1/districts/testville/unvisited-grids?days=5").json["grids"]
    ] == [C2, C1]
    page = service.client.get("/dashboard/testville").get_data(as_text=True)
    section = page.split('id="unvisited-grids"')[1].split("</table>")[0]
    assert "从未走访" in section and "二号社区" in section and "一号社区" not in section


def test_the_month_s_report_per_community_and_street_as_page_json_and_csv_sent_once(service):
    service.runtime.clock.now = DEC_2
    first = _visit("v-1", "tv-c1-g1", C1, date(2026, 11, 2), ["h1", "h2"], ["opinion", "resolved"])
    first.payload["matters"].append({"household_id": "h1", "outcome": "case", "case_id": "case-r1"})
    service.feed(first, _visit("v-2", "tv-c2-g1", C2, date(2026, 11, 3), ["a"], ["opinion"]))
    at = datetime(2026, 11, 2, 3, tzinfo=UTC)
    service.feed(
        event(
            "case.received.v1",
            "case-r1",
            at,
            ticket="TV-r1",
            classification={"category": "municipal", "confidence": 0.9},
        ),
        event("case.resolved.v1", "case-r1", at, ticket="TV-r1", **unit("tv-c1")),
    )
    report = service.client.get("/api/v1/districts/testville/grid-reports/tv-s1?month=2026-11").json
    c1 = next(c for c in report["communities"] if c["id"] == "tv-c1")
    assert (c1["households"], c1["households_visited"], c1["opinions"], c1["resolved_on_the_spot"]) == (150, 2, 1, 1)
    assert (c1["cases_filed"], c1["cases_resolved"], c1["top_categories"]) == (
        1,
        1,
        [{"category": "municipal", "cases": 1}],
    )
    assert (report["street"]["households_visited"], report["street"]["opinions"], report["street"]["households"]) == (
        3,
        2,
        350,
    )
    csv = service.client.get("/api/v1/districts/testville/grid-reports/tv-s1?month=2026-11&format=csv")
    lines = csv.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert csv.mimetype == "text/csv" and lines[0].startswith("单位,名称,户数,走访户数,入户率") and len(lines) == 4
    assert lines[1].startswith("tv-c1,一号社区,150,2,0.0133,1,1,1,1,0,")
    page = service.client.get("/grid-report/testville/tv-s1?month=2026-11").get_data(as_text=True)
    assert "民情信息月报" in page and "市政设施(1)" in page and 'id="street-total"' in page
    assert service.client.get("/api/v1/districts/testville/grid-reports/nowhere").status_code == 404
    assert grid_reports.issue_due(service.runtime) == 1 and grid_reports.issue_due(service.runtime) == 0
    [issued] = [e["payload"] for e in service.emitted("visit.report_issued.v1")]
    assert (issued["unit_id"], issued["month"], issued["households_visited"], issued["cases_filed"]) == (
        "tv-s1",
        "2026-11",
        3,
        1,
    )
