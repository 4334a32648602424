"""The workbench blueprint, the signed-in handler (token in an HttpOnly cookie) and display helpers."""

from __future__ import annotations

import hashlib
from datetime import datetime
from functools import wraps
from zoneinfo import ZoneInfo

from flask import g, redirect, request, url_for

from minqing_contracts.request_types import NO_TYPE_LABEL, REQUEST_TYPE_LABELS
from minqing_kit.errors import ApiError
from minqing_kit.pages import pages_blueprint
from minqing_kit.tokens import Principal

from ..current import runtime
from ..domain import access
from ..queries import OPEN

COOKIE = "minqing_token"


def _secret() -> str:
    """The CSRF cookie's key, derived from TOKEN_SIGNING_KEY (required outside development; a development
    stack without one keys it on the database URL)."""
    settings = runtime().settings
    key = settings.TOKEN_SIGNING_KEY.get_secret_value() or settings.DATABASE_URL
    return hashlib.sha256(("workbench:" + key).encode()).hexdigest()


blueprint = pages_blueprint("routing_pages", __name__, _secret, url_prefix="/workbench", home="/workbench")


def current_handler() -> Principal | None:
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    try:
        return runtime().verifier.verify(token)
    except ApiError:
        return None


def signed_in(view):
    """Pages for handlers: without a valid cookie, to the sign-in page (and back after)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        who = current_handler()
        if who is None:
            return redirect(url_for("routing_pages.login_form", next=request.full_path.rstrip("?")), 303)
        g.principal = who
        return view(*args, **kwargs)

    return wrapper


def rows(found: list[dict]) -> list[dict]:
    """Cases as the pages show them: the countdown to the deadline that applies now, names for codes."""
    now, district = runtime().now(), runtime().districts[g.principal.district]
    names = {c.code: c.name for c in district.config.categories}
    for case in found:
        waiting = case.get("acceptance_deadline") or case["response_deadline"]  # as tables.OWN_DUE
        deadline = case.get("due", waiting if case["state"] == "dispatched" else case["resolution_deadline"])
        case["countdown"], case["urgency"] = countdown(deadline, now) if case["state"] in OPEN else ("—", "ok")
        case["category_name"] = names.get(case["category"], case["category"])
        case["request_type_name"] = REQUEST_TYPE_LABELS.get(case.get("request_type") or "", NO_TYPE_LABEL)
        unit = district.org.units.get(case["unit_id"])
        case["unit_name"] = case.get("lead_unit_name") or (unit.name if unit else "")  # a partner's case: its lead
    return found


def common_context() -> dict:
    district = runtime().districts[g.principal.district]
    return {
        "who": g.principal,
        "states": STATE_NAMES,
        "overseer": g.principal.has_any(*access.OVERSEERS),
        "tz": ZoneInfo(district.config.timezone),
    }


def countdown(deadline: str | None, now: datetime) -> tuple[str, str]:
    """('剩 1天3小时' | '超期 5小时', 'ok' | 'soon' | 'late') for a deadline in ISO form."""
    if not deadline:
        return "—", "ok"
    left = datetime.fromisoformat(deadline) - now
    seconds = int(left.total_seconds())
    days, rest = divmod(abs(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    span = f"{days}天{hours}小时" if days else (f"{hours}小时{rest // 60}分" if hours else f"{rest // 60}分钟")
    if seconds < 0:
        return f"超期 {span}", "late"
    return f"剩 {span}", "soon" if seconds < 86400 else "ok"


STATE_NAMES = {
    "new": "新",
    "dispatched": "待签收",
    "accepted": "办理中",
    "resolved": "已办结",
    "merged": "已合并",
    "closed": "已销账",
}
ACTION_NAMES = {
    "dispatch": "派单",
    "accept": "签收",
    "return": "退单",
    "escalate": "上报",
    "progress": "办理进展",
    "contacted_resident": "联系居民",
    "coordination": "协调会",
    "resolve": "办结",
    "reopen": "重办",
    "merge": "合并",
    "supervise": "督办",
    "joint_open": "发起联办",
    "part_accept": "协办签收",
    "part_decline": "协办退回",
    "part_complete": "协办完成",
    "part_reassign": "协办改派",
    "part_drop": "撤销协办",
    "own": "包案",
    "owner_assigned": "包案",
    "merged_in": "并入重复诉求",
    "join_refused": "未能合并(居民选择的诉求)",
    "cluster_answered": "随同一问题答复",
    "split": "拆分单独办理",
    "split_out": "拆分出重复诉求",
    "supervise_part": "协办督办",
    "rule": "审定",
    "extend_deadline": "延长办结期限",
    "reveal_contact": "查看居民联系方式",
    "message_resident": "通过平台短信联系居民",
    "request_callback": "申请热线回拨",
    "answer_callback": "热线回拨结果",
    "propose_resolution": "提交答复待包案领导审签",
    "sign_off": "包案领导审签",
    "reject_resolution": "包案领导退回答复",
    "tighten_deadline": "包案领导提前办结期限",
    "proxy_withdrawn": "居民收回代理",
    "rated": "居民已评价",
}
PART_STATES = {"open": "待签收", "accepted": "办理中", "declined": "已退回", "completed": "已完成", "dropped": "已撤销"}
DONE_NAMES = {
    "accept": "签收",
    "return": "退单",
    "progress": "记录进展",
    "resolve": "办结",
    "escalate": "上报",
    "joint": "发起联办",
    "merge": "合并",
    "cluster_merge": "合并重复诉求",
    "cluster_split": "拆分出重复诉求",
    "own": "包案",
    "sign_off": "审签答复",
    "tighten": "提前办结期限",
    "propose": "提交答复,待包案领导审签",
    "part_accept": "签收协办",
    "part_decline": "退回协办",
    "part_complete": "完成协办",
    "part_reassign": "改派协办",
    "part_drop": "撤销协办",
    "message": "短信已交平台发送",
    "callback": "已申请热线回拨",
    "answer_callback": "已记录回拨结果",
}
