"""The monthly summary (每月一总结) on PostgreSQL: the three rates with numerators and denominators for the
district, its street and communities, the themes with their progress; downloaded as CSV and XLSX and
read back."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from openpyxl import load_workbook

from .conftest import T0, event, unit
from .test_themes import open_theme, received


def rated_case(service, case_id: str, satisfaction: str, on_time: bool = True) -> None:
    ticket = f"TV-{case_id}"
    service.feed(
        received(case_id, T0),
        event("case.dispatched.v1", case_id, T0, ticket=ticket, **unit("tv-c1")),
        event("case.accepted.v1", case_id, T0, ticket=ticket, within_response_deadline=on_time, **unit("tv-c1")),
        event("case.resolved.v1", case_id, T0 + timedelta(hours=2), ticket=ticket, **unit("tv-c1")),
    )
    assert service.answer(case_id, True, satisfaction).status_code == 201


def summary_with_a_theme(service):
    rated_case(service, "m-1", "satisfied")
    rated_case(service, "m-2", "not_satisfied", on_time=False)
    theme = open_theme(service)
    service.client.post(
        f"/api/v1/themes/{theme['id']}/tasks/{theme['tasks'][0]['id']}/done", headers=service.bearer("supervisor")
    )
    return theme


def test_the_three_rates_carry_numerator_and_denominator_per_level(service):
    summary_with_a_theme(service)
    found = service.client.get("/api/v1/districts/testville/monthly-summaries/2026-11").json
    rows = {(r["level"], r["unit_id"]): r for r in found["rows"]}
    assert set(rows) == {("district", "testville"), ("street", "tv-s1"), ("community", "tv-c1"), ("community", "tv-c2")}
    community = rows[("community", "tv-c1")]["rates"]
    assert community["response"] == {"value": 0.5, "numerator": 1, "denominator": 2}
    assert community["satisfaction"] == {"value": 0.5, "numerator": 1, "denominator": 2}
    assert community["resolution"] == {"value": 1.0, "numerator": 2, "denominator": 2}
    assert rows[("community", "tv-c2")]["rates"]["satisfaction"] == {"value": None, "numerator": 0, "denominator": 0}
    assert rows[("district", "testville")]["rates"]["satisfaction"]["denominator"] == 2
    assert found["definitions"]["satisfaction"] == "satisfied_or_basic / rated"
    [theme] = found["themes"]
    assert (theme["tasks_done"], theme["tasks_total"], theme["lead_unit_name"]) == (1, 2, "城管局")


def test_csv_and_xlsx_downloads_hold_the_same_figures(service):
    summary_with_a_theme(service)
    answer = service.client.get("/api/v1/districts/testville/monthly-summaries/2026-11.csv")
    assert answer.mimetype == "text/csv" and "minqing-testville-2026-11.csv" in answer.headers["Content-Disposition"]
    text = answer.get_data(as_text=True)
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text[1:])))
    header = table[0]
    c1 = next(r for r in table if len(r) > 1 and r[1] == "一号社区")
    assert c1[header.index("满意率")] == "0.5" and c1[header.index("满意率分母")] == "2"
    theme_row = next(r for r in table if r and r[0] == "一号社区垃圾清运不及时")
    assert theme_row[4:6] == ["1", "2"]
    book = service.client.get("/api/v1/districts/testville/monthly-summaries/2026-11.xlsx")
    assert book.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(book.get_data()))
    assert workbook.sheetnames == ["单位", "专题"]
    sheet = workbook["单位"]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0] == header
    xlsx_c1 = next(r for r in cells if r[1] == "一号社区")
    assert xlsx_c1[header.index("满意率")] == 0.5 and xlsx_c1[header.index("满意率分母")] == 2
    assert sheet.cell(row=cells.index(xlsx_c1) + 1, column=header.index("满意率") + 1).number_format == "0.0%"
    assert workbook["专题"]["A2"].value == "一号社区垃圾清运不及时"
    assert service.client.get("/api/v1/districts/testville/monthly-summaries/2026-11.pdf").status_code == 404
    assert service.client.get("/api/v1/districts/testville/monthly-summaries/2026-13").status_code == 422


def test_the_summary_page_prints_the_rates_and_links_the_downloads(service):
    summary_with_a_theme(service)
    page = service.client.get("/summary/testville?month=2026-11").get_data(as_text=True)
    assert "测试区 2026-11 月度总结" in page and "50.0% (1/2)" in page and "— (0/0)" in page
    assert "/api/v1/districts/testville/monthly-summaries/2026-11.xlsx" in page
    assert "完成1/2" in page
