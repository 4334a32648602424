"""Use case: the resident turns the SMS on each public step of their case on (开启) or off (退订).

Who may: the holder of the tracking secret, or the resident signed in to 我的诉求 with the phone the case
was filed with. Only a case filed with a phone can be texted (an echo-wall post has none). The choice,
its audit row (``step_update_changes``: how and when) and ``case.step_updates_changed.v1`` for notify are
written in one transaction; choosing what is already chosen changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, select, update

from minqing_contracts.events.intake import StepUpdatesChanged
from minqing_kit.errors import ApiError

from .adapters.tables import cases, step_update_changes
from .bootstrap import Runtime
from .case_chain import later_event
from .receipts import secret_matches
from .views import can_text, filed_with

NO_PHONE = ApiError(
    409, "no_phone", "this case was filed without a mobile number: nobody to text", "该诉求未留手机号,无法短信通知"
)


def change(
    runtime: Runtime, ticket: str, enabled: bool, *, secret: str | None = None, owner_phone_hash: str | None = None
) -> dict:
    """``secret`` (the tracking page) or ``owner_phone_hash`` (我的诉求) proves the case is the resident's."""
    now = datetime.now(UTC)
    with runtime.db.transaction() as session:
        row = session.execute(select(cases).where(cases.c.ticket == ticket).with_for_update()).first()
        if row is None:
            raise ApiError(404, "not_found", f"no case with ticket {ticket}", f"未找到编号为{ticket}的诉求")
        owner = filed_with(row, owner_phone_hash)
        if not owner and not secret_matches(secret, row.tracking_hash):
            raise ApiError(403, "bad_secret", "the tracking secret does not match this ticket", "查询密码与编号不符")
        if not can_text(row):
            raise NO_PHONE
        if row.step_updates != enabled:
            session.execute(update(cases).where(cases.c.id == row.id).values(step_updates=enabled, updated_at=now))
            how = "mine" if owner else "tracking"
            session.execute(
                insert(step_update_changes).values(case_id=row.id, enabled=enabled, changed_at=now, how=how)
            )
            event = StepUpdatesChanged(ticket=row.ticket, enabled=enabled, changed_at=now)
            runtime.outbox.add(session, later_event(event, row))
    return {"ticket": ticket, "step_updates": enabled}
