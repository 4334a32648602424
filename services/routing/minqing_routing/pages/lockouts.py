"""GET /workbench/lockouts and POST /workbench/lockouts/<person_id>/lift: a supervisor sees who is
locked out of signing in at their unit or below and lifts a lockout (the same use case as the API)."""

from __future__ import annotations

from flask import g, redirect, render_template, request, url_for

from .. import accounts
from ..current import runtime
from ..domain.access import OVERSEERS
from .common import blueprint, signed_in


@blueprint.get("/lockouts")
@signed_in
def lockouts():
    return render_template(
        "routing_pages/lockouts.html",
        lockouts=accounts.lockouts(runtime(), g.principal),
        lifted=request.args.get("lifted"),
        who=g.principal,
        overseer=g.principal.has_any(*OVERSEERS),
    )


@blueprint.post("/lockouts/<person_id>/lift")
@signed_in
def lift_lockout(person_id: str):
    accounts.lift_lockout(runtime(), g.principal, person_id)
    return redirect(url_for("routing_pages.lockouts", lifted=person_id), 303)
