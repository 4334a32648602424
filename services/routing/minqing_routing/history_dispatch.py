"""Dispatch that learns from the district's own history (issue 17 item 8), routing's side: the samples read
from its own tables, training (the scheduler's and ``minqing-routing train-dispatch``), the decision at a
new case's reception with its suggestion recorded, and what the pages and the API show. The model and the
rules of trusting it are in ``domain/history_model.py`` and ``domain/learned_dispatch.py``."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from minqing_kit.pipeline import Statement

from . import history_models
from .adapters.model_tables import dispatch_suggestions
from .adapters.tables import cases, history
from .bootstrap import District, Runtime
from .domain import learned_dispatch
from .domain.case import Case
from .domain.dispatch import Assignment, first_assignment
from .domain.history_model import features
from .domain.learned_dispatch import Sample

log = logging.getLogger(__name__)
NEWEST_SAMPLES = 50_000  # the newest closed cases a training reads at most


def samples(session: Session, district: str) -> list[Sample]:
    """The district's resolved cases (not merged into another) with the unit that resolved them and the
    unit the rules chose first: their first dispatch's, or the rules' choice recorded when the model
    dispatched instead."""
    first_unit = (
        select(history.c.unit_id)
        .where(history.c.case_id == cases.c.id, history.c.action == "dispatch")
        .order_by(history.c.id)
        .limit(1)
        .scalar_subquery()  # one look along ix_case_history_case_id per case, whatever the other districts hold
    )
    rules_unit = func.coalesce(dispatch_suggestions.c.rules_unit_id, first_unit)
    query = (
        select(
            cases.c.content,
            cases.c.grid_code,
            cases.c.community_id,
            cases.c.category,
            cases.c.received_at,
            cases.c.resolved_by,
            rules_unit.label("rules_unit"),
        )
        .outerjoin(dispatch_suggestions, (dispatch_suggestions.c.case_id == cases.c.id) & dispatch_suggestions.c.used)
        .where(
            cases.c.district == district,
            cases.c.state == "resolved",
            cases.c.resolved_by.is_not(None),
            cases.c.merged_into.is_(None),
        )
        .order_by(cases.c.received_at.desc())
        .limit(NEWEST_SAMPLES)
    )
    return [
        Sample(r.received_at, features(r.content, r.grid_code, r.community_id, r.category), r.resolved_by, r.rules_unit)
        for r in session.execute(query)
        if r.rules_unit is not None  # a case with no dispatch step of its own (none is expected)
    ]


@dataclass(frozen=True)
class Training:
    district: str
    samples: int
    version: int | None  # None: too little history, the rules only
    evaluation: learned_dispatch.Evaluation | None = None


def train(runtime: Runtime, district: str, now: datetime | None = None) -> Training:
    """Train the district's model on its closed cases and store it as its next version."""
    policy = runtime.districts[district].config.dispatch_model
    with runtime.db.transaction() as session:
        found = samples(session, district)
        trained = learned_dispatch.train(found, policy)
        if trained is None:
            return Training(district, len(found), None)
        model, evaluation = trained
        version = history_models.store(session, district, model, evaluation, len(found), now or runtime.now())
    log.info(
        "history model v%s of %s: %s cases, held out %s, model %.3f vs rules %.3f",
        *(version, district, len(found), evaluation.held_out, evaluation.model_rate, evaluation.rules_rate),
    )
    return Training(district, len(found), version, evaluation)


def at_reception(
    runtime: Runtime,
    session: Session,
    district: District,
    case: Case,
    text: str,
    by_rules,
    suggested: list[dict],
    seen: dict | None = None,
):
    """The assignment of a new case by the model when the district's model is trusted for it, else None
    (the rules decide: ``by_rules`` is the catalogue's assignment, or None for the rule table's); the
    model's suggestion is recorded either way, for the dispatcher's page: its row appended to ``suggested``,
    which the caller writes with the case (``recording``), a batch's in one statement. ``seen``:
    the model versions a consumer batch has read (``ModelCache.latest``)."""
    stored = runtime.history_models.latest(session, case.district, seen)
    if stored is None:
        return None
    suggestion = stored.model.suggest(features(text, case.grid_code, case.community_id, case.category))
    if suggestion is None or suggestion.unit_id not in district.org.units:
        return None  # a unit no longer configured
    rules = by_rules or first_assignment(district.org, case.category, case.place)
    policy, measured = district.config.dispatch_model, stored.evaluation
    used = not rules.joint_with and learned_dispatch.trusted(
        policy, measured.model_rate, measured.rules_rate, suggestion
    )
    suggested.append(
        {
            "case_id": case.id,
            "district": case.district,
            "model_version": stored.version,
            "unit_id": suggestion.unit_id,
            "confidence": suggestion.confidence,
            "rules_unit_id": rules.unit.id,
            "used": used,
            "at": runtime.now(),
        }
    )
    if not used:
        return None
    return Assignment(district.org.unit(suggestion.unit_id), learned_dispatch.reason(suggestion, stored.version))


def recording(suggested: list[dict]) -> list[Statement]:
    """The insert of the suggestions ``at_reception`` recorded (an executemany), none for none."""
    return [(insert(dispatch_suggestions), suggested)] if suggested else []


def suggestion_for(runtime: Runtime, case_id: str) -> dict | None:
    """The model's suggestion recorded for the case at its reception (unit, confidence, version, used)."""
    with runtime.db.transaction() as session:
        row = session.execute(select(dispatch_suggestions).where(dispatch_suggestions.c.case_id == case_id)).first()
    return dict(row._mapping) if row else None
