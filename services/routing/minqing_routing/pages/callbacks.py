"""GET /workbench/callbacks: the hotline's call-back list (热线回拨, ``callbacks.waiting``): each case's
waiting call-back with its question, who asked and when it is due; POST /workbench/callbacks/<case_id>
records the outcome (``contact_access.answer_callback``), an audit step of the case the asking unit is
told of. The case page's forms to text the resident or ask for a call-back read their limits here."""

from __future__ import annotations

from flask import abort, g, redirect, render_template, request, url_for

from minqing_kit.errors import ApiError
from minqing_kit.pages import form_text

from .. import callbacks, contact_access, handling
from ..current import runtime
from ..domain import firewall, resident_contact
from .common import blueprint, common_context, signed_in


@blueprint.context_processor
def resident_contact_forms() -> dict:
    return {
        "sms_templates": resident_contact.TEMPLATES,
        "sms_max": resident_contact.MESSAGE_MAX,
        "contact_limits": resident_contact.PER_DAY,
        "callback_hours": resident_contact.CALLBACK_HOURS,
    }


def _page(error: dict | None = None, status: int = 200):
    if not firewall.needs_contact(g.principal.roles):
        abort(404)
    district = runtime().districts[g.principal.district]
    found = callbacks.waiting(runtime(), g.principal.district)
    for item in found:
        item["unit_name"] = district.org.unit(item["unit_id"]).name if item["unit_id"] in district.org.units else ""
    page = render_template(
        "routing_pages/callbacks.html", callbacks=found, error=error, done=request.args.get("done"), **common_context()
    )
    return page, status


@blueprint.get("/callbacks")
@signed_in
def callbacks_page():
    return _page()


@blueprint.post("/callbacks/<case_id>")
@signed_in
def answer_callback(case_id: str):
    if not firewall.needs_contact(g.principal.roles):
        abort(404)
    try:
        outcome = form_text("outcome", resident_contact.OUTCOME_MAX)
        command = contact_access.answer_callback(request.form.get("reached") == "yes", outcome or "")
        result = handling.perform(runtime(), g.principal, case_id, command)
    except ApiError as error:
        return _page(error.to_dict()["error"], error.status)
    return redirect(url_for("routing_pages.callbacks_page", done=result["ticket"]), 303)
