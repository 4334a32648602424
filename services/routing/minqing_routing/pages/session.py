"""GET/POST /workbench/login, POST /workbench/logout: routing's sign-in, the token kept in a cookie."""

from __future__ import annotations

from flask import render_template, request, url_for

from minqing_kit.auth import end_session, local_target, start_session
from minqing_kit.errors import ApiError
from minqing_kit.pages import form_text

from .. import accounts
from ..current import runtime
from .common import COOKIE, blueprint

LAND_ON_OVERSIGHT = ("supervisor", "leader")


def _next(target: str | None, roles: list[str]) -> str:
    """The page asked for (a workbench path); without one, supervisors and leaders land on 督办视图, grid
    staff on 今日走访, everyone else on their inbox."""
    if asked := local_target(target, "/workbench"):
        return asked
    if set(roles) & set(LAND_ON_OVERSIGHT):
        return url_for("routing_pages.oversight")
    if set(roles) == {"grid_worker"}:  # grid staff only: their households to visit (网格走访)
        return url_for("routing_pages.grid_today")
    return url_for("routing_pages.inbox")


def _page(error=None, status=200, headers=None):
    districts = sorted(runtime().districts.values(), key=lambda d: d.org.code)
    return (
        render_template(
            "routing_pages/login.html",
            districts=districts,
            error=error,
            values=request.form,
            next=request.values.get("next", ""),
        ),
        status,
        headers or {},
    )


@blueprint.get("/login")
def login_form():
    return _page()


@blueprint.post("/login")
def login():
    try:
        signed = accounts.login(
            runtime(),
            form_text("district", 32),
            form_text("person_id", 40),
            form_text("password", 200),
            request.remote_addr or "unknown",
        )
    except ApiError as error:
        if error.status not in (401, 422, 429):  # 429: locked out, the page says for how long (in Chinese)
            raise
        return _page(error.to_dict()["error"], error.status, error.headers)
    to = _next(request.form.get("next"), signed["person"]["roles"])
    return start_session(COOKIE, signed["token"], signed["expires_in"], to)


@blueprint.post("/logout")
def logout():
    return end_session(COOKIE, url_for("routing_pages.login_form"))
