"""Use cases of the visit (走访) and the 民情日记: record a visit to households of a grid, and read a
person's visits of a day.

One transaction holds the visit, a case for every matter filed (through the ``grid_visit`` channel, the
visitor its first-contact owner, the grid its place) and ``visit.recorded.v1`` in the outbox, so a visit
never exists without its cases or the other way round. The visitor's ``Idempotency-Key`` makes a retry
from a phone that lost its connection safe: the same key and body answer the stored visit and write
nothing; the same key with another body is refused.
"""
from __future__ import annotations

import hashlib
import json
import logging
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from minqing_contracts import new_envelope
from minqing_contracts.events.intake import VisitRecorded
from minqing_kit.errors import ApiError, FieldError, invalid

from .adapters.grid_tables import households, visits
from .bootstrap import Runtime
from .domain import channels
from .domain.households import supervises, visible_grids
from .domain.submission import Submission
from .households import audit
from .submit import file_within

log = logging.getLogger(__name__)
CHANNEL = "grid_visit"
LEEWAY = timedelta(minutes=10)  # a phone's clock a little ahead is not a visit in the future


@dataclass(frozen=True)
class Matter:
    outcome: str  # case | resolved | opinion
    content: str
    household_id: str | None = None
    category: str | None = None
    urgent: bool = False


@dataclass(frozen=True)
class VisitInput:
    district: str
    grid_code: str
    visited_at: datetime
    household_ids: tuple[str, ...]
    matters: tuple[Matter, ...] = ()

    def fingerprint(self) -> str:
        data = json.dumps(asdict(self), ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(data.encode()).hexdigest()


def _check(runtime: Runtime, staff: channels.Staff, given: VisitInput) -> None:
    config = runtime.districts.get(given.district)
    if config is None or not channels.may_take(staff, CHANNEL, given.district):
        raise ApiError(403, "forbidden", "only the district's grid staff record visits",
                       "只有本区网格工作人员可录入走访")
    if given.grid_code not in visible_grids(staff, config):
        raise ApiError(403, "forbidden", "not a grid of yours", "该网格不归您负责",
                       [FieldError("grid_code", "not a grid of yours", "该网格不归您负责")])
    if given.visited_at > datetime.now(UTC) + LEEWAY:
        raise invalid([FieldError("visited_at", "must not be in the future", "走访时间不得晚于现在")])
    problems = [FieldError(f"matters[{i}].household_id", "not one of the households visited", "不是本次走访的住户")
                for i, m in enumerate(given.matters) if m.household_id and m.household_id not in given.household_ids]
    if problems:
        raise invalid(problems)


def record(runtime: Runtime, staff: channels.Staff, given: VisitInput, key: str) -> dict[str, Any]:
    """The visit as recorded (201); a replay of ``key`` answers the same visit."""
    _check(runtime, staff, given)
    fingerprint = given.fingerprint()
    existing = _replay(runtime, staff, key, fingerprint)
    if existing is not None:
        return existing
    try:
        return _record(runtime, staff, given, key, fingerprint)
    except IntegrityError:  # a concurrent retry with the same key committed first
        existing = _replay(runtime, staff, key, fingerprint)
        if existing is None:
            raise
        return existing


def _replay(runtime: Runtime, staff: channels.Staff, key: str, fingerprint: str) -> dict[str, Any] | None:
    with runtime.db.engine.connect() as connection:
        row = connection.execute(select(visits.c.fingerprint, visits.c.record).where(
            visits.c.visitor_id == staff.person_id, visits.c.idempotency_key == key)).first()
    if row is None:
        return None
    if row.fingerprint != fingerprint:
        raise ApiError(422, "idempotency_key_reused", "this Idempotency-Key was used for a different visit",
                       "该幂等键已用于另一次走访")
    return dict(row.record)


def _record(runtime: Runtime, staff: channels.Staff, given: VisitInput, key: str, fingerprint: str) -> dict[str, Any]:
    visit_id = str(uuid.uuid4())
    local_date = given.visited_at.astimezone(ZoneInfo(runtime.districts[given.district].timezone)).date()
    with runtime.db.transaction() as session:
        found = set(session.execute(select(households.c.id).where(
            households.c.district == given.district, households.c.grid_code == given.grid_code,
            households.c.id.in_(given.household_ids))).scalars())
        missing = [FieldError(f"households[{i}]", "not a household of the grid", "不是该网格的住户")
                   for i, h in enumerate(given.household_ids) if h not in found]
        if missing:
            raise invalid(missing)
        matters = [_matter(runtime, session, staff, given, m) for m in given.matters]
        answer = {"visit_id": visit_id, "district": given.district, "grid_code": given.grid_code,
                  "visitor_id": staff.person_id, "visited_at": given.visited_at.astimezone(UTC).isoformat(),
                  "local_date": local_date.isoformat(), "households": list(given.household_ids), "matters": matters}
        session.execute(visits.insert().values(
            id=visit_id, district=given.district, visitor_id=staff.person_id, idempotency_key=key,
            fingerprint=fingerprint, grid_code=given.grid_code, visited_at=given.visited_at, local_date=local_date,
            record=answer))
        runtime.outbox.add(session, new_envelope(_event(answer, given, local_date), district=given.district,
                                                 producer="intake"))
    log.info("visit recorded", extra={"fields": {"visit_id": visit_id, "grid_code": given.grid_code,
                                                 "households": len(given.household_ids), "matters": len(matters)}})
    return answer


def _matter(runtime: Runtime, session: Any, staff: channels.Staff, given: VisitInput, m: Matter) -> dict[str, Any]:
    found: dict[str, Any] = {"household_id": m.household_id, "outcome": m.outcome, "content": m.content,
                             "case_id": None, "ticket": None}
    if m.outcome == "case":
        filed = file_within(runtime, session, Submission(
            district=given.district, channel=CHANNEL, content=m.content, category=m.category,
            grid_code=given.grid_code, urgent=m.urgent), staff)
        found.update(case_id=filed["case_id"], ticket=filed["ticket"])
    return found


def _event(answer: dict[str, Any], given: VisitInput, local_date: date) -> VisitRecorded:
    return VisitRecorded(
        visit_id=answer["visit_id"], visitor_id=answer["visitor_id"], grid_code=given.grid_code,
        visited_at=given.visited_at, local_date=local_date, household_ids=sorted(set(given.household_ids)),
        matters=[{"household_id": m["household_id"], "outcome": m["outcome"], "case_id": m["case_id"]}
                 for m in answer["matters"]])


def diary(runtime: Runtime, staff: channels.Staff, person: str, day: date) -> dict[str, Any]:
    """民情日记: the person's visits of a local day, with each household's place; for the person and the
    handlers and supervisors of their community and street. Each household shown is an audited read."""
    config = runtime.districts.get(staff.district)
    if config is None or not supervises(staff, config, person):
        raise ApiError(404, "not_found", "no diary of that person for you", "无权查看该人员的民情日记")
    with runtime.db.transaction() as session:
        rows = session.execute(select(visits.c.record).where(
            visits.c.district == config.code, visits.c.visitor_id == person, visits.c.local_date == day)
            .order_by(visits.c.visited_at)).scalars().all()
        ids = sorted({h for r in rows for h in r["households"]})
        places = {h.id: {"id": h.id, "building_id": h.building_id, "unit": h.unit_no, "door": h.door}
                  for h in session.execute(select(households).where(households.c.id.in_(ids)))}
        audit(session, config.code, staff.person_id, list(places), "diary")
    entries = [{**r, "households": [places.get(h, {"id": h}) for h in r["households"]]} for r in rows]
    return {"district": config.code, "person": person, "date": day.isoformat(), "visits": entries,
            "counts": {"visits": len(entries), "households": len(ids),
                       **{o: sum(m["outcome"] == o for r in rows for m in r["matters"])
                          for o in ("case", "resolved", "opinion")}}}
