"""Who an audience is, for one event in one district: residents by case, staff and units by config.

Residents' contacts never live here: a resident recipient names the case whose sealed contact the
delivery worker opens at send time. Staff and units carry the contact from the district file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from minqing_contracts.org import Contact, DistrictConfig, Person

from .step_updates import STEP_UPDATES_REF, resident_step

SUPERVISOR_ROLE = "supervisor"
DISPATCHER_ROLE = "dispatcher"
HOTLINE_ROLE = "hotline_operator"
LEADERSHIP_ROLES = {"supervisor", "leader"}  # 督办 and the leaders who act on a flagged review


def household_contact_key(invitation_id: str) -> str:
    """Where a project invitation's sealed contact is kept, in place of a case's reporter."""
    return f"household:{invitation_id}"


def sign_in_contact_key(request_id: str) -> str:
    """Where a sign-in request's sealed phone is kept (我的诉求), in place of a case's reporter."""
    return f"sign_in:{request_id}"


def is_handler(person: Person) -> bool:
    return any(role.endswith("_handler") for role in person.roles)


@dataclass(frozen=True)
class Addressing:
    """Which address of a recipient a channel uses (each channel class carries one)."""

    contact_field: str | None = None  # staff and units: this field of their Contact in the district file
    resident_field: str | None = None  # residents: this field of their sealed contact; None: never residents
    person_id: bool = False  # the person's own id (the in-app inbox): staff only, not units


@dataclass(frozen=True)
class Recipient:
    kind: str  # resident | handler | supervisor | unit
    ref: str  # person or unit id, or "reporter"; never contact data
    contact: Contact | None = None  # staff and units only
    case_id: str | None = None  # residents: whose reporter
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)  # e.g. a joint part's task

    @property
    def key(self) -> str:
        """Unique per person or unit (a handler who also supervises is one person): part of the
        (event, recipient, channel) delivery key."""
        if self.kind == "resident":
            return f"reporter:{self.case_id}"
        return f"unit:{self.ref}" if self.kind == "unit" else f"person:{self.ref}"

    def address(self, addressing: Addressing) -> str | None:
        """Staff and units: the address a channel uses (the inbox: the person's id). Residents: resolved
        at send time from their sealed contact."""
        if self.kind == "resident":
            return None
        if addressing.person_id:
            return self.ref if self.kind in ("handler", "supervisor") else None
        if self.contact is None or addressing.contact_field is None:
            return None
        address: str | None = getattr(self.contact, addressing.contact_field)
        return address


def _people(
    district: DistrictConfig, unit_id: str | None, role_test: Callable[[Person], bool], kind: str
) -> list[Recipient]:
    return [
        Recipient(kind, p.id, p.contact)
        for p in district.people
        if (unit_id is None or p.unit == unit_id) and role_test(p)
    ]


def unit_contact(district: DistrictConfig, unit_id: str) -> Contact | None:
    """The contact the district file gives the unit ``unit_id``: a department's or resident unit's, a
    street's or a community's office (the one lookup, when planning and when sending); None: none given."""
    for unit in district.units:
        if unit.id == unit_id:
            return unit.contact
    for street in district.streets:
        if street.id == unit_id:
            return street.contact
        for community in street.communities:
            if community.id == unit_id:
                return community.contact
    return None


def _unit(district: DistrictConfig, unit_id: str, extra: dict[str, Any] | None = None) -> list[Recipient]:
    return [Recipient("unit", unit_id, unit_contact(district, unit_id), extra=extra or {})]


def _unit_of(payload: Any) -> str | None:
    """The unit an event is about: its ``unit_id``."""
    unit: str | None = getattr(payload, "unit_id", None)
    return unit


FOLLOWER_AUDIENCES = {"case_owner": "owner", "first_contact_owner": "first_contact", "proxy": "proxy"}


def resolve(
    audience: str, district: DistrictConfig, case_id: str | None, payload: Any, followers: dict[str, str] | None = None
) -> list[Recipient]:
    """The recipients of one audience for one event payload; ``followers``: the case's people by duty
    (``owner``, ``first_contact``, ``proxy``), for the audiences that follow a case."""
    unit_id = _unit_of(payload)
    if audience in FOLLOWER_AUDIENCES:
        duty = FOLLOWER_AUDIENCES[audience]
        return _follower(district, duty, (followers or {}).get(duty), payload)
    if audience == "reporter":
        return [Recipient("resident", "reporter", case_id=case_id)] if case_id else []
    if audience == "reporter_updates":
        return _step_updates(case_id, payload)
    if audience == "merge_reporters":
        cases = [c for c in (case_id, payload.into_case_id) if c]
        return [Recipient("resident", "reporter", case_id=c) for c in dict.fromkeys(cases)]
    if audience == "unit_handlers":
        return _people(district, unit_id, is_handler, "handler") if unit_id else []
    if audience == "unit_supervisors":
        return _people(district, unit_id, lambda p: SUPERVISOR_ROLE in p.roles, "supervisor") if unit_id else []
    if audience == "supervising_unit":
        supervising = getattr(payload, "supervisor_unit_id", None)
        if not supervising:
            return []
        return _people(district, supervising, lambda p: SUPERVISOR_ROLE in p.roles, "supervisor")
    if audience == "dispatchers":
        return _people(district, None, lambda p: DISPATCHER_ROLE in p.roles, "handler")
    if audience == "hotline_operators":
        return _people(district, None, lambda p: HOTLINE_ROLE in p.roles, "handler")
    if audience == "unit":
        return _unit(district, unit_id) if unit_id else []
    if audience in ("part_unit_handlers", "part_units"):
        return _joint_parts(audience, district, payload)
    return _named(audience, district, payload)


DUTIES_ZH = {"owner": "包案", "first_contact": "首问", "proxy": "代理"}
STEPS_ZH = {  # what a follower's message says happened (template case_followed)
    "case.dispatched.v1": "已派单",
    "case.accepted.v1": "已签收",
    "case.escalated.v1": "已上报",
    "case.progress_recorded.v1": "有新进展",
    "case.resolved.v1": "已答复",
    "case.reopened.v1": "已重办",
    "case.cluster_answered.v1": "已随合并办理的诉求答复",
    "case.proxy_withdrawn.v1": "已由居民收回代理",
    "evaluation.requested.v1": "待回访,您可代居民答复回访",
}


def _follower(district: DistrictConfig, duty: str, person_id: str | None, payload: Any) -> list[Recipient]:
    """A person the case follows, if the district still has them, with their duty and the step; a step
    not public (an internal progress note) is not theirs to hear."""
    if person_id is None or getattr(payload, "public", True) is False:
        return []
    extra = {"duty_zh": DUTIES_ZH[duty], "step": STEPS_ZH.get(getattr(payload, "EVENT_TYPE", ""), "有新动态")}
    return [
        Recipient(r.kind, r.ref, r.contact, extra=extra)
        for r in _people(district, None, lambda p: p.id == person_id, "handler")
    ]


def _step_updates(case_id: str | None, payload: Any) -> list[Recipient]:
    """The reporter, for a public step's SMS they may have asked for (the opt-in is checked where the
    case's contact is: planning and send time); a step not public is not theirs to hear either."""
    if not case_id or getattr(payload, "public", True) is False:
        return []
    extra = {"step": resident_step(payload, STEPS_ZH)}
    return [Recipient("resident", STEP_UPDATES_REF, case_id=case_id, extra=extra)]


def _named(audience: str, district: DistrictConfig, payload: Any) -> list[Recipient]:
    """Audiences an event names outside ``unit_id``: a joint case's lead unit, a reviewed cadre,
    and the district's own supervisors and leaders."""
    if audience == "lead_unit_handlers":
        lead = getattr(payload, "lead_unit_id", None)  # absent in part completions older than the field
        return _people(district, lead, is_handler, "handler") if lead else []
    if audience == "cadre":
        if getattr(payload, "subject_kind", None) != "cadre":
            return []
        return _people(district, None, lambda p: p.id == payload.subject_id, "handler")
    if audience == "household":  # a project's affected household: its sealed contact came with the event
        return [Recipient("resident", "household", case_id=household_contact_key(payload.invitation_id))]
    if audience == "sign_in":  # 我的诉求: the phone that asked for a code, sealed in the event
        return [Recipient("resident", "sign_in", case_id=sign_in_contact_key(payload.request_id))]
    if audience == "district_leaders":
        return _people(district, district.code, lambda p: bool(LEADERSHIP_ROLES & set(p.roles)), "supervisor")
    if audience == "invitees":  # a meeting's invited staff (residents' representatives are never named in events)
        return _people(district, None, lambda p: p.id in payload.invitee_ids, "handler")
    if audience == "task_owners":
        return _task_owners(district, payload.tasks)
    raise ValueError(f"unknown audience {audience!r}")


def _joint_parts(audience: str, district: DistrictConfig, payload: Any) -> list[Recipient]:
    found: list[Recipient] = []
    for part in payload.parts:
        extra = {"task": part.task, "lead": part.lead, "part_deadline": part.deadline, "part_unit_name": part.unit_name}
        if audience == "part_units":
            found += _unit(district, part.unit_id, extra)
        else:
            found += [
                Recipient(r.kind, r.ref, r.contact, extra=extra)
                for r in _people(district, part.unit_id, is_handler, "handler")
            ]
    return found


def _task_owners(district: DistrictConfig, tasks: list[Any]) -> list[Recipient]:
    """Each owner of a meeting decision's tasks once (the person named, else the unit), with its tasks
    and the earliest deadline."""
    owners: dict[tuple[str, str], list[Any]] = {}
    for task in tasks:
        owner = ("person", task.owner_person_id) if task.owner_person_id else ("unit", task.owner_unit_id)
        owners.setdefault(owner, []).append(task)
    found: list[Recipient] = []
    for (kind, ref), owned in owners.items():
        extra = {"task": "；".join(t.description for t in owned), "part_deadline": min(t.due_at for t in owned)}
        if kind == "unit":
            found += _unit(district, ref, extra)
        else:
            found += [Recipient("handler", p.id, p.contact, extra=extra) for p in district.people if p.id == ref]
    return found
