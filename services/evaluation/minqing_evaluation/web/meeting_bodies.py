"""The JSON bodies of the meetings and deliberation API (``meetings_api``, ``deliberations_api``), as
models the views validate with and ``web/openapi.py`` documents."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, ConfigDict, Field

from minqing_kit.request_models import RequestModel, text

from ..domain.deliberation import STEPS
from ..domain.meetings import GROUPS, KINDS, MATTER_KINDS, NOTICES

Kind = Literal[tuple(KINDS)]  # type: ignore[valid-type]


class Invited(RequestModel):
    """An invited representative: a resident chosen by an affected interest group, a party member, a
    unit, the person under review, or staff (``person_id`` lets staff correct the minutes)."""

    group: Literal[tuple(GROUPS)]  # type: ignore[valid-type]
    name: text(60)
    person_id: text(64) | None = None
    unit_id: text(64) | None = None


class Matter(RequestModel):
    """What the meeting concerns: a case by id or ticket, a project, a unit or a person."""

    kind: Literal[tuple(MATTER_KINDS)]  # type: ignore[valid-type]
    ref: text(64)


class NewMeeting(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "kind": "coordination",
                "title": "4号楼漏水协调会",
                "unit_id": "tv-c1",
                "starts_at": "2026-12-20T06:00:00+00:00",
                "place": "社区党群服务中心二楼",
                "agenda": ["4号楼顶层漏水的维修方案与费用分担"],
                "matters": [{"kind": "case", "ref": "TV-20261102-000001"}],
                "invitees": [{"group": "resident_rep", "name": "王阿姨"}],
            }
        }
    )
    REASONS = {
        "kind": (f"must be one of {list(KINDS)}", "须为听证会、协调会、评议会、三方评事或民情分析会"),
        "starts_at": ("must be a date-time with its time zone", "须为带时区的日期时间"),
    }
    kind: Kind
    title: text(200)
    unit_id: text(64)
    starts_at: AwareDatetime
    place: text(200)
    agenda: list[text(500)] = Field(min_length=1, max_length=30)
    matters: list[Matter] = Field(default=[], max_length=50)
    invitees: list[Invited] = Field(default=[], max_length=200)


class Notice(RequestModel):
    REASONS = {"notice": (f"must be one of {list(NOTICES)}", "须为招募代表、公布时间地点名单或送达材料")}
    notice: Literal[tuple(NOTICES)]  # type: ignore[valid-type]


class Holding(RequestModel):
    """The attendance (invitee ids present) and, for a hearing whose notices came late, the override."""

    attended: list[text(36)] = Field(max_length=200)
    override_reason: text(500) | None = None


class MinutesText(RequestModel):
    text: text(20000)


class NewTask(RequestModel):
    owner_unit_id: text(64)
    owner_person_id: text(64) | None = None
    description: text(500)
    due_in_working_days: int = Field(ge=1, le=250)


class Decision(RequestModel):
    """A decision; ``case_ids``: cases among the meeting's matters it answers (a coordination meeting's
    adopted decision is their reply)."""

    text: text(2000)
    adopted: bool
    reason: text(1000) | None = None
    case_ids: list[text(64)] = Field(default=[], max_length=50)
    tasks: list[NewTask] = Field(default=[], max_length=20)


class NewDeliberation(RequestModel):
    title: text(200)
    unit_id: text(64)


class StepRecord(RequestModel):
    """One step's record. ``summary`` is what the notice board shows; ``visit_ids`` (step 1) link the
    grid visits that gathered the opinions; ``votes`` (step 3) are the 议事会's counts."""

    REASONS = {"step": (f"must be one of {list(STEPS)}", "须为六步流程中的一步")}
    step: Literal[tuple(STEPS)]  # type: ignore[valid-type]
    summary: text(2000)
    visit_ids: list[text(64)] = Field(default=[], max_length=500)
    votes_for: int | None = Field(default=None, ge=0)
    votes_against: int | None = Field(default=None, ge=0)
    votes_abstaining: int | None = Field(default=None, ge=0)
