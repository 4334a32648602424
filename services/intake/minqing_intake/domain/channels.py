"""The ways in (channels) and who takes a request first (首问负责).

Resident channels are open: the web form and API (``web``, ``api``), the anonymous echo wall
(回音墙, ``echo_wall``: no identity kept at all) and Open311 (through a registered client's key).
Staff channels need a signed-in person, who becomes the case's first-contact owner: the hotline
operator (``hotline``), a grid worker on a house visit (走访, ``grid_visit``), a building messenger
(民情信使, ``messenger``), a WeChat group relay (``wechat_group``), a talk-room session (说事,
``talk_room``), a teahouse collector (``teahouse``) and proxy filing on a resident's behalf
(代办/代理, ``proxy``, which records whom it was filed for).
"""
from __future__ import annotations

from dataclasses import dataclass, field

RESIDENT_CHANNELS = ("web", "api", "echo_wall")
STAFF_CHANNELS = ("hotline", "grid_visit", "messenger", "wechat_group", "talk_room", "teahouse", "proxy")
OPEN311 = "open311"
CHANNELS = RESIDENT_CHANNELS + STAFF_CHANNELS + (OPEN311,)

_ANY_STAFF = frozenset({"grid_worker", "community_handler", "street_handler", "district_handler",
                        "department_handler", "hotline_operator", "dispatcher", "supervisor", "leader", "admin"})
ROLES_BY_CHANNEL = {
    "hotline": frozenset({"hotline_operator", "dispatcher"}),
    "grid_visit": frozenset({"grid_worker", "community_handler"}),
    **{channel: _ANY_STAFF for channel in ("messenger", "wechat_group", "talk_room", "teahouse", "proxy")},
}


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


def may_take(staff: Staff, channel: str, district: str) -> bool:
    return staff.district == district and bool(ROLES_BY_CHANNEL.get(channel, frozenset()) & set(staff.roles))


def first_contact(channel: str, staff: Staff | None, open311_client: str | None = None) -> dict:
    """The Actor (as a dict) who stays responsible for following the request up."""
    if staff is not None:
        role = next((r for r in staff.roles if r in ROLES_BY_CHANNEL.get(channel, ())), None)
        return {"kind": "person", "id": staff.person_id, "name": staff.name, "role": role, "unit_id": staff.unit_id}
    if channel == OPEN311:
        return {"kind": "system", "id": f"open311:{open311_client}", "name": None}
    return {"kind": "resident", "id": None, "name": None}
