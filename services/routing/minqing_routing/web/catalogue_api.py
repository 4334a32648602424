"""GET /api/v1/districts/<district>/catalogue and .../catalogue/right-first-time: the district's current
responsibility catalogue (职责清单) and each item's right-first-time rate. Public, like the catalogue
itself: no token, and nothing about a resident."""

from __future__ import annotations

from flask import Blueprint, request

from minqing_kit.errors import ApiError
from minqing_kit.response_models import answer

from .. import catalogue
from .answers import Catalogue, RightFirstTime
from .fields import runtime

blueprint = Blueprint("catalogue", __name__, url_prefix="/api/v1/districts/<district>/catalogue")


@blueprint.before_request
def known_district() -> None:
    district = (request.view_args or {}).get("district", "")
    if district not in runtime().districts:
        raise ApiError(404, "not_found", f"no district {district}", f"未找到区{district}")


@blueprint.get("")
def current(district: str):
    return answer(Catalogue, catalogue.listing(runtime(), district, catalogue.local_today(runtime(), district)))


@blueprint.get("/right-first-time")
def right_first_time(district: str):
    return answer(RightFirstTime, catalogue.right_first_time(runtime(), district))
