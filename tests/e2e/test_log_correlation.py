"""One case's chain in the logs (issue 19 item 8): submitted at intake with the client's X-Correlation-ID,
dispatched by routing, accepted and resolved by a handler, rated by the hotline at evaluation and closed:
every line any process wrote about the case carries that one correlation id, and every line of every
process is JSON. The stack is the e2e package's (conftest.py); this module runs first (name order)."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict

import pytest

from support.workers import wait_for

from .stack import Stack
from .test_routing_flows import Handlers, opened_follow_up, submit, tracked_status

# Who logs about a case on its way: the request that files it, routing's dispatch, intake's and
# evaluation's read of routing's events, the handler's requests, the hotline's answer, notify's SMS.
TOUCHED = {
    "intake-web",
    "intake-consumer",
    "routing-consumer",
    "routing-web",
    "evaluation-consumer",
    "evaluation-web",
    "notify-consumer",
}


def log_lines(stack: Stack) -> dict[str, list[dict]]:
    """Every process's lines, parsed: a line that is not JSON fails here, naming its process."""
    found = {}
    for path in sorted((stack.run_dir / "logs").glob("*.log")):
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        parsed = []
        for line in lines:
            try:
                parsed.append(json.loads(line))
            except ValueError:
                pytest.fail(f"{path.name} wrote a line that is not JSON: {line[:300]}")
        found[path.stem] = parsed
    return found


@pytest.mark.slow
def test_one_case_has_one_correlation_id_in_every_line_of_every_process_that_touched_it(stack):
    flow = f"e2e-flow-{uuid.uuid4().hex[:12]}"
    handlers = Handlers(stack)
    ticket = submit(
        stack,
        "幸福小区6号楼的路灯坏了一个星期,晚上出门很不方便。",
        "新林镇幸福小区6号楼",
        headers={"X-Correlation-ID": flow},
        contact={"phone": "13912340066"},
    )
    case = handlers.find("xl-xf-h1", ticket)
    handlers.act("xl-xf-h1", case["case_id"], "accept")
    resolved = stack.post(
        "routing",
        f"/api/v1/cases/{case['case_id']}/resolve",
        json={"reply": "路灯已更换。"},
        headers={**handlers.headers("xl-xf-h1"), "X-Correlation-ID": "another-request"},
    )
    assert resolved.status_code == 200, resolved.text
    assert resolved.headers["X-Correlation-ID"] == flow  # the request joined the case's chain
    tracked_status(stack, ticket, "resolved")

    evaluation = opened_follow_up(stack, handlers, ticket)
    answer = stack.post(
        "evaluation",
        f"/api/v1/hotline/evaluations/{evaluation['evaluation_id']}",
        json={"solved": True, "satisfaction": "satisfied"},
        headers=handlers.headers("xl-op-1"),
    )
    assert answer.status_code == 201, answer.text
    tracked_status(stack, ticket, "closed")

    def about_the_case():
        """Per process, its lines naming the case or its flow; once each of TOUCHED has logged and the
        close has been handled by routing and intake."""
        by_process = defaultdict(list)
        for process, lines in log_lines(stack).items():
            for line in lines:
                if line.get("case_id") == case["case_id"] or line.get("correlation_id") == flow:
                    by_process[process].append(line)
        handled = {(p, line["msg"]) for p, lines in by_process.items() for line in lines}
        done = {("routing-consumer", "handled case.closed.v1"), ("intake-consumer", "handled case.closed.v1")}
        return by_process if TOUCHED <= by_process.keys() and done <= handled else None

    by_process = wait_for(about_the_case, timeout=60, interval=0.5, what="every process's lines about the case")
    strays = [(p, line) for p, lines in by_process.items() for line in lines if line.get("correlation_id") != flow]
    assert strays == []
    handled = {line["msg"] for lines in by_process.values() for line in lines if line["msg"].startswith("handled ")}
    for event in ("case.received.v1", "case.dispatched.v1", "case.resolved.v1", "case.rated.v1", "case.closed.v1"):
        assert f"handled {event}" in handled, handled  # each event of the chain carried the id across the bus
    consumer_lines = [line for p, lines in by_process.items() if p.endswith("-consumer") for line in lines]
    assert all(line.get("event_id") and line.get("case_id") == case["case_id"] for line in consumer_lines)
