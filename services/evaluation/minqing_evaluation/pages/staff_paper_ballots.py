"""Staff form entering a batch of paper ballots collected at a meeting (15): GET/POST
/staff/projects/<id>/paper-ballots (a project's current round, 一事一评; the project API's staff) and
/staff/reviews/<id>/paper-ballots (an annual review's residents' ballot, 双述双评; the board: community
handler, leader, admin). Each row is a household and its choice, read as the API's PaperRating body; the
batch runs ``paper_ballots`` as the signed-in person, who is recorded on every ballot. A refused batch
enters nothing and shows the form again with every row as typed and each refusal beside its row."""

from __future__ import annotations

from flask import g, redirect, render_template, request, url_for

from minqing_kit.errors import ApiError, FieldError, invalid

from .. import paper_ballots, projects, reviews
from ..current import runtime
from ..domain.verdict import RATINGS
from ..web import bodies
from ..web.projects_api import STAFF as PROJECT_ENTERERS
from ..web.reviews_api import BALLOT_ROLES
from .common import LABELS, blueprint
from .staff import form_model, refused_form, staff_only

ROWS = 25  # ballots a batch holds; empty rows are left out
KINDS = {
    "project": (PROJECT_ENTERERS, paper_ballots.for_project),
    "review": (tuple(sorted(BALLOT_ROLES["residents"])), paper_ballots.for_review),
}


def _typed() -> list[dict[str, str]]:
    return [
        {"household_id": request.form.get(f"household_id-{i}", ""), "rating": request.form.get(f"rating-{i}", "")}
        for i in range(ROWS)
    ]


def _ballots(typed: list[dict[str, str]]) -> tuple[list[int], list[tuple[str, str]]]:
    """The filled rows (their numbers, and each as (household, rating)) checked as the API's body."""
    rows, ballots, problems = [], [], []
    for i, row in enumerate(typed):
        if not row["household_id"].strip() and not row["rating"]:
            continue
        try:
            given = form_model(bodies.PaperRating, row)
        except ApiError as error:
            problems += [FieldError(f"ballots.{i}.{f.field}", f.reason, f.reason_zh) for f in error.fields]
            continue
        rows.append(i)
        ballots.append((given.household_id, given.rating))
    if problems:
        raise invalid(problems)
    if not ballots:
        raise invalid([FieldError("ballots", "enter at least one ballot", "请至少录入一张选票")])
    return rows, ballots


def _by_row(error: ApiError, rows: list[int] | None) -> dict[int, str]:
    """Each refusal's row on the form: the batch's ``ballots.<k>`` is the k-th filled row."""
    found = {}
    for f in error.fields:
        parts = f.field.split(".")
        if len(parts) >= 2 and parts[0] == "ballots" and parts[1].isdigit():
            k = int(parts[1])
            found[rows[k] if rows is not None else k] = f.reason_zh
    return found


def _subject(kind: str, subject_id: str) -> dict:
    found = (projects.view if kind == "project" else reviews.view)(runtime(), subject_id)
    if found["district"] != g.principal.district:
        raise (projects.not_found if kind == "project" else reviews.not_found)()
    return found


def _title(kind: str, subject: dict) -> str:
    if kind == "project":
        return f"一事一评纸质选票录入 · {subject['name']}"
    return f"双述双评群众测评纸质选票录入 · {subject['person_name']} {subject['year']}年度"


def _page(kind: str, subject_id: str, error: ApiError | None = None, rows: list[int] | None = None):
    subject = _subject(kind, subject_id)
    typed = _typed() if error else [{"household_id": "", "rating": ""}] * ROWS
    shown = error.to_dict()["error"] if error else None
    if shown and "fields" in shown:  # the refusals are beside their rows; above, how many
        shown = {k: v for k, v in shown.items() if k != "fields"}
    return (
        render_template(
            "evaluation_pages/staff_paper_ballots.html",
            who=g.principal,
            kind=kind,
            subject=subject,
            title=_title(kind, subject),
            allowed=g.principal.has_any(*KINDS[kind][0]),
            typed=typed,
            ratings=RATINGS,
            labels=LABELS,
            entered=request.args.get("entered"),
            error=shown,
            row_errors=_by_row(error, rows) if error else {},
        ),
        error.status if error else 200,
    )


def _enter(kind: str, subject_id: str):
    roles, enter = KINDS[kind]
    rows = None
    try:
        if not g.principal.has_any(*roles):
            raise ApiError(403, "forbidden", f"needs one of the roles {list(roles)}", "无权录入纸质选票")
        _subject(kind, subject_id)
        rows, ballots = _ballots(_typed())
        done = enter(runtime(), g.principal, subject_id, ballots)
    except ApiError as error:
        if not refused_form(error) or error.code == "not_found":
            raise
        return _page(kind, subject_id, error, rows)
    target = url_for("evaluation_pages.staff_paper_ballots", collection=f"{kind}s", subject_id=subject_id)
    return redirect(f"{target}?entered={done['entered']}", 303)


PAGE = "/staff/<any(projects, reviews):collection>/<subject_id>/paper-ballots"


@blueprint.get(PAGE)
@staff_only
def staff_paper_ballots(collection: str, subject_id: str):
    return _page(collection[:-1], subject_id)


@blueprint.post(PAGE)
@staff_only
def staff_enter_paper_ballots(collection: str, subject_id: str):
    return _enter(collection[:-1], subject_id)
