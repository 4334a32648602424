"""公开 / 不公开 (issue 18 item 3): the resident chooses on the form, 不公开 by default, the echo wall offered
as the anonymous public option. A non-public request is on no public surface (the public track page and
API, 我也遇到了's list, Open311's GET) and stays visible to its holder; a public one shows what it showed.
Staff viewing a case's photos is audited, the resident's own view is not. On PostgreSQL through the app."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from sqlalchemy import select

from minqing_contracts import Envelope
from minqing_intake.adapters.tables import bus, cases, photo_views
from minqing_intake.domain.submission import Submission
from minqing_intake.similar_cases import similar_open_cases

from .helpers import request_body

ADDRESS = "新林镇幸福小区3号楼"
AGAIN = "3号楼门口的垃圾好几天没人清运了,味道很大"


@pytest.fixture
def settings(settings, tmp_path):
    """conftest's settings, the photos in a temporary folder."""
    return settings.model_copy(update={"PHOTO_DIR": str(tmp_path / "photos")})


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def posted(client, photo: bytes | None = None, **fields):
    form = {
        "district": "xinlin",
        "content": "幸福小区3号楼门前垃圾三天没人清运,气味很大。",
        "address": ADDRESS,
        "request_type": "complaint",
        "csrf_token": csrf(client.get("/?district=xinlin").get_data(as_text=True)),
        **fields,
    }
    if photo is not None:
        form["photos"] = [(io.BytesIO(photo), "IMG_0001.JPG")]
    answer = client.post("/", data=form, content_type="multipart/form-data")
    assert answer.status_code == 303, answer.get_data(as_text=True)
    receipt = client.get(answer.headers["Location"]).get_data(as_text=True)
    ticket = re.search(r'id="ticket">([^<]+)<', receipt).group(1)
    return ticket, re.search(r'id="secret">([^<]+)<', receipt).group(1)


def received(runtime) -> dict[str, dict]:
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(select(bus.outbox)).all()
    events = [Envelope.from_json(r.body) for r in rows]
    return {e.payload["ticket"]: e.payload for e in events if e.type == "case.received.v1"}


def listed_by_open311(client) -> list[str]:
    return [r["service_request_id"] for r in client.get("/open311/v2/requests.json?jurisdiction_id=xinlin").get_json()]


def similar_tickets(runtime) -> list[str]:
    s = Submission(district="xinlin", channel="web", content=AGAIN, address=ADDRESS)
    return [c["ticket"] for c in similar_open_cases(runtime, s)]


def test_the_form_offers_the_three_choices_with_non_public_chosen(client):
    page = client.get("/?district=xinlin").get_data(as_text=True)
    choices = re.findall(r'name="public" value="(\w+)"( checked)?', page)
    assert choices == [("no", " checked"), ("yes", ""), ("anonymous", "")]
    assert "匿名回音墙" in page


def test_a_non_public_request_is_on_no_public_surface_and_its_holder_still_sees_it(client, runtime):
    ticket, secret = posted(client)  # the form's default: 不公开
    assert received(runtime)[ticket]["public"] is False
    page = client.get(f"/track/{ticket}")
    assert page.status_code == 404 and "不公开的诉求请输入查询密码查看" in page.get_data(as_text=True)
    assert 'id="track-secret"' in page.get_data(as_text=True)  # the holder can give the secret right there
    assert client.get(f"/api/v1/cases/{ticket}").status_code == 404
    assert ticket not in listed_by_open311(client)
    assert client.get(f"/open311/v2/requests/{ticket}.json?jurisdiction_id=xinlin").status_code == 404
    assert ticket not in similar_tickets(runtime)
    held = client.post(f"/track/{ticket}", data={"secret": secret, "csrf_token": csrf(page.get_data(as_text=True))})
    assert held.status_code == 200 and 'id="content"' in held.get_data(as_text=True)
    view = client.get(f"/api/v1/cases/{ticket}", headers={"X-Tracking-Secret": secret}).get_json()
    assert view["full"] and view["public"] is False


def test_a_public_request_shows_on_every_public_surface_with_public_fields_only(client, runtime):
    ticket, _ = posted(client, public="yes")
    assert received(runtime)[ticket]["public"] is True
    page = client.get(f"/track/{ticket}").get_data(as_text=True)
    assert "门前垃圾" not in page and ADDRESS not in page  # public fields only, as before
    view = client.get(f"/api/v1/cases/{ticket}").get_json()
    assert not view["full"] and "content" not in view
    assert ticket in listed_by_open311(client)
    assert ticket in similar_tickets(runtime)


def test_the_echo_wall_choice_files_an_anonymous_public_post_without_contact(client, runtime):
    ticket, _ = posted(client, public="anonymous")
    event = received(runtime)[ticket]
    assert (event["channel"], event["anonymous"], event["public"]) == ("echo_wall", True, True)
    assert client.get(f"/track/{ticket}").status_code == 200
    form = {
        "district": "xinlin",
        "content": "幸福小区3号楼门前垃圾三天没人清运,气味很大。",
        "address": ADDRESS,
        "request_type": "complaint",
        "public": "anonymous",
        "phone": "13912345678",
        "csrf_token": csrf(client.get("/?district=xinlin").get_data(as_text=True)),
    }
    refused = client.post("/", data=form)
    assert refused.status_code == 422 and "回音墙为匿名渠道,请勿填写联系方式" in refused.get_data(as_text=True)


def test_the_api_takes_the_choice_and_a_producer_that_does_not_ask_is_shown_as_before(client, runtime):
    hidden = client.post("/api/v1/cases", json=request_body(public=False)).get_json()["ticket"]
    unasked = client.post("/api/v1/cases", json=request_body()).get_json()["ticket"]
    events = received(runtime)
    assert (events[hidden]["public"], events[unasked]["public"]) == (False, None)
    assert client.get(f"/api/v1/cases/{hidden}").status_code == 404
    assert client.get(f"/api/v1/cases/{unasked}").status_code == 200
    assert client.post("/api/v1/cases", json=request_body(public="maybe")).status_code == 422


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def test_staff_viewing_a_cases_photo_is_audited_and_the_residents_own_view_is_not(client, runtime, token):
    ticket, _ = posted(client, photo=jpeg())
    with runtime.db.engine.connect() as connection:
        row = connection.execute(select(cases.c.id, cases.c.attachments).where(cases.c.ticket == ticket)).one()
    (ref,) = re.findall(r"att:([0-9a-f]{32})", row.attachments)
    assert client.get(f"/photos/{ref}").status_code == 200  # the resident's link: not audited
    assert (
        client.get(f"/api/v1/cases/{ticket}/photos/{ref}", headers=token(district="luwan", unit="luwan")).status_code
        == 404
    )
    assert client.get(f"/api/v1/cases/{ticket}/photos/{ref}?size=thumb", headers=token()).status_code == 200
    with runtime.db.engine.connect() as connection:
        views = connection.execute(select(photo_views)).all()
    assert [(v.case_id, v.photo_id, v.person_id, v.district) for v in views] == [(row.id, ref, "xl-op-1", "xinlin")]
    assert views[0].viewed_at is not None


def test_a_non_public_receipts_track_button_posts_the_secret_and_opens_the_residents_own_record(client):
    """Right after filing, 查看办理进度 must get a 不公开 request's resident through: by its ticket alone
    it has no page, so the button posts the secret the receipt shows (never in the URL)."""
    answer = client.post(
        "/",
        data={
            "district": "xinlin",
            "content": "幸福小区3号楼门前垃圾三天没人清运,气味很大。",
            "address": ADDRESS,
            "request_type": "complaint",
            "csrf_token": csrf(client.get("/?district=xinlin").get_data(as_text=True)),
        },
        content_type="multipart/form-data",
    )
    receipt = client.get(answer.headers["Location"]).get_data(as_text=True)
    ticket = re.search(r'id="ticket">([^<]+)<', receipt).group(1)
    secret = re.search(r'id="secret">([^<]+)<', receipt).group(1)
    button = re.search(r'<form method="post" action="([^"]+)" id="track-now">(.*?)</form>', receipt, re.S)
    assert button and button.group(1).endswith(f"/track/{ticket}") and f'value="{secret}"' in button.group(2)
    assert client.get(f"/track/{ticket}").status_code == 404  # the ticket alone: no page
    tracked = client.post(button.group(1), data={"secret": secret, "csrf_token": csrf(receipt)})
    assert tracked.status_code == 200 and "气味很大" in tracked.get_data(as_text=True)


def test_a_non_public_receipt_seen_again_leads_to_the_track_page_that_asks_the_secret(client):
    ticket, _ = posted(client)
    again = client.get(f"/receipt/{ticket}")
    assert again.status_code == 303 and again.headers["Location"].endswith(f"/track/{ticket}")


def test_an_idempotency_key_reused_with_the_other_choice_is_refused(client):
    headers = {"Idempotency-Key": "public-choice-key-0001"}
    first = client.post("/api/v1/cases", json=request_body(public=False), headers=headers)
    assert client.post("/api/v1/cases", json=request_body(public=False), headers=headers).get_json() == first.get_json()
    flipped = client.post("/api/v1/cases", json=request_body(public=True), headers=headers)
    assert flipped.status_code == 422 and flipped.get_json()["error"]["code"] == "idempotency_key_reused"


def test_a_staff_filed_non_public_request_is_on_no_public_surface(client, runtime, token):
    """The workbench's filing form (routing's ``submission_from``) with 是否公开 left as it is: 不公开."""
    from minqing_routing.pages.filing import submission_from

    form = {"channel": "hotline", "request_type": "complaint", "content": AGAIN, "address": ADDRESS}
    hotline = client.post("/api/v1/cases", json=submission_from(form, "xinlin"), headers=token())
    assert hotline.status_code == 201, hotline.get_data(as_text=True)
    ticket = hotline.get_json()["ticket"]
    assert received(runtime)[ticket]["public"] is False  # evaluation's public notice leaves it out
    assert client.get(f"/track/{ticket}").status_code == 404
    assert client.get(f"/api/v1/cases/{ticket}").status_code == 404
    assert ticket not in listed_by_open311(client)
    assert client.get(f"/open311/v2/requests/{ticket}.json?jurisdiction_id=xinlin").status_code == 404
    assert ticket not in similar_tickets(runtime)
    shown = client.post("/api/v1/cases", json=submission_from({**form, "public": "yes"}, "xinlin"), headers=token())
    assert shown.get_json()["ticket"] in similar_tickets(runtime)  # the same filing chosen 公开 is shown
