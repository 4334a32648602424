"""Projects (一事一评): open one with its plan, funds and affected households, record its progress,
and show it as the board publishes it: plan, funds, progress, each round's rating progress towards the
minimum, its result and denominator. Household ids never leave the service."""

from __future__ import annotations

import uuid

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from minqing_kit.errors import ApiError

from .adapters.project_tables import project_progress, project_rounds, projects
from .bootstrap import Runtime
from .domain.project_rating import Scope, closing
from .domain.verdict import RATINGS


def not_found() -> ApiError:
    return ApiError(404, "not_found", "no such project", "未找到该项目")


def open_project(runtime: Runtime, principal, fields: dict, scope: Scope) -> dict:
    project_id = str(uuid.uuid4())
    with runtime.db.transaction() as session:
        session.execute(
            insert(projects).values(
                id=project_id,
                district=principal.district,
                unit_id=fields["unit_id"],
                name=fields["name"],
                plan=fields.get("plan"),
                funds_yuan=fields.get("funds_yuan"),
                scope=scope.as_dict(),
                opened_at=runtime.clock(),
                opened_by=principal.person_id,
            )
        )
    return view(runtime, project_id)


def locked(session: Session, project_id: str, district: str | None = None):
    """The project row, locked; 404 when absent or (for staff) of another district."""
    row = session.execute(select(projects).where(projects.c.id == project_id).with_for_update()).first()
    if row is None or (district is not None and row.district != district):
        raise not_found()
    return row


def record_progress(runtime: Runtime, principal, project_id: str, note: str) -> dict:
    with runtime.db.transaction() as session:
        locked(session, project_id, principal.district)
        session.execute(
            insert(project_progress).values(
                project_id=project_id, note=note, recorded_at=runtime.clock(), recorded_by=principal.person_id
            )
        )
    return view(runtime, project_id)


def view(runtime: Runtime, project_id: str) -> dict:
    with runtime.db.engine.connect() as connection:
        row = connection.execute(select(projects).where(projects.c.id == project_id)).first()
        if row is None:
            raise not_found()
        progress = connection.execute(
            select(project_progress).where(project_progress.c.project_id == project_id).order_by(project_progress.c.id)
        ).all()
        rounds = connection.execute(
            select(project_rounds).where(project_rounds.c.project_id == project_id).order_by(project_rounds.c.round)
        ).all()
    return public(runtime, row, progress, rounds)


def listed(runtime: Runtime, district: str) -> dict:
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(
            select(projects.c.id).where(projects.c.district == district).order_by(projects.c.opened_at.desc())
        ).scalars()
        ids = list(rows)
    return {"district": district, "projects": [view(runtime, i) for i in ids]}


def public(runtime: Runtime, row, progress, rounds) -> dict:
    policy = runtime.districts[row.district].evaluation
    return {
        "id": row.id,
        "district": row.district,
        "unit_id": row.unit_id,
        "name": row.name,
        "plan": row.plan,
        "funds_yuan": row.funds_yuan,
        "progress": [{"note": p.note, "recorded_at": p.recorded_at.isoformat()} for p in progress],
        "current_round": row.current_round,
        "min_ratings": policy.project_min_ratings,
        "threshold": policy.project_dissatisfied_threshold,
        "rounds": [_round(r, policy) for r in rounds],
    }


def _round(r, policy) -> dict:
    counts = {k: getattr(r, k) for k in RATINGS}
    verdict = closing(counts, policy.project_min_ratings, policy.project_dissatisfied_threshold).verdict
    result = r.status in ("passed", "rectifying", "rectified")
    return {
        "round": r.round,
        "status": r.status,
        "households": r.households,
        "ratings": verdict.ratings,
        "counts": counts,
        "links_expire_at": r.links_expire_at.isoformat(),
        "closed_at": r.closed_at.isoformat() if r.closed_at else None,
        "result": {
            "dissatisfied_ratio": round(verdict.dissatisfied_ratio, 4),
            "formula": "not_satisfied / ratings (不满意户数 / 参评户数)",
            "denominator": verdict.ratings,
            "rectification_required": r.status != "passed",
        }
        if result
        else None,
        "rectify_by": r.rectify_by.isoformat() if r.rectify_by else None,
        "rectified_at": r.rectified_at.isoformat() if r.rectified_at else None,
        "rectification_note": r.rectification_note,
        "overdue": r.overdue_flagged_at is not None,
    }
