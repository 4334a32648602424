"""Whether the history model may dispatch (issue 17 item 8): trained on the district's closed cases, measured
on the newest of them against the rules, and trusted for a case only where it beat the rules and is sure.

**Samples**: each closed case with the unit that finally resolved it (its answer was not returned) and the
unit the rules chose for its first dispatch. **Held-out evaluation**: ordered by reception, a model trained
on the older 80 % predicts the newest 20 %; on those same cases the model's right-first-time rate is
``model_right / held_out`` (its unit is the one that resolved it) and the rules' ``rules_right / held_out``
(their first dispatch went to the unit that resolved it). The stored model is then trained on every sample.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from minqing_contracts.org import DispatchModelPolicy

from .history_model import HistoryModel, Suggestion

HELD_OUT_SHARE = 0.2
REASON = "history_model"


@dataclass(frozen=True)
class Sample:
    received_at: datetime
    words: Counter[str]
    final_unit: str  # the unit that resolved the case
    rules_unit: str  # the unit the rules' first dispatch chose


@dataclass(frozen=True)
class Evaluation:
    trained_on: int  # the older cases the evaluated model learned from
    held_out: int  # the newest cases it was measured on
    model_right: int
    rules_right: int

    @property
    def model_rate(self) -> float:
        return self.model_right / self.held_out if self.held_out else 0.0

    @property
    def rules_rate(self) -> float:
        return self.rules_right / self.held_out if self.held_out else 0.0


def time_split(samples: list[Sample], share: float = HELD_OUT_SHARE) -> tuple[list[Sample], list[Sample]]:
    """The older cases to train on and the newest ``share`` of them (at least one) to measure on."""
    ordered = sorted(samples, key=lambda s: s.received_at)
    cut = len(ordered) - max(1, round(len(ordered) * share))
    return ordered[:cut], ordered[cut:]


def evaluate(samples: list[Sample]) -> Evaluation:
    older, newest = time_split(samples)
    model = HistoryModel.train((s.words, s.final_unit) for s in older)
    model_right = 0
    for sample in newest:
        suggestion = model.suggest(sample.words)
        model_right += suggestion is not None and suggestion.unit_id == sample.final_unit
    rules_right = sum(s.rules_unit == s.final_unit for s in newest)
    return Evaluation(len(older), len(newest), model_right, rules_right)


def train(samples: list[Sample], policy: DispatchModelPolicy) -> tuple[HistoryModel, Evaluation] | None:
    """The model on every sample with its held-out evaluation; None (the rules only) below the district's
    ``min_history``."""
    if len(samples) < policy.min_history:
        return None
    return HistoryModel.train((s.words, s.final_unit) for s in samples), evaluate(samples)


def beats_rules(policy: DispatchModelPolicy, model_rate: float, rules_rate: float) -> bool:
    return model_rate > rules_rate + policy.margin


def trusted(policy: DispatchModelPolicy, model_rate: float, rules_rate: float, suggestion: Suggestion) -> bool:
    """Dispatch by the model: it beat the rules on held-out cases and is sure enough of this case."""
    return beats_rules(policy, model_rate, rules_rate) and suggestion.confidence >= policy.min_confidence


def reason(suggestion: Suggestion, version: int) -> str:
    """The dispatch's reason as stored (the trail says 按历史模型派单 (置信度 0.87, 模型 v3))."""
    return f"{REASON}: confidence {suggestion.confidence:.2f}, model v{version}"
