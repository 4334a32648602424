"""GET /api/v1/deliveries: the delivery log, per case (case_id or ticket) or per recipient."""
from __future__ import annotations

from flask import Blueprint, request

from .. import queries
from .common import int_arg, principal, runtime, signed_in

blueprint = Blueprint("deliveries", __name__, url_prefix="/api/v1/deliveries")


@blueprint.get("")
@signed_in
def log():
    items = queries.list_deliveries(
        runtime(), principal(), case_id=request.args.get("case_id"), ticket=request.args.get("ticket"),
        recipient=request.args.get("recipient"), status=request.args.get("status"), limit=int_arg("limit", 100))
    return {"deliveries": items, "count": len(items)}
