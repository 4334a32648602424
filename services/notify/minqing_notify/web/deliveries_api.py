"""GET /api/v1/deliveries: the delivery log, per case (case_id or ticket) or per recipient."""

from __future__ import annotations

from flask import Blueprint, request

from minqing_kit.requests import int_query
from minqing_kit.response_models import answer

from .. import queries
from .answers import DeliveryLog
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
    return answer(DeliveryLog, {"deliveries": items, "count": len(items)})
