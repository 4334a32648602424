"""Joint handling across districts (跨区联办) in evaluation's figures: routing sends a partner district's
part's 督办 to the partner's stream alone, naming ``districts`` (the case's first). That copy is not a fact
of the case (``domain.facts.on_partner_stream``, which says why): the case district's figures count only its
own units, the lead's case is not shown as supervised, and a copy arriving first does not file the case
under the partner's district. A part of the case's own district is supervised and counted as before."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from minqing_evaluation.adapters.tables import cases

from .conftest import T0, event, unit
from .test_followup_and_rates import case_stream

JOINT = ["testville", "partnerville"]


def partner_supervision(case_id: str, hours: int):
    notice = event(
        "case.supervised.v1",
        case_id,
        T0 + timedelta(hours=hours),
        ticket=f"TV-{case_id}",
        unit_id="pv-c1",
        unit_name="对岸社区",
        level="community",
        supervisor_unit_id="pv-s1",
        notice="协办事项已超期: 对岸清理",
        districts=JOINT,
    )
    return notice.model_copy(update={"district": "partnerville"})


def test_a_partner_district_s_part_counts_in_neither_district_and_the_case_s_own_part_does(service):
    early = partner_supervision("j0", 0)  # before the case's own first event: must not file it in partnerville
    own_part = event(
        "case.supervised.v1",
        "j1",
        T0 + timedelta(hours=2),
        ticket="TV-j1",
        **unit("tv-cgj"),
        supervisor_unit_id="tv-c1",
        notice="协办事项已超期: 执法",
    )
    service.feed(early, *case_stream("j0", "tv-c1", True, True), *case_stream("j1", "tv-c1", True, True))
    service.feed(partner_supervision("j1", 6), own_part)  # the partner's after the lead answered

    counted = {
        (subject, metric): n
        for (table, _, subject, metric), n in service.counters().items()
        if table == "unit_day_counts"
    }
    assert counted[("tv-cgj", "supervised")] == 1  # the case district's co-handler, as before
    assert not any(subject.startswith("pv-") for subject, _ in counted)  # no unit of the partner district
    assert sum(n for (subject, metric), n in counted.items() if metric == "supervised") == 1
    daily = service.client.get("/api/v1/districts/testville/reports/daily?date=2026-11-02").get_json()
    assert [(o["unit_id"], o["supervised"]) for o in daily["overdue"]] == [("tv-cgj", 1)]
    with service.runtime.db.engine.connect() as connection:
        rows = connection.execute(select(cases.c.case_id, cases.c.district, cases.c.supervised_at)).all()
    by_case = {r.case_id: (r.district, r.supervised_at is not None) for r in rows}
    assert by_case["j0"] == ("testville", False)  # the partner's copy came first and made no row of its own
    assert by_case["j1"] == ("testville", False)  # the partner's 督办 does not put the answered case under 督办
