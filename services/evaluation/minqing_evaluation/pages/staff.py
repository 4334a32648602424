"""Staff sign-in to evaluation's pages: GET/POST /staff/login, POST /staff/logout and GET /staff (what a
signed-in person can do here). The password goes to routing (``staff_sign_in``); the token routing signs
is kept in an HttpOnly cookie for /staff only and verified on every request with the public keys every
bearer token is verified with. The forms behind it are in ``staff_meetings``, ``staff_reviews``,
``staff_themes``, ``staff_proxy``, ``staff_paper_ballots`` and ``staff_courtyard_edits``; they call the same
use cases as the JSON API, as the signed-in person."""

from __future__ import annotations

from flask import g, render_template, request, url_for

from minqing_kit.auth import end_session, local_target, signed_in_page, start_session
from minqing_kit.errors import ApiError
from minqing_kit.pages import form_text
from minqing_kit.request_models import RequestModel, validate

from .. import meeting_views, projects, reviews, staff_sign_in
from ..current import local_today, runtime
from ..domain import grid_readers, orgtree
from .common import blueprint

COOKIE = "minqing_evaluation_staff"
PATH = "/staff"


staff_only = signed_in_page(COOKIE, lambda: runtime().verifier, "evaluation_pages.staff_login_form")
"""Pages for staff: without a valid cookie, to the sign-in page (and back after)."""


def form_model(model: type[RequestModel], found: dict):
    """A form's fields as the API's request model: the same rules and the same field errors."""
    return validate(model, found)


def field_messages(error: ApiError) -> dict[str, str]:
    """Field path -> Chinese reason, for the form to show beside each field."""
    return {f.field: f.reason_zh for f in error.fields}


def refused_form(error: ApiError) -> bool:
    """A refusal the form shows above itself (bad field, not allowed, state conflict); else the error page."""
    return error.status in (403, 404, 409, 422)


def unit_names(district: str) -> dict[str, str]:
    return {unit_id: unit.name for unit_id, unit in orgtree.units(runtime().districts[district]).items()}


def _next(target: str | None) -> str:
    return local_target(target, PATH) or url_for("evaluation_pages.staff_home")


def _login_page(error: dict | None = None, status: int = 200, headers: dict | None = None):
    districts = sorted(runtime().districts.values(), key=lambda d: d.code)
    page = render_template(
        "evaluation_pages/staff_login.html",
        districts=districts,
        error=error,
        values=request.form,
        next=request.values.get("next", ""),
    )
    return page, status, headers or {}


@blueprint.get("/staff/login")
def staff_login_form():
    return _login_page()


@blueprint.post("/staff/login")
def staff_login():
    try:
        signed = staff_sign_in.sign_in(
            runtime(),
            form_text("district", 32),
            form_text("person_id", 40),
            form_text("password", 200),
            request.remote_addr or "unknown",
        )
    except ApiError as error:
        if error.status not in staff_sign_in.REFUSALS and error.status != 503:
            raise
        return _login_page(error.to_dict()["error"], error.status, error.headers)
    return start_session(COOKIE, signed.token, signed.expires_in, _next(request.form.get("next")), PATH)


@blueprint.post("/staff/logout")
def staff_logout():
    return end_session(COOKIE, url_for("evaluation_pages.staff_login_form"), PATH)


def _who(principal) -> tuple[str, str | None, tuple[str, ...]]:
    return principal.person_id, principal.desk, tuple(principal.roles)


def _round_open(project: dict) -> bool:
    """Whether the project's current round of rating takes ballots (paper ones too)."""
    return any(r["round"] == project["current_round"] and r["status"] == "open" for r in project["rounds"])


@blueprint.get("/staff")
@staff_only
def staff_home():
    district = g.principal.district
    today = local_today(district)
    of_year = reviews.listed(runtime(), district, today.year)["reviews"]
    rating = [p for p in projects.listed(runtime(), district)["projects"] if _round_open(p)]
    return render_template(
        "evaluation_pages/staff_home.html",
        who=g.principal,
        district=runtime().districts[district],
        unit_name=unit_names(district).get(g.principal.unit_id, g.principal.unit_id),
        month=today.strftime("%Y-%m"),
        year=today.year,
        meetings=meeting_views.calendar(runtime(), district, None, today.replace(day=1)),
        reviews=[r for r in of_year if r["procedures"]],
        open_reviews=[r for r in of_year if r["status"] == "open"],
        rating_projects=rating,
        grids=grid_readers.readable(runtime().districts[district], *_who(g.principal)),
    )
