"""GET /api/v1/deliveries: the delivery log, per case (case_id or ticket) or per recipient."""

from __future__ import annotations

from flask import Blueprint, request

from minqing_kit.requests import int_query

from .. import queries
from .common import principal, runtime, signed_in

blueprint = Blueprint("deliveries", __name__, url_prefix="/api/v1/deliveries")


@blueprint.get("")
@signed_in
def log():
    items = queries.list_deliveries(
        runtime(),
        principal(),
        case_id=request.args.get("case_id"),
        ticket=request.args.get("ticket"),
        recipient=request.args.get("recipient"),
        status=request.args.get("status"),
        limit=int_query("limit", 100, 1, queries.MAX_LIMIT),
    )
    return {"deliveries": items, "count": len(items)}
