"""The weekly bulletin (每周一通报) reaches its units through notify, on the real broker and PostgreSQL:
after the week, evaluation's scheduler step issues bulletin.issued.v1 once per unit (its outbox); its
relay publishes them, notify's consumer plans each unit's messages, and each unit's handlers find their own
unit's figures and rank among its peers as an in-app notice, and nobody else's; a department with an
address (城管局 here) gets its own by e-mail too."""

from __future__ import annotations

import pytest

from minqing_evaluation import bulletins
from support.workers import running, wait_for

from .conftest import DISTRICTS
from .test_bulletins import rated

MAILBOX = "cgj-office@example.com"


@pytest.fixture
def notify_districts(tmp_path_factory):
    """The test district as notify reads it, with an e-mail address for 城管局 (tv-cgj)."""
    folder = tmp_path_factory.mktemp("districts")
    for path in DISTRICTS.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        cgj = "  - {id: tv-cgj, name: 城管局, categories: [environment, municipal]}"
        assert path.name != "testville.yaml" or cgj in text
        text = text.replace(cgj, cgj[:-1] + f", contact: {{email: {MAILBOX}}}}}")
        (folder / path.name).write_text(text, encoding="utf-8")
    return folder


def test_each_units_handlers_get_its_weekly_bulletin_in_app(notify_bus):
    service = notify_bus.service
    rated(service, "b-1", "tv-c1", "satisfied")
    rated(service, "b-2", "tv-c1", "not_satisfied", on_time=False)
    rated(service, "b-3", "tv-c2", "satisfied")  # one rating: below min_sample (2), not ranked
    service.later(days=7)  # Monday 9 November: the week of 2-8 November is complete
    assert bulletins.issue_due(service.runtime) == 4  # two communities, the street, the department
    with running(*notify_bus.workers()):
        notices = wait_for(
            lambda: (
                (found := {p: notify_bus.inbox(p) for p in ("tv-c1-h1", "tv-c2-h1", "tv-s1-h1")})
                and all(found.values())
                and found
            ),
            timeout=60,
            what="the bulletin in each unit's handler's in-app inbox",
        )
        mails = wait_for(
            lambda: [m for m in notify_bus.mails() if m["title"].startswith("每周通报")],
            timeout=60,
            what="the department's bulletin e-mailed",
        )
    assert {p: len(n) for p, n in notices.items()} == {"tv-c1-h1": 1, "tv-c2-h1": 1, "tv-s1-h1": 1}
    [c1], [c2], [street] = notices["tv-c1-h1"], notices["tv-c2-h1"], notices["tv-s1-h1"]
    assert c1.title == "每周通报 一号社区 2026-11-02至2026-11-08"
    assert "派单2件，回访答复2件；响应率50.0%" in c1.body
    assert "满意率50.0%" in c1.body and "在2个同级单位中排第1名" in c1.body
    assert c2.title.startswith("每周通报 二号社区") and "回访答复不足，本周不排名" in c2.body
    assert street.title.startswith("每周通报 测试街道")
    assert notify_bus.inbox("tv-c1-g1") == []  # a grid worker is no handler of the unit
    [mail] = mails  # the department only: communities and streets have no address in the format
    assert mail["title"] == "每周通报 城管局 2026-11-02至2026-11-08"
    assert mail["to"] != MAILBOX and mail["to"].endswith("@example.com")  # masked in the spool
    assert "派单0件" in mail["body"]
