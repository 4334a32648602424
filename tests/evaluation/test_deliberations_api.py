"""The six-step deliberation through the HTTP API on PostgreSQL: the steps in order, each published on
the board and announced, opinions linked to the district's grid visits, the vote with its counts (a
failed vote ends the matter), the community's staff only, and the board's public view."""

from __future__ import annotations

from .conftest import T0, event
from .test_meetings_api import bearer

STEPS = [
    {"step": "opinions", "summary": "入户征求意见86户,赞成更换门禁的71户"},
    {"step": "agenda", "summary": "社区党委审议同意列入议题"},
    {"step": "vote", "summary": "议事会表决", "votes_for": 25, "votes_against": 4, "votes_abstaining": 2},
    {"step": "implementation", "summary": "居委会组织施工,12月15日完工"},
    {"step": "supervision", "summary": "监事会全程监督,账目公开"},
    {"step": "evaluation", "summary": "群众评议满意率92%"},
]


def open_matter(service, title="小区公益金使用:更换单元门禁", unit_id="tv-c1"):
    reply = service.client.post(
        "/api/v1/deliberations", json={"title": title, "unit_id": unit_id}, headers=bearer(service)
    )
    assert reply.status_code == 201, reply.get_json()
    return reply.get_json()["id"]


def step(service, matter_id, record, headers=None):
    return service.client.post(
        f"/api/v1/deliberations/{matter_id}/steps", json=record, headers=headers or bearer(service)
    )


def test_six_steps_in_order_each_published_with_its_record(service):
    service.feed(event("visit.recorded.v1", "visit", T0, visit_id="v-1", grid_code="TV-C1-G01"))
    matter = open_matter(service)
    assert step(service, matter, STEPS[2]).status_code == 409  # the vote before the opinions
    unknown = step(service, matter, {**STEPS[0], "visit_ids": ["v-nope"]})
    assert unknown.status_code == 422 and unknown.get_json()["error"]["fields"][0]["field"] == "visit_ids"
    assert step(service, matter, {**STEPS[0], "visit_ids": ["v-1"]}).status_code == 201
    assert step(service, matter, STEPS[1]).status_code == 201
    no_counts = step(service, matter, {"step": "vote", "summary": "表决"})
    assert no_counts.status_code == 422 and no_counts.get_json()["error"]["code"] == "votes_required"
    for record in STEPS[2:]:
        assert step(service, matter, record).status_code == 201
    board = service.client.get(f"/api/v1/districts/testville/deliberations/{matter}").get_json()
    assert board["state"] == "done"
    assert [s["name"] for s in board["steps"]] == [
        "入户征集意见",
        "党委审议议题",
        "议事会民主票决",
        "居委会具体实施",
        "监事会全程监督",
        "结果群众评议",
    ]
    assert board["steps"][0]["visits_linked"] == 1 and "v-1" not in str(board)
    vote = board["steps"][2]
    assert (vote["for"], vote["against"], vote["abstaining"], vote["adopted"]) == (25, 4, 2, True)
    published = service.emitted("deliberation.step_recorded.v1")
    assert [e["payload"]["step_number"] for e in published] == [1, 2, 3, 4, 5, 6]
    assert published[2]["payload"]["adopted"] is True and published[0]["payload"]["votes_for"] is None
    assert step(service, matter, STEPS[5]).status_code == 409  # done
    listed = service.client.get("/api/v1/districts/testville/deliberations?unit=tv-c1").get_json()["matters"]
    assert [(m["id"], m["steps_done"]) for m in listed] == [(matter, 6)]


def test_a_vote_without_a_majority_of_the_votes_cast_ends_the_matter(service):
    matter = open_matter(service)
    step(service, matter, STEPS[0]), step(service, matter, STEPS[1])
    tied = {"step": "vote", "summary": "表决", "votes_for": 10, "votes_against": 8, "votes_abstaining": 2}
    assert step(service, matter, tied).status_code == 201
    assert service.client.get(f"/api/v1/districts/testville/deliberations/{matter}").get_json()["state"] == "rejected"
    refused = step(service, matter, STEPS[3])
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "deliberation_rejected"


def test_only_the_community_s_staff_record_its_steps(service):
    matter = open_matter(service)
    other = bearer(service, "tv-c2-h1", "tv-c2")
    assert step(service, matter, STEPS[0], other).status_code == 403
    assert step(service, matter, STEPS[0], bearer(service, district="otherville")).status_code == 404
    leader = bearer(service, "tv-l1", "testville", ("leader",))
    assert step(service, matter, STEPS[0], leader).status_code == 201
    assert service.client.get("/api/v1/districts/testville/deliberations/nope").status_code == 404
