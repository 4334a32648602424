"""Ballots rated by many people under the 30 % rule: a public project (一事一评) rated by affected
residents, and a unit or cadre in the annual review (双述双评) rated by representatives."""

from __future__ import annotations

import hashlib
import uuid

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from minqing_contracts import new_envelope
from minqing_contracts.events.evaluation import ProjectRectificationRequired, ReviewFlagged
from minqing_kit.errors import ApiError

from .adapters.tables import ballot_votes, ballots
from .bootstrap import Runtime
from .domain.verdict import RATINGS, judge

PRODUCER = "evaluation"


def open_ballot(runtime: Runtime, principal, kind: str, fields: dict) -> dict:
    ballot_id, now = str(uuid.uuid4()), runtime.clock()
    with runtime.db.transaction() as session:
        session.execute(
            insert(ballots).values(
                id=ballot_id,
                kind=kind,
                district=principal.district,
                name=fields["name"],
                subject_id=fields["subject_id"],
                subject_kind=fields["subject_kind"],
                description=fields.get("description"),
                year=fields.get("year"),
                status="open",
                opened_at=now,
                opened_by=principal.person_id,
            )
        )
    return view(runtime, ballot_id)


def view(runtime: Runtime, ballot_id: str) -> dict:
    with runtime.db.engine.connect() as connection:
        row = connection.execute(select(ballots).where(ballots.c.id == ballot_id)).first()
    if row is None:
        raise ApiError(404, "not_found", "no such ballot", "未找到该评议")
    return _public(runtime, row)


def _public(runtime: Runtime, row) -> dict:
    policy = runtime.districts[row.district].evaluation
    verdict = judge(
        row.satisfied,
        row.basically_satisfied,
        row.not_satisfied,
        policy.project_min_ratings,
        policy.project_dissatisfied_threshold,
    )
    return {
        "id": row.id,
        "kind": row.kind,
        "district": row.district,
        "name": row.name,
        "subject_id": row.subject_id,
        "subject_kind": row.subject_kind,
        "year": row.year,
        "status": row.status,
        "counts": {r: getattr(row, r) for r in RATINGS},
        "ratings": verdict.ratings,
        "min_ratings": policy.project_min_ratings,
        "dissatisfied_ratio": round(verdict.dissatisfied_ratio, 4),
        "threshold": policy.project_dissatisfied_threshold,
        "rectify_by": row.rectify_by.isoformat() if row.rectify_by else None,
    }


def vote_key(ballot_id: str, voter: str) -> str:
    """Only a hash of who voted is kept: enough to refuse a second vote, not to name the voter."""
    return hashlib.sha256(f"{ballot_id}:{voter.strip().lower()}".encode()).hexdigest()


def rate(runtime: Runtime, ballot_id: str, voter: str, rating: str) -> dict:
    now = runtime.clock()
    try:
        with runtime.db.transaction() as session:
            row = session.execute(select(ballots).where(ballots.c.id == ballot_id).with_for_update()).first()
            if row is None:
                raise ApiError(404, "not_found", "no such ballot", "未找到该评议")
            if row.kind == "project":
                raise ApiError(
                    409,
                    "rated_by_household",
                    "projects are rated by household now (POST /api/v1/project-ratings/{token} or a paper ballot)",
                    "项目改为按户评议:请使用评议链接或由监事会录入纸质评议票",
                )
            if row.status != "open":
                raise ApiError(409, "closed", "the result is final; no more ratings", "评议结果已确定,不再接受评价")
            session.execute(
                insert(ballot_votes).values(
                    ballot_id=ballot_id, voter_hash=vote_key(ballot_id, voter), rating=rating, cast_at=now
                )
            )
            counts = {r: getattr(row, r) + (r == rating) for r in RATINGS}
            session.execute(update(ballots).where(ballots.c.id == ballot_id).values(**counts))
            _finalise_if_due(session, runtime, row, counts)
    except IntegrityError:
        raise ApiError(409, "already_rated", "this voter has already rated", "该居民已评价过") from None
    return view(runtime, ballot_id)


def _finalise_if_due(session, runtime: Runtime, row, counts: dict) -> None:
    policy = runtime.districts[row.district].evaluation
    verdict = judge(
        counts["satisfied"],
        counts["basically_satisfied"],
        counts["not_satisfied"],
        policy.project_min_ratings,
        policy.project_dissatisfied_threshold,
    )
    if not verdict.final:
        return
    now = runtime.clock()
    if not verdict.rectification_required:
        session.execute(update(ballots).where(ballots.c.id == row.id).values(status="final_passed", finalised_at=now))
        return
    rectify_by = runtime.calendars[row.district].deadline(now, runtime.settings.RECTIFY_PERIOD)
    session.execute(
        update(ballots)
        .where(ballots.c.id == row.id)
        .values(status="rectification_required", finalised_at=now, rectify_by=rectify_by)
    )
    ratio = round(verdict.dissatisfied_ratio, 4)
    if row.kind == "project":
        payload = ProjectRectificationRequired(
            project_id=row.id,
            project_name=row.name,
            unit_id=row.subject_id,
            ratings=verdict.ratings,
            dissatisfied_ratio=ratio,
            rectify_by=rectify_by,
        )
    else:
        payload = ReviewFlagged(
            review_id=row.id,
            year=row.year,
            subject_kind=row.subject_kind,
            subject_id=row.subject_id,
            subject_name=row.name,
            ratings=verdict.ratings,
            dissatisfied_ratio=ratio,
            rectify_by=rectify_by,
        )
    runtime.outbox.add(session, new_envelope(payload, district=row.district, producer=PRODUCER, occurred_at=now))
