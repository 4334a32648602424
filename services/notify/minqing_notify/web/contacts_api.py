"""GET /api/v1/cases/<case_id>/contact: the resident's contact on routing's grant (``contact_views``)."""

from __future__ import annotations

from flask import Blueprint, current_app, request

from minqing_kit.response_models import answer

from .. import contact_views
from .answers import Contact
from .common import principal, runtime, signed_in

blueprint = Blueprint("contacts", __name__, url_prefix="/api/v1/cases")
GRANT_HEADER = "X-Contact-Grant"


@blueprint.get("/<case_id>/contact")
@signed_in
def contact(case_id: str):
    grant = current_app.extensions["verifier"].verify_contact_grant(request.headers.get(GRANT_HEADER, ""))
    return answer(Contact, contact_views.shown(runtime(), principal(), grant, case_id))
