"""The dashboard's ranking tables with the bounce column (退单率, 签收用时, 审定) in headless Chromium on a
phone (390x844, JavaScript off): the figures of a hand-made month, axe-core clean, 24 px targets."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from evaluation.conftest import T0, event, keys, make_service, service, unit  # noqa: F401  (fixtures)

from .browser import available
from .served import checked


def feed_a_month(service) -> None:
    """tv-c1 receives 2 cases, returns one (属地不符), which is ruled back to it; signs for them in 10 and 30
    minutes."""
    at = lambda hours: T0 + timedelta(hours=hours)  # noqa: E731
    for case in ("b1", "b2"):
        service.feed(
            event("case.received.v1", case, at(0), ticket=f"TV-{case}"),
            event("case.dispatched.v1", case, at(1), ticket=f"TV-{case}", **unit("tv-c1")),
        )
    service.feed(
        event("case.returned.v1", "b2", at(2), ticket="TV-b2", reason_code="属地不符", **unit("tv-c1")),
        event("case.dispatched.v1", "b2", at(3), ticket="TV-b2", reason="ruling", **unit("tv-c1")),
        event("case.accepted.v1", "b1", at(2), ticket="TV-b1", seconds_to_accept=600, **unit("tv-c1")),
        event("case.accepted.v1", "b2", at(4), ticket="TV-b2", seconds_to_accept=1800, **unit("tv-c1")),
    )


@pytest.mark.browser
@pytest.mark.skipif(not available() and not os.environ.get("CI"), reason="needs playwright, chromium, web/node_modules")
def test_the_ranking_tables_show_bounces_on_a_phone(service, phone_page):
    feed_a_month(service)
    with phone_page(service.client.application) as phone:
        phone.goto(f"{phone.base}/dashboard/testville?month=2026-11")
        row = phone.locator("#ranking-community tbody tr", has_text="一号社区")
        cells = row.locator("td").all_inner_texts()
        assert cells[-3:] == ["33.3% (1/3)", "10分钟 / 30分钟", "1"]
        assert checked(phone, "29-dashboard-bounces") == []
