"""What the oversight page and ``GET /api/v1/districts/{d}/dispatch-model`` say of a district's history
model: its latest version, what it learned from, both held-out rates with their formula and denominator,
whether it dispatches by itself, and how its own dispatches fared live. Read from ``read_db`` (a replica
may be a moment behind): the model is written by its training, the dispatches by the consumer and the
handlers, never by the request that shows them."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import history_models
from .adapters.model_tables import dispatch_suggestions
from .adapters.tables import cases, history
from .bootstrap import Runtime
from .domain import learned_dispatch

FORMULA = (
    "newest 20 % of the closed cases by reception (held_out), predicted by a model trained on the older ones: "
    "model_rate = model_right / held_out (its unit resolved the case); "
    "rules_rate = rules_right / held_out (the rules' first dispatch went to the unit that resolved it)"
)

LIVE_FORMULA = (
    "of the cases the model dispatched by itself (dispatched: its suggestion used at reception, any version, "
    "not merged into another case), stayed = those no return, ruling or second dispatch (a re-dispatch, a "
    "reclassification) moved from the unit it chose; live_rate = stayed / dispatched. A case still open counts "
    "as stayed until one does; an escalation for lateness is no verdict on the unit and does not count"
)
MOVED_AWAY = ("dispatch", "return", "rule")  # the model's own dispatch is the first of them


def live(session: Session, district: str) -> dict:
    """The model's live right-first-time figure in ``district``: counts, rate (None with nothing
    dispatched yet) and formula."""
    moves = (
        select(func.count())
        .select_from(history)
        .where(history.c.case_id == dispatch_suggestions.c.case_id, history.c.action.in_(MOVED_AWAY))
        .scalar_subquery()  # along ix_case_history_case_id, per case the model dispatched
    )
    query = (
        select(func.count(), func.count().filter(moves == 1))
        .select_from(dispatch_suggestions.join(cases, cases.c.id == dispatch_suggestions.c.case_id))
        .where(
            dispatch_suggestions.c.district == district,
            dispatch_suggestions.c.used.is_(True),
            cases.c.merged_into.is_(None),
        )
    )
    dispatched, stayed = session.execute(query).one()
    rate = round(stayed / dispatched, 4) if dispatched else None
    return {"dispatched": dispatched, "stayed": stayed, "live_rate": rate, "formula": LIVE_FORMULA}


def report(runtime: Runtime, district: str) -> dict:
    policy = runtime.districts[district].config.dispatch_model
    with runtime.read_db.transaction() as session:
        row = history_models.summary(session, district)
        dispatched_live = live(session, district)
    answer: dict = {
        "district": district,
        "policy": policy.model_dump(),
        "formula": FORMULA,
        "model": None,
        "live": dispatched_live,
    }
    if row is None:
        answer["dispatches"] = False  # never trained on enough history: the rules only
        return answer
    measured = learned_dispatch.Evaluation(row.trained_on, row.held_out, row.model_right, row.rules_right)
    beats = learned_dispatch.beats_rules(policy, measured.model_rate, measured.rules_rate)
    answer["model"] = {
        "version": row.version,
        "trained_at": row.trained_at.isoformat(),
        "samples": row.samples,
        "trained_on": row.trained_on,
        "held_out": row.held_out,
        "model_right": row.model_right,
        "rules_right": row.rules_right,
        "model_rate": round(measured.model_rate, 4),
        "rules_rate": round(measured.rules_rate, 4),
    }
    answer["dispatches"] = beats  # for cases where its confidence reaches policy.min_confidence
    return answer
