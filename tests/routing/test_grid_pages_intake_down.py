"""The grid pages when intake does not answer (the workbench reads and records visits through it): the
list says so with a 503, and a visit posted from the form without JavaScript comes back with everything
typed, the households chosen and the same visit key, so sending it again later records it once; a courtyard
file edit likewise comes back with every typed value and the version it was made on."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from minqing_routing.definition import DEFINITION
from minqing_routing.pages.grid import DOWN
from minqing_routing.web import create_app

from .harness import DEMO_PASSWORD, ENV

DEMO_DISTRICTS = Path(__file__).resolve().parents[2] / "config" / "districts"


def refused_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there any more: connection refused


@pytest.fixture
def worker(make_settings):
    settings = make_settings(
        DEFINITION,
        **{**ENV, "DISTRICTS_DIR": str(DEMO_DISTRICTS)},
        INTAKE_URL=refused_url(),
        INTAKE_TIMEOUT_SECONDS="1",
    )
    client = create_app(settings).test_client()
    form = client.get("/workbench/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    signed = client.post(
        "/workbench/login",
        data={"district": "xinlin", "person_id": "xl-xf-g1", "password": DEMO_PASSWORD, "csrf_token": csrf},
    )
    assert signed.status_code == 303 and signed.headers["Location"].endswith("/workbench/grid")
    return client, csrf


def test_the_households_list_says_intake_does_not_answer(worker):
    client, _ = worker
    page = client.get("/workbench/grid")
    assert page.status_code == 503 and DOWN in page.get_data(as_text=True)


def test_a_visit_posted_while_intake_is_down_keeps_what_was_typed_and_its_key(worker):
    client, csrf = worker
    form = {
        "csrf_token": csrf,
        "grid_code": "XL-XF-01-G01",
        "visit_key": "visit-key-kept-0001",
        "visited_at": "2026-11-24T10:30",
        "households": ["h-one", "h-two"],
        "matter-0-content": "3号楼楼道的路灯坏了一个月,老人晚上不敢下楼。",
        "matter-0-outcome": "case",
    }
    page = client.post("/workbench/grid/visit", data=form)
    text = page.get_data(as_text=True)
    assert page.status_code == 503 and DOWN in text
    assert "3号楼楼道的路灯坏了一个月" in text and 'value="visit-key-kept-0001"' in text
    assert 'name="households" value="h-one"' in text and 'name="households" value="h-two"' in text
    assert 'value="2026-11-24T10:30"' in text and '<option value="case" selected>' in text


def test_a_courtyard_edit_posted_while_intake_is_down_keeps_what_was_typed_and_its_version(worker):
    client, csrf = worker
    form = {
        "csrf_token": csrf,
        "version": "3",
        "place_rows": "1",
        "building-0-id": "xl-xf-b1",
        "building-0-floors": "7",
        "building-0-note": "加装电梯",
        "place-0-ref": "p-new1",
        "place-0-kind": "facility",
        "place-0-name": "老年活动室",
    }
    page = client.post("/workbench/grid/XL-XF-01-G01/courtyard/edit", data=form)
    text = page.get_data(as_text=True)
    assert page.status_code == 503 and DOWN in text
    assert 'name="version" value="3"' in text and 'value="加装电梯"' in text and 'value="老年活动室"' in text
    assert 'id="building-0-floors" name="building-0-floors" value="7"' in text
    assert '<option value="facility" selected>' in text
    assert client.get("/workbench/grid/XL-XF-01-G01/courtyard").status_code == 503
