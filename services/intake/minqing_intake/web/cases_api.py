"""POST /api/v1/cases, GET /api/v1/cases/<ticket>, PUT /api/v1/cases/<ticket>/step-updates (the resident),
PUT /api/v1/cases/<ticket>/category,
GET /api/v1/cases/<ticket>/photos/<photo_id> (staff of the case's district)."""

from __future__ import annotations

from flask import Blueprint, Response, request

from minqing_kit.errors import FieldError, invalid
from minqing_kit.request_models import body
from minqing_kit.response_models import answer

from .. import case_photos, proxies, reclassify as reclassifying, step_updates, submit as submitting, views
from ..address_limit import limit_client_address
from ..current import required_staff, runtime, signed_in_staff
from ..domain.channels import needs_staff
from ..domain.submission import Contact, Submission
from . import bodies
from .answers import CaseView, ProxyWithdrawn, Receipt, Reclassified, StepUpdatesChosen

blueprint = Blueprint("cases", __name__, url_prefix="/api/v1/cases")
blueprint.before_request(limit_client_address)
MAX_IDEMPOTENCY_KEY = 200


def submission_from(given: bodies.Submission) -> Submission:
    """The body's shape is checked here; the domain's rules follow in ``submit``."""
    location, contact = given.location or bodies.Location(), given.contact or bodies.Contact()
    return Submission(
        district=given.district,
        channel=given.channel,
        content=given.content,
        category=given.category,
        address=location.address,
        grid_code=location.grid_code,
        lat=location.lat,
        lon=location.lon,
        urgent=given.urgent,
        public=given.public,
        step_updates=given.step_updates,
        request_type=given.request_type,
        contact=Contact(name=contact.name, phone=contact.phone, email=contact.email),
        filed_for=given.filed_for,
        proxy_consent=given.proxy_consent.model_dump(mode="json") if given.proxy_consent else None,
        attachments=[item.model_dump() for item in given.attachments or []],
    )


def idempotency_key() -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is not None and not (16 <= len(key) <= MAX_IDEMPOTENCY_KEY and key.isprintable()):
        raise invalid([FieldError("Idempotency-Key", "16 to 200 characters (a UUID is fine)", "须为16至200个字符")])
    return key


@blueprint.post("")
def submit():
    submission = submission_from(body(bodies.Submission))
    staff = signed_in_staff() if needs_staff(submission.channel) else None
    receipt = submitting.submit(runtime(), submission, staff=staff, idempotency_key=idempotency_key())
    return answer(Receipt, receipt, 201)


@blueprint.get("/<ticket>")
def track(ticket: str):
    secret = request.headers.get("X-Tracking-Secret")
    return answer(CaseView, views.case_view(runtime(), ticket, secret))


@blueprint.post("/<ticket>/proxy/withdraw")
def withdraw_proxy(ticket: str):
    """The resident takes the case back from their proxy (代理), proving it is theirs by the tracking secret."""
    return answer(ProxyWithdrawn, proxies.withdraw(runtime(), ticket, request.headers.get("X-Tracking-Secret")))


@blueprint.put("/<ticket>/step-updates")
def choose_step_updates(ticket: str):
    """The resident turns step SMS on or off (开启 / 退订), proving the case is theirs by the tracking secret."""
    enabled = body(bodies.StepUpdates).enabled
    chosen = step_updates.change(runtime(), ticket, enabled, secret=request.headers.get("X-Tracking-Secret"))
    return answer(StepUpdatesChosen, chosen)


@blueprint.put("/<ticket>/category")
def reclassify(ticket: str):
    staff = required_staff()
    return answer(Reclassified, reclassifying.reclassify(runtime(), ticket, body(bodies.Category).category, staff))


@blueprint.get("/<ticket>/photos/<photo_id>")
def photo(ticket: str, photo_id: str):
    """One of the case's photos as stored (``?size=thumb``: its thumbnail), for the district's staff."""
    data, content_type = case_photos.staff_photo(
        runtime(), required_staff(), ticket, photo_id, thumb=request.args.get("size") == "thumb"
    )
    return Response(data, mimetype=content_type, headers=case_photos.PHOTO_HEADERS)
