"""The workbench's case list as CSV and XLSX (issue 19 items 5 and 7), through Flask's test client with
routing on the real broker and PostgreSQL: the file holds residents' words and addresses, so its first
line, and the XLSX's document properties, say who exported it and when; a cell a spreadsheet would run
as a formula is kept as text."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook

from .harness import received
from .test_workbench_pages import Workbench

STAMP = r"导出人:张一\(ht-c1-h1\) · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d · 含居民个人信息"


def test_the_exported_case_list_carries_the_viewer_s_name_and_time(routing):
    cases = [
        received("HT-EX-1", grid="HT-C1-G01", address='=HYPERLINK("http://x")'),
        received("HT-EX-2", grid="HT-C1-G01"),
    ]
    routing.publish(*cases)
    for case in cases:
        routing.capture.wait(case.case_id, "case.dispatched.v1")
    handler = Workbench(routing.api.client.application, "ht-c1-h1")
    assert 'id="export-xlsx"' in handler.client.get("/workbench").get_data(as_text=True)

    got = handler.client.get("/workbench/export?view=open&format=csv&page=9")
    assert got.status_code == 200 and got.mimetype == "text/csv"
    assert "attachment" in got.headers["Content-Disposition"]
    table = list(csv.reader(io.StringIO(got.get_data(as_text=True).lstrip("\ufeff"))))
    assert re.fullmatch(STAMP + ".*", table[0][0]) and table[1][:2] == ["编号", "类别"]
    by_ticket = {line[0]: line for line in table[2:-1]}
    assert set(by_ticket) == {"HT-EX-1", "HT-EX-2"}  # page=9 ignored: the export starts at the first
    assert by_ticket["HT-EX-1"][2] == "未分类"  # no request type on the event
    assert by_ticket["HT-EX-1"][6] == "楼下垃圾三天没人清运,气味很大。"
    assert by_ticket["HT-EX-1"][7] == '\'=HYPERLINK("http://x")'  # text, never a formula
    assert table[-1] == ["共 2 件,导出 2 件(每次最多 5000 件)"]

    book = load_workbook(io.BytesIO(handler.client.get("/workbench/export?view=open&format=xlsx").get_data()))
    sheet = book.active
    assert re.fullmatch(STAMP + ".*", sheet["A1"].value) and sheet["A2"].value == "编号"
    assert {sheet.cell(row=r, column=1).value for r in (3, 4)} == {"HT-EX-1", "HT-EX-2"}
    assert book.properties.creator == "张一(ht-c1-h1)" and re.fullmatch(STAMP + ".*", book.properties.description)

    other = Workbench(routing.api.client.application, "ht-c2-h1")
    theirs = other.client.get("/workbench/export?view=open&format=csv").get_data(as_text=True)
    assert "HT-EX-1" not in theirs and "李二(ht-c2-h1)" in theirs  # each their own list, their own name
    assert handler.client.get("/workbench/export?view=all&format=pdf").status_code == 404
