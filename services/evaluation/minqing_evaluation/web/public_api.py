"""Public notice (公示) as JSON, CSV and a page; three-party review (三方评事) entry and results; a unit's
annual assessment."""

from __future__ import annotations

from flask import Blueprint, Response, g, render_template

from minqing_kit.request_models import body
from minqing_kit.requests import int_query
from minqing_kit.response_models import answer

from .. import notices, panel, panel_members, unit_assessment
from ..current import local_today
from . import bodies
from .answers.public import (
    PanelMemberNamed,
    PanelOfQuarter,
    PanelRated,
    PanelResults,
    PublicNotice,
    UnitAssessment,
    UnitYear,
)
from .common import in_district, known_district, requires, runtime

blueprint = Blueprint("public", __name__, url_prefix="/api/v1/districts/<district>", template_folder="templates")
blueprint.before_request(known_district)
LABELS = {
    "satisfied": "满意",
    "basically_satisfied": "基本满意",
    "not_satisfied": "不满意",
    "unclear": "说不清",
    "no_answer": "未回复",
}


@blueprint.get("/notices/<name>")
def notice(district: str, name: str):
    """``2026Q4`` or ``2026Q4.json`` (JSON), ``2026Q4.csv``, ``2026Q4.html``."""
    quarter, _, fmt = name.partition(".")
    items = notices.matters(runtime(), district, quarter)
    if fmt == "csv":
        return Response(
            notices.as_csv(items),
            mimetype="text/csv",
            headers={"Content-Disposition": f"attachment; filename={district}-{quarter}.csv"},
        )
    if fmt == "html":
        name = runtime().districts[district].name
        return render_template("notice.html", items=items, quarter=quarter, district_name=name, labels=LABELS)
    return answer(PublicNotice, {"district": district, "quarter": quarter, "items": items})


@blueprint.post("/panel-ratings")
@requires("community_handler", "street_handler", "leader", "admin")
def rate_matter(district: str):
    in_district(district)
    return answer(
        PanelRated, panel.record(runtime(), g.principal, district, body(bodies.PanelRating).model_dump()), 201
    )


@blueprint.get("/panel-ratings/<quarter>")
def panel_results(district: str, quarter: str):
    return answer(PanelResults, panel.by_unit(runtime(), district, quarter))


@blueprint.post("/panels/<quarter>/members")
@requires("community_handler", "street_handler", "leader", "admin")
def name_member(district: str, quarter: str):
    in_district(district)
    given = body(bodies.PanelMember)
    named = panel_members.add(runtime(), g.principal, district, quarter, given.party, given.name)
    return answer(PanelMemberNamed, named, 201)


@blueprint.get("/panels/<quarter>")
def panel_of_quarter(district: str, quarter: str):
    return answer(PanelOfQuarter, panel_members.listed(runtime(), district, quarter))


@blueprint.get("/units/<unit_id>/panel-year/<int:year>")
def unit_panel_year(district: str, unit_id: str, year: int):
    """The unit's quarters of 三方评事 as they feed its annual assessment."""
    return answer(UnitYear, panel.unit_year(runtime(), district, unit_id, year))


@blueprint.get("/units/<unit_id>/assessment")
def unit_assessment_of_year(district: str, unit_id: str):
    """The unit's annual assessment (``?year=``, default this year): what its board page shows."""
    year = int_query("year", local_today(district).year, 2000, 2099)
    return answer(UnitAssessment, unit_assessment.assessment(runtime(), district, unit_id, year))
