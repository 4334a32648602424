"""POST /api/v1/cases, GET /api/v1/cases/<ticket>, PUT /api/v1/cases/<ticket>/category."""
from __future__ import annotations

from flask import Blueprint, request
from minqing_kit.errors import FieldError, invalid
from minqing_kit.requests import json_object

from .. import reclassify as reclassifying
from .. import submit as submitting
from .. import views
from ..address_limit import limit_client_address
from ..current import required_staff, runtime, signed_in_staff
from ..domain.channels import needs_staff
from ..domain.submission import Contact, Submission

blueprint = Blueprint("cases", __name__, url_prefix="/api/v1/cases")
blueprint.before_request(limit_client_address)
MAX_IDEMPOTENCY_KEY = 200


def _object(body: dict, name: str) -> dict:
    """An optional object: absent or null is empty; false, 0, "" or [] are not objects (422)."""
    value = body.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise invalid([FieldError(name, "must be an object", "须为对象")])
    return value


def submission_from(body: dict) -> Submission:
    """Values as sent: the domain refuses a number where text belongs (a phone number, say)."""
    location, contact = _object(body, "location"), _object(body, "contact")
    urgent = body.get("urgent", False)
    if not isinstance(urgent, bool):
        raise invalid([FieldError("urgent", "must be true or false", "须为true或false")])
    return Submission(
        district=str(body.get("district", "")), channel=str(body.get("channel", "web")),
        content=body.get("content", ""), category=body.get("category"), address=location.get("address"),
        grid_code=location.get("grid_code"), lat=location.get("lat"), lon=location.get("lon"), urgent=urgent,
        contact=Contact(name=contact.get("name"), phone=contact.get("phone"), email=contact.get("email")),
        filed_for=body.get("filed_for"), attachments=[] if body.get("attachments") is None else body["attachments"])


def idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is not None and not (16 <= len(key) <= MAX_IDEMPOTENCY_KEY and key.isprintable()):
        raise invalid([FieldError("Idempotency-Key", "16 to 200 characters (a UUID is fine)", "须为16至200个字符")])
    return key


@blueprint.post("")
def submit():
    submission = submission_from(json_object())
    staff = signed_in_staff() if needs_staff(submission.channel) else None
    receipt = submitting.submit(runtime(), submission, staff=staff, idempotency_key=idempotency_key())
    return receipt, 201


@blueprint.get("/<ticket>")
def track(ticket: str):
    secret = request.headers.get("X-Tracking-Secret")
    return views.case_view(runtime(), ticket, secret)


@blueprint.put("/<ticket>/category")
def reclassify(ticket: str):
    staff = required_staff()
    category = json_object().get("category")
    if not isinstance(category, str):
        raise invalid([FieldError("category", "a category code", "须为类别代码")])
    return reclassifying.reclassify(runtime(), ticket, category, staff)
