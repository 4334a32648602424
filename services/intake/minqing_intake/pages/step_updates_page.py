"""POST /track/<ticket>/updates: the resident turns the SMS on each public step on (开启) or off (退订),
from the tracking page (the tracking secret, posted again from that page, never in a URL) or from
我的诉求 (signed in). The answer is the case's page again, saying what is now chosen."""

from __future__ import annotations

from flask import render_template, request

from minqing_kit.errors import ApiError

from .. import step_updates, views
from ..current import runtime
from .mine import signed_in_phone
from .residents import blueprint, track_page

DONE = {True: "已开启:办理有进展时会发短信通知您。", False: "已退订:不再发送办理进展短信。"}


@blueprint.post("/track/<ticket>/updates")
def change_step_updates(ticket: str):
    secret = (request.form.get("secret") or "").strip() or None
    phone_hash = None if secret else signed_in_phone()
    enabled = request.form.get("step_updates") == "on"
    try:
        step_updates.change(runtime(), ticket, enabled, secret=secret, owner_phone_hash=phone_hash)
    except ApiError as error:
        if error.status not in (403, 404, 409):
            raise
        return render_template(
            "intake_pages/track_form.html", ticket=ticket, error=error.to_dict()["error"]
        ), error.status
    view = views.case_view(runtime(), ticket, secret, owner_phone_hash=phone_hash)
    return track_page(view, secret=secret, updates_done=DONE[enabled])
