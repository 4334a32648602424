"""The people a case follows besides its units (``case_followers``): its first-contact owner (首问负责)
and the resident's proxy (代理) from ``case.received.v1``, its 包案 leader from ``case.owner_assigned.v1``;
the proxy leaves with ``case.proxy_withdrawn.v1``. Notify's audiences ``first_contact_owner``, ``proxy``
and ``case_owner`` are these people (``domain/recipients``).

An event about a case whose follower notify has not heard of yet reaches nobody of that duty: the
duties are set when the case is received or taken, before the steps they are told of."""

from __future__ import annotations

import functools

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from minqing_kit.statements import dialect_insert, dialect_name

from .adapters.tables import case_followers


def received(payload) -> dict[str, str]:
    """The duties a received case starts with: a signed-in person who took it, and where they filed it
    with the resident's consent (proxy filing, 代理), the same person as their proxy."""
    person = payload.first_contact.id if payload.first_contact.kind == "person" else None
    if not person:
        return {}
    duties = {"first_contact": person}
    if payload.proxy_consent is not None:
        duties["proxy"] = person
    return duties


def record(session: Session, case_id: str, duties: dict[str, str]) -> None:
    """Set each duty's person (a new 包案 leader replaces the previous one), in one statement."""
    rows = [dict(case_id=case_id, duty=duty, person_id=person_id) for duty, person_id in duties.items()]
    if rows:
        session.execute(_upsert(dialect_name(session)), rows)


@functools.cache
def _upsert(dialect: str):
    """Built once (its rows bound per call, so compiled once): a duty's row replaced by the new person."""
    statement = dialect_insert(dialect, case_followers)
    return statement.on_conflict_do_update(
        index_elements=["case_id", "duty"], set_={"person_id": statement.excluded.person_id}
    )


def withdraw_proxy(session: Session, case_id: str, person_id: str) -> None:
    """The resident took the case back: the proxy follows it no more, nor as its first-contact owner."""
    session.execute(
        delete(case_followers).where(case_followers.c.case_id == case_id, case_followers.c.person_id == person_id)
    )


def of_cases(session: Session, case_ids: set[str]) -> dict[str, dict[str, str]]:
    """The people several cases follow, by case and duty, in one statement."""
    found: dict[str, dict[str, str]] = {}
    if case_ids:
        for row in session.execute(_OF_CASES, {"cases": sorted(case_ids)}):
            found.setdefault(row.case_id, {})[row.duty] = row.person_id
    return found


_OF_CASES = select(case_followers).where(case_followers.c.case_id.in_(bindparam("cases", expanding=True)))
