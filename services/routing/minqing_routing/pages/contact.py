"""GET/POST /workbench/cases/<id>/contact: the resident's contact behind the complainant firewall
(``domain/firewall``). GET shows it masked to anyone who may read the case; POST reveals it in clear with
the reason given (the hotline's role needs none), after the reveal's audit step is committed
(``handling.perform``), and only in that one answer: nothing is kept. Both carry the viewer's name and
the time (a watermark line), so a screenshot or a printout says who looked and when."""

from __future__ import annotations

from datetime import datetime

from flask import g, render_template, request

from minqing_kit.errors import ApiError

from .. import contact_access, handling, lookup, queries
from ..current import runtime
from ..domain import firewall
from ..peers import PeerRefused, PeerUnavailable
from .common import blueprint, common_context, signed_in
from .grid import token

UNREADABLE = {"message_zh": "暂时无法读取联系方式,请稍后再试。", "message": "notify does not answer"}
NONE_ON_FILE = {"message_zh": "该诉求没有留联系方式(匿名或未填写)。", "message": "no contact on file"}


def _case(case_id: str) -> dict:
    """The case as the viewer may read it; a partner district's co-handler (跨区联办) never sees the
    resident's contact, masked or not: 404, as for a case they cannot read."""
    case = queries.detail(runtime(), g.principal, case_id)
    if case.get("partner_view"):
        raise handling.NOT_FOUND
    return case


def _page(case: dict, clear: bool, error: dict | None = None, status: int = 200, reason: str = ""):
    shown, problem = None, None
    try:
        shown = contact_access.contact(runtime(), g.principal, token(), case["case_id"], clear)
    except PeerRefused as refused:
        problem = (NONE_ON_FILE, 404) if refused.status == 404 else (UNREADABLE, 503)
    except PeerUnavailable:
        problem = (UNREADABLE, 503)
    if error is None and problem:
        error, status = problem
    common = common_context()
    return render_template(
        "routing_pages/contact.html",
        case=case,
        contact=shown,
        error=error,
        reason=reason,
        role_needs=firewall.needs_contact(g.principal.roles),
        viewed_at=datetime.now(common["tz"]).strftime("%Y-%m-%d %H:%M:%S"),
        **common,
    ), status


@blueprint.get("/cases/<case_id>/contact")
@signed_in
def contact_page(case_id: str):
    case_id = lookup.case_id(runtime(), g.principal.district, case_id)
    return _page(_case(case_id), clear=False)


@blueprint.post("/cases/<case_id>/contact")
@signed_in
def reveal_contact(case_id: str):
    case_id = lookup.case_id(runtime(), g.principal.district, case_id)
    case = _case(case_id)
    reason = (request.form.get("reason") or "").strip()[:500]
    try:
        handling.perform(runtime(), g.principal, case_id, contact_access.reveal(reason))
    except ApiError as error:
        return _page(case, clear=False, error=error.to_dict()["error"], status=error.status, reason=reason)
    return _page(case, clear=True)
