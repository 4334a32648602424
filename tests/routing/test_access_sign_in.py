"""Sign-in limits on PostgreSQL, shared by every worker through routing's database: a person locked
out after five failures (the right password refused too) until a supervisor lifts it, a limit per
client address, a lockout page in Chinese, counters on /metrics, and no password or client address
in any log line."""

from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import select

from minqing_kit.logs import JsonFormatter
from minqing_routing.adapters.tables import sign_in_attempts, sign_in_audit
from minqing_routing.bootstrap import bootstrap
from minqing_routing.definition import DEFINITION
from minqing_routing.web import create_app

from .harness import DEMO_PASSWORD, ENV

WRONG = "Wr0ng-guess-7731"
HOME, ELSEWHERE = "203.0.113.77", "198.51.100.5"


@pytest.fixture
def app(make_settings):
    runtime = bootstrap(make_settings(DEFINITION, **ENV, SIGN_IN_ADDRESS_FAILURES=8))
    yield create_app(runtime=runtime)
    runtime.db.dispose()


def sign_in(client, person: str, password: str, address: str = HOME, district: str = "hilltown"):
    return client.post(
        "/api/v1/auth/login",
        json={"district": district, "person_id": person, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def bearer(client, person: str, district: str = "hilltown") -> dict:
    answer = sign_in(client, person, DEMO_PASSWORD, ELSEWHERE, district)
    assert answer.status_code == 200, answer.get_json()
    return {"Authorization": f"Bearer {answer.get_json()['token']}"}


def metric(client, name: str, **labels) -> float:
    selector = ",".join(f'{k}="{v}"' for k, v in sorted({"service": "routing", **labels}.items()))
    found = re.search(rf"^{name}{{{selector}}} ([0-9.e+]+)$", client.get("/metrics").get_data(as_text=True), re.M)
    return float(found.group(1)) if found else 0.0


def table(app, which) -> list:
    with app.extensions["runtime"].db.engine.connect() as connection:
        return connection.execute(select(which).order_by(which.c.id)).all()


def test_forty_wrong_then_right_is_refused_until_a_supervisor_lifts_the_lockout(app):
    client = app.test_client()
    before = {
        "wrong": metric(client, "minqing_sign_in_failures_total", reason="wrong_password"),
        "refused": metric(client, "minqing_sign_in_failures_total", reason="locked_out"),
        "lockouts": metric(client, "minqing_sign_in_lockouts_total", scope="person"),
    }
    answers = [sign_in(client, "ht-c1-h1", WRONG) for _ in range(40)]
    assert [a.status_code for a in answers] == [401] * 5 + [429] * 35
    right = sign_in(client, "ht-c1-h1", DEMO_PASSWORD)
    assert right.status_code == 429 and 1 <= int(right.headers["Retry-After"]) <= 15 * 60
    assert right.get_json()["error"]["code"] == "locked_out" and "锁定" in right.get_json()["error"]["message_zh"]
    assert sign_in(client, "ht-c1-h1", DEMO_PASSWORD, ELSEWHERE).status_code == 429  # the person, from anywhere
    assert (
        metric(client, "minqing_sign_in_failures_total", reason="wrong_password") - before["wrong"],
        metric(client, "minqing_sign_in_failures_total", reason="locked_out") - before["refused"],
        metric(client, "minqing_sign_in_lockouts_total", scope="person") - before["lockouts"],
    ) == (5, 37, 1)

    lift = "/api/v1/auth/lockouts/ht-c1-h1/lift"
    assert client.post(lift, headers=bearer(client, "ht-dp")).status_code == 403  # a dispatcher, no supervisor
    assert client.post(lift, headers=bearer(client, "rs-dp", "riverside")).status_code == 404  # another district
    supervisor = bearer(client, "ht-s1-sv")  # the street's supervisor, above 东一社区
    assert [p["person_id"] for p in client.get("/api/v1/auth/lockouts", headers=supervisor).get_json()["lockouts"]] == [
        "ht-c1-h1"
    ]
    assert client.post(lift, headers=supervisor).get_json() == {"person_id": "ht-c1-h1", "lifted": True}
    assert client.post(lift, headers=supervisor).status_code == 409  # nothing left to lift
    assert sign_in(client, "ht-c1-h1", DEMO_PASSWORD).status_code == 200
    audit = [(row.action, row.person_id, row.actor) for row in table(app, sign_in_audit)]
    assert [(action, person) for action, person, _ in audit] == [("person_locked", "ht-c1-h1"), ("lifted", "ht-c1-h1")]
    assert '"kind": "system"' in audit[0][2] and '"id": "ht-s1-sv"' in audit[1][2]


def test_failures_from_one_address_lock_that_address_out_for_every_person(app):
    client = app.test_client()
    people = ["ht-c1-h1", "ht-c2-h1", "ht-c3-h1", "ht-s1-h1"]
    assert [sign_in(client, person, WRONG).status_code for person in people * 2] == [401] * 8  # 2 each, 8 in all
    refused = sign_in(client, "ht-dp", DEMO_PASSWORD)  # a right password, but from that address
    assert refused.status_code == 429 and refused.get_json()["error"]["code"] == "too_many_attempts"
    assert int(refused.headers["Retry-After"]) >= 1
    assert sign_in(client, "ht-dp", DEMO_PASSWORD, ELSEWHERE).status_code == 200
    assert sign_in(client, "ht-c2-h1", DEMO_PASSWORD, ELSEWHERE).status_code == 200  # two failures: no lockout
    assert [row.action for row in table(app, sign_in_audit)] == ["address_locked"]


def test_the_login_page_says_in_chinese_that_the_account_is_locked(app):
    browser = app.test_client()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/workbench/login").get_data(as_text=True))
    form = {"district": "hilltown", "person_id": "ht-c3-h1", "password": WRONG, "csrf_token": csrf.group(1)}
    assert [browser.post("/workbench/login", data=form).status_code for _ in range(5)] == [401] * 5
    page = browser.post("/workbench/login", data={**form, "password": DEMO_PASSWORD})
    assert page.status_code == 429 and int(page.headers["Retry-After"]) >= 1
    assert "该账号登录失败次数过多,已暂时锁定" in page.get_data(as_text=True)
    assert browser.get_cookie("minqing_token") is None


def test_failures_are_logged_without_the_password_or_the_client_address(app, caplog):
    client = app.test_client()
    with caplog.at_level(logging.INFO):
        for _ in range(6):
            sign_in(client, "ht-s1-h1", WRONG)
        sign_in(client, "nobody", WRONG)
    lines = [JsonFormatter().format(record) for record in caplog.records]
    sign_in_lines = [line for line in lines if "sign-in" in line]
    assert len(sign_in_lines) == 8  # 5 failures, the lockout, the refused sixth, the unknown person
    assert all('"person_id": "ht-s1-h1"' in line or '"person_id": "nobody"' in line for line in sign_in_lines)
    assert not [line for line in lines if WRONG in line or HOME in line]
    assert HOME not in {row.address_hash for row in table(app, sign_in_attempts)}


def test_a_supervisor_lifts_a_lockout_from_the_workbench(app):
    client = app.test_client()
    for _ in range(5):
        sign_in(client, "ht-c2-h1", WRONG)
    browser = app.test_client()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/workbench/login").get_data(as_text=True))
    token = csrf.group(1)
    assert (
        browser.post(
            "/workbench/login",
            data={"district": "hilltown", "person_id": "ht-s1-sv", "csrf_token": token, "password": DEMO_PASSWORD},
        ).status_code
        == 303
    )
    assert 'id="lockouts-link"' in browser.get("/workbench/oversight").get_data(as_text=True)
    page = browser.get("/workbench/lockouts").get_data(as_text=True)
    assert "ht-c2-h1" in page and "解除锁定" in page
    assert browser.post("/workbench/lockouts/ht-c2-h1/lift").status_code == 400  # no CSRF token: refused
    done = browser.post("/workbench/lockouts/ht-c2-h1/lift", data={"csrf_token": token})
    assert done.status_code == 303 and "已解除 ht-c2-h1 的登录锁定" in browser.get(done.headers["Location"]).get_data(
        as_text=True
    )
    assert sign_in(client, "ht-c2-h1", DEMO_PASSWORD).status_code == 200
    assert [(row.action, row.person_id) for row in table(app, sign_in_audit)] == [
        ("person_locked", "ht-c2-h1"),
        ("lifted", "ht-c2-h1"),
    ]
