"""The six-step deliberation (六步流程) of a community's matter, one transaction per step: the step's
record, the matter's progress, the trail row and the event that publishes it on the notice board
together. The community's staff (or the district's leaders and admins) open a matter and record its
steps; the board shows every recorded step to anyone."""

from __future__ import annotations

import uuid

from sqlalchemy import insert, select, update

from minqing_contracts import new_envelope
from minqing_contracts.events.evaluation import DeliberationStepRecorded
from minqing_kit.errors import ApiError, FieldError, invalid

from . import meeting_records as records
from .adapters.meeting_tables import deliberation_steps, deliberations
from .adapters.visit_tables import visits
from .bootstrap import Runtime
from .domain import deliberation
from .domain.deliberation import ORDER, STEPS, Votes
from .meetings import PRODUCER, apply_rule


def open_matter(runtime: Runtime, principal, title: str, unit_id: str) -> dict:
    records.require_convener(runtime, principal, unit_id)
    matter_id, now = str(uuid.uuid4()), runtime.clock()
    with runtime.db.transaction() as session:
        session.execute(
            insert(deliberations).values(
                id=matter_id,
                district=principal.district,
                unit_id=unit_id,
                title=title,
                steps_done=0,
                created_by=principal.person_id,
                created_at=now,
            )
        )
        records.trail(session, principal, matter_id, "deliberation_opened", title, now)
    return view(runtime, principal.district, matter_id)


def record_step(runtime: Runtime, principal, matter_id: str, given) -> dict:
    now = runtime.clock()
    counts = (given.votes_for, given.votes_against, given.votes_abstaining)
    votes = Votes(*(n or 0 for n in counts)) if any(n is not None for n in counts) else None
    with runtime.db.transaction() as session:
        row = session.execute(
            select(deliberations)
            .where(deliberations.c.id == matter_id, deliberations.c.district == principal.district)
            .with_for_update()
        ).first()
        if row is None:
            raise ApiError(404, "not_found", "no such matter in your district", "本区没有该议事事项")
        records.require_convener(runtime, principal, row.unit_id)
        apply_rule(deliberation.check_step, row.steps_done, _rejected(session, matter_id), given.step, votes)
        _check_visits(session, principal.district, list(given.visit_ids))
        record = {"summary": given.summary, "visit_ids": list(given.visit_ids)}
        if given.step == "vote" and votes is not None:
            record.update(for_=votes.for_, against=votes.against, abstaining=votes.abstaining, adopted=votes.adopted)
        number = ORDER.index(given.step) + 1
        session.execute(
            insert(deliberation_steps).values(
                deliberation_id=matter_id,
                step=number,
                record=record,
                recorded_by=principal.person_id,
                recorded_at=now,
            )
        )
        session.execute(update(deliberations).where(deliberations.c.id == matter_id).values(steps_done=number))
        records.trail(session, principal, matter_id, f"step_{given.step}", given.summary, now)
        payload = DeliberationStepRecorded(
            deliberation_id=matter_id,
            title=row.title,
            unit_id=row.unit_id,
            step=given.step,
            step_number=number,
            summary=given.summary,
            votes_for=votes.for_ if votes and given.step == "vote" else None,
            votes_against=votes.against if votes and given.step == "vote" else None,
            votes_abstaining=votes.abstaining if votes and given.step == "vote" else None,
            adopted=votes.adopted if votes and given.step == "vote" else None,
        )
        runtime.outbox.add(session, new_envelope(payload, district=row.district, producer=PRODUCER, occurred_at=now))
    return view(runtime, principal.district, matter_id)


def _rejected(session, matter_id: str) -> bool:
    vote = session.execute(
        select(deliberation_steps.c.record).where(
            deliberation_steps.c.deliberation_id == matter_id, deliberation_steps.c.step == ORDER.index("vote") + 1
        )
    ).scalar()
    return bool(vote) and not vote.get("adopted", True)


def _check_visits(session, district: str, visit_ids: list[str]) -> None:
    """Opinions gathered door to door may link the grid visits that gathered them: visits of the district."""
    if not visit_ids:
        return
    known = set(
        session.execute(
            select(visits.c.visit_id).where(visits.c.district == district, visits.c.visit_id.in_(visit_ids))
        ).scalars()
    )
    unknown = [v for v in visit_ids if v not in known]
    if unknown:
        raise invalid([FieldError("visit_ids", f"no such visits in your district: {unknown}", "本区没有这些走访记录")])


def view(runtime: Runtime, district: str, matter_id: str) -> dict:
    """The matter as the board shows it: each recorded step with its record (linked visits as a count)."""
    with runtime.db.engine.connect() as connection:
        row = connection.execute(
            select(deliberations).where(deliberations.c.id == matter_id, deliberations.c.district == district)
        ).first()
        if row is None:
            raise ApiError(404, "not_found", "no such matter", "未找到该议事事项")
        steps = connection.execute(
            select(deliberation_steps)
            .where(deliberation_steps.c.deliberation_id == matter_id)
            .order_by(deliberation_steps.c.step)
        ).all()
    rejected = any(s.step == ORDER.index("vote") + 1 and not s.record.get("adopted", True) for s in steps)
    return {
        "id": row.id,
        "district": row.district,
        "unit_id": row.unit_id,
        "title": row.title,
        "state": deliberation.state(row.steps_done, rejected),
        "steps": [_step(s) for s in steps],
    }


def _step(s) -> dict:
    name = ORDER[s.step - 1]
    record = {k: v for k, v in s.record.items() if k != "visit_ids"}
    record["visits_linked"] = len(s.record.get("visit_ids", []))
    if "for_" in record:
        record["for"] = record.pop("for_")
    return {"step": name, "number": s.step, "name": STEPS[name], "recorded_at": s.recorded_at.isoformat(), **record}


def board(runtime: Runtime, district: str, unit_id: str | None) -> list[dict]:
    """The district's (or a community's) matters, newest first, with how far each has gone."""
    query = select(deliberations).where(deliberations.c.district == district)
    if unit_id:
        query = query.where(deliberations.c.unit_id == unit_id)
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(query.order_by(deliberations.c.created_at.desc()).limit(200)).all()
    return [
        {
            "id": r.id,
            "title": r.title,
            "unit_id": r.unit_id,
            "steps_done": r.steps_done,
            "created_at": r.created_at.isoformat(),
        }
        for r in rows
    ]
