"""POST /workbench/cases/<id>/do/<action>: first a confirmation page, then (``confirm=yes``) the same
use case the JSON API runs (``handling.perform`` with a command), then back to the case."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import g, redirect, render_template, request, url_for

from minqing_kit.errors import ApiError, FieldError, invalid
from minqing_kit.pages import form_text

from .. import catalogue, commands, contact_access, lookup
from ..current import runtime
from ..domain import resident_contact
from ..handling import perform
from . import confirming
from .common import ACTION_NAMES, blueprint, signed_in
from .inbox import case_page, readable


def _co_handlers() -> list[tuple[str, str]]:
    units = [u for u in request.form.getlist("unit_id") if u]
    if not units:
        raise invalid([FieldError("unit_id", "choose at least one co-handling unit", "请至少选择一个协办单位")])
    task = form_text("task", 500)
    return [(unit, task) for unit in units]


def _merge_target() -> str:
    ticket = form_text("into_ticket", 40)
    found = lookup.case_by_ticket(runtime(), g.principal.district, ticket)
    if found is None:
        raise ApiError(404, "not_found", f"no case with ticket {ticket}", f"未找到编号为{ticket}的诉求")
    return found


def _cluster_member() -> str:
    return lookup.case_id(runtime(), g.principal.district, form_text("member", 40))


def _disputed():
    """The catalogue item (职责清单) the return disputes, if the handler named one: 422 if the current
    catalogue lacks it."""
    return catalogue.cited(runtime(), g.principal.district, form_text("catalogue_item", 40, required=False) or None)


def _sms_text() -> str:
    """The text typed, else the chosen template's (``resident_contact.chosen_text``); the domain checks both."""
    template = request.form.get("sms_template")
    typed = form_text("text", resident_contact.MESSAGE_MAX, required=template not in resident_contact.TEMPLATES)
    return resident_contact.chosen_text(typed, template)


def _part() -> str:
    return form_text("part_id", 64)


def _new_deadline() -> datetime:
    """The form's local date and time (datetime-local, on the district's clock) as an aware instant; the
    domain checks that it is earlier than the case's and still ahead."""
    text = form_text("resolution_deadline", 16)
    try:
        local = datetime.fromisoformat(text)
    except ValueError:
        local = None
    if local is None or local.tzinfo is not None:
        raise invalid([FieldError("resolution_deadline", "must be a date and time", "须为日期和时间")])
    return local.replace(tzinfo=ZoneInfo(runtime().districts[g.principal.district].config.timezone))


COMMANDS = {
    "accept": lambda: commands.accept,
    "return": lambda: commands.send_back(
        form_text("reason_code", 32), form_text("reason", 1000, required=False) or "", _disputed()
    ),
    "progress": lambda: commands.progress(form_text("note"), request.form.get("public") == "yes"),
    "resolve": lambda: commands.resolve(
        request.form.get("outcome") if request.form.get("outcome") in ("reply", "explanation") else "reply",
        form_text("reply"),
    ),
    "escalate": lambda: commands.escalate(form_text("reason", 1000), []),
    "joint": lambda: commands.open_joint(
        _co_handlers(), form_text("lead_task", 500), form_text("extend_reason", 500, required=False) or ""
    ),
    "merge": lambda: commands.merge(_merge_target()),
    "own": lambda: commands.take_ownership,
    "tighten": lambda: commands.tighten_deadline(_new_deadline(), form_text("reason", 1000)),
    "sign_off": lambda: commands.sign_off(
        request.form.get("approve") == "yes", form_text("note", 1000, required=False) or ""
    ),
    "cluster_merge": lambda: commands.merge_in(_cluster_member()),
    "cluster_split": lambda: commands.split(_cluster_member()),
    "part_accept": lambda: commands.answer_part(_part(), True, ""),
    "part_decline": lambda: commands.answer_part(_part(), False, form_text("reason", 1000)),
    "part_complete": lambda: commands.complete_part(_part(), form_text("summary")),
    "part_reassign": lambda: commands.decide_part(_part(), form_text("new_unit_id", 40)),
    "part_drop": lambda: commands.decide_part(_part(), None),
    "message": lambda: contact_access.message(_sms_text()),
    "callback": lambda: contact_access.request_callback(form_text("question", resident_contact.QUESTION_MAX)),
}
TITLES = {
    "joint": "发起联办",
    "return": "退单",
    "resolve": "办结",
    "part_reassign": "改派协办",
    "part_drop": "撤销协办",
    "part_accept": "签收协办",
    "part_decline": "退回协办",
    "part_complete": "完成协办",
    "cluster_merge": "合并重复诉求",
    "cluster_split": "拆分出重复诉求",
    "sign_off": "审签答复",
    "tighten": "提前办结期限",
    "message": "通过平台短信联系居民",
    "callback": "申请热线回拨",
}


@blueprint.context_processor
def return_reasons() -> dict:
    """The district's return reasons (退单原因) for the case page's return form."""
    principal = getattr(g, "principal", None)
    district = runtime().districts.get(principal.district) if principal else None
    return {"return_reasons": district.config.returns.reasons if district else []}


@blueprint.post("/cases/<case_id>/do/<action>")
@signed_in
def act(case_id: str, action: str):
    case_id = lookup.case_id(runtime(), g.principal.district, case_id)  # an id or a ticket number
    if action not in COMMANDS:
        raise ApiError(404, "unknown_action", f"no action {action}", "没有这个操作")
    try:
        command = COMMANDS[action]()
        if request.form.get("confirm") != "yes":
            return _confirm(case_id, action)
        result = perform(runtime(), g.principal, case_id, command)
    except ApiError as error:
        if error.status == 404 and error.code == "not_found" and action != "merge":
            raise
        refused = error.to_dict()["error"]
        page, status = case_page(case_id, error=refused, status=error.status, typed=_typed(), failed=action)
        return page, status, error.headers  # a limit's Retry-After on the page too
    if not readable(case_id):  # returned or reported up out of the handler's sight: back to the inbox
        return redirect(url_for("routing_pages.inbox", done=action, ticket=result["ticket"], to=result["unit_id"]), 303)
    if "case.resolution_proposed.v1" in result["events"]:
        action = "propose"  # a 包案 case's answer: it waits for the leader's sign-off
    return redirect(url_for("routing_pages.case_page", case_id=case_id, done=action), 303)


def _typed() -> dict[str, str | list[str]]:
    """What the handler typed, put back in the form when the action is refused (nothing is lost); the
    co-handling units checked, all of them, as ``unit_ids``."""
    typed: dict[str, str | list[str]] = {k: v for k, v in request.form.items() if k not in ("csrf_token", "confirm")}
    return {**typed, "unit_ids": request.form.getlist("unit_id")}


def _confirm(case_id: str, action: str):
    fields = [(k, v) for k, v in request.form.items(multi=True) if k not in ("csrf_token", "confirm")]
    title = TITLES.get(action) or ACTION_NAMES.get(action, action)
    district = runtime().districts[g.principal.district]
    return render_template(
        "routing_pages/confirm.html",
        case_id=case_id,
        action=action,
        title=title,
        fields=fields,
        shown=confirming.shown(fields, district),
        who=g.principal,
    )
