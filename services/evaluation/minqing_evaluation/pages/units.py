"""The unit's page on the public board (单位年度考核): ``/board/<district>/units/<unit_id>?year=``, the
year's three-party quarters, rates with formula and denominator (样本不足 below the district's minimum
sample), bounce figures, and links to the unit's annual reviews and projects."""

from __future__ import annotations

from flask import render_template

from minqing_kit.errors import ApiError
from minqing_kit.requests import int_query

from .. import stats, unit_assessment
from ..current import local_today, runtime
from .annual_reviews import GRADES, PARTY_NAMES, POSTS
from .common import LEVEL_NAMES, blueprint, resident_error
from .projects import STATUS_NAMES

METRIC_NAMES = {
    "dispatched": "派单数",
    "responded_on_time": "按时响应数",
    "rated": "回访评价数",
    "solved": "已解决数",
    "satisfied_or_basic": "满意和基本满意数",
    "resolved": "办结数",
    "resolved_on_time": "按时办结数",
    "followups": "回访数",
    "returned": "退单数",
    "reopened": "重办数",
    "repeat_requested": "重复诉求数",
}
RATE_PARTS = {  # rate -> (name, numerator, denominator): the formula the page writes out
    "response": ("响应率", "responded_on_time", "dispatched"),
    "resolution": ("解决率", "solved", "rated"),
    "satisfaction": ("满意率", "satisfied_or_basic", "rated"),
    "on_time_closure": ("按时办结率", "resolved_on_time", "resolved"),
    "follow_up_answer": ("回访应答率", "rated", "followups"),
    "return": ("退单率", "returned", "dispatched"),
    "reopen": ("重办率", "reopened", "resolved"),
    "repeat_request": ("重复诉求率", "repeat_requested", "dispatched"),
}


@blueprint.get("/board/<district>/units/<unit_id>")
def unit_page(district: str, unit_id: str):
    try:
        config = stats.district_config(runtime(), district)
        year = int_query("year", local_today(district).year, 2000, 2099)
        found = unit_assessment.assessment(runtime(), district, unit_id, year)
    except ApiError as error:
        return resident_error(error)
    return render_template(
        "evaluation_pages/unit.html",
        district=config,
        unit=found,
        level_names=LEVEL_NAMES,
        metric_names=METRIC_NAMES,
        rate_parts=RATE_PARTS,
        party_names=PARTY_NAMES,
        grades=GRADES,
        posts=POSTS,
        status_names=STATUS_NAMES,
    )
