"""The signed-in person's in-app inbox: GET /api/v1/inbox, POST /api/v1/inbox/<id>/read|unread."""
from __future__ import annotations

from flask import Blueprint

from .. import queries
from .common import bool_arg, int_arg, principal, runtime, signed_in

blueprint = Blueprint("inbox", __name__, url_prefix="/api/v1/inbox")


@blueprint.get("")
@signed_in
def messages():
    return queries.inbox(runtime(), principal(), unread_only=bool_arg("unread"), limit=int_arg("limit", 100))


@blueprint.post("/<int:message_id>/read")
@signed_in
def read(message_id: int):
    return queries.mark_read(runtime(), principal(), message_id, read=True)


@blueprint.post("/<int:message_id>/unread")
@signed_in
def unread(message_id: int):
    return queries.mark_read(runtime(), principal(), message_id, read=False)
