"""The monthly summary (每月一总结) as JSON, CSV or XLSX: public, like the rates it is made of."""

from __future__ import annotations

from flask import Blueprint, Response

from minqing_kit.errors import ApiError
from minqing_kit.requests import parse_month
from minqing_kit.response_models import answer

from .. import monthly_summary
from .answers.summaries import MonthlySummary
from .common import known_district, runtime

blueprint = Blueprint("summaries", __name__, url_prefix="/api/v1/districts/<district>")
blueprint.before_request(known_district)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blueprint.get("/monthly-summaries/<name>")
def summary(district: str, name: str):
    """``2026-11`` or ``2026-11.json`` (JSON), ``2026-11.csv``, ``2026-11.xlsx``."""
    month_text, _, fmt = name.partition(".")
    if fmt not in ("", "json", "csv", "xlsx"):
        raise ApiError(404, "not_found", "the summary comes as .json, .csv or .xlsx", "月度总结仅提供json、csv或xlsx")
    found = monthly_summary.build(runtime(), district, parse_month("month", month_text))
    filename = f"minqing-{district}-{found['month']}"
    if fmt == "csv":
        return Response(
            monthly_summary.as_csv(found),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
        )
    if fmt == "xlsx":
        return Response(
            monthly_summary.as_xlsx(found),
            mimetype=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{filename}.xlsx"'},
        )
    return answer(MonthlySummary, found)
