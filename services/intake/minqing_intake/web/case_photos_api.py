"""GET /api/v1/case-photos?ticket=...: which photos cases of the caller's district came with (the ids; each
photo is then read, and its view audited, at /api/v1/cases/<ticket>/photos/<id>). Routing's case page asks
it for a case and the cases merged into it (我也遇到了: the co-reporters' photos)."""

from __future__ import annotations

from flask import Blueprint, request

from minqing_kit.errors import FieldError, invalid
from minqing_kit.response_models import answer

from .. import case_photos
from ..current import required_staff, runtime
from .answers import CasePhotos

blueprint = Blueprint("case_photos", __name__, url_prefix="/api/v1/case-photos")
MAX_TICKETS = 50


@blueprint.get("")
def listed():
    staff = required_staff()
    tickets = request.args.getlist("ticket")
    if not 1 <= len(tickets) <= MAX_TICKETS or not all(tickets):
        raise invalid([FieldError("ticket", f"1 to {MAX_TICKETS} tickets", f"请给出1至{MAX_TICKETS}个诉求编号")])
    return answer(CasePhotos, {"cases": case_photos.listed(runtime(), staff, tickets)})
