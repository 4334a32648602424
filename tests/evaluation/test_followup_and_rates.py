"""Follow-up, reopen, no-answer and the rates on a hand-checked fixture, through the real handlers,
PostgreSQL and the HTTP API."""

from __future__ import annotations

from datetime import timedelta

from .conftest import T0, event, unit


def case_stream(case_id: str, first: str, accepted_in_time: bool, on_time: bool, returned_to: str | None = None):
    """received → dispatched to ``first`` → (returned and re-dispatched) → accepted → resolved."""
    at = lambda hours: T0 + timedelta(hours=hours)  # noqa: E731
    handler = returned_to or first
    events = [
        event("case.received.v1", case_id, at(0), ticket=f"TV-{case_id}"),
        event("case.dispatched.v1", case_id, at(1), ticket=f"TV-{case_id}", **unit(first)),
    ]
    if returned_to:
        events += [
            event("case.returned.v1", case_id, at(2), ticket=f"TV-{case_id}", **unit(first)),
            event("case.dispatched.v1", case_id, at(3), ticket=f"TV-{case_id}", **unit(returned_to)),
        ]
    events += [
        event(
            "case.accepted.v1",
            case_id,
            at(4),
            ticket=f"TV-{case_id}",
            within_response_deadline=accepted_in_time,
            **unit(handler),
        ),
        event("case.resolved.v1", case_id, at(5), ticket=f"TV-{case_id}", on_time=on_time, **unit(handler)),
    ]
    return events


def rates_of(service, unit_id: str) -> dict:
    body = service.client.get(f"/api/v1/districts/testville/rates?month=2026-11&unit={unit_id}").get_json()
    return body["units"][0]["rates"]


def test_rates_on_a_hand_checked_fixture(service):
    service.feed(
        *case_stream("a", "tv-c1", True, True),
        *case_stream("b", "tv-c1", False, False),
        *case_stream("c", "tv-c1", True, True, returned_to="tv-cgj"),
        *case_stream("d", "tv-c2", True, True),
    )
    assert service.answer("a", True, "satisfied").status_code == 201
    assert service.answer("b", False, "not_satisfied").status_code == 201
    assert service.answer("c", True, "basically_satisfied").status_code == 201
    service.later(minutes=2)
    from minqing_evaluation.followups import expire_due

    assert expire_due(service.runtime) == 1  # case d: nobody answered

    # tv-c1: sent a, b, c (3); accepted in time: a (1); returned: c (1); resolved a, b (2), on time: a (1);
    # rated a, b (2): solved a (1), satisfied or basically: a (1).
    assert rates_of(service, "tv-c1") == {
        "response": 0.3333,
        "resolution": 0.5,
        "satisfaction": 0.5,
        "on_time_closure": 0.5,
        "follow_up_answer": 1.0,
        "return": 0.3333,
        "reopen": 0.0,
        "repeat_request": 0.0,
    }
    # tv-cgj: got c after the return, accepted in time, resolved on time, rated solved + basically satisfied.
    assert rates_of(service, "tv-cgj")["satisfaction"] == 1.0
    assert rates_of(service, "tv-cgj")["response"] == 1.0
    # tv-c2: d was never answered: no satisfaction at all, and the follow-up answer rate is 0.
    c2 = rates_of(service, "tv-c2")
    assert c2["satisfaction"] is None and c2["resolution"] is None and c2["follow_up_answer"] == 0.0
    closed = {e["case_id"]: e["payload"]["satisfaction"] for e in service.emitted("case.closed.v1")}
    assert closed == {"a": "satisfied", "c": "basically_satisfied", "d": "no_answer"}
    assert [e["payload"]["reason"] for e in service.emitted("case.reopen_requested.v1")] == ["not_solved+not_satisfied"]


def test_no_answer_is_never_counted_as_satisfied(service):
    service.feed(*case_stream("x", "tv-c2", True, True))
    service.later(minutes=1, seconds=1)
    from minqing_evaluation.followups import expire_due

    assert expire_due(service.runtime) == 1
    assert service.emitted("evaluation.unanswered.v1")[0]["payload"]["unit_id"] == "tv-c2"
    counts = service.client.get("/api/v1/districts/testville/rates?month=2026-11&unit=tv-c2").get_json()["units"][0]
    assert counts["counts"].get("satisfied_or_basic", 0) == 0 and counts["counts"]["unanswered"] == 1
    assert counts["rates"]["satisfaction"] is None
    late = service.answer("x", True, "satisfied")  # the link no longer works after the period
    assert late.status_code == 409 and late.get_json()["error"]["code"] == "already_unanswered"


def test_a_token_works_once_and_only_for_its_case(service):
    service.feed(*case_stream("a", "tv-c1", True, True), *case_stream("b", "tv-c1", True, True))
    token_a = service.link_token("a")
    wrong = service.client.post(
        f"/api/v1/evaluations/{token_a}", json={"solved": True, "satisfaction": "satisfied", "ticket": "TV-b"}
    )
    assert wrong.status_code == 404
    assert service.emitted("case.rated.v1") == []
    first = service.client.post(
        f"/api/v1/evaluations/{token_a}", json={"solved": True, "satisfaction": "satisfied", "ticket": "TV-a"}
    )
    again = service.client.post(
        f"/api/v1/evaluations/{token_a}", json={"solved": False, "satisfaction": "not_satisfied"}
    )
    assert first.status_code == 201 and again.status_code == 409
    assert [(e["case_id"], e["payload"]["satisfaction"]) for e in service.emitted("case.rated.v1")] == [
        ("a", "satisfied")
    ]
    assert (
        service.client.post(
            "/api/v1/evaluations/not-a-token", json={"solved": True, "satisfaction": "satisfied"}
        ).status_code
        == 404
    )


def test_reopen_requests_stop_at_the_district_limit(service):
    """Limit 2: two unsatisfied answers send the case back; the third closes it as not satisfied."""
    service.feed(*case_stream("r", "tv-c1", True, True))
    for round_ in range(1, 4):
        assert service.answer("r", False, "not_satisfied").status_code == 201
        if round_ < 3:
            at = T0 + timedelta(hours=10 * round_)
            service.feed(
                event("case.reopened.v1", "r", at, ticket="TV-r", reopen_count=round_, **unit("tv-c1")),
                event(
                    "case.resolved.v1",
                    "r",
                    at + timedelta(hours=1),
                    ticket="TV-r",
                    reopen_count=round_,
                    **unit("tv-c1"),
                ),
            )
    assert [e["payload"]["reopen_count"] for e in service.emitted("case.reopen_requested.v1")] == [1, 2]
    assert [e["payload"]["satisfaction"] for e in service.emitted("case.closed.v1")] == ["not_satisfied"]
    assert rates_of(service, "tv-c1")["reopen"] == round(2 / 3, 4)  # 2 reopens over 3 resolutions


def test_hotline_operator_records_an_answer_for_own_district_only(service):
    service.feed(*case_stream("h", "tv-c1", True, True))
    evaluation_id = service.emitted("evaluation.requested.v1")[0]["payload"]["evaluation_id"]
    answer = {"solved": True, "satisfaction": "satisfied", "comment": "电话回访"}
    url = f"/api/v1/hotline/evaluations/{evaluation_id}"
    assert service.client.post(url, json=answer).status_code == 401
    assert service.client.post(url, json=answer, headers=service.bearer("grid_worker")).status_code == 403
    assert (
        service.client.post(url, json=answer, headers=service.bearer("hotline_operator", district="luwan")).status_code
        == 404
    )
    done = service.client.post(url, json=answer, headers=service.bearer("hotline_operator"))
    assert done.status_code == 201
    [rated] = service.emitted("case.rated.v1")
    assert rated["payload"]["via"] == "hotline" and rated["payload"]["actor"]["role"] == "hotline_operator"


def test_bad_answers_get_field_errors(service):
    service.feed(*case_stream("v", "tv-c1", True, True))
    reply = service.client.post(
        f"/api/v1/evaluations/{service.link_token('v')}", json={"solved": "yes", "satisfaction": "great"}
    )
    assert reply.status_code == 422
    assert sorted(f["field"] for f in reply.get_json()["error"]["fields"]) == ["satisfaction", "solved"]


def test_ranking_shows_units_below_the_minimum_sample_as_too_few_cases(service):
    """min_sample is 2 in the test district: tv-c1 has two rated follow-ups, tv-c2 only one."""
    service.feed(
        *case_stream("a", "tv-c1", True, True),
        *case_stream("b", "tv-c1", True, True),
        *case_stream("c", "tv-c2", True, True),
    )
    for case_id in ("a", "b", "c"):
        service.answer(case_id, True, "satisfied")
    body = service.client.get(
        "/api/v1/districts/testville/rankings?from=2026-11-01&to=2026-11-30&level=community&parent=tv-s1"
    ).get_json()
    assert [(r["unit_id"], r["rank"], r["status"], r["sample"]) for r in body["rows"]] == [
        ("tv-c1", 1, "ranked", 2),
        ("tv-c2", None, "too_few_cases", 1),
    ]
    assert body["rows"][0]["score"] == 100.0
    october = service.client.get("/api/v1/districts/testville/rankings?month=2026-10&level=community").get_json()
    assert all(r["status"] == "too_few_cases" for r in october["rows"])


def test_a_rating_link_that_reached_nobody_is_listed_for_a_hotline_call(service):
    """notify's delivery reports: a failed link puts the follow-up on the operators' call list;
    a link delivered on any channel takes it off."""
    service.feed(*case_stream("f", "tv-c1", True, True), *case_stream("s", "tv-c1", True, True))
    report = {
        "notification_id": "n",
        "source_event_type": "evaluation.requested.v1",
        "recipient_kind": "resident",
        "recipient_ref": "reporter",
        "template": "evaluation_requested",
    }
    service.feed(
        event(
            "notification.failed.v1",
            "f",
            T0,
            **report,
            channel="sms",
            source_event_id="x",
            attempts=5,
            reason="gateway 400: invalid number",
        ),
        event(
            "notification.failed.v1",
            "s",
            T0,
            **report,
            channel="sms",
            source_event_id="y",
            attempts=5,
            reason="gateway 503",
        ),
        event("notification.sent.v1", "s", T0, **report, channel="email", source_event_id="y"),
        event(
            "notification.failed.v1",
            "s",
            T0,
            **{**report, "recipient_kind": "handler"},
            channel="sms",
            source_event_id="z",
            attempts=1,
            reason="not about the link",
        ),
    )
    listed = service.client.get(
        "/api/v1/districts/testville/evaluations?delivery=failed", headers=service.bearer("hotline_operator")
    )
    assert listed.status_code == 200
    notes = [(i["case_id"], i["delivery_note"]) for i in listed.json["items"]]
    assert notes == [("f", "sms: gateway 400: invalid number")]
    sent = service.client.get(
        "/api/v1/districts/testville/evaluations?delivery=sent", headers=service.bearer("hotline_operator")
    ).json["items"]
    assert [(i["case_id"], i["delivery"]) for i in sent] == [("s", "sent")]


def test_the_api_takes_unclear_and_the_four_dimensions_as_the_form_does(service):
    service.feed(*case_stream("u", "tv-c1", True, True))
    dims = {"speed": "satisfied", "reply_quality": "unclear"}
    assert service.answer("u", True, "unclear", dimensions={**dims, "effect": None}).status_code == 201
    rated = service.emitted("case.rated.v1")[0]["payload"]
    assert (rated["satisfaction"], rated["unclear"]) == ("not_satisfied", True)
    assert rated["dimensions"] == {**dims, "effect": None, "attitude": None}
    assert rates_of(service, "tv-c1")["satisfaction"] == 0.0  # rated, never satisfied
    service.feed(*case_stream("v", "tv-c1", True, True))
    odd = service.answer("v", True, "satisfied", dimensions={"speed": "fast"})
    assert odd.status_code == 422 and odd.get_json()["error"]["fields"][0]["field"] == "dimensions.speed"
