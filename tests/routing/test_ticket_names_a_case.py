"""A case is named by its ticket number as well as its id, in routing's JSON API and its workbench
pages, within the signed-in person's district; with routing on the real broker and PostgreSQL."""

from __future__ import annotations

from .harness import received
from .test_workbench_pages import Workbench


def test_the_ticket_names_the_case_in_the_api_and_the_pages(routing):
    case, other = received("HT-20261201-000007", grid="HT-C1-G01"), received("HT-20261201-000008", grid="HT-C1-G01")
    routing.publish(case, other)
    for each in (case, other):
        routing.capture.wait(each.case_id, "case.dispatched.v1")

    shown = routing.api.get("ht-c1-h1", "/api/v1/cases/ht-20261201-000007")  # any letter case
    assert shown.status_code == 200 and shown.get_json()["case_id"] == case.case_id
    accepted = routing.api.post("ht-c1-h1", "/api/v1/cases/HT-20261201-000007/accept")
    assert (accepted.status_code, accepted.get_json()["case_id"], accepted.get_json()["state"]) == (
        200,
        case.case_id,
        "accepted",
    )
    merged = routing.api.post(
        "ht-c1-h1", "/api/v1/cases/HT-20261201-000008/merge", {"into_case_id": "HT-20261201-000007"}
    )
    assert (merged.status_code, merged.get_json()["case_id"], merged.get_json()["state"]) == (
        200,
        other.case_id,
        "merged",
    )

    page = Workbench(routing.api.client.application, "ht-c1-h1").case("HT-20261201-000007")
    assert case.case_id in page and "HT-20261201-000007" in page
    assert routing.api.get("rs-dp", "/api/v1/cases/HT-20261201-000007", district="riverside").status_code == 404
    assert routing.api.get("ht-c1-h1", "/api/v1/cases/HT-20261201-999999").status_code == 404
