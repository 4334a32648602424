"""The project pages (一事一评): the district's projects and one project's page on the public board (plan,
funds, progress, each round's ratings towards the minimum, the result with its formula and denominator),
and a household's rating form at its single-use link, which shares /rate/<token> with the follow-up."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from sqlalchemy import select

from minqing_kit.errors import ApiError, FieldError, invalid

from .. import project_rounds, projects, stats
from ..adapters.project_tables import project_households
from ..current import runtime
from ..followups import token_hash
from .common import LABELS, blueprint, resident_error

STATUS_NAMES = {
    "listing": "正在确定参评住户",
    "open": "评议中",
    "passed": "评议通过",
    "rectifying": "须限期整改",
    "rectified": "已整改,进入下一轮评议",
}
FIELDS = {"rating": ("满意程度", "rating-satisfied")}


def _page(template: str, **context):
    return render_template(template, labels=LABELS, status_names=STATUS_NAMES, **context)


@blueprint.get("/board/<district>/projects")
def project_list(district: str):
    try:
        config = stats.district_config(runtime(), district)
    except ApiError as error:
        return resident_error(error)
    return _page("evaluation_pages/projects.html", district=config, found=projects.listed(runtime(), district))


@blueprint.get("/board/<district>/projects/<project_id>")
def project_page(district: str, project_id: str):
    try:
        config = stats.district_config(runtime(), district)
        project = projects.view(runtime(), project_id)
        if project["district"] != district:
            raise projects.not_found()
    except ApiError as error:
        return resident_error(error)
    return _page("evaluation_pages/project.html", district=config, project=project, rated=request.args.get("rated"))


def holds(token: str) -> bool:
    """Whether ``token`` is a household's project rating link (else it may be a follow-up's)."""
    with runtime().db.engine.connect() as connection:
        found = connection.execute(
            select(project_households.c.project_id).where(project_households.c.token_hash == token_hash(token))
        ).first()
    return found is not None


def rate_form(token: str, error: dict | None = None, status: int = 200):
    try:
        shown = project_rounds.invitation(runtime(), token)
    except ApiError as failure:
        return resident_error(failure)
    page = _page("evaluation_pages/project_rate.html", token=token, error=error, fields=FIELDS, **shown)
    return page, status


def rate(token: str):
    rating = request.form.get("rating", "")
    try:
        if rating not in ("satisfied", "basically_satisfied", "not_satisfied"):
            raise invalid([FieldError("rating", "choose a rating", "请选择满意程度")])
        done = project_rounds.rate_by_link(runtime(), token, rating)
    except ApiError as error:
        if error.status not in (409, 422):
            return resident_error(error)
        return rate_form(token, error.to_dict()["error"], error.status)
    district = projects.view(runtime(), done["project_id"])["district"]
    return redirect(url_for(".project_page", district=district, project_id=done["project_id"], rated="1"), 303)
