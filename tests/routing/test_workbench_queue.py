"""The workbench's queues and landing through Flask's test client, on routing's real PostgreSQL: open work
paged without a cap, finished cases in their own view, a street's queue for its supervisor, where each
role lands after sign-in, and the notices page when notify does not answer."""

from __future__ import annotations

import html
import re
import socket
import time
from datetime import UTC, datetime, timedelta

import pytest

from minqing_routing import worklist
from minqing_routing.definition import DEFINITION

from .harness import DEMO_PASSWORD, ENV
from .seeding import seed_day


@pytest.fixture
def silent_notify():
    """A port that accepts connections and never answers, as a hung notify would."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


@pytest.fixture
def routing_settings(make_settings, silent_notify):
    return make_settings(DEFINITION, **ENV, NOTIFY_URL=silent_notify, NOTIFY_TIMEOUT_SECONDS="0.5")


def signed_in(app, person: str, next_path: str = ""):
    """A test client signed in through the form, and where the sign-in sent it."""
    client = app.test_client()
    form = client.get("/workbench/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    answer = client.post(
        "/workbench/login",
        data={
            "district": "hilltown",
            "person_id": person,
            "next": next_path,
            "password": DEMO_PASSWORD,
            "csrf_token": csrf,
        },
    )
    assert answer.status_code == 303, answer.get_data(as_text=True)
    return client, answer.headers["Location"], csrf


def tickets(page: str) -> list[str]:
    return re.findall(r'data-ticket="([^"]+)"', page)


def total(page: str) -> int:
    return int(re.search(r'id="total">(\d+)<', page).group(1))


def test_supervisors_and_leaders_land_on_oversight_and_handlers_on_their_inbox(routing):
    app = routing.api.client.application
    assert signed_in(app, "ht-s1-sv")[1] == "/workbench/oversight"
    assert signed_in(app, "ht-ld")[1] == "/workbench/oversight"
    assert signed_in(app, "ht-c1-h1")[1] == "/workbench"
    assert signed_in(app, "ht-dp")[1] == "/workbench"  # a dispatcher works the triage queue
    assert signed_in(app, "ht-s1-sv", "/workbench/done")[1] == "/workbench/done"  # where they were going


def community_day(routing, prefix: str) -> list[dict]:
    """120 open and 80 finished cases of hilltown's community ht-c1 (``seed_day``), tickets ``prefix``-n."""
    return seed_day(routing.runtime.db.engine, 120, 80, "ht-c1", ("HT-C1-G01", "HT-C1-G01"), prefix, "hilltown")


def test_open_work_is_paged_without_a_cap_and_a_street_sees_its_communities(routing):
    seeded = community_day(routing, "HT-20261201")
    app = routing.api.client.application
    handler = signed_in(app, "ht-c1-h1")[0]
    shown, path = [], "/workbench"
    for number in (1, 2, 3):
        page = handler.get(path if number == 1 else f"/workbench?page={number}").get_data(as_text=True)
        assert total(page) == 120 and f"第 {number} / 3 页" in page
        shown += tickets(page)
    assert shown == [c["ticket"] for c in seeded]
    done = handler.get("/workbench/done?page=2").get_data(as_text=True)
    assert total(done) == 80 and len(tickets(done)) == 30 and not set(tickets(done)) & set(shown)
    joint = handler.get("/workbench?joint=1").get_data(as_text=True)
    assert total(joint) == 0 and "没有案件" in joint
    accepted = handler.get("/workbench?state=accepted&page=9").get_data(as_text=True)  # past the end: the last
    assert total(accepted) == 60 and tickets(accepted) == [c["ticket"] for c in seeded if c["state"] == "accepted"][50:]

    later = datetime.now(UTC) + timedelta(days=1, hours=1)  # shown in days and hours: no minute ticks over
    waiting = next(c for c in seeded if c["state"] == "dispatched" and c["due"] > later)
    row = re.search(
        rf'data-ticket="{waiting["ticket"]}".*?class="badge \w+">([^<]+)<',
        "".join(handler.get(f"/workbench?q={waiting['ticket']}").get_data(as_text=True).split("\n")),
    ).group(1)
    heading = re.search(r"<h1>.*?</h1>", handler.get(f"/workbench/cases/{waiting['case_id']}").get_data(as_text=True))
    assert row.startswith("剩 ") and row in heading.group(0)  # the acceptance deadline on both, not the response's

    street = signed_in(app, "ht-s1-sv")[0]
    assert total(street.get("/workbench").get_data(as_text=True)) == 0  # the street's own unit holds nothing
    below = street.get("/workbench?scope=below&overdue=1").get_data(as_text=True)
    assert tickets(below) == [c["ticket"] for c in seeded if c["overdue"]][:50]
    handler_below = handler.get("/workbench?scope=below").get_data(as_text=True)  # not an overseer: own unit
    assert total(handler_below) == 120


def link(page: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}"', page)
    return html.unescape(found.group(1)) if found else None


def test_the_pages_links_continue_from_the_row_shown_and_finished_work_is_counted_up_to_a_cap(routing, monkeypatch):
    seeded = community_day(routing, "HT-20261130")
    handler = signed_in(routing.api.client.application, "ht-c1-h1")[0]
    pages, path = [], "/workbench"
    while path:  # 下一页 from the first page: each link carries the last row's deadline and id
        page = handler.get(path).get_data(as_text=True)
        pages.append(tickets(page))
        path = link(page, "next")
        assert path is None or ("after=" in path and f"page={len(pages) + 1}" in path)
    assert [t for shown in pages for t in shown] == [c["ticket"] for c in seeded] and len(pages) == 3
    back = link(page, "prev")
    assert "before=" in back and tickets(handler.get(back).get_data(as_text=True)) == pages[1]
    assert tickets(handler.get("/workbench?page=2&after=nonsense").get_data(as_text=True)) == pages[1]  # ignored

    monkeypatch.setattr(worklist, "COUNT_CAP", 50)  # 80 finished cases: more than the cap
    done = handler.get("/workbench/done").get_data(as_text=True)
    assert 'id="total">50</strong> 件以上' in done and "第 1 页" in done and "第 1 /" not in done
    second = handler.get(link(done, "next")).get_data(as_text=True)
    assert len(tickets(second)) == 30 and not set(tickets(second)) & set(tickets(done))


def test_the_notices_page_says_so_when_notify_does_not_answer(routing):
    client, _, csrf = signed_in(routing.api.client.application, "ht-c1-h1")
    started = time.monotonic()
    page = client.get("/workbench/notices")
    assert page.status_code == 503 and "通知服务暂时无法连接" in page.get_data(as_text=True)
    assert time.monotonic() - started < 3  # one short wait per call, not a hung page
    inbox = client.get("/workbench")
    assert inbox.status_code == 200 and 'id="unread-count"' not in inbox.get_data(as_text=True)
    marked = client.post("/workbench/notices/7/read", data={"csrf_token": csrf})
    assert marked.status_code == 503 and "通知服务暂时无法连接" in marked.get_data(as_text=True)
