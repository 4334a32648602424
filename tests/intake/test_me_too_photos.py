"""我也遇到了 with photos (issue 18): the photos posted with a form that is shown similar open cases are held,
and "我也遇到了" (or going on without choosing them again) files the resident's own case with them, so they
are kept with the case that joins the chosen one; a forged or spent hold is refused, and photos no request
took are deleted when their hold ends. On PostgreSQL through the resident form (no JavaScript)."""

from __future__ import annotations

import html
import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from minqing_intake.adapters.tables import cases, held_photos
from minqing_intake.held_photos import EXPIRED, HOLD

from .test_me_too import filed, form, received_events
from .test_public_choice import jpeg


@pytest.fixture
def settings(settings, tmp_path):
    return settings.model_copy(update={"PHOTO_DIR": str(tmp_path / "photos")})


def with_photo(fields: dict) -> dict:
    return {**fields, "photos": [(io.BytesIO(jpeg()), "IMG_0001.JPG")]}


def me_too_fields(page: str, ticket: str) -> dict:
    """The hidden fields of the 我也遇到了 form of ``ticket``'s card, and its button's value."""
    card = re.search(rf'<li class="card" data-ticket="{ticket}">(.*?)</li>', page, re.S).group(1)
    fields = {k: html.unescape(v) for k, v in re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', card)}
    return {**fields, "joins_ticket": ticket}


def held(runtime) -> list[str]:
    with runtime.db.engine.connect() as connection:
        return connection.execute(select(held_photos.c.photo_id)).scalars().all()


def stored(settings, photo_id: str) -> bool:
    return (Path(settings.PHOTO_DIR) / photo_id[:2] / f"{photo_id}.full").is_file()


def test_me_too_files_the_residents_photos_with_their_case_joining_the_chosen_one(client, runtime, token, settings):
    first = filed(client)
    shown = client.post("/", data=with_photo(form(client)), content_type="multipart/form-data")
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200 and 'id="similar-photos"' in page and "都会随您的诉求一并提交" in page
    [photo_id] = held(runtime)
    assert stored(settings, photo_id) and len(received_events(runtime)) == 1  # held, nothing filed yet
    assert 'id="photos-held"' in page  # the main form carries them too ("都不是,继续提交")

    carried = me_too_fields(page, first["ticket"])
    joined = client.post("/", data=carried)
    assert joined.status_code == 303, joined.get_data(as_text=True)
    [_, event] = received_events(runtime)
    assert event["joins_case_id"] == first["case_id"]
    assert [a["ref"] for a in event["attachments"]] == [f"att:{photo_id}"]
    assert event["attachments"][0]["content_type"] == "image/jpeg" and event["attachments"][0]["size"] > 0
    with runtime.db.engine.connect() as connection:
        row = connection.execute(select(cases.c.attachments).where(cases.c.ticket == event["ticket"])).scalar()
    assert f"att:{photo_id}" in row and held(runtime) == []  # the case's now, no longer held
    staff = client.get(f"/api/v1/cases/{event['ticket']}/photos/{photo_id}", headers=token())
    assert staff.status_code == 200 and staff.mimetype == "image/jpeg"

    listed = client.get(f"/api/v1/case-photos?ticket={first['ticket']}&ticket={event['ticket']}", headers=token())
    assert listed.get_json()["cases"] == sorted(
        [{"ticket": first["ticket"], "photo_ids": []}, {"ticket": event["ticket"], "photo_ids": [photo_id]}],
        key=lambda c: c["ticket"],
    )  # what routing's case page asks for the case and the one merged into it
    luwan = token(district="luwan", unit="luwan")
    assert client.get(f"/api/v1/case-photos?ticket={event['ticket']}", headers=luwan).get_json()["cases"] == []
    assert client.get("/api/v1/case-photos", headers=token()).status_code == 422

    again = client.post("/", data=carried)  # the same page's form once more: the photos are already filed
    assert again.status_code == 422 and EXPIRED in again.get_data(as_text=True)
    assert len(received_events(runtime)) == 2


def test_going_on_without_choosing_again_files_the_held_photos_and_a_forged_hold_is_refused(client, runtime):
    filed(client)
    page = client.post("/", data=with_photo(form(client)), content_type="multipart/form-data").get_data(as_text=True)
    [photo_id] = held(runtime)
    value = html.unescape(re.search(r'name="held_photos" value="([^"]+)"', page).group(1))
    forged = client.post("/", data=form(client, similar_seen="yes", held_photos=value.replace(photo_id, "0" * 32)))
    assert forged.status_code == 422 and EXPIRED in forged.get_data(as_text=True)
    assert held(runtime) == [photo_id] and len(received_events(runtime)) == 1
    alone = client.post("/", data=form(client, similar_seen="yes", held_photos=value))
    assert alone.status_code == 303
    [_, event] = received_events(runtime)
    assert event["joins_case_id"] is None and [a["ref"] for a in event["attachments"]] == [f"att:{photo_id}"]


def test_photos_no_request_took_are_deleted_when_their_hold_ends(client, runtime, settings):
    filed(client)
    client.post("/", data=with_photo(form(client)), content_type="multipart/form-data")
    [left] = held(runtime)
    with runtime.db.engine.begin() as connection:
        connection.execute(update(held_photos).values(held_at=datetime.now(UTC) - HOLD - timedelta(minutes=1)))
    client.post("/", data=with_photo(form(client)), content_type="multipart/form-data")  # the next hold sweeps
    [kept] = held(runtime)
    assert kept != left and not stored(settings, left) and stored(settings, kept)


def test_a_held_photo_whose_file_is_gone_is_asked_for_again_and_nothing_is_filed(client, runtime, settings):
    first = filed(client)
    page = client.post("/", data=with_photo(form(client)), content_type="multipart/form-data").get_data(as_text=True)
    [photo_id] = held(runtime)
    (Path(settings.PHOTO_DIR) / photo_id[:2] / f"{photo_id}.full").unlink()
    lost = client.post("/", data=me_too_fields(page, first["ticket"]))
    assert lost.status_code == 422 and EXPIRED in lost.get_data(as_text=True)
    assert 'id="photos-held"' not in lost.get_data(as_text=True)  # the form asks for the photos again
    assert held(runtime) == [photo_id] and len(received_events(runtime)) == 1  # held again, swept later
