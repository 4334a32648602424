"""The local stack's default database is SQLite (``make up`` without a PostgreSQL DATABASE_URL):
submitting, idempotent retries, tracking and Open311 work there too."""

from __future__ import annotations

from minqing_intake.definition import DEFINITION
from minqing_intake.open311.clients import add_client
from minqing_intake.web import create_app
from minqing_kit.migrations import upgrade
from minqing_kit.sealing import generate_contact_keypair

from .helpers import DEMO_DISTRICTS, request_body


def test_submit_retry_track_and_open311_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'intake.sqlite'}"
    upgrade(DEFINITION.migrations, url)
    settings = DEFINITION.settings(
        {
            "MINQING_ENV": "development",
            "DATABASE_URL": url,
            "DISTRICTS_DIR": str(DEMO_DISTRICTS),
            "RATE_LIMIT_EXEMPT": "",
            "NOTIFY_PUBLIC_KEY": generate_contact_keypair()[1],
        }
    )
    app = create_app(settings)
    client = app.test_client()
    headers = {"Idempotency-Key": "sqlite-retry-key-0001"}
    first = client.post("/api/v1/cases", json=request_body(), headers=headers)
    again = client.post("/api/v1/cases", json=request_body(), headers=headers)
    assert first.status_code == 201 and again.get_json() == first.get_json()
    assert first.get_json()["received_at"].endswith("+00:00")
    assert client.get(first.get_json()["track_url"]).get_json()["status"] == "received"
    _, api_key = add_client(app.extensions["runtime"].db, "sqlite client")
    posted = client.post(
        "/open311/v2/requests.json",
        data={
            "api_key": api_key,
            "jurisdiction_id": "xinlin",
            "service_code": "municipal",
            "address_string": "新林镇林海小区A座",
            "description": "林海小区A座门前路灯坏了很久",
        },
    )
    [receipt] = posted.get_json()
    listed = client.get("/open311/v2/requests.json", query_string={"jurisdiction_id": "xinlin"}).get_json()
    assert {r["service_request_id"] for r in listed} == {first.get_json()["ticket"], receipt["service_request_id"]}
    app.extensions["runtime"].db.dispose()
