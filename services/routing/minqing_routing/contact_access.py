"""The complainant firewall's routing side (``domain/firewall``): the reveal as a handler command (its audit
step written by the one writer, committed before anything is shown), the grant routing signs for notify,
and the contact read from notify with the person's own token and that grant. Contacting the resident
without the number (``domain/resident_contact``): the handler's SMS and call-back request, and the
hotline's answer to a call-back, as commands too."""

from __future__ import annotations

from typing import Any

from minqing_kit.errors import ApiError
from minqing_kit.tokens import ContactGrant, Principal

from .bootstrap import Runtime
from .command_context import Command, CommandContext, forbidden, holds_part
from .domain import access, firewall, resident_contact
from .domain.case import Effects
from .peers import call

GRANT_HEADER = "X-Contact-Grant"


def reveal(reason: str) -> Command:
    """Anyone of the case's district who may read the case (``handling.perform`` checks that) may reveal,
    with a reason; a partner district's co-handler (跨区联办) never sees the resident's contact."""

    def command(c: CommandContext) -> Effects:
        _require_own_district(c)
        return firewall.reveal(c.case, c.actor, c.who.roles, reason)

    return command


def message(text: str) -> Command:
    """通过平台短信联系居民: the case's unit (or a part's) sends the resident a short text."""

    def command(c: CommandContext) -> Effects:
        _require_case_unit(c)
        recent = c.step_times("message_resident", c.now - resident_contact.WINDOW)
        return resident_contact.message(c.district.work, c.case, c.actor, text, c.now, recent)

    return command


def request_callback(question: str) -> Command:
    """申请热线回拨: the case's unit asks the hotline to call the resident back with a question."""

    def command(c: CommandContext) -> Effects:
        _require_case_unit(c)
        recent = c.step_times("request_callback", c.now - resident_contact.WINDOW)
        return resident_contact.request_callback(c.district.work, c.case, c.actor, question, c.now, recent)

    return command


def answer_callback(reached: bool, outcome: str) -> Command:
    """回拨结果: a hotline operator records what came of the case's waiting call-back."""

    def command(c: CommandContext) -> Effects:
        if not firewall.needs_contact(c.who.roles):
            raise forbidden("the hotline", "热线接线员")
        waiting = len(c.step_times("request_callback", None)) > len(c.step_times("answer_callback", None))
        return resident_contact.answer_callback(c.district.work, c.case, c.actor, reached, outcome, waiting)

    return command


def _require_own_district(c: CommandContext) -> None:
    """A partner district's co-handler (跨区联办) never reaches the resident: for them, no such case."""
    if access.partner_view(c.who, c.case):
        raise ApiError(404, "not_found", "no such case", "未找到该诉求")


def _require_case_unit(c: CommandContext) -> None:
    _require_own_district(c)
    if not (access.handles(c.district.org, c.who, c.case) or any(holds_part(c, p) for p in c.parts)):
        raise forbidden("the unit that has the case", "承办单位")


def contact(runtime: Runtime, who: Principal, token: str, case_id: str, clear: bool) -> dict[str, Any]:
    """Notify's answer for the case's contact (masked unless ``clear``); the caller checked access and,
    for ``clear``, recorded the reveal."""
    if runtime.signer is None:
        raise ApiError(503, "no_signing_key", "TOKEN_SIGNING_KEY is not set", "未配置签名密钥,无法查看联系方式")
    grant = runtime.signer.grant_contact(ContactGrant(who.person_id, case_id, clear))
    settings = runtime.settings
    path = f"/api/v1/cases/{case_id}/contact"
    return call(settings.notify_base_url(), token, path, settings.NOTIFY_TIMEOUT_SECONDS, headers={GRANT_HEADER: grant})
