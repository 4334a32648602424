"""The resident's proxy (代理) answers the follow-up for them (回访) on the staff pages: GET /staff/proxy lists
the open follow-ups of the cases the signed-in person acts for, each with the resident's consent (how,
when, the note) beside its answer form; POST /staff/proxy/<evaluation_id> runs the API's use case
(``proxy_answers.answer``) as that person, so the rating carries the proxy and the consent. A refused
answer shows the list again, with the reason above it and what was typed kept in its form."""

from __future__ import annotations

from flask import g, redirect, render_template, request, url_for

from minqing_contracts.events.intake import CONSENT_LABELS
from minqing_kit.errors import ApiError
from minqing_kit.pages import local_time

from .. import proxy_answers
from ..current import runtime
from ..domain.followup import SATISFACTIONS, UNCLEAR
from .common import LABELS, blueprint
from .rating import answer_from
from .staff import refused_form, staff_only, unit_names


def _page(error: ApiError | None = None, failed: str | None = None):
    district = g.principal.district
    tz, names = runtime().tz(district), unit_names(district)
    items = proxy_answers.open_for(runtime(), g.principal)["items"]
    for item in items:
        consent = item["consent"]
        item["unit_name"] = names.get(item["unit_id"], item["unit_id"])
        item["consent_how"] = CONSENT_LABELS.get(consent["how"], consent["how"])
        item["consent_at"] = local_time(consent.get("given_at"), tz)
        item["expires"] = local_time(item["expires_at"], tz)
    return render_template(
        "evaluation_pages/staff_proxy.html",
        who=g.principal,
        items=items,
        answers=(*SATISFACTIONS, UNCLEAR),
        labels=LABELS,
        done=request.args.get("done"),
        error=error.to_dict()["error"] if error else None,
        failed=failed,
        values=request.form if failed else {},
    ), error.status if error else 200


@blueprint.get("/staff/proxy")
@staff_only
def staff_proxy():
    return _page()


@blueprint.post("/staff/proxy/<evaluation_id>")
@staff_only
def staff_proxy_answer(evaluation_id: str):
    try:
        result = proxy_answers.answer(runtime(), g.principal, evaluation_id, answer_from(request.form))
    except ApiError as error:
        if not refused_form(error):
            raise
        return _page(error, evaluation_id)
    return redirect(url_for("evaluation_pages.staff_proxy", done=result["ticket"]), 303)
