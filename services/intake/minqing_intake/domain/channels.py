"""The ways in (channels) and who takes a request first (首问负责).

The channels themselves, their labels and who may use each are one table in the contracts
(``minqing_contracts.channels``); this module answers intake's questions about them. A staff
channel needs a signed-in person holding one of its roles, who becomes the case's first-contact
owner; Open311 comes in through a registered client's key; public channels are open to anyone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from minqing_contracts.channels import INTAKE_CHANNEL_BY_CODE, INTAKE_CHANNELS


def _codes(access: str) -> tuple[str, ...]:
    return tuple(c.code for c in INTAKE_CHANNELS if c.access == access)


RESIDENT_CHANNELS = _codes("public")
STAFF_CHANNELS = _codes("staff")
OPEN311 = _codes("open311")[0]
CHANNELS = RESIDENT_CHANNELS + STAFF_CHANNELS + (OPEN311,)
ROLES_BY_CHANNEL = {c.code: frozenset(c.roles) for c in INTAKE_CHANNELS if c.access == "staff"}


@dataclass(frozen=True)
class Staff:
    """A signed-in person taking a request (from a verified token)."""

    person_id: str
    name: str
    district: str
    unit_id: str
    roles: tuple[str, ...] = field(default_factory=tuple)


def needs_staff(channel: str) -> bool:
    return channel in STAFF_CHANNELS


def is_anonymous(channel: str) -> bool:
    """No identity kept (the echo wall): a contact is refused, the event says anonymous."""
    known = INTAKE_CHANNEL_BY_CODE.get(channel)
    return bool(known and known.anonymous)


def files_for_someone(channel: str) -> bool:
    """Filed on a resident's behalf (proxy): says whom, and only such a channel may."""
    known = INTAKE_CHANNEL_BY_CODE.get(channel)
    return bool(known and known.filed_for)


def may_take(staff: Staff, channel: str, district: str) -> bool:
    return staff.district == district and bool(ROLES_BY_CHANNEL.get(channel, frozenset()) & set(staff.roles))


def first_contact(channel: str, staff: Staff | None, open311_client: str | None = None) -> dict[str, str | None]:
    """The Actor (as a dict) who stays responsible for following the request up."""
    if staff is not None:
        role = next((r for r in staff.roles if r in ROLES_BY_CHANNEL.get(channel, ())), None)
        return {"kind": "person", "id": staff.person_id, "name": staff.name, "role": role, "unit_id": staff.unit_id}
    if channel == OPEN311:
        return {"kind": "system", "id": f"open311:{open311_client}", "name": None}
    return {"kind": "resident", "id": None, "name": None}
