"""One flow, one correlation id (issue 19 item 8), without a broker: the rows a request writes to the
outbox take the request's id; a handler's lines name its event, case and flow, and what it emits
continues that flow; a request acting on a case answers with the case's id; the consumer's success line."""

from __future__ import annotations

import io
import json
import logging

import pytest
from flask import Blueprint
from sqlalchemy import MetaData, select

from minqing_contracts import Envelope, new_envelope
from minqing_contracts.events.intake import CaseReceived
from minqing_contracts.events.routing import CaseDispatched
from minqing_kit.bus_tables import BusTables
from minqing_kit.db import Database
from minqing_kit.handling import EventHandling
from minqing_kit.logs import JsonFormatter, continue_flow, log_context
from minqing_kit.outbox import Outbox
from minqing_kit.settings import ServiceSettings
from minqing_kit.web import create_base_app

CASE_FLOW = "case-flow-7"


@pytest.fixture
def lines():
    """The JSON lines logged meanwhile, parsed."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)  # setLevel, not the attribute: it clears the loggers' cached levels
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture
def bus():
    metadata = MetaData()
    tables = BusTables(metadata)
    db = Database("sqlite://")
    metadata.create_all(db.engine)
    return db, tables, Outbox(tables.outbox)


def written(db: Database, tables: BusTables) -> list[Envelope]:
    with db.engine.connect() as connection:
        return [Envelope.from_json(body) for body in connection.execute(select(tables.outbox.c.body)).scalars()]


def received(**envelope) -> Envelope:
    return new_envelope(CaseReceived.model_validate(CaseReceived.EXAMPLE), district="xinlin", producer="t", **envelope)


def dispatched(**envelope) -> Envelope:
    payload = CaseDispatched.model_validate(CaseDispatched.EXAMPLE)
    return new_envelope(payload, district="xinlin", producer="t", **envelope)


def test_a_new_flow_written_in_a_context_joins_it_and_a_named_flow_keeps_its_own(bus):
    db, tables, outbox = bus
    cause = received(case_id="c-1", correlation_id="the-cause")
    with log_context(correlation_id="request-1"), db.transaction() as session:
        outbox.add(session, received(case_id="c-2"), dispatched(causation=cause), received(correlation_id="named"))
    with db.transaction() as session:  # no context: the event's own id, as before
        outbox.add(session, alone := received())
    flows = [e.correlation_id for e in written(db, tables)]
    assert flows == ["request-1", "the-cause", "named", alone.event_id]


def test_a_handlers_lines_name_its_event_case_and_flow_and_its_events_continue_the_flow(bus, lines):
    db, tables, outbox = bus

    def on_received(session, envelope, payload):
        logging.getLogger("test.handler").info("dispatched to xl-xy")
        outbox.add(session, dispatched(case_id=envelope.case_id))  # no causation named: still the event's flow

    handling = EventHandling("routing", db, tables, {CaseReceived: on_received})
    incoming = received(case_id="c-9", correlation_id=CASE_FLOW)
    assert handling.handle_batch([handling.decode(incoming.to_json())])[0].status == "handled"
    [line] = [line for line in lines() if line["msg"] == "dispatched to xl-xy"]
    assert (line["case_id"], line["event_id"], line["correlation_id"]) == ("c-9", incoming.event_id, CASE_FLOW)
    assert line["event_type"] == "case.received.v1"
    [emitted] = written(db, tables)
    assert (emitted.correlation_id, emitted.case_id) == (CASE_FLOW, "c-9")


def test_a_request_acting_on_a_case_answers_and_logs_with_the_cases_flow(bus, lines):
    db, tables, outbox = bus
    app = create_base_app("sample", ServiceSettings(DATABASE_URL="sqlite://"), db=db, tables=tables)
    api = Blueprint("api", __name__, url_prefix="/api")

    def act():
        continue_flow(CASE_FLOW)
        return {}

    def submit():
        with db.transaction() as session:
            outbox.add(session, received(case_id="c-3"))
        return {}

    api.add_url_rule("/act", "act", act, methods=["POST"])
    api.add_url_rule("/submit", "submit", submit, methods=["POST"])
    app.register_blueprint(api)
    client = app.test_client()

    assert client.post("/api/act", headers={"X-Correlation-ID": "client-1"}).headers["X-Correlation-ID"] == CASE_FLOW
    [request_line] = [line for line in lines() if line["logger"] == "minqing.http"]
    assert request_line["correlation_id"] == CASE_FLOW

    answer = client.post("/api/submit", headers={"X-Correlation-ID": "client-2"})
    assert answer.headers["X-Correlation-ID"] == "client-2"
    assert [e.correlation_id for e in written(db, tables)] == ["client-2"]


@pytest.mark.parametrize("sent", ["x" * 37, "has space", "新林", ""])
def test_a_correlation_id_that_could_not_be_stored_beside_a_case_is_replaced(bus, sent):
    db, tables, _ = bus
    app = create_base_app("sample", ServiceSettings(DATABASE_URL="sqlite://"), db=db, tables=tables)
    answered = app.test_client().get("/healthz", headers={"X-Correlation-ID": sent}).headers["X-Correlation-ID"]
    assert answered != sent and len(answered) == 36
