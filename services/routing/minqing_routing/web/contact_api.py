"""Contacting the resident through the platform (``contact_access``, ``domain/resident_contact``), the
API twin of the case page's forms and the hotline's list: a handler texts the resident or asks for a
call-back; the district's hotline operators list the call-backs waiting and record each one's outcome.
Over a case's daily limit: 429 with Retry-After."""

from __future__ import annotations

from flask import Blueprint

from minqing_kit.errors import ApiError
from minqing_kit.request_models import body
from minqing_kit.response_models import answer

from .. import callbacks, contact_access
from ..command_context import forbidden
from ..domain import firewall, resident_contact
from . import bodies
from .answers import Callbacks
from .fields import act, principal, runtime, signed_in

blueprint = Blueprint("contact", __name__, url_prefix="/api/v1")


@blueprint.post("/cases/<case_id>/resident-messages")
@signed_in
def message(case_id: str):
    given = body(bodies.ResidentMessage)
    return act(case_id, contact_access.message(resident_contact.chosen_text(given.text, given.template)))


@blueprint.post("/cases/<case_id>/callbacks")
@signed_in
def request_callback(case_id: str):
    return act(case_id, contact_access.request_callback(body(bodies.CallbackRequest).question))


@blueprint.post("/cases/<case_id>/callbacks/outcome")
@signed_in
def answer_callback(case_id: str):
    given = body(bodies.CallbackOutcome)
    return act(case_id, contact_access.answer_callback(given.reached, given.outcome))


@blueprint.get("/districts/<district>/callbacks")
@signed_in
def waiting(district: str):
    """The district's waiting call-backs, for its hotline operators; another district's: none such."""
    who = principal()
    if district != who.district:
        raise ApiError(404, "not_found", "no such district", "未找到该区")
    if not firewall.needs_contact(who.roles):
        raise forbidden("the hotline", "热线接线员")
    found = callbacks.waiting(runtime(), district)
    return answer(Callbacks, {"callbacks": found, "count": len(found)})
