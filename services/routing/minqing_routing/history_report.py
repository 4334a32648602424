"""What the oversight page and ``GET /api/v1/districts/{d}/dispatch-model`` say of a district's history
model: its latest version, what it learned from, both held-out rates with their formula and denominator,
and whether it dispatches by itself. Read from ``read_db`` (a replica may be a moment behind): the
model is written by the scheduler, never by the request that shows it."""

from __future__ import annotations

from . import history_models
from .bootstrap import Runtime
from .domain import learned_dispatch

FORMULA = (
    "newest 20 % of the closed cases by reception (held_out), predicted by a model trained on the older ones: "
    "model_rate = model_right / held_out (its unit resolved the case); "
    "rules_rate = rules_right / held_out (the rules' first dispatch went to the unit that resolved it)"
)


def report(runtime: Runtime, district: str) -> dict:
    policy = runtime.districts[district].config.dispatch_model
    with runtime.read_db.transaction() as session:
        row = history_models.summary(session, district)
    answer: dict = {"district": district, "policy": policy.model_dump(), "formula": FORMULA, "model": None}
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
