"""The answers of ``deliberations_api``: a matter of the six-step deliberation (六步流程) with its
published steps, and the notice board."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from minqing_kit.response_models import Instant, ResponseModel

from ...domain.deliberation import ORDER
from .common import Aliased

STEP = Literal[tuple(ORDER)]  # type: ignore[valid-type]


class DeliberationStep(Aliased):
    """A step as published; the vote step also has its counts and whether it adopted the matter."""

    step: STEP
    number: int
    name: str
    recorded_at: Instant
    summary: str
    visits_linked: int = Field(description="grid visits linked as the step's record")
    for_: int | None = Field(None, alias="for")
    against: int | None = None
    abstaining: int | None = None
    adopted: bool | None = None


class Deliberation(ResponseModel):
    id: str
    district: str
    unit_id: str
    title: str
    state: Literal[tuple([*ORDER, "done", "rejected"])]  # type: ignore[valid-type]
    steps: list[DeliberationStep]


class BoardMatter(ResponseModel):
    id: str
    title: str
    unit_id: str
    steps_done: int = Field(description="0 to 6")
    created_at: Instant


class DeliberationBoard(ResponseModel):
    district: str
    matters: list[BoardMatter] = Field(description="newest first")


ANSWERS = (Deliberation, DeliberationBoard)
