"""The signed-in person's in-app inbox: GET /api/v1/inbox, POST /api/v1/inbox/<id>/read|unread."""

from __future__ import annotations

from flask import Blueprint

from minqing_kit.requests import int_query
from minqing_kit.response_models import answer

from .. import queries
from .answers import Inbox, ReadState
from .common import bool_arg, principal, runtime, signed_in

blueprint = Blueprint("inbox", __name__, url_prefix="/api/v1/inbox")
MESSAGE_ID = "<int(min=1, max=9223372036854775807):message_id>"  # past bigint is no message: 404, not a DataError


@blueprint.get("")
@signed_in
def messages():
    limit = int_query("limit", 100, 1, queries.MAX_LIMIT)
    return answer(Inbox, queries.inbox(runtime(), principal(), unread_only=bool_arg("unread"), limit=limit))


@blueprint.post(f"/{MESSAGE_ID}/read")
@signed_in
def read(message_id: int):
    return answer(ReadState, queries.mark_read(runtime(), principal(), message_id, read=True))


@blueprint.post(f"/{MESSAGE_ID}/unread")
@signed_in
def unread(message_id: int):
    return answer(ReadState, queries.mark_read(runtime(), principal(), message_id, read=False))
