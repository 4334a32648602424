"""The case page's residents' photos (居民照片) without asking intake on every view: intake's list of a case's
photos is kept a minute per district and set of tickets (``photo_lists``), intake not answering is kept ten
seconds and the page says 照片暂时无法加载. Intake is a stand-in HTTP server here that counts its calls."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from minqing_routing.definition import DEFINITION
from minqing_routing.photo_lists import PhotoLists

from .harness import DEMO_PASSWORD, ENV, received


class FakeIntake:
    """Answers ``GET /api/v1/case-photos?ticket=...`` with two photo ids per ticket, or 503 while ``down``."""

    def __init__(self):
        self.asked: list[list[str]] = []
        self.down = False
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                url = urlsplit(self.path)
                tickets = parse_qs(url.query).get("ticket", [])
                fake.asked.append(tickets)
                if fake.down or url.path != "/api/v1/case-photos":
                    self.send_response(503)
                    self.end_headers()
                    return
                body = {"cases": [{"ticket": t, "photo_ids": [f"{t}-p1", f"{t}-p2"]} for t in tickets]}
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def intake():
    fake = FakeIntake()
    yield fake
    fake.close()


@pytest.fixture
def routing_settings(make_settings, intake):  # the package's fixture, with intake at the stand-in
    return make_settings(DEFINITION, **ENV, INTAKE_URL=intake.url)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def signed_in(app, person: str):
    client = app.test_client()
    form = client.get("/workbench/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    data = {"district": "hilltown", "person_id": person, "password": DEMO_PASSWORD, "csrf_token": csrf}
    assert client.post("/workbench/login", data=data).status_code == 303
    return client


def case_page(client, ticket: str) -> str:
    page = client.get(f"/workbench/cases/{ticket}")
    assert page.status_code == 200, page.get_data(as_text=True)
    return page.get_data(as_text=True)


def thumbnails(page: str) -> list[str]:
    return re.findall(r'<img src="([^"]+size=thumb)"', page)


def test_the_list_is_asked_once_a_minute_and_intake_down_says_the_photos_cannot_be_loaded(routing, intake):
    clock = Clock()
    routing.runtime.photo_lists = PhotoLists(clock=clock)
    case = received("HT-PL-1", grid="HT-C1-G01")
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")
    handler, supervisor = (
        signed_in(routing.api.client.application, "ht-c1-h1"),
        signed_in(routing.api.client.application, "ht-s1-sv"),
    )

    first = case_page(handler, "HT-PL-1")
    assert thumbnails(first) == [
        "/workbench/cases/HT-PL-1/photos/HT-PL-1/HT-PL-1-p1?size=thumb",
        "/workbench/cases/HT-PL-1/photos/HT-PL-1/HT-PL-1-p2?size=thumb",
    ]
    clock.now += 59
    assert thumbnails(case_page(handler, "HT-PL-1")) == thumbnails(first)
    assert thumbnails(case_page(supervisor, "HT-PL-1")) == thumbnails(first)  # the same district's list
    assert intake.asked == [["HT-PL-1"]]

    clock.now += 2  # past the minute: asked again, and intake is down
    intake.down = True
    down = case_page(handler, "HT-PL-1")
    assert "照片暂时无法加载" in down and thumbnails(down) == []
    assert "照片暂时无法加载" in case_page(handler, "HT-PL-1")  # remembered: no second wait on a down intake
    assert len(intake.asked) == 2

    clock.now += 11  # intake back: asked again once the failure is forgotten
    intake.down = False
    assert thumbnails(case_page(handler, "HT-PL-1")) == thumbnails(first)
    assert len(intake.asked) == 3
