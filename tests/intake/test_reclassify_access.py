"""Who may change a case's category at intake, role by role, on PostgreSQL: the district's desk
(dispatcher, hotline operator, supervisor, admin) and the handlers of the unit that holds the case
now, as routing's events told intake; another community's handler is refused, another district's
staff do not find the case."""

from __future__ import annotations

from minqing_intake.adapters.tables import bus
from minqing_intake.subscriptions import subscriptions
from minqing_kit.consumer import EventHandling

from .helpers import request_body
from .test_submit_api import outbox_events
from .test_tracking_bus import routing_event

PEOPLE = {  # person: (unit, roles, district)
    "xl-dp-1": ("xinlin", ("dispatcher", "district_handler"), "xinlin"),
    "xl-op-1": ("xinlin", ("hotline_operator",), "xinlin"),
    "xl-sv-1": ("xinlin", ("supervisor",), "xinlin"),
    "xl-ad-1": ("xinlin", ("admin",), "xinlin"),
    "xl-ld-1": ("xinlin", ("leader",), "xinlin"),
    "xl-dh-1": ("xinlin", ("district_handler",), "xinlin"),
    "xl-lh-h1": ("xl-lh", ("community_handler",), "xinlin"),
    "xl-lh-g1": ("xl-lh", ("grid_worker",), "xinlin"),
    "xl-xf-h1": ("xl-xf", ("community_handler",), "xinlin"),
    "xl-xl-h1": ("xl-xl", ("street_handler",), "xinlin"),
    "xl-xl-s1": ("xl-xl", ("supervisor",), "xinlin"),
    "xl-cgj-h1": ("xl-cgj", ("department_handler",), "xinlin"),
    "lw-dp-1": ("luwan", ("dispatcher", "district_handler"), "luwan"),
}


def statuses(client, token, ticket: str, people) -> dict[str, int]:
    """Each person's answer to a reclassification (the category alternates, so each allowed one changes it)."""
    answers = {}
    for number, person in enumerate(people):
        unit, roles, district = PEOPLE[person]
        category = ("property", "municipal")[number % 2]
        answers[person] = client.put(
            f"/api/v1/cases/{ticket}/category",
            json={"category": category},
            headers=token(person, roles, district=district, unit=unit),
        ).status_code
    return answers


def move(runtime, case_id: str, event_type: str, minutes: int, unit_id: str, unit_name: str) -> None:
    """Routing's event, handled as intake's consumer handles it."""
    handling = EventHandling("intake", runtime.db, bus, subscriptions(runtime))
    envelope = routing_event(event_type, case_id, minutes, unit_id=unit_id, unit_name=unit_name)
    assert handling.handle(envelope, handling.decode(envelope.to_json())[1]) == "handled"


def test_each_role_reclassifies_only_where_it_may(client, runtime, token):
    receipt = client.post("/api/v1/cases", json=request_body()).get_json()  # at 幸福社区's address
    move(runtime, receipt["case_id"], "case.dispatched.v1", 1, "xl-lh", "林海社区")  # routing sent it elsewhere
    assert statuses(client, token, receipt["ticket"], PEOPLE) == {
        "xl-dp-1": 200,
        "xl-op-1": 200,
        "xl-sv-1": 200,
        "xl-ad-1": 200,  # the district's desk
        "xl-ld-1": 403,
        "xl-dh-1": 403,  # district staff without the power
        "xl-lh-h1": 200,
        "xl-lh-g1": 403,  # the holding community: its handler, not its grid worker
        "xl-xf-h1": 403,
        "xl-xl-h1": 403,
        "xl-xl-s1": 403,
        "xl-cgj-h1": 403,  # units not holding it
        "lw-dp-1": 404,  # another district's case is outside their scope
    }
    refused = client.put(
        f"/api/v1/cases/{receipt['ticket']}/category",
        json={"category": "health"},
        headers=token("xl-xf-h1", ("community_handler",), unit="xl-xf"),
    ).get_json()["error"]
    assert refused["code"] == "forbidden" and "承办单位" in refused["message_zh"]
    actors = [
        (e.payload["actor"]["id"], e.payload["actor"]["role"])
        for e in outbox_events(runtime)
        if e.type == "case.reclassified.v1"
    ]
    assert actors == [
        ("xl-dp-1", "dispatcher"),
        ("xl-op-1", "hotline_operator"),
        ("xl-sv-1", "supervisor"),
        ("xl-ad-1", "admin"),
        ("xl-lh-h1", "community_handler"),
    ]


def test_the_holder_follows_the_case_as_routing_moves_it(client, runtime, token):
    receipt = client.post("/api/v1/cases", json=request_body()).get_json()
    assert statuses(client, token, receipt["ticket"], ["xl-xf-h1", "xl-xl-h1"]) == {"xl-xf-h1": 403, "xl-xl-h1": 403}
    move(runtime, receipt["case_id"], "case.dispatched.v1", 1, "xl-xf", "幸福社区")
    assert statuses(client, token, receipt["ticket"], ["xl-xf-h1", "xl-xl-h1"]) == {"xl-xf-h1": 200, "xl-xl-h1": 403}
    move(runtime, receipt["case_id"], "case.escalated.v1", 2, "xl-xl", "新林镇")
    assert statuses(client, token, receipt["ticket"], ["xl-xf-h1", "xl-xl-h1"]) == {"xl-xf-h1": 403, "xl-xl-h1": 200}
