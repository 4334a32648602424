"""Through the real broker and PostgreSQL: a visit (走访) that files a case reaches routing, which
dispatches it like any case (intake's tracking view hears of it), and reaches evaluation, whose visit
rates count it. What travels in clear and what the services log holds no household detail."""

from __future__ import annotations

import json
import logging
from argparse import Namespace

from sqlalchemy import select

from minqing_evaluation.adapters.visit_tables import visits as evaluation_visits
from minqing_evaluation.bootstrap import bootstrap as evaluation_bootstrap
from minqing_evaluation.definition import DEFINITION as EVALUATION
from minqing_evaluation.web import create_app as evaluation_app
from minqing_intake.adapters.grid_tables import households
from minqing_intake.definition import DEFINITION as INTAKE, load_households
from minqing_kit.service import build_consumer, build_relay, declare
from minqing_routing.bootstrap import bootstrap as routing_bootstrap
from minqing_routing.definition import DEFINITION as ROUTING
from support.workers import running, wait_for

from .helpers import DEMO_DISTRICTS
from .test_households_visits import FILE, G1, WORKER, _outbox, _rows, _visit_body


def test_a_visit_that_files_a_case_is_dispatched_and_counted(settings, runtime, client, token, make_settings, caplog):
    caplog.set_level(logging.INFO)
    assert load_households(settings, Namespace(district="xinlin", file=str(FILE))) == 0
    routing = routing_bootstrap(make_settings(ROUTING, DISTRICTS_DIR=DEMO_DISTRICTS))
    evaluation = evaluation_bootstrap(make_settings(EVALUATION, DISTRICTS_DIR=DEMO_DISTRICTS))
    try:
        for definition, rt in ((INTAKE, runtime), (ROUTING, routing), (EVALUATION, evaluation)):
            declare(definition, rt.settings, rt)
        body = _visit_body(runtime, visited_at="2026-11-24T10:30:00+08:00")
        visit = client.post(
            "/api/v1/visits", json=body, headers={**token(**WORKER), "Idempotency-Key": "visit-bus-0001-phone"}
        ).json
        ticket = visit["matters"][0]["ticket"]
        workers = [
            build_relay(INTAKE, runtime.settings, runtime.db),
            build_relay(ROUTING, routing.settings, routing.db),
            build_consumer(ROUTING, routing.settings, routing),
            build_consumer(INTAKE, runtime.settings, runtime),
            build_consumer(EVALUATION, evaluation.settings, evaluation),
        ]
        with running(*workers):
            view = wait_for(
                lambda: (lambda v: v if v.get("unit") else None)(client.get(f"/api/v1/cases/{ticket}").get_json()),
                what="the visit's case dispatched",
                timeout=30,
            )
            wait_for(lambda: _rows(evaluation, evaluation_visits), what="the visit in evaluation", timeout=30)
        assert view["status"] == "dispatched" and view["unit"] == "幸福社区" and view["channel"] == "grid_visit"
        rates = (
            evaluation_app(runtime=evaluation)
            .test_client()
            .get("/api/v1/districts/xinlin/visit-rates?period=month&month=2026-11&level=grid")
            .json
        )
        grid = next(r for r in rates["rates"] if r["subject"] == G1)
        assert (grid["households_visited"], grid["cases_filed"], grid["opinions"], grid["resolved_on_the_spot"]) == (
            3,
            1,
            1,
            1,
        )
        assert grid["entry_rate"] == {"value": round(3 / 186, 4), "numerator": 3, "denominator": 186}
        with routing.db.engine.connect() as connection:
            sent = (
                connection.execute(
                    select(ROUTING.tables.outbox.c.body).where(
                        ROUTING.tables.outbox.c.event_type == "case.dispatched.v1"
                    )
                )
                .scalars()
                .all()
            )
        dispatched = [e for e in map(json.loads, sent) if e["case_id"] == visit["matters"][0]["case_id"]]
        assert dispatched and dispatched[0]["payload"]["unit_id"] == "xl-xf"
        visited = [r for r in _rows(runtime, households) if r.id in body["households"]]
        clear = json.dumps(_outbox(runtime, "visit.recorded.v1"), ensure_ascii=False) + caplog.text
        for household in visited:
            assert household.contact_sealed not in clear and f'"{household.door}"' not in clear
        assert "健身" not in clear and "暖气" not in clear
    finally:
        routing.db.dispose()
        evaluation.db.dispose()
