"""The resident's rating form at the follow-up link: GET /rate/<token>, POST it, GET /rate/thanks. A
household's project rating link (一事一评) has the same shape; pages/projects.py answers it."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from sqlalchemy import select

from minqing_kit.errors import ApiError, FieldError, invalid

from .. import followups
from ..adapters.tables import evaluations
from ..current import runtime
from ..domain.followup import SATISFACTIONS, UNCLEAR, Answer
from . import projects
from .common import DIMENSION_NAMES, LABELS, blueprint, resident_error

# what the resident's form errors name (field -> Chinese label, the id to jump to)
FIELDS = {
    "solved": ("问题是否解决", "solved-yes"),
    "satisfaction": ("满意程度", "sat-satisfied"),
    "comment": ("意见建议", "comment"),
    "knows_grid_worker": ("是否认识网格员", "knows-yes"),
    **{f"dim_{d}": (name, f"dim_{d}-satisfied") for d, name in DIMENSION_NAMES.items()},
}
KNOWS = {"yes": True, "no": False, "": None}
ANSWERS = (*SATISFACTIONS, UNCLEAR)


def _dimensions(form, problems: list[FieldError]) -> dict[str, str] | None:
    """The four optional dimensions (dim_speed, ...): each one of ANSWERS or left out."""
    given = {}
    for dimension, name in DIMENSION_NAMES.items():
        value = form.get(f"dim_{dimension}", "")
        if value and value not in ANSWERS:
            problems.append(
                FieldError(f"dim_{dimension}", "choose a rating or leave it out", f"{name}:请选择一项或不填")
            )
        elif value:
            given[dimension] = value
    return given or None


def _evaluation(token: str):
    with runtime().db.engine.connect() as connection:
        row = connection.execute(
            select(evaluations).where(evaluations.c.token_hash == followups.token_hash(token))
        ).first()
    if row is None:
        raise ApiError(404, "unknown_token", "no evaluation for this link", "评价链接无效")
    return row


def answer_from(form) -> Answer:
    problems = []
    if form.get("solved") not in ("yes", "no"):
        problems.append(FieldError("solved", "say whether the problem was solved", "请选择问题是否解决"))
    if form.get("satisfaction") not in ANSWERS:
        problems.append(FieldError("satisfaction", "choose a rating", "请选择满意程度"))
    dimensions = _dimensions(form, problems)
    comment = (form.get("comment") or "").strip() or None
    if form.get("knows_grid_worker", "") not in KNOWS:
        problems.append(FieldError("knows_grid_worker", "answer yes, no or leave it out", "请选择认识、不认识或不填"))
    if comment and len(comment) > 2000:
        problems.append(FieldError("comment", "at most 2000 characters", "最多2000字"))
    if problems:
        raise invalid(problems)
    knows = KNOWS.get(form.get("knows_grid_worker", ""))
    return Answer(form["solved"] == "yes", form["satisfaction"], comment, knows, dimensions)


def _choices() -> dict:
    return {"labels": LABELS, "fields": FIELDS, "answers": ANSWERS, "dimensions": DIMENSION_NAMES}


@blueprint.get("/rate/<token>")
def rate_form(token: str):
    try:
        row = _evaluation(token)
    except ApiError as error:
        if projects.holds(token):  # a household's project rating link (一事一评)
            return projects.rate_form(token)
        return resident_error(error)
    return render_template("evaluation_pages/rate.html", row=row, token=token, error=None, values={}, **_choices())


@blueprint.post("/rate/<token>")
def rate(token: str):
    try:
        row = _evaluation(token)
    except ApiError as error:
        if projects.holds(token):
            return projects.rate(token)
        return resident_error(error)
    try:
        answer = answer_from(request.form)
        result = followups.answer_by_link(runtime(), token, answer, row.ticket)
    except ApiError as error:
        if error.status not in (409, 422):
            raise
        return render_template(
            "evaluation_pages/rate.html",
            row=row,
            token=token,
            error=error.to_dict()["error"],
            **_choices(),
            values=request.form,
        ), error.status
    unhappy = not answer.solved or answer.satisfaction == "not_satisfied"
    kept = result["next"] == "close" and unhappy  # not satisfied after the district's last 重办
    thanks_url = url_for(
        ".thanks", ticket=result["ticket"], next="kept" if kept else result["next"], district=row.district
    )
    return redirect(thanks_url, 303)


@blueprint.get("/rate/thanks")
def thanks():
    district = runtime().districts.get(request.args.get("district", ""))
    return render_template(
        "evaluation_pages/thanks.html",
        ticket=request.args.get("ticket", ""),
        next_step=request.args.get("next", "close"),
        board_district=district,
    )
