"""The complainant firewall's routing side (``domain/firewall``): the reveal as a handler command (its audit
step written by the one writer, committed before anything is shown), the grant routing signs for notify,
and the contact read from notify with the person's own token and that grant."""

from __future__ import annotations

from typing import Any

from minqing_kit.errors import ApiError
from minqing_kit.tokens import ContactGrant, Principal

from .bootstrap import Runtime
from .command_context import Command, CommandContext
from .domain import access, firewall
from .domain.case import Effects
from .peers import call

GRANT_HEADER = "X-Contact-Grant"


def reveal(reason: str) -> Command:
    """Anyone of the case's district who may read the case (``handling.perform`` checks that) may reveal,
    with a reason; a partner district's co-handler (跨区联办) never sees the resident's contact."""

    def command(c: CommandContext) -> Effects:
        if access.partner_view(c.who, c.case):
            raise ApiError(404, "not_found", "no such case", "未找到该诉求")
        return firewall.reveal(c.case, c.actor, c.who.roles, reason)

    return command


def contact(runtime: Runtime, who: Principal, token: str, case_id: str, clear: bool) -> dict[str, Any]:
    """Notify's answer for the case's contact (masked unless ``clear``); the caller checked access and,
    for ``clear``, recorded the reveal."""
    if runtime.signer is None:
        raise ApiError(503, "no_signing_key", "TOKEN_SIGNING_KEY is not set", "未配置签名密钥,无法查看联系方式")
    grant = runtime.signer.grant_contact(ContactGrant(who.person_id, case_id, clear))
    settings = runtime.settings
    path = f"/api/v1/cases/{case_id}/contact"
    return call(settings.notify_base_url(), token, path, settings.NOTIFY_TIMEOUT_SECONDS, headers={GRANT_HEADER: grant})
