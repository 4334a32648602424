"""POST /workbench/bulk: one action on the cases ticked in the inbox — 签收, 派单 (the dispatcher's
assign) or 办结 with a reply template (答复模板, optionally edited). First a confirmation page naming
every case, then each case runs the same command as its own page, in its own transaction, so each
gets its own audit step, and one refusal (a case not yet accepted, another's case) stops nothing else."""

from __future__ import annotations

from flask import g, render_template, request

from minqing_kit.errors import ApiError, FieldError, invalid
from minqing_kit.pages import form_text

from .. import commands, lookup
from ..current import runtime
from ..handling import perform
from . import confirming, replies
from .common import blueprint, signed_in

MOST = 50  # one inbox page
ACTIONS = {"accept": "批量签收", "reply": "批量答复办结", "assign": "批量派单"}


def _command(action: str, district):
    if action == "accept":
        return commands.accept, []
    if action == "assign":
        unit_id = form_text("unit_id", 40)
        return commands.dispatch_to(unit_id), [("unit_id", unit_id)]
    template = replies.chosen(district.config, g.principal.unit_id, form_text("template", 40))
    if template is None:
        raise invalid([FieldError("template", "choose one of your unit's reply templates", "请选择本单位的答复模板")])
    reply = form_text("reply", 4000, required=False) or template.text
    return commands.resolve("reply", reply), [("template", template.code), ("reply", reply)]


@blueprint.post("/bulk")
@signed_in
def bulk():
    district = runtime().districts[g.principal.district]
    action = request.form.get("action", "")
    ids = list(dict.fromkeys(i for i in request.form.getlist("case_id") if lookup.CASE_ID.fullmatch(i)))
    try:
        if action not in ACTIONS:
            raise invalid([FieldError("action", "choose accept, assign or reply", "请选择批量操作")])
        if not 1 <= len(ids) <= MOST:
            raise invalid([FieldError("case_id", f"tick 1 to {MOST} cases", f"请勾选1至{MOST}件诉求")])
        command, fields = _command(action, district)
    except ApiError as error:
        return render_template("routing_pages/bulk.html", error=error.to_dict()["error"], who=g.principal), error.status
    tickets = lookup.tickets(runtime(), g.principal.district, ids)
    if request.form.get("confirm") != "yes":
        return render_template(
            "routing_pages/bulk.html",
            title=ACTIONS[action],
            action=action,
            tickets=tickets,
            fields=fields,
            shown=confirming.shown(fields, district),
            who=g.principal,
        )
    outcomes = []
    for case_id, ticket in tickets.items():
        try:
            perform(runtime(), g.principal, case_id, command)
            outcomes.append((ticket, None))
        except ApiError as error:
            outcomes.append((ticket, error.message_zh))
    return render_template("routing_pages/bulk.html", title=ACTIONS[action], outcomes=outcomes, who=g.principal)
