"""POST /api/v1/cases and GET /api/v1/cases/<ticket>."""
from __future__ import annotations

from flask import Blueprint, current_app, request
from minqing_kit.errors import ApiError

from .. import cases
from ..domain.submission import Submission

blueprint = Blueprint("cases", __name__, url_prefix="/api/v1/cases")


def _json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "bad_json", "the body must be a JSON object", "请求体须为JSON对象")
    return body


@blueprint.post("")
def submit():
    body = _json_body()
    location = body.get("location") or {}
    submission = Submission(
        district=str(body.get("district", "")), channel=str(body.get("channel", "web")),
        content=str(body.get("content", "")), category=body.get("category"),
        address=location.get("address"), grid_code=location.get("grid_code"),
        lat=location.get("lat"), lon=location.get("lon"), urgent=bool(body.get("urgent", False)))
    receipt = cases.submit(current_app.extensions["runtime"], submission)
    return receipt, 201


@blueprint.get("/<ticket>")
def track(ticket: str):
    return cases.public_view(current_app.extensions["runtime"], ticket)
