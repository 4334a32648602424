"""The simulator's meetings actor against evaluation served on a real socket: one meeting of each kind
planned, the hearing's notices given, each meeting held, minuted, published and decided in turn (the
coordination meeting on the case routing's inbox shows accepted), and a matter through the six steps.
Routing's inbox is a stub here: the actor only reads it."""

from __future__ import annotations

import random
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask

from minqing_kit.tokens import Principal
from support.wsgi_server import serving

from .conftest import T0, event

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from simulator_actors import Api  # noqa: E402
from simulator_meetings import Meetings  # noqa: E402

CASE = {"case_id": "case-s1", "ticket": "TV-20261102-000009", "unit_id": "tv-c1", "state": "accepted"}


class SignedIn:
    """The handlers' port the actor uses: a token per person, and the cases handlers leave alone."""

    def __init__(self, signer):
        self.signer, self.ignored = signer, set()

    def token(self, district: str, person) -> str:
        principal = Principal(person.id, person.name, district, person.unit, tuple(person.roles))
        return self.signer.issue(principal, now=datetime.now(UTC))


def routing_inbox() -> Flask:
    stub = Flask("routing-inbox")
    stub.get("/api/v1/inbox")(lambda: {"cases": [CASE]})
    return stub


def test_each_kind_of_meeting_is_held_and_decided_and_a_matter_walks_six_steps(service):
    service.feed(event("case.received.v1", CASE["case_id"], T0, ticket=CASE["ticket"]))
    handlers = SignedIn(service.signer)
    with serving(service.client.application) as evaluation, serving(routing_inbox()) as routing:
        api = Api({"evaluation": evaluation, "routing": routing}, Counter())
        actor = Meetings(api, handlers, service.runtime.districts, random.Random(1)).start()
        for _ in range(20):
            actor.work()
        month = datetime.now(UTC).strftime("%Y-%m")
        listed = api.call("GET", "evaluation", f"/api/v1/districts/testville/meetings?month={month}").json()
    assert api.counts["errors"] == 0, api.counts
    assert {m["kind"] for m in listed["meetings"]} == {"coordination", "evaluation", "three_party", "analysis"}
    assert {m["kind"]: m["state"] for m in listed["meetings"]}["coordination"] == "held"
    for kind in ("coordination", "evaluation", "three_party", "analysis"):
        assert api.counts[f"meetings decided ({kind})"] == 1
    assert api.counts["meetings planned (hearing)"] == 1 and api.counts["six-step steps published"] == 6
    assert len(service.emitted("meeting.notice_issued.v1")) == 3
    [decided] = [e for e in service.emitted("meeting.decision_recorded.v1") if e["payload"]["case_ids"]]
    assert decided["payload"]["case_ids"] == [CASE["case_id"]] and CASE["case_id"] in handlers.ignored
