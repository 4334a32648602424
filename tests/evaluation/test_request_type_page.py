"""The monthly dashboard shows the requests per type (诉求类型) with their labels, and those received without
one (an older producer) as 未分类."""

from __future__ import annotations

import re

from .conftest import T0, event


def test_the_dashboard_counts_each_request_type_and_the_untyped_as_unclassified(service):
    kinds = {"a": "complaint", "b": "complaint", "c": "praise", "d": "consultation", "e": None, "f": None}
    service.feed(*(event("case.received.v1", c, T0, ticket=f"TV-{c}", request_type=kind) for c, kind in kinds.items()))
    page = service.client.get("/dashboard/testville?month=2026-11").get_data(as_text=True)
    table = re.search(r'<table id="by-type">(.*?)</table>', page, re.S).group(1)
    rows = re.findall(r'<tr><td>([^<]+)</td><td class="num">(\d+)</td></tr>', table)
    assert rows == [("咨询", "1"), ("求助", "0"), ("投诉", "2"), ("建议", "0"), ("表扬", "1"), ("未分类", "2")]
