"""公开 / 不公开 (issue 18 item 3) on evaluation's public notice (公示): a case the resident filed 不公开
(case.received.v1 public false) is on neither the notice's JSON, CSV and HTML nor the board page; a public
one is, and so is one whose producer did not ask (None), as before. Through the HTTP API on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from minqing_evaluation.adapters.tables import cases

from .conftest import T0, event
from .test_followup_and_rates import case_stream


def closed_case(service, case_id: str, public: bool | None) -> None:
    _, *rest = case_stream(case_id, "tv-c1", True, True)
    stream = [event("case.received.v1", case_id, T0, ticket=f"TV-{case_id}", public=public), *rest]
    service.feed(*stream)
    service.answer(case_id, True, "satisfied")


def test_a_non_public_case_is_on_no_public_notice_and_public_or_unasked_ones_are(service):
    for case_id, public in (("shown", True), ("hidden", False), ("unasked", None)):
        closed_case(service, case_id, public)
    with service.runtime.db.engine.connect() as connection:
        stored = dict(connection.execute(select(cases.c.case_id, cases.c.public)).all())
    assert stored == {"shown": True, "hidden": False, "unasked": None}
    base = "/api/v1/districts/testville/notices/2026Q4"
    items = service.client.get(base).get_json()["items"]
    assert sorted(m["ticket"] for m in items) == ["TV-shown", "TV-unasked"]
    published = [service.client.get(base + suffix).get_data(as_text=True) for suffix in (".csv", ".html")]
    published.append(service.client.get("/board/testville?quarter=2026Q4").get_data(as_text=True))
    for text in published:
        assert "TV-shown" in text and "TV-unasked" in text and "TV-hidden" not in text
