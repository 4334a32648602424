"""Joint handling across districts (跨区联办) through the real broker and PostgreSQL: hilltown's west grid
(HT-C3-G01) and riverside agree, so hilltown's lead asks riverside's 河一社区 for a part beside its own
department's. Two consumer groups of one consuming service, one per district (the topology's
``events-<district>`` work queues bound to that district's routing keys alone), receive what concerns
their district; riverside's handler reads the case as partners see it and answers its part; the case
resolves when the parts in both districts are done. Neither district's handlers read the other's
unrelated cases."""

from __future__ import annotations

import json
import re

import kombu
import pytest

from minqing_contracts.events import routing as ev
from minqing_kit.queues import declare_topology

from .harness import DEMO_PASSWORD, received

SERVICE = "partnerwatch"
WATCHED = [ev.CaseJointOpened, ev.CasePartCompleted, ev.CaseSupervised, ev.CaseResolved]
GROUPS = {district: f"events-{district}" for district in ("hilltown", "riverside")}


@pytest.fixture
def groups(broker_url):
    """One work queue per district's consumer group, declared the way ``minqing-<svc> declare`` does."""
    types = [p.EVENT_TYPE for p in WATCHED]
    with kombu.Connection(broker_url) as connection:
        channel = connection.channel()
        for district, group in GROUPS.items():
            declare_topology(channel, SERVICE, types, districts=(district,), group=group, known_districts=GROUPS)
    yield
    with kombu.Connection(broker_url) as connection:
        channel = connection.channel()
        for group in GROUPS.values():
            channel.queue_delete(f"{SERVICE}.{group}")


def drain(broker_url, district: str, case_id: str) -> list[dict]:
    found = []
    with kombu.Connection(broker_url) as connection:
        channel = connection.channel()
        while (message := channel.basic_get(f"{SERVICE}.{GROUPS[district]}", no_ack=True)) is not None:
            event = json.loads(message.body)
            if event["case_id"] == case_id:
                found.append(event)
    return found


def test_a_joint_case_across_districts_is_resolved_with_parts_in_both(routing, groups, broker_url):
    original = received("HT-X-0", category="property", grid="HT-C3-G01")  # hilltown's own case, flagged as the original
    api, case = routing.api, received("HT-X-1", category="property", grid="HT-C3-G01", duplicate_of=original.case_id)
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")
    path = f"/api/v1/cases/{case.case_id}"
    assert api.post("ht-c3-h1", f"{path}/accept").status_code == 200
    asked = {"co_handlers": [{"unit_id": "rs-c1", "task": "河畔一侧清理"}, {"unit_id": "ht-cgj", "task": "执法"}]}
    opened = api.post("ht-c3-h1", f"{path}/joint", {**asked, "lead_task": "主办"})
    assert opened.status_code == 200, opened.get_json()

    seen = api.get("rs-c1-h1", path, "riverside").get_json()  # the partner's co-handler: the case as partners see it
    assert seen["partner_view"] is True and (seen["district"], seen["lead_unit_name"]) == ("hilltown", "西一社区")
    assert (seen["history"], seen["cluster"], seen["owner_id"], seen["first_contact_id"]) == ([], [], None, None)
    assert seen["duplicate_of"] is None and api.get("ht-c3-h1", path).get_json()["duplicate_of"] == original.case_id
    assert [(p["unit_id"], p["lead"], p["district"]) for p in seen["parts"]] == [
        ("ht-c3", True, "hilltown"),
        ("rs-c1", False, "riverside"),
    ]
    assert seen["resolution_deadline"] == api.get("ht-c3-h1", path).get_json()["resolution_deadline"]
    inbox = api.get("rs-c1-h1", "/api/v1/inbox", "riverside").get_json()["cases"]
    assert [(c["case_id"], c["partner_view"]) for c in inbox if c["case_id"] == case.case_id] == [(case.case_id, True)]
    for action, body in (("resolve", {"reply": "已清理"}), ("escalate", {"reason": "x"})):
        assert api.post("rs-c1-h1", f"{path}/{action}", body, "riverside").status_code == 403

    riverside_part, own_part = _part(api, path, "rs-c1"), _part(api, path, "ht-cgj")
    for person, district, part in (("rs-c1-h1", "riverside", riverside_part), ("ht-cgj-h1", "hilltown", own_part)):
        assert api.post(person, f"{path}/parts/{part}/accept", {}, district).status_code == 200
        done = api.post(person, f"{path}/parts/{part}/complete", {"summary": f"{district}一侧已处理"}, district)
        assert done.status_code == 200, done.get_json()
        answer = api.post("ht-c3-h1", f"{path}/resolve", {"outcome": "reply", "reply": "两区已共同处理完毕"})
        if part == riverside_part:  # hilltown's own co-handler is not done yet
            assert (answer.status_code, answer.get_json()["error"]["code"]) == (409, "parts_open")
    assert answer.status_code == 200 and answer.get_json()["state"] == "resolved"

    routing.capture.wait(case.case_id, "case.resolved.v1")
    hilltown, riverside = drain(broker_url, "hilltown", case.case_id), drain(broker_url, "riverside", case.case_id)
    assert [e["type"] for e in hilltown] == [
        "case.joint_opened.v1",
        "case.part_completed.v1",
        "case.part_completed.v1",
        "case.resolved.v1",
    ]
    assert {e["district"] for e in hilltown} == {"hilltown"}
    assert [p["unit_id"] for p in hilltown[0]["payload"]["parts"]] == ["ht-c3", "rs-c1", "ht-cgj"]
    assert hilltown[0]["payload"]["districts"] == ["hilltown", "riverside"]
    assert [e["type"] for e in riverside] == ["case.joint_opened.v1", "case.part_completed.v1"]
    assert {e["district"] for e in riverside} == {"riverside"}
    joint_copy, completed = riverside[0]["payload"], riverside[1]["payload"]
    assert [p["unit_id"] for p in joint_copy["parts"]] == ["ht-c3", "rs-c1"]  # nothing of hilltown's other parts
    assert (completed["unit_id"], completed["districts"]) == ("rs-c1", ["hilltown", "riverside"])
    assert {e["correlation_id"] for e in hilltown + riverside} == {case.correlation_id}


def _part(api, path: str, unit_id: str) -> str:
    parts = api.get("ht-c3-h1", path).get_json()["parts"]
    return next(p["part_id"] for p in parts if p["unit_id"] == unit_id)


def test_neither_district_reads_the_other_s_unrelated_cases(routing):
    api = routing.api
    hilltown_case = received("HT-X-2", grid="HT-C3-G01")  # at the shared grid, but with no part in riverside
    riverside_case = received("RS-X-1", grid="RS-C1-G01", district="riverside")
    routing.publish(hilltown_case, riverside_case)
    for case in (hilltown_case, riverside_case):
        routing.capture.wait(case.case_id, "case.dispatched.v1")
    for person, district, case in (
        ("rs-c1-h1", "riverside", hilltown_case),
        ("rs-dp", "riverside", hilltown_case),
        ("ht-c3-h1", "hilltown", riverside_case),
        ("ht-dp", "hilltown", riverside_case),
    ):
        path = f"/api/v1/cases/{case.case_id}"
        assert api.get(person, path, district).status_code == 404, (person, case.district)
        assert api.post(person, f"{path}/accept", {}, district).status_code == 404
        inbox = api.get(person, "/api/v1/inbox?below=true", district).get_json()["cases"]
        assert case.case_id not in [c["case_id"] for c in inbox]
    assert api.get("rs-c1-h1", f"/api/v1/cases/{riverside_case.case_id}", "riverside").status_code == 200


def test_the_partner_s_workbench_lists_the_case_and_shows_only_its_share(routing):
    api, case = routing.api, received("HT-X-3", category="property", grid="HT-C3-G01")
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")
    path = f"/api/v1/cases/{case.case_id}"
    api.post("ht-c3-h1", f"{path}/accept")
    asked = {"co_handlers": [{"unit_id": "rs-c1", "task": "河畔一侧清理"}, {"unit_id": "ht-cgj", "task": "城管执法"}]}
    assert api.post("ht-c3-h1", f"{path}/joint", {**asked, "lead_task": "主办"}).status_code == 200

    browser, _ = _signed_in(routing, "riverside", "rs-c1-h1")
    queue = browser.get("/workbench").get_data(as_text=True)
    assert case.payload["ticket"] in queue and "西一社区" in queue  # the lead unit's name in the partner's list
    page = browser.get(f"/workbench/cases/{case.case_id}")
    assert page.status_code == 200
    shown = page.get_data(as_text=True)
    assert "河畔一侧清理" in shown, shown
    assert f'name="part_id" value="{_part(api, path, "rs-c1")}"' in shown and "签收协办" in shown  # its part's form
    assert "城管执法" not in shown and "/do/resolve" not in shown  # not hilltown's other part, nor the lead's forms
    assert browser.get(f"/workbench/cases/{case.case_id}/contact").status_code == 404


def _signed_in(routing, district: str, person_id: str):
    browser = routing.api.client.application.test_client()
    form = browser.get("/workbench/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    signed = {"district": district, "person_id": person_id, "password": DEMO_PASSWORD, "csrf_token": csrf}
    assert browser.post("/workbench/login", data=signed).status_code == 303
    return browser, csrf


def test_the_coordinator_s_page_offers_the_agreement_s_partner_units_for_a_declined_part(routing):
    api, case = routing.api, received("HT-X-4", category="property", grid="HT-C3-G01")
    elsewhere = received("HT-X-5", category="property", grid="HT-C1-G01")  # no agreement covers 东一's grid
    routing.publish(case, elsewhere)
    for each in (case, elsewhere):
        routing.capture.wait(each.case_id, "case.dispatched.v1")
    path = f"/api/v1/cases/{case.case_id}"
    api.post("ht-c3-h1", f"{path}/accept")
    asked = {"co_handlers": [{"unit_id": "ht-cgj", "task": "城管执法"}], "lead_task": "主办"}
    assert api.post("ht-c3-h1", f"{path}/joint", asked).status_code == 200
    part = _part(api, path, "ht-cgj")
    assert api.post("ht-cgj-h1", f"{path}/parts/{part}/decline", {"reason": "河岸归河畔区管"}).status_code == 200

    browser, csrf = _signed_in(routing, "hilltown", "ht-dp")
    shown = browser.get(f"/workbench/cases/{case.case_id}").get_data(as_text=True)
    reassign = re.search(rf'<select id="reassign-{part}" name="new_unit_id"[^>]*>(.*?)</select>', shown, re.S).group(1)
    offered = re.search(r'<optgroup label="河畔区\(跨区联办\)">(.*?)</optgroup>', reassign, re.S).group(1)
    assert re.findall(r'<option value="([^"]+)">', offered) == ["rs-c1", "rs-s1"]  # the agreement's, in its order
    assert '<option value="ht-zjj">' in reassign  # beside hilltown's own units
    moved = browser.post(
        f"/workbench/cases/{case.case_id}/do/part_reassign",
        data={"csrf_token": csrf, "part_id": part, "new_unit_id": "rs-s1", "confirm": "yes"},
    )
    assert moved.status_code == 303, moved.get_data(as_text=True)
    [now] = [p for p in api.get("ht-c3-h1", path).get_json()["parts"] if p["part_id"] == part]
    assert (now["unit_id"], now["district"], now["status"]) == ("rs-s1", "riverside", "open")

    api.post("ht-c1-h1", f"/api/v1/cases/{elsewhere.case_id}/accept")
    lead = {"co_handlers": [{"unit_id": "ht-cgj", "task": "执法"}], "lead_task": "主办"}
    assert api.post("ht-c1-h1", f"/api/v1/cases/{elsewhere.case_id}/joint", lead).status_code == 200
    other = next(
        p["part_id"]
        for p in api.get("ht-c1-h1", f"/api/v1/cases/{elsewhere.case_id}").get_json()["parts"]
        if not p["lead"]
    )
    api.post("ht-cgj-h1", f"/api/v1/cases/{elsewhere.case_id}/parts/{other}/decline", {"reason": "不归我局"})
    page = browser.get(f"/workbench/cases/{elsewhere.case_id}").get_data(as_text=True)
    assert f'id="reassign-{other}"' in page and "跨区联办" not in page  # outside the agreement: its own units only


def test_the_lead_s_joint_form_offers_the_agreement_s_partner_units_and_keeps_them_when_refused(routing):
    case = received("HT-X-6", category="property", grid="HT-C3-G01")
    elsewhere = received("HT-X-7", category="property", grid="HT-C1-G01")  # no agreement covers 东一's grid
    routing.publish(case, elsewhere)
    for each, handler in ((case, "ht-c3-h1"), (elsewhere, "ht-c1-h1")):
        routing.capture.wait(each.case_id, "case.dispatched.v1")
        assert routing.api.post(handler, f"/api/v1/cases/{each.case_id}/accept").status_code == 200
    browser, csrf = _signed_in(routing, "hilltown", "ht-c3-h1")
    shown = browser.get(f"/workbench/cases/{case.case_id}").get_data(as_text=True)
    form = re.search(r'<details id="form-joint".*?</details>', shown, re.S).group(0)
    group = re.search(r"<legend>河畔区\(跨区联办\)</legend>(.*?)</fieldset>", form, re.S).group(1)
    assert re.findall(r'name="unit_id" value="([^"]+)"', group) == ["rs-c1", "rs-s1"]  # the agreement's units
    assert 'value="ht-cgj"' in form.split("河畔区(跨区联办)")[0]  # beside hilltown's own departments

    path, asked = f"/workbench/cases/{case.case_id}/do/joint", {"unit_id": ["rs-c1", "ht-cgj"], "lead_task": "主办"}
    refused = browser.post(path, data={"csrf_token": csrf, **asked, "confirm": "yes"})  # no task for the parts
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and '<details id="form-joint" open>' in page
    assert re.findall(r'name="unit_id" value="([^"]+)" checked', page) == ["ht-cgj", "rs-c1"]  # both kept
    asked["task"] = "河岸两侧清理"
    confirm = browser.post(path, data={"csrf_token": csrf, **asked}).get_data(as_text=True)
    assert '<dt>协办单位</dt><dd class="case-text">河一社区</dd>' in confirm  # the partner's unit by its name
    assert browser.post(path, data={"csrf_token": csrf, **asked, "confirm": "yes"}).status_code == 303
    parts = routing.api.get("ht-c3-h1", f"/api/v1/cases/{case.case_id}").get_json()["parts"]
    assert sorted((p["unit_id"], p["district"]) for p in parts if not p["lead"]) == [
        ("ht-cgj", "hilltown"),
        ("rs-c1", "riverside"),
    ]

    other, _ = _signed_in(routing, "hilltown", "ht-c1-h1")
    page = other.get(f"/workbench/cases/{elsewhere.case_id}").get_data(as_text=True)
    assert 'id="form-joint"' in page and "跨区联办" not in page  # outside the agreement: its own units only


def test_the_reassign_list_leaves_out_the_units_that_hold_a_part_and_the_server_refuses_them(routing):
    api, case = routing.api, received("HT-X-8", category="property", grid="HT-C3-G01")
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")
    path = f"/api/v1/cases/{case.case_id}"
    api.post("ht-c3-h1", f"{path}/accept")
    asked = {"co_handlers": [{"unit_id": "ht-cgj", "task": "城管执法"}, {"unit_id": "rs-c1", "task": "河畔一侧清理"}]}
    assert api.post("ht-c3-h1", f"{path}/joint", {**asked, "lead_task": "主办"}).status_code == 200
    part = _part(api, path, "ht-cgj")
    assert api.post("ht-cgj-h1", f"{path}/parts/{part}/decline", {"reason": "不归我局"}).status_code == 200

    browser, csrf = _signed_in(routing, "hilltown", "ht-dp")
    shown = browser.get(f"/workbench/cases/{case.case_id}").get_data(as_text=True)
    reassign = re.search(rf'<select id="reassign-{part}"[^>]*>(.*?)</select>', shown, re.S).group(1)
    offered = re.findall(r'<option value="([^"]+)">', reassign)
    assert "ht-c3" not in offered and "rs-c1" not in offered  # the lead's unit, the partner's part
    assert {"ht-zjj", "ht-cgj", "rs-s1"} <= set(offered)  # the others, and the unit that declined
    assert "已承担本诉求一项办理事项的单位不在此列" in shown

    refused = browser.post(  # a form sent anyway (an old page): the server's check, in Chinese on the page
        f"/workbench/cases/{case.case_id}/do/part_reassign",
        data={"csrf_token": csrf, "part_id": part, "new_unit_id": "rs-c1", "confirm": "yes"},
    )
    assert refused.status_code == 409 and "已承担该诉求的一项办理事项" in refused.get_data(as_text=True)
    answer = api.post("ht-dp", f"{path}/parts/{part}/reassign", {"unit_id": "ht-c3"})
    assert answer.status_code == 409 and answer.get_json()["error"]["code"] == "unit_holds_part"
