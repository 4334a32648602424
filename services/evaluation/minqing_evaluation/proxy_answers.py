"""The resident's proxy (代理) answers the follow-up for them (回访), with the consent shown. Who the proxy
is comes from the case's kept facts: ``case.received.v1`` with ``proxy_consent`` names the filer
(``first_contact``) as the proxy; ``case.proxy_withdrawn.v1`` (the resident took the case back) ends it.
The answer is recorded as a hotline answer is (entered by staff), and ``case.rated.v1`` carries the
proxy and the consent, so nobody reads it as the resident's own click."""

from __future__ import annotations

from sqlalchemy import select

from minqing_contracts.events.base import Actor
from minqing_contracts.events.evaluation import ProxyAnswer
from minqing_contracts.events.intake import ProxyWithdrawn
from minqing_kit.errors import ApiError

from . import followups
from .adapters.tables import evaluations, facts
from .bootstrap import Runtime
from .domain.facts import RECEIVED
from .domain.followup import Answer

WITHDRAWN = ProxyWithdrawn.EVENT_TYPE
NOT_YOURS = ApiError(404, "not_found", "no such follow-up of a case you act for", "未找到您代理的回访")


def proxies(session, case_ids: list[str]) -> dict[str, ProxyAnswer]:
    """case id -> its proxy and the consent, for the cases still in a proxy's hands."""
    found: dict[str, ProxyAnswer] = {}
    withdrawn: set[str] = set()
    query = select(facts.c.case_id, facts.c.event_type, facts.c.data).where(
        facts.c.case_id.in_(case_ids), facts.c.event_type.in_((RECEIVED, WITHDRAWN))
    )
    for row in session.execute(query):
        if row.event_type == WITHDRAWN:
            withdrawn.add(row.case_id)
        elif row.data.get("proxy_consent") and (row.data.get("first_contact") or {}).get("id"):
            found[row.case_id] = ProxyAnswer(
                proxy_person_id=row.data["first_contact"]["id"], consent=row.data["proxy_consent"]
            )
    return {case_id: proxy for case_id, proxy in found.items() if case_id not in withdrawn}


def open_for(runtime: Runtime, principal) -> dict:
    """The open follow-ups of the cases the signed-in person acts for, each with the resident's consent."""
    with runtime.db.transaction() as session:
        rows = session.execute(
            select(evaluations)
            .where(evaluations.c.district == principal.district, evaluations.c.status == "open")
            .order_by(evaluations.c.requested_at.desc())
        ).all()
        held = proxies(session, [r.case_id for r in rows])
    mine = [
        (r, held[r.case_id])
        for r in rows
        if r.case_id in held and held[r.case_id].proxy_person_id == principal.person_id
    ]
    return {
        "items": [
            {
                "evaluation_id": r.id,
                "ticket": r.ticket,
                "unit_id": r.unit_id,
                "expires_at": r.expires_at.isoformat(),
                "consent": proxy.consent.model_dump(mode="json"),
            }
            for r, proxy in mine
        ]
    }


def answer(runtime: Runtime, principal, evaluation_id: str, given: Answer) -> dict:
    """The proxy's answer for the resident: only the case's proxy, until the resident took it back."""
    with runtime.db.transaction() as session:
        row = session.execute(select(evaluations).where(evaluations.c.id == evaluation_id).with_for_update()).first()
        proxy = proxies(session, [row.case_id]).get(row.case_id) if row and row.district == principal.district else None
        if proxy is None or proxy.proxy_person_id != principal.person_id:
            raise NOT_YOURS
        actor = Actor(
            kind="person",
            id=principal.person_id,
            name=principal.name,
            role=principal.roles[0] if principal.roles else None,
            unit_id=principal.unit_id,
        )
        return followups.record_answer(session, runtime, row, given, "hotline", actor, proxy)
