"""双述双评 (the annual review of a community's cadres and staff) as rules.

Each year the 上级组织 (superior organisation) and the residents rate each person on separate ballots.
The consequences (seed 000) are workflow records, not flags:

- a 两委 member (``two_committees``) with MORE than the threshold (30 %) not satisfied on either ballot
  is ordered to resign or recall starts (``resign_or_recall``, a procedure with its steps);
- a grade of 基本称职 (``basically_competent``) opens a rectification with a deadline;
- 不称职 (``incompetent``), or 基本称职 two consecutive years, means no performance bonus and no renewal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .meetings import Refused
from .verdict import Verdict, judge

BALLOTS = ("superior", "residents")
POSTS = ("two_committees", "staff")
GRADES = ("competent", "basically_competent", "incompetent")
RESIGN_OR_RECALL_STEPS = (
    ("ordered_to_resign", "责令辞职"),
    ("recall_started", "启动罢免程序"),
    ("residents_vote", "居民会议表决"),
    ("result_published", "结果公示"),
)
RECTIFICATION_STEPS = (("rectification_plan", "制定整改计划"), ("rectified", "整改完成"), ("reviewed", "复核"))
NO_BONUS_STEPS = (("bonus_withheld", "扣除绩效奖金"), ("not_renewed", "不予续聘"))


@dataclass(frozen=True)
class Consequence:
    kind: str  # resign_or_recall | rectification | no_bonus_no_renewal
    steps: tuple[tuple[str, str], ...]
    deadline: bool  # whether the procedure is due by the rectification period


def ballot_verdicts(counts: dict[str, dict[str, int]], min_ratings: int, threshold: float) -> dict[str, Verdict]:
    return {
        b: judge(
            counts[b]["satisfied"], counts[b]["basically_satisfied"], counts[b]["not_satisfied"], min_ratings, threshold
        )
        for b in BALLOTS
    }


def consequences(post: str, grade: str, verdicts: dict[str, Verdict], last_year_grade: str | None) -> list[Consequence]:
    found = []
    if post == "two_committees" and any(v.rectification_required for v in verdicts.values()):
        found.append(Consequence("resign_or_recall", RESIGN_OR_RECALL_STEPS, False))
    if grade == "basically_competent":
        found.append(Consequence("rectification", RECTIFICATION_STEPS, True))
    if grade == "incompetent" or (grade == "basically_competent" and last_year_grade == "basically_competent"):
        found.append(Consequence("no_bonus_no_renewal", NO_BONUS_STEPS, False))
    return found


def too_few(verdicts: dict[str, Verdict]) -> list[str]:
    """The ballots without enough ratings for a result."""
    return [b for b, v in verdicts.items() if not v.final]


def complete_step(
    steps: list[dict[str, Any]], step: str, done_at: str, done_by: str, note: str | None
) -> list[dict[str, Any]]:
    """The procedure's steps with ``step`` marked done: steps are done in their order, each once."""
    names = [s["step"] for s in steps]
    if step not in names:
        raise Refused(404, "no_such_step", f"the procedure has no step {step!r}", "该程序没有这一步")
    at = names.index(step)
    if steps[at]["done_at"] is not None:
        raise Refused(409, "step_done", f"the step {step} is already done", f"“{steps[at]['name']}”已完成")
    waiting = next((s for s in steps[:at] if s["done_at"] is None), None)
    if waiting is not None:
        raise Refused(
            409, "wrong_step", f"the next step is {waiting['step']}, not {step}", f"下一步应为“{waiting['name']}”"
        )
    done = {**steps[at], "done_at": done_at, "done_by": done_by, "note": note}
    return [*steps[:at], done, *steps[at + 1 :]]
