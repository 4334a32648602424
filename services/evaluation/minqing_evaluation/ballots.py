"""Ballots of before (a free-text voter): project ratings and annual reviews as they were recorded, read
only. Projects are rated by household now (projects.py, project_rounds.py), annual reviews on two
ballots per person (reviews.py)."""

from __future__ import annotations

from sqlalchemy import select

from minqing_kit.errors import ApiError

from .adapters.tables import ballots
from .bootstrap import Runtime
from .domain.verdict import RATINGS, judge


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
