"""The six-step deliberation (民主议事决策六步流程) of a matter of common interest (a fund's use, a 低保 or
housing question): each step in order, each with its record, each published on the notice board.

1 opinions gathered door to door (入户征集意见, may link grid visits) → 2 the party committee's agenda
item (党委审议议题) → 3 the 议事会's vote, with counts (议事会民主票决) → 4 the residents' committee's
implementation (居委会具体实施) → 5 the supervisory board's notes (监事会全程监督) → 6 the residents'
evaluation of the result (结果群众评议). A vote with no majority of the votes cast for it ends the
matter at step 3: nothing is implemented.
"""

from __future__ import annotations

from dataclasses import dataclass

from .meetings import Refused

STEPS = {
    "opinions": "入户征集意见",
    "agenda": "党委审议议题",
    "vote": "议事会民主票决",
    "implementation": "居委会具体实施",
    "supervision": "监事会全程监督",
    "evaluation": "结果群众评议",
}
ORDER = tuple(STEPS)


@dataclass(frozen=True)
class Votes:
    for_: int
    against: int
    abstaining: int

    @property
    def adopted(self) -> bool:
        """More than half of the votes cast are for it (an abstention is a vote cast)."""
        return 2 * self.for_ > self.for_ + self.against + self.abstaining


def state(steps_done: int, rejected: bool) -> str:
    """``rejected`` after a failed vote, ``done`` after the evaluation, else the next step's name."""
    if rejected:
        return "rejected"
    return "done" if steps_done == len(ORDER) else ORDER[steps_done]


def check_step(steps_done: int, rejected: bool, step: str, votes: Votes | None) -> None:
    """The step recorded must be the next one; the vote carries its counts."""
    current = state(steps_done, rejected)
    if current in ("done", "rejected"):
        raise Refused(409, f"deliberation_{current}", f"the matter is {current}", "该事项的议事流程已结束")
    if step != current:
        raise Refused(409, "wrong_step", f"the next step is {current}, not {step}", f"下一步应为“{STEPS[current]}”")
    if step == "vote" and votes is None:
        raise Refused(422, "votes_required", "the vote carries its counts", "票决须记录赞成、反对和弃权票数")
    if step == "vote" and votes is not None and votes.for_ + votes.against + votes.abstaining == 0:
        raise Refused(422, "votes_required", "no votes were cast", "票决须至少有一票")
