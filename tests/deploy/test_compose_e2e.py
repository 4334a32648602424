"""The compose tier: the project's docker-compose.yml (plus the xinlin consumer group) on a real Docker
engine with locally built images, exercised through the gateway only; then scaled; then a consumer killed.

The engine and images come from scripts/docker_images.sh. When no engine can be had the whole module
is skipped with the reason (printed in the summary and to stderr); under CI (CI set) it fails instead."""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from support.workers import wait_for

from . import flows
from .compose_support import Deployment, NoEngine, build_images

# A cold machine (engine installed, Debian base bootstrapped, images built) takes about 10 minutes in
# the first test's setup; a warm one 3 to 4.
pytestmark = [pytest.mark.compose, pytest.mark.timeout(1800)]
SERVICES = ("intake", "routing", "evaluation", "notify")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    started = time.monotonic()
    try:
        images = build_images()
    except NoEngine as exc:
        print(f"\n*** COMPOSE TIER NOT RUN: {exc}", file=sys.stderr)
        if os.environ.get("CI"):  # CI must run this tier: no engine there is a failure, not a skip
            pytest.fail(f"compose tier could not run in CI: {exc}")
        pytest.skip(f"compose tier not run (no Docker engine): {exc}")
    built = time.monotonic()
    deployment = Deployment(tmp_path_factory.mktemp("compose"), images)
    try:
        deployment.compose("up", "-d", timeout=600)
        for service in SERVICES:
            wait_for(
                lambda service=service: _ready(deployment, service),
                timeout=120,
                interval=1,
                what=f"{service} via the gateway",
            )
        print(
            f"\ncompose tier: images {built - started:.0f} s, up and ready {time.monotonic() - built:.0f} s",
            file=sys.stderr,
        )
        yield deployment
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        logs = deployment.compose("logs", "--no-color", "--timestamps", check=False, timeout=120)
        (ARTIFACTS / f"compose-{deployment.project}.log").write_text(logs.stdout + logs.stderr, encoding="utf-8")
        deployment.compose("down", "--volumes", "--remove-orphans", "--timeout", "10", check=False, timeout=300)
        print(f"\ncompose tier: {time.monotonic() - started:.0f} s in all", file=sys.stderr)


def _ready(deployment: Deployment, service: str) -> bool:
    try:
        return deployment.get(service, "/readyz").status_code == 200
    except OSError:
        return False


def _delivery_log(deployment: Deployment, district: str, ticket: str) -> list[dict]:
    supervisor = next(p["id"] for p in flows.district_config(district)["people"] if "supervisor" in p["roles"])
    token = deployment.login(district, supervisor)
    response = deployment.get("notify", "/api/v1/deliveries", token, params={"ticket": ticket, "limit": 500})
    assert response.status_code == 200, response.text
    return response.json()["deliveries"]


def _settled(deployment: Deployment, district: str, ticket: str, event_types: set[str]) -> list[dict]:
    """The case's delivery log once it has an entry for each event type and none is still waiting."""

    def done():
        log = _delivery_log(deployment, district, ticket)
        types = {d["event_type"] for d in log}
        waiting = [d for d in log if d["status"] in ("pending", "sending")]
        return log if event_types <= types and not waiting else None

    return wait_for(done, timeout=90, interval=1, what=f"{sorted(event_types)} delivered for {ticket}")


@pytest.fixture(scope="module")
def rated_case(deployment):
    """A xinlin case taken all the way: submitted, dispatched, accepted, resolved, rated by the resident."""
    ticket = flows.submit(deployment, "xinlin", "resident.xinlin@example.cn")
    case_id = flows.handle(deployment, "xinlin", ticket)
    link = flows.rating_link(deployment, ticket)
    form = requests.get(link, timeout=10)  # the resident follows it: the gateway's public port, evaluation's form
    assert link.startswith(deployment.environ["PUBLIC_BASE_URL"] + "/rate/"), link
    assert form.status_code == 200 and ticket in form.text and "提交评价" in form.text, form.text[:300]
    token = link.rsplit("/", 1)[1]
    answer = deployment.post(
        "evaluation",
        f"/api/v1/evaluations/{token}",
        json={"solved": True, "satisfaction": "satisfied", "ticket": ticket},
    )
    assert answer.status_code in (200, 201), answer.text
    closed = flows.tracked(deployment, ticket, "closed")
    return {"ticket": ticket, "case_id": case_id, "closed": closed}


def test_every_process_runs_and_every_web_service_is_ready_behind_the_gateway(deployment):
    for service in SERVICES:
        checks = deployment.get(service, "/readyz").json()["checks"]
        assert checks["database"]["ok"] and checks["broker"]["ok"], (service, checks)
        assert "minqing_outbox_backlog" in deployment.get(service, "/metrics").text
        for kind in ("consumer", "relay"):
            (container,) = deployment.containers(f"{service}-{kind}")
            assert f"{service}-{kind}: started" in deployment.logs(container), f"{service}-{kind} did not start"
        (migrate,) = deployment.containers(f"{service}-migrate")
        assert deployment.exec_state(migrate) == ("exited", 0)


def test_a_case_is_dispatched_accepted_resolved_and_rated_through_the_gateway(deployment, rated_case):
    assert rated_case["closed"]["status"] == "closed"
    assert rated_case["closed"]["unit"], "the tracking view lost the unit that handled the case"
    supervisor = deployment.login("xinlin", "xl-sv-1")
    items = deployment.get("evaluation", "/api/v1/districts/xinlin/evaluations", supervisor).json()["items"]
    (evaluation,) = [e for e in items if e["ticket"] == rated_case["ticket"]]
    assert (evaluation["status"], evaluation["solved"], evaluation["satisfaction"], evaluation["via"]) == (
        "answered",
        True,
        "satisfied",
        "link",
    )


def test_every_notification_of_the_case_is_in_the_delivery_log(deployment, rated_case):
    ticket = rated_case["ticket"]
    log = _settled(deployment, "xinlin", ticket, {"case.received.v1", "evaluation.requested.v1"})
    assert all(d["status"] == "sent" for d in log if d["channel"] == "email"), log
    by_id = {d["id"]: d for d in log}
    emails = [m for m in deployment.spool("email") if ticket in m["body"] or ticket in m["title"]]
    assert emails and all(by_id[m["delivery_id"]]["status"] == "sent" for m in emails)
    assert "resident.xinlin@example.cn" not in str(log), "a contact address leaked into the delivery log"
    keys = [(d["source_event_id"], d["recipient"]["key"], d["channel"]) for d in log]
    assert len(keys) == len(set(keys)), "a notification was recorded twice"


def test_a_luwan_handler_cannot_see_a_xinlin_case(deployment, rated_case):
    luwan_dispatcher = deployment.login("luwan", "lw-dp-1")
    luwan_supervisor = deployment.login("luwan", "lw-sv-1")
    detail = deployment.get("routing", f"/api/v1/cases/{rated_case['case_id']}", luwan_dispatcher)
    assert detail.status_code in (403, 404), detail.text
    inbox = deployment.get("routing", "/api/v1/inbox", luwan_supervisor, params={"below": "true"}).json()
    assert rated_case["ticket"] not in {c["ticket"] for c in inbox["cases"]}
    deliveries = deployment.get(
        "notify", "/api/v1/deliveries", luwan_supervisor, params={"ticket": rated_case["ticket"]}
    ).json()
    assert deliveries["count"] == 0
    evaluations = deployment.get("evaluation", "/api/v1/districts/xinlin/evaluations", luwan_supervisor)
    assert evaluations.status_code in (401, 403), evaluations.text


def test_xinlin_events_reach_only_the_xinlin_consumer_group(deployment, rated_case):
    ticket = flows.submit(deployment, "luwan", "resident.luwan@example.cn")
    assert flows.tracked(deployment, ticket, "dispatched")["unit"]
    bindings = {}
    for binding in deployment.management("/bindings"):
        if binding["source"] == "minqing.events" and binding["destination"].startswith("routing."):
            bindings.setdefault(binding["destination"], set()).add(binding["routing_key"])
    assert bindings["routing.xinlin"] and all(k.startswith("xinlin.") for k in bindings["routing.xinlin"])
    assert bindings["routing.events"] and all(k.startswith("luwan.") for k in bindings["routing.events"])
    (dedicated,) = deployment.containers("routing-consumer-xinlin")
    address = deployment.ip_of(dedicated)
    try:
        wait_for(
            lambda: deployment.acks_per_connection("routing.xinlin").get(address, 0) >= 1,
            timeout=45,
            interval=1,
            what="the xinlin group's consumer acking xinlin's events (statistics every 5 s)",
        )
    except AssertionError as exc:
        channels = [(c["name"], c.get("message_stats")) for c in deployment.management("/channels")]
        raise AssertionError(f"{exc}; dedicated consumer at {address}; channels: {channels}") from None


def _submit_many(deployment: Deployment, count: int, label: str) -> list[str]:
    with ThreadPoolExecutor(max_workers=6) as pool:
        return list(
            pool.map(lambda n: flows.submit(deployment, "luwan", f"{label}{n}@example.cn", n), range(1, count + 1))
        )


def _all_dispatched(deployment: Deployment, tickets: list[str]) -> None:
    """Intake's tracking view shows every case dispatched (read in its database: one query, where
    polling each ticket through the gateway would hit intake's per-address rate limit)."""
    quoted = ",".join(f"'{t}'" for t in tickets)

    def waiting():
        rows = deployment.sql("intake", f"SELECT ticket, status FROM cases WHERE ticket IN ({quoted})")
        return [row for row in rows if row[1] != "dispatched"] if len(rows) == len(tickets) else tickets

    left = waiting()
    deadline = time.monotonic() + 120
    while left and time.monotonic() < deadline:
        time.sleep(1)
        left = waiting()
    assert not left, f"not dispatched after 120 s: {left[:5]}"


def _nothing_handled_twice(deployment: Deployment, tickets: list[str]) -> None:
    """Routing dispatched each case once; notify recorded each (event, recipient, channel) once; every
    case's receipt went out to its resident."""
    quoted = ",".join(f"'{t}'" for t in tickets)
    twice = deployment.sql(
        "routing",
        "SELECT body::json->>'case_id', count(*) FROM outbox "
        "WHERE event_type = 'case.dispatched.v1' GROUP BY 1 HAVING count(*) > 1",
    )
    assert twice == [], f"cases dispatched twice: {twice}"
    duplicates = deployment.sql(
        "notify",
        "SELECT source_event_id, recipient_key, channel, count(*) FROM deliveries GROUP BY 1, 2, 3 HAVING count(*) > 1",
    )
    assert duplicates == [], f"notifications recorded twice: {duplicates}"

    def receipts():
        rows = deployment.sql(
            "notify",
            "SELECT count(DISTINCT ticket) FROM deliveries WHERE status = 'sent' "
            f"AND source_event_type = 'case.received.v1' AND ticket IN ({quoted})",
        )
        return int(rows[0][0]) == len(tickets)

    wait_for(receipts, timeout=90, interval=1, what="a sent receipt for every case")


def _scaled(deployment: Deployment) -> None:
    queues = ("routing.events", "notify.events")
    if all(deployment.management(f"/queues/%2F/{q}").get("consumers") == 3 for q in queues):
        return
    deployment.compose("up", "-d", "--no-recreate", "--scale", "routing-consumer=3", "--scale", "notify-consumer=3")
    for queue in ("routing.events", "notify.events"):
        wait_for(
            lambda queue=queue: deployment.management(f"/queues/%2F/{queue}").get("consumers") == 3,
            timeout=90,
            interval=1,
            what=f"3 consumers on {queue}",
        )


def test_scaled_consumers_share_the_work_and_handle_nothing_twice(deployment, rated_case):
    _scaled(deployment)
    before = {q: deployment.acks_per_connection(q) for q in ("routing.events", "notify.events")}
    tickets = _submit_many(deployment, 30, "scaled")
    _all_dispatched(deployment, tickets)
    _nothing_handled_twice(deployment, tickets)
    for queue, service in (("routing.events", "routing-consumer"), ("notify.events", "notify-consumer")):
        replicas = {deployment.ip_of(c) for c in deployment.containers(service)}

        def shared(queue=queue, replicas=replicas):
            now = deployment.acks_per_connection(queue)
            worked = {ip for ip in replicas if now.get(ip, 0) > before[queue].get(ip, 0)}
            return worked if len(worked) == 3 else None

        wait_for(shared, timeout=30, interval=1, what=f"all 3 replicas of {service} acking work from {queue}")


def test_a_consumer_killed_mid_run_loses_nothing(deployment, rated_case):
    """20 cases, SIGKILL one routing and one notify consumer while those are being handled, 20 more:
    all 40 dispatched and receipted once, the later ones by the surviving replicas."""
    _scaled(deployment)
    victims = [deployment.containers("routing-consumer")[0], deployment.containers("notify-consumer")[0]]
    survivors = {deployment.ip_of(c) for c in deployment.containers("routing-consumer")} - {
        deployment.ip_of(victims[0])
    }
    first = _submit_many(deployment, 20, "killed-a")
    for victim in victims:
        deployment.kill(victim)
        assert deployment.exec_state(victim) == ("exited", 137)
    before = deployment.acks_per_connection("routing.events")
    second = _submit_many(deployment, 20, "killed-b")
    _all_dispatched(deployment, first + second)
    _nothing_handled_twice(deployment, first + second)
    wait_for(
        lambda: (
            sum(deployment.acks_per_connection("routing.events").get(ip, 0) - before.get(ip, 0) for ip in survivors)
            >= 20
        ),
        timeout=30,
        interval=1,
        what="the surviving routing consumers acking the cases sent after the kill",
    )
