"""What follows a resident's answer (回访): close the ledger entry (销账) or ask for the case again (重办)."""

from __future__ import annotations

from dataclasses import dataclass

SATISFACTIONS = ("satisfied", "basically_satisfied", "not_satisfied")
UNCLEAR = "unclear"  # 说不清: an answer that never counts as satisfied, and alone does not ask for 重办
DIMENSIONS = ("speed", "effect", "attitude", "reply_quality")  # 速度, 效果, 态度, 答复质量 (Shenzhen)


@dataclass(frozen=True)
class Answer:
    solved: bool
    satisfaction: str  # one of SATISFACTIONS, or UNCLEAR (说不清)
    comment: str | None = None
    knows_grid_worker: bool | None = None  # 知晓: "do you know your grid worker?"; None when not answered
    dimensions: dict[str, str] | None = None  # DIMENSIONS answered -> one of SATISFACTIONS or UNCLEAR

    @property
    def counted_satisfaction(self) -> str:
        """The overall answer as the events carry it: 说不清 as not_satisfied, never as satisfied."""
        return "not_satisfied" if self.satisfaction == UNCLEAR else self.satisfaction


@dataclass(frozen=True)
class Decision:
    action: str  # "close" | "reopen"
    reason: str | None = None
    reopen_count: int = 0


def decide(answer: Answer, reopens_so_far: int, reopen_limit: int) -> Decision:
    """Not solved or not satisfied goes back to routing until the district's reopen limit is reached;
    after that, and on any good answer, the entry is closed with the rating as given. 说不清 (unclear)
    is not a complaint: alone it closes the entry (a "not solved" with it still asks for 重办)."""
    reasons = [
        r
        for r, bad in (("not_solved", not answer.solved), ("not_satisfied", answer.satisfaction == "not_satisfied"))
        if bad
    ]
    if reasons and reopens_so_far < reopen_limit:
        return Decision("reopen", "+".join(reasons), reopens_so_far + 1)
    return Decision("close", "+".join(reasons) or None, reopens_so_far)
