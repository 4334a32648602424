"""A coordination meeting's decision reaches the ticket, through the real broker and PostgreSQL: routing
dispatches a resident's case; evaluation plans a coordination meeting on it, holds it and records the
adopted decision; routing consumes the decision and resolves the case with the meeting and decision as
its reply; evaluation opens the follow-up on that resolution and the resident rates it by the link."""

from __future__ import annotations

from routing.harness import ENV as ROUTING_ENV
from sqlalchemy import select

from minqing_evaluation.adapters.tables import cases
from minqing_evaluation.definition import DEFINITION
from minqing_kit.publisher import ConfirmingPublisher, Outgoing
from minqing_kit.service import build_consumer, build_relay, declare
from minqing_routing.adapters.tables import cases as routing_cases
from minqing_routing.bootstrap import bootstrap as routing_bootstrap
from minqing_routing.definition import DEFINITION as ROUTING
from support.workers import running, wait_for

from .conftest import DISTRICTS, T0
from .test_meetings_api import bearer
from .test_themes import received

DECISION = "物业于一周内更换4号楼顶层防水层,费用由维修基金列支"


def _publish(broker_url: str, *envelopes) -> None:
    publisher = ConfirmingPublisher(broker_url, 10)
    outcome = publisher.publish_batch(
        [Outgoing(n, e.event_id, e.type, e.routing_key, e.to_json()) for n, e in enumerate(envelopes)]
    )
    publisher.close()
    assert not outcome.failed


def _routing_case(runtime, case_id: str):
    with runtime.db.engine.connect() as connection:
        return connection.execute(select(routing_cases).where(routing_cases.c.id == case_id)).first()


def _evaluation_case(service, case_id: str):
    with service.runtime.db.engine.connect() as connection:
        return connection.execute(select(cases).where(cases.c.case_id == case_id)).first()


def test_a_coordination_decision_closes_its_case_as_the_reply_and_the_resident_rates_it(
    service, make_settings, broker_url
):
    routing_settings = make_settings(ROUTING, **{**ROUTING_ENV, "DISTRICTS_DIR": str(DISTRICTS)})
    routing = routing_bootstrap(routing_settings)
    try:
        declare(ROUTING, routing_settings, routing)
        declare(DEFINITION, service.runtime.settings, service.runtime)
        _publish(broker_url, received("c-leak", T0, content="4号楼顶层漏水,物业不管"))
        workers = [
            build_consumer(ROUTING, routing_settings, routing),
            build_relay(ROUTING, routing_settings, routing.db),
            build_consumer(DEFINITION, service.runtime.settings, service.runtime),
            build_relay(DEFINITION, service.runtime.settings, service.runtime.db),
        ]
        with running(*workers):
            wait_for(lambda: (row := _evaluation_case(service, "c-leak")) and row.unit_id, timeout=30, what="dispatch")
            meeting = _coordinate(service, "TV-c-leak")
            resolved = wait_for(
                lambda: (row := _routing_case(routing, "c-leak")) and row.state == "resolved" and row,
                timeout=30,
                what="routing resolves the case with the meeting's decision",
            )
            wait_for(lambda: service.open_evaluations().get("c-leak"), timeout=30, what="the follow-up opened")
        reply = _evaluation_case(service, "c-leak").reply
        assert DECISION in reply and "协调会“4号楼漏水协调会”" in reply
        assert resolved.resolved_by == _evaluation_case(service, "c-leak").unit_id
        rated = service.answer("c-leak", True, "satisfied")
        assert rated.status_code == 201, rated.json
        [rating] = service.emitted("case.rated.v1")
        assert rating["case_id"] == "c-leak" and rating["payload"]["satisfaction"] == "satisfied"
        assert meeting["decisions"][0]["case_ids"] == ["c-leak"]
    finally:
        routing.db.dispose()


def _coordinate(service, ticket: str) -> dict:
    """Plan a coordination meeting on the case, hold it, record the adopted decision."""
    planned = service.client.post(
        "/api/v1/meetings",
        json={
            "kind": "coordination",
            "title": "4号楼漏水协调会",
            "unit_id": "tv-c1",
            "starts_at": T0.isoformat(),
            "place": "一号社区党群服务中心",
            "agenda": ["顶层漏水维修方案与费用"],
            "matters": [{"kind": "case", "ref": ticket}],
            "invitees": [{"group": "resident_rep", "name": "王阿姨"}, {"group": "unit", "name": "物业公司"}],
        },
        headers=bearer(service),
    )
    assert planned.status_code == 201, planned.json
    base = f"/api/v1/meetings/{planned.json['id']}"
    present = [i["invitee_id"] for i in planned.json["invitees"]]
    assert (
        service.client.post(f"{base}/attendance", json={"attended": present}, headers=bearer(service)).status_code
        == 201
    )
    decided = service.client.post(
        f"{base}/decisions",
        json={"text": DECISION, "adopted": True, "case_ids": ["c-leak"]},
        headers=bearer(service),
    )
    assert decided.status_code == 201, decided.json
    return decided.json
