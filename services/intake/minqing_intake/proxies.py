"""Use case: the resident takes their case back from the proxy (代理) who filed it with their consent.
The tracking secret proves the case is theirs; the proxy (the filer, the case's first-contact person)
is then no longer told of its steps nor may answer its follow-up (``case.proxy_withdrawn.v1``, in the
outbox in the same transaction). Taking it back twice changes nothing the second time."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import select, update

from minqing_contracts.events.intake import ProxyWithdrawn
from minqing_kit.errors import ApiError

from .adapters.tables import cases
from .bootstrap import Runtime
from .case_chain import later_event
from .clock import iso_utc
from .receipts import secret_matches

NO_PROXY = ApiError(409, "no_proxy", "this case was not filed by a proxy", "该诉求不是代理人代办的")


def withdraw(runtime: Runtime, ticket: str, secret: str | None) -> dict:
    now = datetime.now(UTC)
    with runtime.db.transaction() as session:
        row = session.execute(select(cases).where(cases.c.ticket == ticket).with_for_update()).first()
        if row is None:
            raise ApiError(404, "not_found", f"no case with ticket {ticket}", f"未找到编号为{ticket}的诉求")
        if not secret_matches(secret, row.tracking_hash):
            raise ApiError(403, "bad_secret", "the tracking secret does not match this ticket", "查询密码与编号不符")
        if not row.proxy_consent:
            raise NO_PROXY
        proxy = json.loads(row.first_contact).get("id")
        if row.proxy_withdrawn_at is None and proxy:
            session.execute(update(cases).where(cases.c.id == row.id).values(proxy_withdrawn_at=now, updated_at=now))
            event = ProxyWithdrawn(ticket=row.ticket, proxy_person_id=proxy, withdrawn_at=now)
            runtime.outbox.add(session, later_event(event, row))
        withdrawn_at = row.proxy_withdrawn_at or now
    return {"ticket": ticket, "proxy_withdrawn_at": iso_utc(withdrawn_at)}
