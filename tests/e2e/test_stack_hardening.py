"""make up's stack as an operator and an attacker try it (issue 12): over-long URLs and headers get
the service's JSON error, the logs keep no client address, secret or contact, a killed process is
restarted and reported while the others stay supervised, and every outbox drains.

These run on the e2e package's stack (conftest.py) after test_local_stack's flows; the last test stops it."""

from __future__ import annotations

import json
import os
import re
import signal
import uuid

import pytest
import requests
from requests.adapters import HTTPAdapter

from support.workers import wait_for

from .stack import SERVICES


def json_error(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.text[:300])
    assert response.headers["Content-Type"].startswith("application/json"), response.headers
    return response.json()["error"]


@pytest.mark.slow
def test_over_long_urls_and_headers_get_the_services_json_error(stack):
    for service in SERVICES:
        assert json_error(stack.get(service, "/api/v1/" + "x" * 5000), 404)  # past gunicorn's 4,094-byte line
        assert json_error(stack.get(service, "/api/v1/" + "x" * 20000), 414)["code"] == "uri_too_long"
        for size in (9000, 30000):  # past the app's 8 KiB, and past gunicorn's own 8,190-byte field
            error = json_error(stack.get(service, "/healthz", headers={"X-Padding": "p" * size}), 431)
            assert error["code"] == "header_too_large" and "X-Padding" in error["message"]
        assert stack.get(service, "/healthz", headers={"X-Padding": "p" * 7000}).status_code == 200


def status(stack) -> dict:
    return json.loads((stack.run_dir / "status.json").read_text(encoding="utf-8"))


def restarted(stack, name: str, old_pid: int):
    entry = status(stack)["processes"][name]
    return entry if entry["state"] == "running" and entry["pid"] not in (None, old_pid) else None


@pytest.mark.slow
def test_a_killed_process_is_restarted_and_reported_while_the_others_stay_supervised(stack):
    for _ in range(3):  # quick crashes: back-off 1, 2, 4 s (more if it crashed before)
        pid = status(stack)["processes"]["routing-consumer"]["pid"]
        os.kill(pid, signal.SIGKILL)
        wait_for(
            lambda pid=pid: restarted(stack, "routing-consumer", pid),
            timeout=60,
            interval=0.2,
            what="routing-consumer restarted",
        )
    consumer = status(stack)["processes"]["routing-consumer"]["pid"]
    os.kill(consumer, signal.SIGKILL)  # its fourth quick crash: 8 s or more before the next start
    wait_for(
        lambda: "routing-consumer" in status(stack)["down"],
        timeout=10,
        interval=0.1,
        what="routing-consumer reported down",
    )
    relay = status(stack)["processes"]["notify-relay"]["pid"]
    os.kill(relay, signal.SIGKILL)  # its first crash: restarted after 1 s, during the consumer's back-off
    wait_for(lambda: restarted(stack, "notify-relay", relay), timeout=30, interval=0.2, what="notify-relay restarted")
    wait_for(
        lambda: restarted(stack, "routing-consumer", consumer),
        timeout=60,
        interval=0.2,
        what="routing-consumer restarted again",
    )
    assert status(stack)["down"] == []

    lines = [json.loads(line)["msg"] for line in stack.log("stack").splitlines()]
    exits = [m for m in lines if m.startswith("routing-consumer exited")]
    delays = [float(m.split("restarting in ")[1].split(" s")[0]) for m in exits[-4:]]
    pairs = zip(delays, delays[1:], strict=False)
    assert all(later == min(30, 2 * earlier) for earlier, later in pairs), exits  # doubling
    order = [
        i
        for i, m in enumerate(lines)
        if m.startswith(("routing-consumer restarted (restart 4", "notify-relay restarted"))
    ]
    assert lines[order[0]].startswith("notify-relay"), "the relay waited for the consumer's back-off"
    assert any(m.startswith("status: ") and "down: routing-consumer" in m for m in lines), lines[-10:]
    assert any(m.startswith("status: ") and "notify-relay" in m and "routing-consumer" in m for m in lines)

    receipt = stack.post(
        "intake",
        "/api/v1/cases",
        json={  # the restarted consumer does its work
            "district": "xinlin",
            "channel": "web",
            "content": "林海小区A座电梯停运两天了,老人上下楼很困难。",
            "location": {"address": "新林镇林海小区A座"},
        },
    )
    assert receipt.status_code == 201, receipt.text
    ticket = receipt.json()["ticket"]
    wait_for(
        lambda: stack.get("intake", f"/api/v1/cases/{ticket}").json().get("status") == "dispatched",
        timeout=60,
        interval=0.3,
        what="a case dispatched by the restarted consumer",
    )


POSTER_AGENT = f"EchoWallPoster/{uuid.uuid4().hex[:10]}"
NAME, PHONE, EMAIL = "欧阳晓岚", "13912345678", "xiaolan.e2e@example.org"
RESIDENT_ADDRESS = "127.0.0.2"  # the residents' client address: a loopback address no server here uses


class FromAddress(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **{**kwargs, "source_address": (RESIDENT_ADDRESS, 0)})


def resident_session() -> requests.Session:
    session = requests.Session()
    session.mount("http://", FromAddress())
    return session


@pytest.mark.slow
def test_logs_keep_no_client_address_secret_token_contact_or_echo_wall_poster(stack):
    correlation = f"e2e-access-{uuid.uuid4().hex[:8]}"
    resident = resident_session()
    resident.headers.update({"User-Agent": POSTER_AGENT, "X-Correlation-ID": correlation})
    echo = resident.post(
        stack.url("intake", "/api/v1/cases"),
        timeout=10,
        json={
            "district": "xinlin",
            "channel": "echo_wall",
            "content": "希望社区多组织一些老年人的文娱活动。",
            "location": {"address": "新林镇幸福小区"},
        },
    )
    assert echo.status_code == 201, echo.text
    web = resident.post(
        stack.url("intake", "/api/v1/cases"),
        timeout=10,
        json={
            "district": "xinlin",
            "channel": "web",
            "content": f"我是{NAME},电话{PHONE},幸福小区5号楼下水道堵了。",
            "location": {"address": "新林镇幸福小区5号楼"},
            "contact": {"name": NAME, "phone": PHONE, "email": EMAIL},
        },
    )
    assert web.status_code == 201, web.text
    ticket, secret = web.json()["ticket"], web.json()["tracking_secret"]
    rating_token = f"rt{uuid.uuid4().hex}{uuid.uuid4().hex}"
    for path in (f"/receipt/{ticket}", f"/track/{ticket}", f"/rate/{rating_token}", f"/track/{ticket}?secret={secret}"):
        assert resident.get(stack.url("intake", path), timeout=10, allow_redirects=False).status_code < 500, path
    assert resident.post(stack.url("intake", f"/track/{ticket}"), data={"secret": secret}, timeout=10).status_code < 500
    assert resident.get(
        stack.url("intake", f"/api/v1/cases/{ticket}"), headers={"X-Tracking-Secret": secret}, timeout=10
    ).ok
    assert resident.get(stack.url("evaluation", f"/api/v1/evaluations/{rating_token}"), timeout=10).status_code < 500

    def access_lines():
        found = [
            json.loads(line)
            for line in stack.log("intake-web").splitlines()
            if correlation in line and '"gunicorn.access"' in line
        ]
        return found if len(found) >= 8 else None

    lines = wait_for(access_lines, timeout=20, interval=0.2, what="intake's access lines")
    assert {line["target"] for line in lines} >= {"/receipt/*", "/track/*", "/rate/*", "/track/*?secret=*"}
    assert all(line["correlation_id"] == correlation and line["service"] == "intake" for line in lines)

    logs = sorted((stack.run_dir / "logs").glob("*.log"))
    assert {f"{service}-web.log" for service in SERVICES} <= {path.name for path in logs}
    for path in logs:
        text = path.read_text(encoding="utf-8", errors="replace")
        for trace in (secret, rating_token, PHONE, EMAIL, NAME, POSTER_AGENT, RESIDENT_ADDRESS):
            assert trace not in text, (path.name, trace)
        assert not re.search(r"127\.0\.0\.1 - ", text), path.name  # gunicorn's default access line
        if path.name.endswith("-web.log"):
            for line in text.splitlines():
                assert json.loads(line)["service"], (path.name, line)  # JSON lines only, gunicorn's too


@pytest.mark.slow
def test_every_outbox_drains(stack):
    def backlogs() -> dict[str, float]:
        found = {}
        for service in SERVICES:
            match = re.search(
                r'^minqing_outbox_backlog\{service="' + service + r'"\} (\S+)$',
                stack.get(service, "/metrics").text,
                re.MULTILINE,
            )
            assert match, f"{service} reports no outbox backlog"
            found[service] = float(match.group(1))
        return found

    assert wait_for(
        lambda: (lambda b: b if not any(b.values()) else None)(backlogs()),
        timeout=60,
        interval=0.5,
        what="every outbox backlog at zero",
    ) == {service: 0.0 for service in SERVICES}


@pytest.mark.slow
def test_sigterm_stops_every_process_cleanly(stack):
    assert stack.stop() == 0, "".join(stack.output)
    assert "stopped." in stack.output[-1]
    for service in SERVICES:
        for kind in ("consumer", "relay"):
            assert f"{service}-{kind}: stopped" in stack.log(f"{service}-{kind}")
