"""The monthly summary (每月一总结): the three rates of the district, each street and each community for a
month, with each rate's numerator and denominator, and the district's themes with their progress and
effect. As rows for the page, CSV and XLSX alike."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from . import reports, stats, theme_views
from .bootstrap import Runtime
from .domain.rates import RATES

THREE = ("response", "resolution", "satisfaction")  # 响应率, 解决率, 满意率
RATE_NAMES = {"response": "响应率", "resolution": "解决率", "satisfaction": "满意率"}
LEVEL_NAMES = {"district": "区", "street": "街道", "community": "社区"}


def _rate(counts: dict, name: str) -> dict:
    top, bottom, _ = RATES[name]
    numerator, denominator = counts.get(top, 0), counts.get(bottom, 0)
    return {
        "value": round(numerator / denominator, 4) if denominator else None,
        "numerator": numerator,
        "denominator": denominator,
    }


def build(runtime: Runtime, district: str, month: date) -> dict:
    config = stats.district_config(runtime, district)
    end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    whole = reports.build(runtime, district, "monthly", month)
    rows = [_row("district", district, config.name, None, whole["counts"], whole["received"])]
    for level in ("street", "community"):
        found = stats.unit_rates(runtime, district, month, end, level=level)
        for unit in found["units"]:
            rows.append(_row(level, unit["unit_id"], unit["unit_name"], unit["parent"], unit["counts"], None))
    themes = []
    for theme in theme_views.listing(runtime, district):
        shown = theme_views.view(runtime, theme["id"])
        effect = shown["effect"]["estimate"]
        themes.append(
            {
                "title": shown["title"],
                "status": shown["status"],
                "lead_unit_name": shown["lead_unit_name"],
                "area_name": shown["area_name"],
                "tasks_done": sum(t["status"] == "done" for t in shown["tasks"]),
                "tasks_total": len(shown["tasks"]),
                "tasks_overdue": sum(t["overdue"] for t in shown["tasks"]),
                "measures": len(shown["measures"]),
                "linked_cases": shown["linked_cases"],
                "effect": effect["value"] if effect else None,
                "effect_low": effect["low"] if effect else None,
                "effect_high": effect["high"] if effect else None,
            }
        )
    return {
        "district": district,
        "month": month.strftime("%Y-%m"),
        "from": month.isoformat(),
        "to": end.isoformat(),
        "rows": rows,
        "themes": themes,
        "definitions": {name: f"{RATES[name][0]} / {RATES[name][1]}" for name in THREE},
    }


def _row(level: str, unit_id: str, name: str, parent: str | None, counts: dict, received: int | None) -> dict:
    return {
        "level": level,
        "unit_id": unit_id,
        "name": name,
        "parent": parent,
        "received": received,
        "dispatched": counts.get("dispatched", 0),
        "rates": {rate: _rate(counts, rate) for rate in THREE},
    }


HEADER = ["层级", "单位", "上级", "派单数"] + [f"{RATE_NAMES[r]}{part}" for r in THREE for part in ("", "分子", "分母")]
THEME_HEADER = [
    "专题",
    "状态",
    "牵头单位",
    "区域",
    "任务完成",
    "任务总数",
    "逾期任务",
    "措施",
    "关联诉求",
    "成效(件/周)",
]


def table(summary: dict) -> tuple[list[list], list[list]]:
    """The summary as two tables (units, themes) of plain cells: what CSV and XLSX write."""
    names = {r["unit_id"]: r["name"] for r in summary["rows"]}
    units = [HEADER]
    for row in summary["rows"]:
        cells = [LEVEL_NAMES[row["level"]], row["name"], names.get(row["parent"] or "", ""), row["dispatched"]]
        for rate in THREE:
            found = row["rates"][rate]
            cells += [found["value"], found["numerator"], found["denominator"]]
        units.append(cells)
    themes = [THEME_HEADER] + [
        [
            t["title"],
            "推进中" if t["status"] == "open" else "已结题",
            t["lead_unit_name"],
            t["area_name"],
            t["tasks_done"],
            t["tasks_total"],
            t["tasks_overdue"],
            t["measures"],
            t["linked_cases"],
            t["effect"],
        ]
        for t in summary["themes"]
    ]
    return units, themes


def as_csv(summary: dict) -> str:
    """UTF-8 with a byte-order mark so that spreadsheet programs read the Chinese; a blank row between
    the units and the themes."""
    units, themes = table(summary)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([["" if c is None else c for c in r] for r in units])
    writer.writerow([])
    writer.writerows([["" if c is None else c for c in r] for r in themes])
    return "\ufeff" + out.getvalue()


def as_xlsx(summary: dict) -> bytes:
    """Two sheets, 单位 and 专题; rates as numbers with a percent format."""
    from openpyxl import Workbook

    units, themes = table(summary)
    book = Workbook()
    sheet = book.active
    sheet.title = "单位"
    for cells in units:
        sheet.append(cells)
    for column in (5, 8, 11):  # the three rates' value columns
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = "0.0%"
    theme_sheet = book.create_sheet("专题")
    for cells in themes:
        theme_sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
