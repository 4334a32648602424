"""The answers of ``meetings_api``: a meeting's staff record (invitees by name, corrections, trail), its
public record (no resident's name), a task done and the month's calendar."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from minqing_kit.response_models import Instant, ResponseModel

from ...domain.meetings import KINDS

KIND = Literal[tuple(KINDS)]  # type: ignore[valid-type]


class MatterView(ResponseModel):
    """What the meeting concerns: a case (ref its id, label its ticket), a project, a unit or a person."""

    kind: str
    ref: str
    label: str


class MeetingTask(ResponseModel):
    id: str
    owner_unit_id: str
    owner_person_id: str | None
    description: str
    due_at: Instant
    done_at: Instant | None
    overdue: bool


class DecisionView(ResponseModel):
    id: str
    text: str
    adopted: bool
    reason: str | None = Field(description="why, when not adopted")
    case_ids: list[str] = Field(description="the cases it answers")
    tasks: list[MeetingTask]


class MeetingRecord(ResponseModel):
    """What the staff record and the public record share."""

    id: str
    district: str
    kind: KIND
    kind_name: str
    title: str
    unit_id: str = Field(description="the convening unit")
    starts_at: Instant
    place: str
    agenda: list[str]
    matters: list[MatterView]
    notices: dict[str, str] = Field(description="each notice given and its local day (YYYY-MM-DD)")
    state: Literal["planned", "held"]
    held_at: Instant | None
    notice_override: str | None = Field(description="why a hearing was held with late notices")
    minutes: str | None
    minutes_state: Literal["none", "draft", "published"]
    decisions: list[DecisionView]


class Invitee(ResponseModel):
    invitee_id: str
    group: str
    name: str
    person_id: str | None
    unit_id: str | None
    attended: bool | None = Field(description="null until the attendance is recorded")


class Correction(ResponseModel):
    person_id: str
    text: str
    at: Instant


class TrailEntry(ResponseModel):
    action: str
    detail: str | None
    actor_id: str
    at: Instant


class Meeting(MeetingRecord):
    """The staff record: for the convening unit's staff, the invited staff and the district's leaders,
    admins and supervisors (each reading audited)."""

    invitees: list[Invitee]
    corrections: list[Correction]
    trail: list[TrailEntry]


class GroupCount(ResponseModel):
    group: str
    group_name: str
    invited: int
    attended: int


class PublicCorrection(ResponseModel):
    text: str
    at: Instant


class PublicMeeting(MeetingRecord):
    """The public record: representatives counted by group, the minutes and corrections once published."""

    invitees: list[GroupCount]
    corrections: list[PublicCorrection]


class MeetingTaskDone(ResponseModel):
    id: str
    done_at: Instant


class CalendarEntry(ResponseModel):
    id: str
    kind: KIND
    kind_name: str
    title: str
    unit_id: str
    starts_at: Instant
    local_day: str = Field(description="YYYY-MM-DD in the district's time zone")
    place: str
    state: Literal["planned", "held"]


class MeetingCalendar(ResponseModel):
    district: str
    month: str
    meetings: list[CalendarEntry]


ANSWERS = (Meeting, PublicMeeting, MeetingTaskDone, MeetingCalendar)
