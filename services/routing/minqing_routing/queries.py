"""Read side: a unit's inbox and a case's detail with its audit trail. No contact data is stored here.

A partner district's co-handler (跨区联办) reads another district's case its unit holds a part of, as
partners see it (``partner_summary``): its public fields, the place, the lead unit and deadline, the lead's
part and its own, none of the case's people, trail, cluster or other parts."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, false, or_, select

from minqing_kit.tokens import Principal

from .adapters import repository
from .adapters.tables import OPEN_STATES, cases, history, parts
from .bootstrap import Runtime
from .domain import access, agreements, firewall
from .domain.org import DistrictOrg
from .handling import NOT_FOUND

OPEN = OPEN_STATES


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def summary(row, now: datetime) -> dict:
    overdue = row.state in OPEN and (
        (row.resolution_deadline is not None and row.resolution_deadline < now)
        or (row.state == "dispatched" and row.response_deadline is not None and row.response_deadline < now)
    )
    return {
        "case_id": row.id,
        "ticket": row.ticket,
        "category": row.category,
        "request_type": row.request_type,
        "urgent": row.urgent,
        "state": row.state,
        "unit_id": row.unit_id,
        "level": row.level,
        "content": row.content,
        "address": row.address,
        "grid_code": row.grid_code,
        "located_by": row.located_by,
        "acceptance_deadline": _iso(row.acceptance_deadline),
        "response_deadline": _iso(row.response_deadline),
        "resolution_deadline": _iso(row.resolution_deadline),
        "overdue": overdue,
        "return_count": row.return_count,
        "reopen_count": row.reopen_count,
        "owner_id": row.owner_id,
        "first_contact_id": row.first_contact_id,
        "proxy_id": row.proxy_id,
        "proxy_consent": json.loads(row.proxy_consent) if row.proxy_consent else None,
        "rated": row.rated_at is not None,
        "awaiting_sign_off": row.proposal is not None,
        "joint": row.joint,
        "duplicate_of": row.duplicate_of,
        "merged_into": row.merged_into,
        "received_at": _iso(row.received_at),
    }


PRIVATE = (  # the case's district's own: its people, and its other cases (a duplicate's original, a merge)
    "owner_id",
    "first_contact_id",
    "proxy_id",
    "proxy_consent",
    "duplicate_of",
    "merged_into",
)


def partner_summary(row, now: datetime, lead_unit_name: str) -> dict:
    """The case as a partner district's co-handler sees it (跨区联办)."""
    body = summary(row, now) | dict.fromkeys(PRIVATE)
    return body | {"partner_view": True, "district": row.district, "lead_unit_name": lead_unit_name}


def row_for(runtime: Runtime, who: Principal, row, now: datetime) -> dict:
    """An inbox row: the reader's own district's case in full, a partner district's as partners see it."""
    if row.district == who.district:
        return summary(row, now)
    lead = runtime.districts.get(row.district)
    return partner_summary(row, now, lead.org.unit(row.unit_id).name if lead else "")


CLUSTER = select(cases.c.id, cases.c.ticket, cases.c.state, cases.c.merged_into, cases.c.received_at).order_by(
    cases.c.ticket
)


def cluster_member(row, case_id: str) -> dict:
    """A case of this case's duplicate cluster: merged into it, or flagged by intake as its duplicate."""
    merged = row.merged_into == case_id and row.state == "merged"
    return {"case_id": row.id, "ticket": row.ticket, "state": row.state, "merged": merged}


def scope(org: DistrictOrg, who: Principal, below: bool) -> tuple[ColumnElement[bool], Select]:
    """The cases in a person's queue: their unit's (with ``below``, an overseer's units below too; the
    district's dispatcher also works triage), the cases they own (包案) and those their unit holds a part of.
    In two parts: the person's own district's cases in it (a condition naming the district, so an index
    led by the district reads them), and the ids of another district's cases their unit holds a part of
    (跨区联办). A volunteer (no desk: ``Principal.desk``) has only the cases they own, none: the cases they
    filed are on their first-contact list (``duty_scope``)."""
    if who.desk is None:
        nothing_elsewhere = select(parts.c.case_id).where(false())
        return and_(cases.c.district == who.district, cases.c.owner_id == who.person_id), nothing_elsewhere
    units = (
        [u for u in org.units if org.within(u, who.unit_id)]
        if below and who.has_any(*access.OVERSEERS)
        else [who.unit_id]
    )
    if who.unit_id == org.code and who.has_any("dispatcher"):
        units.append(org.triage_id)
    own = or_(
        cases.c.unit_id.in_(units),
        cases.c.owner_id == who.person_id,
        cases.c.id.in_(
            select(parts.c.case_id).where(parts.c.unit_id == who.unit_id, parts.c.status.notin_(("dropped",)))
        ),
    )
    partner = select(parts.c.case_id).where(
        parts.c.district == who.district, parts.c.unit_id == who.unit_id, parts.c.status != "dropped"
    )  # 跨区联办: another district's cases the person's unit holds a part of
    return and_(cases.c.district == who.district, own), partner


DUTIES = ("first_contact", "owner")


def duty_scope(who: Principal, duty: str) -> ColumnElement[bool]:
    """A person's own lists: the requests they took first (首问负责), until the resident rated the answer (a
    case merged into another too: its resident is answered with the cluster and rates it); the cases they
    own (包案)."""
    if duty == "first_contact":
        return and_(cases.c.first_contact_id == who.person_id, cases.c.rated_at.is_(None))
    return cases.c.owner_id == who.person_id


def inbox(
    runtime: Runtime,
    who: Principal,
    state: str | None,
    overdue: bool | None,
    deadline_before: datetime | None,
    below: bool,
    limit: int,
    duty: str | None = None,
) -> dict:
    district = runtime.districts.get(who.district)
    if district is None:
        return {"cases": [], "count": 0}
    now = runtime.now()
    if duty:
        where = and_(cases.c.district == who.district, duty_scope(who, duty))
    else:
        home, partner = scope(district.org, who, below)
        where = or_(home, cases.c.id.in_(partner))
    query = select(cases).where(where)
    if state:
        query = query.where(cases.c.state == state)
    if overdue is not None:
        late = and_(
            cases.c.state.in_(OPEN),
            or_(
                cases.c.resolution_deadline < now, and_(cases.c.state == "dispatched", cases.c.response_deadline < now)
            ),
        )
        query = query.where(late if overdue else ~late)
    if deadline_before is not None:
        query = query.where(cases.c.resolution_deadline <= deadline_before)
    query = query.order_by(cases.c.resolution_deadline, cases.c.id).limit(limit)
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(query).all()
    return {"cases": [row_for(runtime, who, r, now) for r in rows], "count": len(rows)}


def detail(runtime: Runtime, who: Principal, case_id: str) -> dict:
    with runtime.db.transaction() as session:
        row = session.execute(select(cases).where(cases.c.id == case_id)).first()
        district = runtime.districts.get(row.district) if row else None  # the case's
        if row is None or district is None:
            raise NOT_FOUND
        found_parts = repository.load_parts(session, case_id) if row.joint else []
        case = repository.to_case(row)
        if not access.readable(district.org, who, case, access.part_units(case, found_parts, who.district)):
            raise NOT_FOUND
        if access.partner_view(who, case):
            body = partner_summary(row, runtime.now(), district.org.unit(row.unit_id).name)
            mine = [p for p in found_parts if p.lead or p.district == who.district]
            return body | {"cluster": [], "proposal": None, "history": [], "parts": _parts(district, mine)}
        steps = session.execute(select(history).where(history.c.case_id == case_id).order_by(history.c.id)).all()
        in_cluster = or_(cases.c.merged_into == case_id, cases.c.duplicate_of == case_id)
        members = session.execute(CLUSTER.where(cases.c.district == row.district, in_cluster))
        body = summary(row, runtime.now())
        body["cluster"] = [cluster_member(m, case_id) for m in members if m.id != case_id]
    body["proposal"] = json.loads(row.proposal) if row.proposal else None
    body["history"] = [
        {
            "at": _iso(s.at),
            "action": s.action,
            "from_state": s.from_state,
            "to_state": s.to_state,
            "unit_id": s.unit_id,
            "reason": s.reason,
            "catalogue_item": s.catalogue_item,  # the catalogue item (职责清单) a dispatch, ruling or return cited
            "catalogue_version": s.catalogue_version,
            "actor": {
                "kind": s.actor_kind,
                "id": s.actor_id,
                "name": s.actor_name,
                "role": s.actor_role,
                "unit_id": s.actor_unit,
            },
        }
        for s in steps
        if firewall.sees_step(who, s.action, s.actor_id)
    ]
    body["parts"] = _parts(district, found_parts)
    return body


def _parts(district, found: list) -> list[dict]:
    return [
        {
            "part_id": p.part_id,
            "unit_id": p.unit_id,
            "unit_name": agreements.unit_of(district.work, p).name,
            "task": p.task,
            "deadline": _iso(p.deadline),
            "lead": p.lead,
            "status": p.status,
            "note": p.note,
            "district": p.district or district.config.code,
        }
        for p in found
    ]
