"""GET /api/v1/districts/<district>/dispatch-model: the district's history model of dispatch (按历史派单):
its version, what it learned from, its and the rules' held-out right-first-time rates with their formula
and denominator, and whether it dispatches by itself. Public like the catalogue's rates: counts and
rates only, nothing about a resident."""

from __future__ import annotations

from flask import Blueprint

from minqing_kit.response_models import answer

from .. import history_report
from .answers import DispatchModel
from .catalogue_api import known_district
from .fields import runtime

blueprint = Blueprint("dispatch_model", __name__, url_prefix="/api/v1/districts/<district>/dispatch-model")
blueprint.before_request(known_district)


@blueprint.get("")
def current(district: str):
    return answer(DispatchModel, history_report.report(runtime(), district))
