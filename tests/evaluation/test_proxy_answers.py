"""The resident's proxy (代理) answers the follow-up for them, with the consent shown (issue 17 item 6):
only the case's proxy, until the resident takes the case back; the rating says it came from the proxy."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from minqing_evaluation.pages import staff

from .conftest import T0, event, unit

CONSENT = {"how": "signed_form", "given_at": "2026-11-22T01:00:00Z", "note": "委托书存社区"}
PROXY = {"kind": "person", "id": "tv-m1", "name": "信使", "role": "community_handler", "unit_id": "tv-c1"}
ANSWER = {"solved": True, "satisfaction": "satisfied", "comment": "代居民答复"}


def proxied_case(case_id: str, proxy_consent: dict | None = CONSENT) -> list:
    ticket, at = f"TV-{case_id}", lambda hours: T0 + timedelta(hours=hours)  # noqa: E731
    received = {"channel": "proxy", "filed_for": "刘大爷", "first_contact": PROXY, "proxy_consent": proxy_consent}
    return [
        event("case.received.v1", case_id, at(0), ticket=ticket, **received),
        event("case.dispatched.v1", case_id, at(1), ticket=ticket, **unit("tv-c1")),
        event("case.accepted.v1", case_id, at(2), ticket=ticket, within_response_deadline=True, **unit("tv-c1")),
        event("case.resolved.v1", case_id, at(3), ticket=ticket, on_time=True, **unit("tv-c1")),
    ]


def test_the_proxy_sees_the_follow_up_with_the_consent_and_answers_it(service):
    service.feed(*proxied_case("p1"), *proxied_case("p2", proxy_consent=None))
    proxy = service.bearer("community_handler", unit_id="tv-c1", person="tv-m1")
    listed = service.client.get("/api/v1/proxy/evaluations", headers=proxy).get_json()["items"]
    assert [(i["ticket"], i["consent"]["how"], i["consent"]["note"]) for i in listed] == [
        ("TV-p1", "signed_form", "委托书存社区")
    ]  # not the case the same person filed without a consent
    other = service.bearer("community_handler", unit_id="tv-c1", person="tv-p9")
    assert service.client.get("/api/v1/proxy/evaluations", headers=other).get_json()["items"] == []

    url = f"/api/v1/proxy/evaluations/{listed[0]['evaluation_id']}"
    assert service.client.post(url, json=ANSWER, headers=other).status_code == 404
    assert service.client.post(url, json=ANSWER, headers=proxy).status_code == 201
    [rated] = service.emitted("case.rated.v1")
    assert rated["payload"]["proxy"] == {"proxy_person_id": "tv-m1", "consent": CONSENT}
    assert (rated["payload"]["via"], rated["payload"]["actor"]["id"]) == ("hotline", "tv-m1")
    assert service.client.post(url, json=ANSWER, headers=proxy).status_code == 409  # answered once


def test_once_the_resident_took_the_case_back_the_proxy_may_not_answer(service):
    service.feed(*proxied_case("p3"))
    proxy = service.bearer("community_handler", unit_id="tv-c1", person="tv-m1")
    [item] = service.client.get("/api/v1/proxy/evaluations", headers=proxy).get_json()["items"]
    service.feed(
        event("case.proxy_withdrawn.v1", "p3", T0 + timedelta(hours=4), ticket="TV-p3", proxy_person_id="tv-m1")
    )
    assert service.client.get("/api/v1/proxy/evaluations", headers=proxy).get_json()["items"] == []
    answered = service.client.post(f"/api/v1/proxy/evaluations/{item['evaluation_id']}", json=ANSWER, headers=proxy)
    assert answered.status_code == 404 and service.emitted("case.rated.v1") == []


def staff_pages(service, person: str):
    """A browser signed in to evaluation's staff pages as ``person`` (the cookie routing's sign-in sets)."""
    client = service.client.application.test_client()
    token = service.bearer("community_handler", unit_id="tv-c1", person=person)["Authorization"].split()[1]
    client.set_cookie(staff.COOKIE, token, path=staff.PATH)
    return client


def answer_form(client, **fields) -> dict:
    page = client.get("/staff/proxy").get_data(as_text=True)
    return {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1), **fields}


def test_the_proxy_answers_on_the_staff_page_with_the_consent_shown_and_a_refusal_keeps_the_answer(service):
    service.feed(*proxied_case("p4"), *proxied_case("p5", proxy_consent=None))
    assert service.client.get("/staff/proxy").status_code == 303  # signed out: to the sign-in page
    proxy = staff_pages(service, "tv-m1")
    assert 'href="/staff/proxy"' in proxy.get("/staff").get_data(as_text=True)
    page = proxy.get("/staff/proxy").get_data(as_text=True)
    [evaluation_id] = re.findall(r'<section class="card" id="followup-([^"]+)"', page)
    assert "TV-p4" in page and "TV-p5" not in page  # not the case filed without a consent
    consent = re.search(rf'<dl class="consent" id="consent-{evaluation_id}">(.*?)</dl>', page, re.S).group(1)
    given = datetime.fromisoformat(CONSENT["given_at"]).astimezone(service.runtime.tz("testville"))
    assert re.findall(r"<dd>(.*?)</dd>", consent)[:3] == ["签字委托", given.strftime("%Y-%m-%d %H:%M"), "委托书存社区"]

    path = f"/staff/proxy/{evaluation_id}"
    other = staff_pages(service, "tv-p9")
    assert "没有等待您代为评价的回访" in other.get("/staff/proxy").get_data(as_text=True)
    refused = other.post(path, data=answer_form(other, solved="yes", satisfaction="satisfied"))
    assert refused.status_code == 404 and "未找到您代理的回访" in refused.get_data(as_text=True)
    typed = {"solved": "no", "comment": "居民说路灯修好了又坏"}
    refused = proxy.post(path, data=answer_form(proxy, **typed))  # no satisfaction chosen
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "请选择满意程度" in page and service.emitted("case.rated.v1") == []
    assert 'value="no" checked' in page and f">{typed['comment']}</textarea>" in page  # what was typed stays

    done = proxy.post(path, data=answer_form(proxy, **typed, satisfaction="basically_satisfied"))
    assert done.status_code == 303 and done.headers["Location"].endswith("/staff/proxy?done=TV-p4")
    page = proxy.get(done.headers["Location"]).get_data(as_text=True)
    assert "已代居民提交 TV-p4 的评价" in page and "没有等待您代为评价的回访" in page
    [rated] = service.emitted("case.rated.v1")
    assert rated["payload"]["proxy"] == {"proxy_person_id": "tv-m1", "consent": CONSENT}
    assert (rated["payload"]["solved"], rated["payload"]["comment"]) == (False, typed["comment"])
