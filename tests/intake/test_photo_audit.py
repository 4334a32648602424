"""The photo audit read back (issue 18): GET /api/v1/districts/<d>/photo-views lists who viewed which
case's photos and when, newest first, a page at a time, for the district's supervisors only; anyone else,
and another district's supervisor, 403; a view is one entry per person, case and photo within ten minutes,
not one per load. On PostgreSQL through the app."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import select, text

from minqing_intake.adapters.tables import cases

from .test_public_choice import jpeg, posted

SUPERVISOR = {"person_id": "xl-sv-1", "roles": ("supervisor",)}


@pytest.fixture
def settings(settings, tmp_path):
    return settings.model_copy(update={"PHOTO_DIR": str(tmp_path / "photos")})


def photo_of(runtime, ticket: str) -> str:
    with runtime.db.engine.connect() as connection:
        attachments = connection.execute(select(cases.c.attachments).where(cases.c.ticket == ticket)).scalar()
    return re.search(r"att:([0-9a-f]{32})", attachments).group(1)


def test_supervisors_read_who_viewed_which_photo_newest_first_a_page_at_a_time(client, runtime, token):
    first, second = posted(client, photo=jpeg())[0], posted(client, photo=jpeg())[0]
    viewers = [("xl-op-1", first), ("xl-op-2", second), ("xl-op-1", second)]
    for person, ticket in viewers:
        url = f"/api/v1/cases/{ticket}/photos/{photo_of(runtime, ticket)}"
        assert client.get(url, headers=token(person_id=person)).status_code == 200
    supervisor = token(**SUPERVISOR)
    page = client.get("/api/v1/districts/xinlin/photo-views?limit=2", headers=supervisor)
    assert page.status_code == 200, page.get_data(as_text=True)
    body = page.get_json()
    seen = [(v["person_id"], v["ticket"]) for v in body["views"]]
    assert body["district"] == "xinlin" and seen == [viewers[2], viewers[1]]  # newest first
    assert body["views"][0]["photo_id"] == photo_of(runtime, second)
    assert datetime.fromisoformat(body["views"][0]["viewed_at"]).tzinfo is not None
    rest = client.get(f"/api/v1/districts/xinlin/photo-views?limit=2&before={body['next_before']}", headers=supervisor)
    assert [(v["person_id"], v["ticket"]) for v in rest.get_json()["views"]] == [viewers[0]]
    assert rest.get_json()["next_before"] is None
    one = client.get(f"/api/v1/districts/xinlin/photo-views?ticket={first}", headers=supervisor).get_json()
    assert [v["ticket"] for v in one["views"]] == [first]


def test_nobody_but_the_districts_supervisors_reads_it(client, runtime, token):
    ticket = posted(client, photo=jpeg())[0]
    assert client.get(f"/api/v1/cases/{ticket}/photos/{photo_of(runtime, ticket)}", headers=token()).status_code == 200
    path = "/api/v1/districts/xinlin/photo-views"
    assert client.get(path).status_code == 401
    operator = client.get(path, headers=token())  # the viewer themselves, a hotline operator
    assert operator.status_code == 403
    assert operator.get_json()["error"]["message_zh"] == "仅本区督办人员可查看照片查看记录"
    luwan = token(**SUPERVISOR, district="luwan", unit="luwan")
    assert client.get(path, headers=luwan).status_code == 403
    assert client.get("/api/v1/districts/luwan/photo-views", headers=luwan).get_json()["views"] == []  # not Xinlin's
    bad = client.get(f"{path}?limit=0", headers=token(**SUPERVISOR))
    assert bad.status_code == 422 and bad.get_json()["error"]["fields"][0]["field"] == "limit"


def test_a_view_is_one_entry_per_person_case_and_photo_within_ten_minutes_not_one_per_load(client, runtime, token):
    ticket = posted(client, photo=jpeg())[0]
    url = f"/api/v1/cases/{ticket}/photos/{photo_of(runtime, ticket)}"
    for path in (f"{url}?size=thumb", f"{url}?size=thumb", url):  # the thumbnail, the page reloaded, the photo
        assert client.get(path, headers=token(person_id="xl-op-1")).status_code == 200
    assert client.get(f"{url}?size=thumb", headers=token(person_id="xl-op-2")).status_code == 200

    def seen() -> list[str]:
        page = client.get(f"/api/v1/districts/xinlin/photo-views?ticket={ticket}", headers=token(**SUPERVISOR))
        return [v["person_id"] for v in page.get_json()["views"]]

    assert seen() == ["xl-op-2", "xl-op-1"]
    with runtime.db.transaction() as session:  # eleven minutes later: the window has passed
        session.execute(text("UPDATE photo_views SET viewed_at = viewed_at - interval '11 minutes'"))
    assert client.get(f"{url}?size=thumb", headers=token(person_id="xl-op-1")).status_code == 200
    assert seen() == ["xl-op-1", "xl-op-2", "xl-op-1"]
