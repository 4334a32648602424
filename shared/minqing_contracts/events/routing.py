"""Events routing produces: where a case is, who has it, what happened to it, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .base import Actor, Payload

Level = Literal["grid", "community", "street", "district", "department", "triage"]
DeadlineKind = Literal["response", "resolution"]
JointStart = Literal["handler", "rule", "escalation"]
ProgressKind = Literal["progress", "contacted_resident", "owner_assigned", "coordination"]
Outcome = Literal["reply", "explanation"]

_UNIT = {"unit_id": "xl-xf", "unit_name": "幸福社区", "level": "community"}
_PERSON = {"kind": "person", "id": "xl-xf-h1", "name": "李娜", "role": "community_handler", "unit_id": "xl-xf"}


class UnitRef(BaseModel):
    model_config = ConfigDict(extra="ignore")

    unit_id: str
    unit_name: str
    level: Level


class CaseDispatched(Payload):
    """A case was sent to a unit (派单) with its response and resolution deadlines."""

    EVENT_TYPE = "case.dispatched.v1"
    PRODUCER = "routing"

    ticket: str
    unit_id: str
    unit_name: str
    level: Level
    category: str
    response_deadline: datetime | None
    resolution_deadline: datetime | None
    urgent: bool = False
    reason: str = Field(description="why this unit: lowest level, rule table, re-dispatch, triage, ruling, ...")
    actor: Actor
    acceptance_deadline: datetime | None = Field(default=None, description="when the unit must sign for it (签收)")
    ruling_reason: str | None = Field(
        default=None, description="a ruling (审定) by the dispatcher above: why this unit; it cannot return the case"
    )
    catalogue_item_id: str | None = Field(
        default=None, description="the responsibility catalogue's item (职责清单) this dispatch or ruling used"
    )
    catalogue_version: int | None = Field(default=None, description="the catalogue version that item belongs to")

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        **_UNIT,
        "category": "environment",
        "response_deadline": "2026-11-23T09:00:00+00:00",
        "resolution_deadline": "2026-12-01T09:00:00+00:00",
        "urgent": False,
        "reason": "lowest_level",
        "actor": {"kind": "system", "id": "system"},
    }


class CaseAccepted(Payload):
    """The unit signed for the case (签收)."""

    EVENT_TYPE = "case.accepted.v1"
    PRODUCER = "routing"

    ticket: str
    unit_id: str
    unit_name: str
    level: Level
    within_response_deadline: bool
    resolution_deadline: datetime | None
    actor: Actor
    within_acceptance_deadline: bool | None = None
    seconds_to_accept: int | None = Field(default=None, description="from the dispatch to this unit to 签收")

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        **_UNIT,
        "within_response_deadline": True,
        "resolution_deadline": "2026-12-01T09:00:00+00:00",
        "actor": _PERSON,
    }


class CaseReturned(Payload):
    """The unit sent the case back as not theirs (退单)."""

    EVENT_TYPE = "case.returned.v1"
    PRODUCER = "routing"

    ticket: str
    unit_id: str
    unit_name: str
    level: Level
    reason: str
    return_count: int
    actor: Actor
    reason_code: str | None = Field(default=None, description="the district's return reason (属地不符, 权属不清, ...)")
    catalogue_item_id: str | None = Field(
        default=None, description="the catalogue item (职责清单) the return disputes, in the current version"
    )

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        **_UNIT,
        "reason": "属于物业管理范围",
        "return_count": 1,
        "actor": _PERSON,
    }


class CaseEscalated(Payload):
    """The case went up a level (上报), by a handler or because a deadline passed."""

    EVENT_TYPE = "case.escalated.v1"
    PRODUCER = "routing"

    ticket: str
    from_unit: UnitRef
    unit_id: str
    unit_name: str
    level: Level
    reason: str
    automatic: bool
    response_deadline: datetime | None
    resolution_deadline: datetime | None
    actor: Actor

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        "from_unit": _UNIT,
        "unit_id": "xl-xl",
        "unit_name": "新林镇",
        "level": "street",
        "reason": "resolution deadline passed",
        "automatic": True,
        "response_deadline": "2026-11-24T09:00:00+00:00",
        "resolution_deadline": "2026-12-02T09:00:00+00:00",
        "actor": {"kind": "system", "id": "system"},
    }


def _districts() -> Any:
    """The ``districts`` of an event about a joint case across districts."""
    return Field(
        default_factory=list,
        description="joint handling across districts (跨区联办): the case's district first, then the partner's; "
        "a copy goes to each district's stream (its envelope's district); empty: the case's district only",
    )


class CaseSupervised(Payload):
    """A supervision notice (督办) for an overdue case."""

    EVENT_TYPE = "case.supervised.v1"
    PRODUCER = "routing"

    ticket: str
    unit_id: str
    unit_name: str
    level: Level
    deadline_kind: DeadlineKind
    deadline: datetime
    supervisor_unit_id: str | None
    notice: str
    actor: Actor
    acceptance: bool = Field(
        default=False,
        description="the acceptance (签收) clock, due before the response deadline; deadline_kind is then response",
    )
    first_contact: bool = Field(
        default=False,
        description="the first contact with the resident (首次联系), due after 签收; deadline_kind is then response",
    )
    districts: list[str] = _districts()

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        **_UNIT,
        "deadline_kind": "resolution",
        "deadline": "2026-12-01T09:00:00+00:00",
        "supervisor_unit_id": "xl-xl",
        "notice": "已超过办理时限,请立即办理",
        "actor": {"kind": "system", "id": "system"},
    }


class JointPart(BaseModel):
    model_config = ConfigDict(extra="ignore")

    part_id: str
    unit_id: str
    unit_name: str
    task: str
    deadline: datetime | None
    lead: bool = False
    district_id: str | None = Field(
        default=None, description="a partner district's part (跨区联办): that district; null: the case's district"
    )


class CaseJointOpened(Payload):
    """Joint handling (联办会办) started: a lead unit and co-handlers, each with its part."""

    EVENT_TYPE = "case.joint_opened.v1"
    PRODUCER = "routing"

    ticket: str
    lead_unit_id: str
    parts: list[JointPart]
    started_by: JointStart
    actor: Actor
    districts: list[str] = _districts()

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        "lead_unit_id": "xl-cgj",
        "parts": [
            {
                "part_id": "p1",
                "unit_id": "xl-cgj",
                "unit_name": "城管局",
                "task": "清运垃圾",
                "deadline": "2026-12-01T09:00:00+00:00",
                "lead": True,
            }
        ],
        "started_by": "handler",
        "actor": _PERSON,
    }


class CasePartCompleted(Payload):
    """One unit finished its part of a joint case."""

    EVENT_TYPE = "case.part_completed.v1"
    PRODUCER = "routing"

    ticket: str
    part_id: str
    unit_id: str
    unit_name: str
    summary: str
    actor: Actor
    lead_unit_id: str | None = Field(
        default=None,
        description="the unit that holds the case and resolves it "
        "(主办), told that this part is done; absent in events older than the field",
    )
    districts: list[str] = _districts()

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        "part_id": "p1",
        "unit_id": "xl-cgj",
        "unit_name": "城管局",
        "summary": "已清运",
        "actor": _PERSON,
        "lead_unit_id": "xl-xf",
    }


class CaseProgressRecorded(Payload):
    """A handler recorded a step; public steps show on the tracking page."""

    EVENT_TYPE = "case.progress_recorded.v1"
    PRODUCER = "routing"

    ticket: str
    unit_id: str
    unit_name: str
    note: str
    public: bool = True
    kind: ProgressKind = "progress"
    actor: Actor

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        "unit_id": "xl-xf",
        "unit_name": "幸福社区",
        "note": "已联系物业,明日上午清运",
        "public": True,
        "kind": "progress",
        "actor": _PERSON,
    }


class CaseResolved(Payload):
    """The case has an answer: a reply (答复) or an explanation (解释) where policy does not allow."""

    EVENT_TYPE = "case.resolved.v1"
    PRODUCER = "routing"

    ticket: str
    unit_id: str
    unit_name: str
    level: Level
    outcome: Outcome
    reply: str
    on_time: bool
    reopen_count: int = 0
    actor: Actor
    signed_off_by: Actor | None = Field(
        default=None, description="the 包案 leader who signed off the resolution the unit proposed (actor: the unit)"
    )

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        **_UNIT,
        "outcome": "reply",
        "reply": "垃圾已于今日清运完毕。",
        "on_time": True,
        "reopen_count": 0,
        "actor": _PERSON,
    }


class CaseOwnerAssigned(Payload):
    """A leader took the case (包案): they see it on their list, hear its reminders, 督办 and escalations,
    may tighten its deadline, reassign it and must sign off its resolution."""

    EVENT_TYPE = "case.owner_assigned.v1"
    PRODUCER = "routing"

    ticket: str
    unit_id: str
    unit_name: str
    level: Level
    owner_person_id: str
    owner_name: str | None = None
    owner_unit_id: str | None = None
    actor: Actor

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        **_UNIT,
        "owner_person_id": "xl-xl-lead",
        "owner_name": "赵书记",
        "owner_unit_id": "xl-xl",
        "actor": {"kind": "person", "id": "xl-xl-lead", "name": "赵书记", "role": "leader", "unit_id": "xl-xl"},
    }


class CaseDeadlineTightened(Payload):
    """The case's 包案 leader set an earlier resolution deadline than the rules gave it."""

    EVENT_TYPE = "case.deadline_tightened.v1"
    PRODUCER = "routing"

    ticket: str
    unit_id: str
    unit_name: str
    level: Level
    resolution_deadline: datetime
    previous_deadline: datetime | None
    reason: str
    actor: Actor

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        **_UNIT,
        "resolution_deadline": "2026-11-26T09:00:00+00:00",
        "previous_deadline": "2026-12-01T09:00:00+00:00",
        "reason": "群众反映强烈,限期三日内解决",
        "actor": {"kind": "person", "id": "xl-xl-lead", "name": "赵书记", "role": "leader", "unit_id": "xl-xl"},
    }


class CaseResolutionProposed(Payload):
    """The unit answered a 包案 case: the answer waits for its leader's sign-off before it is the reply."""

    EVENT_TYPE = "case.resolution_proposed.v1"
    PRODUCER = "routing"

    ticket: str
    unit_id: str
    unit_name: str
    level: Level
    outcome: Outcome
    owner_person_id: str
    actor: Actor

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        **_UNIT,
        "outcome": "reply",
        "owner_person_id": "xl-xl-lead",
        "actor": _PERSON,
    }


class CaseReopened(Payload):
    """The resident was not satisfied; the case goes back (重办) with a new deadline."""

    EVENT_TYPE = "case.reopened.v1"
    PRODUCER = "routing"

    ticket: str
    unit_id: str
    unit_name: str
    level: Level
    reopen_count: int
    reason: str
    resolution_deadline: datetime | None
    escalated: bool
    actor: Actor

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        **_UNIT,
        "reopen_count": 1,
        "reason": "居民不满意",
        "resolution_deadline": "2026-12-08T09:00:00+00:00",
        "escalated": False,
        "actor": {"kind": "system", "id": "system"},
    }


class CaseMerged(Payload):
    """A duplicate case was merged into an open one; both reporters hear the outcome."""

    EVENT_TYPE = "case.merged.v1"
    PRODUCER = "routing"

    ticket: str
    into_case_id: str
    into_ticket: str
    actor: Actor

    EXAMPLE = {
        "ticket": "XL-20261122-000043",
        "into_case_id": "c-42",
        "into_ticket": "XL-20261122-000042",
        "actor": _PERSON,
    }


class CaseAnsweredInCluster(Payload):
    """A case merged into another (a duplicate cluster) has its answer, because the cluster's case was
    resolved: its own reporter is told the outcome, can track it and is asked to rate it."""

    EVENT_TYPE = "case.cluster_answered.v1"
    PRODUCER = "routing"

    ticket: str
    cluster_case_id: str = Field(description="the case the cluster was handled as (the one merged into)")
    cluster_ticket: str
    unit_id: str
    unit_name: str
    level: Level
    outcome: Outcome
    reply: str
    actor: Actor

    EXAMPLE = {
        "ticket": "XL-20261122-000043",
        "cluster_case_id": "c-42",
        "cluster_ticket": "XL-20261122-000042",
        **_UNIT,
        "outcome": "reply",
        "reply": "垃圾已于今日清运完毕。",
        "actor": _PERSON,
    }


class CaseSplit(Payload):
    """A case merged into another is split out again (not the same problem after all): it goes back to
    the unit that has the cluster's case, to be handled on its own."""

    EVENT_TYPE = "case.split.v1"
    PRODUCER = "routing"

    ticket: str
    from_case_id: str
    from_ticket: str
    unit_id: str
    unit_name: str
    level: Level
    actor: Actor

    EXAMPLE = {
        "ticket": "XL-20261122-000043",
        "from_case_id": "c-42",
        "from_ticket": "XL-20261122-000042",
        **_UNIT,
        "actor": _PERSON,
    }


class DeadlineApproaching(Payload):
    """A reminder before a deadline passes."""

    EVENT_TYPE = "deadline.approaching.v1"
    PRODUCER = "routing"

    ticket: str
    unit_id: str
    unit_name: str
    level: Level
    deadline_kind: DeadlineKind
    deadline: datetime
    actor: Actor
    acceptance: bool = Field(
        default=False,
        description="the acceptance (签收) clock, due before the response deadline; deadline_kind is then response",
    )
    first_contact: bool = Field(
        default=False,
        description="the first contact with the resident (首次联系), due after 签收; deadline_kind is then response",
    )
    districts: list[str] = _districts()

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        **_UNIT,
        "deadline_kind": "resolution",
        "deadline": "2026-12-01T09:00:00+00:00",
        "actor": {"kind": "system", "id": "system"},
    }


class ResidentMessaged(Payload):
    """A handler sent the resident a short text through the platform (通过平台短信联系居民): notify reads the
    case's sealed contact itself, so the resident's number never reaches routing or the handler."""

    EVENT_TYPE = "case.resident_messaged.v1"
    PRODUCER = "routing"

    ticket: str
    unit_id: str
    unit_name: str
    text: str = Field(description="what the handler typed or chose from the templates, at most 120 characters")
    actor: Actor

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        "unit_id": "xl-xf",
        "unit_name": "幸福社区",
        "text": "您好,我们明天上午上门查看您反映的垃圾堆放问题。",
        "actor": _PERSON,
    }


class CallbackRequested(Payload):
    """A handler asked the hotline to call the resident back (申请热线回拨) with a question, by a due time;
    the hotline's operators see it in their list and record what came of it."""

    EVENT_TYPE = "case.callback_requested.v1"
    PRODUCER = "routing"

    ticket: str
    unit_id: str
    unit_name: str
    question: str
    due_at: datetime
    actor: Actor

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        "unit_id": "xl-xf",
        "unit_name": "幸福社区",
        "question": "请问垃圾堆放在几号楼旁?",
        "due_at": "2026-11-23T12:00:00+00:00",
        "actor": _PERSON,
    }


class CallbackAnswered(Payload):
    """A hotline operator recorded what came of a call-back (回拨结果): the resident reached or not, and
    what they said."""

    EVENT_TYPE = "case.callback_answered.v1"
    PRODUCER = "routing"

    ticket: str
    unit_id: str
    unit_name: str
    reached: bool
    outcome: str
    actor: Actor

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        "unit_id": "xl-xf",
        "unit_name": "幸福社区",
        "reached": True,
        "outcome": "居民说在3号楼东侧",
        "actor": {"kind": "person", "id": "xl-op-1", "name": "王芳", "role": "hotline_operator", "unit_id": "xl"},
    }
