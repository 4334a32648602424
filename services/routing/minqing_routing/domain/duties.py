"""Duties that follow people from intake (首问负责, 代理). The person who took the request (its
first-contact owner) keeps it on their list until the resident has rated the answer; a proxy filer acts
for the resident with their consent until the resident takes the case back. Both may read the case
(``access.readable``) and are told of its public steps (notify, from ``case.received.v1``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from minqing_contracts.events.base import Actor

from .case import Case, Effects


def holders(first_contact: Actor, consent: dict[str, Any] | None) -> tuple[str | None, str | None]:
    """(first-contact owner, proxy) person ids from a received case: a signed-in person who took the
    request owns the first contact; where they filed it with the resident's consent (proxy filing), they
    are the resident's proxy too."""
    person = first_contact.id if first_contact.kind == "person" and first_contact.id else None
    return person, person if consent else None


def withdraw_proxy(case: Case, proxy_id: str, resident: Actor) -> Effects:
    """The resident takes the case back: the proxy no longer follows it (nor as its first-contact
    owner, which the proxy was by filing it). A proxy the case does not have changes nothing."""
    effects = Effects()
    if case.proxy_id != proxy_id:
        return effects
    case.proxy_id = None
    if case.first_contact_id == proxy_id:
        case.first_contact_id = None
    effects.step(case, "proxy_withdrawn", resident, case.state, f"居民收回代理 ({proxy_id})")
    return effects


def rated(case: Case, when: datetime) -> Effects:
    """The resident rated the answer (销账 with a rating): the first-contact duty is done."""
    effects = Effects()
    if case.rated_at is None:
        case.rated_at = when
        effects.step(case, "rated", Actor(kind="resident"), case.state, "居民已评价")
    return effects
