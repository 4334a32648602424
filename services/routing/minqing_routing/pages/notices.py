"""GET /workbench/notices (通知: the person's in-app notices from notify), POST …/<id>/read (标为已读), and
the unread count every workbench page shows in its header."""

from __future__ import annotations

from datetime import datetime

from flask import g, redirect, render_template, request, url_for

from minqing_kit.errors import ApiError

from .. import notices
from ..current import runtime
from .common import COOKIE, blueprint, common_context, signed_in

DOWN = "通知服务暂时无法连接,请稍后再试;待办和案件不受影响。"


def _token() -> str:
    return request.cookies.get(COOKIE, "")


@blueprint.app_context_processor
def unread_notices() -> dict:
    """The header's count, for a signed-in person on a workbench page; nothing when notify does not answer."""
    if request.blueprint != "routing_pages" or "principal" not in g:
        return {}
    if "unread_notices" not in g:
        try:
            g.unread_notices = notices.unread_count(runtime().settings, _token())
        except notices.NotifyUnavailable:
            g.unread_notices = None
    return {"unread_notices": g.unread_notices}


def _shown(message: dict, tz) -> dict:
    at = message.get("created_at")
    return {
        **message,
        "created_local": datetime.fromisoformat(at).astimezone(tz).strftime("%Y-%m-%d %H:%M") if at else "",
    }


@blueprint.get("/notices")
@signed_in
def notices_page():
    context = common_context()
    try:
        found = notices.inbox(runtime().settings, _token())
    except notices.NotifyUnavailable:
        g.unread_notices = None
        return render_template("routing_pages/notices.html", messages=[], unread=None, down=DOWN, **context), 503
    g.unread_notices = found["unread"]
    return render_template(
        "routing_pages/notices.html",
        messages=[_shown(m, context["tz"]) for m in found["messages"]],
        unread=found["unread"],
        down=None,
        read=request.args.get("read"),
        **context,
    )


@blueprint.post("/notices/<int(min=1, max=9223372036854775807):message_id>/read")
@signed_in
def notice_read(message_id: int):
    try:
        notices.mark_read(runtime().settings, _token(), message_id)
    except LookupError as missing:
        raise ApiError(404, "not_found", f"no notice {message_id}", "没有该通知") from missing
    except notices.NotifyUnavailable:
        g.unread_notices = None
        return render_template(
            "routing_pages/notices.html", messages=[], unread=None, down=DOWN, **common_context()
        ), 503
    return redirect(url_for("routing_pages.notices_page", read=message_id), 303)
