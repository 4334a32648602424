"""GET /workbench/export?view=open|done&format=csv|xlsx plus the queue's filters: the person's case list
(待办 or 已办结) as they see it, as a file. It holds residents' words and addresses, so every file says who
exported it and when (the complainant firewall's watermark): the first line of the CSV and of the sheet,
and the XLSX's document properties (creator, title, description). At most ``EXPORT_MAX`` cases; the last
line says how many of how many. A cell a spreadsheet would run as a formula is prefixed with ``'``.
Up to 5,000 rows are read from ``read_db`` (the replica, when there is one): the export writes nothing,
and a list a moment behind the queue the person was looking at is what a file of it is anyway."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import datetime

from flask import Response, abort, g, request

from .. import worklist
from ..current import runtime
from .common import STATE_NAMES, blueprint, common_context, rows, signed_in
from .queue import filters_from_request

EXPORT_MAX = 5000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["编号", "类别", "诉求类型", "承办单位", "状态", "剩余时间", "诉求内容", "地址", "网格"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def watermark(at: datetime) -> str:
    who, at_text = g.principal, f"{at:%Y-%m-%d %H:%M:%S}"
    return f"导出人:{who.name}({who.person_id}) · {at_text} · 含居民个人信息,仅限办理使用,不得转发或告知被反映人"


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _table(view: str) -> tuple[list[list[str]], str]:
    district = runtime().districts[g.principal.district]
    filters = replace(filters_from_request(view, district), page=1)  # the first EXPORT_MAX, whatever page was shown
    found = worklist.page(runtime(), g.principal, filters, size=EXPORT_MAX, stale_ok=True)
    cases = rows(found["cases"])
    lines = [
        [
            c["ticket"],
            c["category_name"],
            c["request_type_name"],
            c["unit_name"],
            STATE_NAMES.get(c["state"], c["state"]),
            c["countdown"],
            c["content"],
            c["address"],
            c["grid_code"],
        ]
        for c in cases
    ]
    mark = watermark(datetime.now(common_context()["tz"]))
    total = f"{found['total']:,} 件以上" if found["capped"] else f"{found['total']} 件"
    footer = [f"共 {total},导出 {len(cases)} 件(每次最多 {EXPORT_MAX} 件)"]
    return [[mark], HEADER, *[[_cell(v) for v in line] for line in lines], footer], mark


def _csv(table: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(table)
    return ("\ufeff" + out.getvalue()).encode()  # a byte-order mark: spreadsheet programs read the Chinese


def _xlsx(table: list[list[str]], mark: str) -> bytes:
    from openpyxl import Workbook  # only an export needs it

    book = Workbook()
    sheet = book.active
    sheet.title = "诉求"
    for line in table:
        sheet.append(line)
    book.properties.creator = f"{g.principal.name}({g.principal.person_id})"
    book.properties.title = "民情诉求清单"
    book.properties.description = mark
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@blueprint.get("/export")
@signed_in
def export():
    view, kind = request.args.get("view", "open"), request.args.get("format", "csv")
    if view not in worklist.VIEWS or kind not in ("csv", "xlsx"):
        abort(404)
    table, mark = _table(view)
    body, mimetype = (_csv(table), "text/csv") if kind == "csv" else (_xlsx(table, mark), XLSX)
    name = f"minqing-{g.principal.district}-{view}.{kind}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})
