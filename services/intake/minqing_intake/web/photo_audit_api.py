"""GET /api/v1/districts/<district>/photo-views: who viewed which case's photos and when (the audit of
``case_photos.staff_photo``), for the district's supervisors, a page at a time."""

from __future__ import annotations

from flask import Blueprint, request

from minqing_kit.requests import int_query
from minqing_kit.response_models import answer

from .. import photo_audit
from ..current import required_staff, runtime
from .answers import PhotoViews

blueprint = Blueprint("photo_audit", __name__, url_prefix="/api/v1/districts")


@blueprint.get("/<district>/photo-views")
def photo_views(district: str):
    before = int_query("before", 0, 1, 2**31 - 1) if "before" in request.args else None
    page = photo_audit.views(
        runtime(),
        required_staff(),
        district,
        ticket=request.args.get("ticket") or None,
        before=before,
        limit=int_query("limit", 50, 1, photo_audit.MAX_PAGE),
    )
    return answer(PhotoViews, page)
