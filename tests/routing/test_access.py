"""Sign-in and scoping: a handler of community A can neither read nor act on community B's case, nor a
district X handler on district Y's; supervisors see below but act only where the rules let them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from minqing_kit.tokens import TokenVerifier

from .harness import ENV, PUBLIC_KEY, received

CLI = Path(sys.executable).parent / "minqing-routing"


def test_community_a_cannot_read_or_act_on_community_b_nor_district_y_on_x(routing):
    case = received("HT-SCOPE-1", grid="HT-C1-G01")
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")
    detail = f"/api/v1/cases/{case.case_id}"
    assert routing.api.get("ht-c1-h1", detail).get_json()["unit_id"] == "ht-c1"
    for person, district in (("ht-c2-h1", "hilltown"), ("rs-c1-h1", "riverside"), ("rs-dp", "riverside")):
        assert routing.api.get(person, detail, district).status_code == 404
        returned = {"reason_code": "wrong_place", "reason": "x"}
        for action, body in (("accept", {}), ("resolve", {"reply": "x"}), ("return", returned)):
            answer = routing.api.post(person, f"{detail}/{action}", body, district)
            assert answer.status_code == 404, (person, action)
            assert answer.get_json()["error"]["message_zh"] == "未找到该诉求"
        inbox = routing.api.get(person, "/api/v1/inbox?below=true", district).get_json()
        assert case.case_id not in [c["case_id"] for c in inbox["cases"]]
    # the street's supervisor sees the community's case but cannot sign for it
    assert routing.api.get("ht-s1-sv", detail).status_code == 200
    below = routing.api.get("ht-s1-sv", "/api/v1/inbox?below=true").get_json()
    assert case.case_id in [c["case_id"] for c in below["cases"]]
    assert routing.api.post("ht-s1-sv", f"{detail}/accept").status_code == 403
    assert routing.capture.types(case.case_id) == ["case.dispatched.v1"]  # nothing else happened


def test_requests_without_or_with_a_forged_token_are_refused(routing):
    client = routing.api.client
    assert client.get("/api/v1/inbox").status_code == 401
    bad = client.get("/api/v1/inbox", headers={"Authorization": "Bearer not-a-token"})
    assert bad.status_code == 401 and bad.get_json()["error"]["code"] == "bad_token"
    wrong = client.post(
        "/api/v1/auth/login", json={"district": "hilltown", "person_id": "ht-c1-h1", "password": "nope"}
    )
    assert wrong.status_code == 401 and wrong.get_json()["error"]["code"] == "bad_credentials"
    stranger = client.post(
        "/api/v1/auth/login", json={"district": "riverside", "person_id": "ht-c1-h1", "password": ENV["DEMO_PASSWORD"]}
    )
    assert stranger.status_code == 401


def test_token_is_verifiable_by_any_service_with_the_public_key(routing):
    principal = TokenVerifier.from_spec(f"test-1={PUBLIC_KEY}").verify(routing.api.token("ht-s1-h1"))
    assert (principal.district, principal.unit_id, principal.roles) == ("hilltown", "ht-s1", ("street_handler",))


def test_set_password_command_then_only_that_password_works(routing, routing_settings):
    env = {**os.environ, **ENV, "DEMO_PASSWORD": "", "DATABASE_URL": routing_settings.DATABASE_URL}
    done = subprocess.run(
        [str(CLI), "set-password", "--district", "hilltown", "--person", "ht-c3-h1"],
        input="correct horse battery\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    login = lambda password: routing.api.client.post(
        "/api/v1/auth/login",
        json={  # noqa: E731
            "district": "hilltown",
            "person_id": "ht-c3-h1",
            "password": password,
        },
    )
    assert login("correct horse battery").status_code == 200
    assert login(ENV["DEMO_PASSWORD"]).status_code == 401  # a set password replaces the demo one
    unknown = subprocess.run(
        [str(CLI), "set-password", "--district", "hilltown", "--person", "nobody"],
        input="whatever-long\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert unknown.returncode == 2 and "no person nobody" in unknown.stderr


def test_the_docs_page_lists_the_endpoints(routing):
    """The document itself is checked by tests/kit/test_openapi_conformance.py (every route, every check)."""
    assert "联办" in routing.api.client.get("/docs").get_data(as_text=True)


def test_check_settings_never_prints_the_signing_key_or_demo_password(routing_settings):
    env = {**os.environ, **ENV, "DATABASE_URL": routing_settings.DATABASE_URL}
    done = subprocess.run([str(CLI), "check-settings"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert '"TOKEN_KEY_ID": "test-1"' in done.stdout
    assert ENV["TOKEN_SIGNING_KEY"] not in done.stdout and ENV["DEMO_PASSWORD"] not in done.stdout


def test_the_json_api_takes_a_bearer_token_never_the_workbench_cookie(routing):
    """A cross-site form post carries the browser's cookies: with only the cookie the API refuses."""
    case = received("HT-COOKIE-1", grid="HT-C1-G01")
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")
    browser = routing.api.client.application.test_client()
    form = browser.get("/workbench/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    signed = browser.post(
        "/workbench/login",
        data={"district": "hilltown", "person_id": "ht-c1-h1", "password": ENV["DEMO_PASSWORD"], "csrf_token": csrf},
    )
    assert signed.status_code == 303 and browser.get_cookie("minqing_token") is not None
    accept = f"/api/v1/cases/{case.case_id}/accept"
    refused = browser.post(accept, data={"note": "from another site"})
    assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "unauthenticated"
    assert browser.get(f"/api/v1/cases/{case.case_id}").status_code == 401
    assert browser.get(f"/workbench/cases/{case.case_id}").status_code == 200  # the pages keep the cookie
    bearer = {"Authorization": f"Bearer {browser.get_cookie('minqing_token').value}"}
    assert browser.post(accept, headers=bearer).status_code == 200
    routing.capture.wait(case.case_id, "case.accepted.v1")
    assert routing.capture.types(case.case_id) == ["case.dispatched.v1", "case.accepted.v1"]
