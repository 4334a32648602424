"""Use case of the visit (走访): record a visit to households of a grid (the 民情日记 reads them back:
``diary.py``).

One transaction holds the visit, a case for every matter filed (through the ``grid_visit`` channel, the
visitor its first-contact owner, the grid its place) and ``visit.recorded.v1`` in the outbox, so a visit
never exists without its cases or the other way round. The visitor's ``Idempotency-Key`` makes a retry
from a phone that lost its connection safe: the same key and body answer the stored visit and write
nothing; the same key with another body is refused.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from minqing_contracts import new_envelope
from minqing_contracts.events.intake import VisitRecorded
from minqing_kit.errors import ApiError, FieldError, invalid

from .adapters.grid_tables import households, visits
from .bootstrap import Runtime
from .domain import channels
from .domain.households import visible_grids
from .domain.submission import Submission
from .domain.visits import Matter, VisitInput
from .households import not_your_grid
from .submit import file_within

log = logging.getLogger(__name__)
CHANNEL = "grid_visit"
LEEWAY = timedelta(minutes=10)  # a phone's clock a little ahead is not a visit in the future


def _check(runtime: Runtime, staff: channels.Staff, given: VisitInput) -> None:
    config = runtime.districts.get(given.district)
    if config is None or not channels.may_take(staff, CHANNEL, given.district):
        raise ApiError(
            403, "forbidden", "only the district's grid staff record visits", "只有本区网格工作人员可录入走访"
        )
    if given.grid_code not in visible_grids(staff, config):
        raise not_your_grid()
    if given.visited_at > datetime.now(UTC) + LEEWAY:
        raise invalid([FieldError("visited_at", "must not be in the future", "走访时间不得晚于现在")])
    if given.problems():
        raise invalid(given.problems())


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
        row = connection.execute(
            select(visits.c.fingerprint, visits.c.record).where(
                visits.c.visitor_id == staff.person_id, visits.c.idempotency_key == key
            )
        ).first()
    if row is None:
        return None
    if row.fingerprint != fingerprint:
        raise ApiError(
            422,
            "idempotency_key_reused",
            "this Idempotency-Key was used for a different visit",
            "该幂等键已用于另一次走访",
        )
    return dict(row.record)


def _record(runtime: Runtime, staff: channels.Staff, given: VisitInput, key: str, fingerprint: str) -> dict[str, Any]:
    visit_id = str(uuid.uuid4())
    local_date = given.visited_at.astimezone(ZoneInfo(runtime.districts[given.district].timezone)).date()
    with runtime.db.transaction() as session:
        found = set(
            session.execute(
                select(households.c.id).where(
                    households.c.district == given.district,
                    households.c.grid_code == given.grid_code,
                    households.c.id.in_(given.household_ids),
                )
            ).scalars()
        )
        missing = [
            FieldError(f"households[{i}]", "not a household of the grid", "不是该网格的住户")
            for i, h in enumerate(given.household_ids)
            if h not in found
        ]
        if missing:
            raise invalid(missing)
        matters = [_matter(runtime, session, staff, given, m) for m in given.matters]
        answer = {
            "visit_id": visit_id,
            "district": given.district,
            "grid_code": given.grid_code,
            "visitor_id": staff.person_id,
            "visited_at": given.visited_at.astimezone(UTC).isoformat(),
            "local_date": local_date.isoformat(),
            "households": list(given.household_ids),
            "matters": matters,
        }
        session.execute(
            visits.insert().values(
                id=visit_id,
                district=given.district,
                visitor_id=staff.person_id,
                idempotency_key=key,
                fingerprint=fingerprint,
                grid_code=given.grid_code,
                visited_at=given.visited_at,
                local_date=local_date,
                record=answer,
            )
        )
        _mark_visited(session, found, local_date)
        runtime.outbox.add(
            session, new_envelope(_event(answer, given, local_date), district=given.district, producer="intake")
        )
    log.info(
        "visit recorded",
        extra={
            "fields": {
                "visit_id": visit_id,
                "grid_code": given.grid_code,
                "households": len(given.household_ids),
                "matters": len(matters),
            }
        },
    )
    return answer


def _mark_visited(session: Any, household_ids: set[str], day: date) -> None:
    """Each household's latest visit day; a visit sent late from a phone never moves it back."""
    latest = households.c.last_visited_on
    session.execute(
        update(households)
        .where(households.c.id.in_(sorted(household_ids)), (latest.is_(None)) | (latest < day))
        .values(last_visited_on=day)
    )


def _matter(runtime: Runtime, session: Any, staff: channels.Staff, given: VisitInput, m: Matter) -> dict[str, Any]:
    found: dict[str, Any] = {
        "household_id": m.household_id,
        "outcome": m.outcome,
        "content": m.content,
        "case_id": None,
        "ticket": None,
    }
    if m.outcome == "case":
        filed = file_within(
            runtime,
            session,
            Submission(
                district=given.district,
                channel=CHANNEL,
                content=m.content,
                category=m.category,
                grid_code=given.grid_code,
                urgent=m.urgent,
                public=m.public,
            ),
            staff,
        )
        found.update(case_id=filed["case_id"], ticket=filed["ticket"])
    return found


def _event(answer: dict[str, Any], given: VisitInput, local_date: date) -> VisitRecorded:
    return VisitRecorded(
        visit_id=answer["visit_id"],
        visitor_id=answer["visitor_id"],
        grid_code=given.grid_code,
        visited_at=given.visited_at,
        local_date=local_date,
        household_ids=sorted(set(given.household_ids)),
        matters=[
            {"household_id": m["household_id"], "outcome": m["outcome"], "case_id": m["case_id"]}
            for m in answer["matters"]
        ],
    )
