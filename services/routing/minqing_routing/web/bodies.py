"""The JSON bodies routing's API reads, as models: the views validate with them and ``web/openapi.py``
documents them (``minqing_kit.request_models``). Rules beyond a body's shape (which units a district
has, what a case's state allows) stay in the commands."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, Field

from minqing_kit.request_models import RequestModel, text

from ..domain import resident_contact

NOTE = text(4000)


class UnitTask(RequestModel):
    unit_id: str
    task: text()


def unit_tasks(given: list[UnitTask] | None) -> list[tuple[str, str]]:
    """(unit id, task) pairs as the commands take them; none given is none."""
    return [(task.unit_id, task.task) for task in given or []]


class Reason(RequestModel):
    reason: NOTE


class Return(RequestModel):
    reason_code: text(32) = Field(
        description="one of the district's return reasons (returns.reasons: wrong_place "
        "属地不符, unclear_ownership 权属不清, overlapping_duties 职能交叉, ...)"
    )
    reason: text(4000, blank=True) = Field("", description="the handler's words, beside the code")
    catalogue_item: text(40) | None = Field(
        None, description="the responsibility catalogue's item (职责清单) the return disputes (current version)"
    )


class Ruling(RequestModel):
    unit_id: text(40) = Field(description="the unit that handles the case from now on; it cannot return it")
    reason: NOTE
    catalogue_item: text(40) | None = Field(
        None, description="the catalogue item (职责清单, current version) the ruling follows"
    )


class Escalation(RequestModel):
    reason: NOTE
    joint_with: list[UnitTask] | None = None


class Progress(RequestModel):
    note: NOTE
    public: bool = Field(True, description="shown on the tracking page")


class Contact(RequestModel):
    note: NOTE
    public: bool = False


class Coordination(RequestModel):
    REASONS = {"attendees": ("a list of names", "须为姓名列表")}
    attendees: list[str] | None = None
    decisions: NOTE


class Resolution(RequestModel):
    outcome: Literal["reply", "explanation"] = "reply"
    reply: NOTE


class Deadline(RequestModel):
    resolution_deadline: AwareDatetime = Field(
        description="the new resolution deadline: in the future and earlier than the case's (包案 leader only)"
    )
    reason: NOTE


class SignOff(RequestModel):
    approve: bool = Field(description="true: the unit's proposed answer becomes the reply; false: sent back")
    note: text(4000, blank=True) = Field("", description="the leader's words (why it is sent back)")


class Unit(RequestModel):
    unit_id: text(40)


class Merge(RequestModel):
    into_case_id: text(40, blank=True) | None = Field(
        None, description="the case to merge into: its id or its ticket number (blank or none: the flagged original)"
    )


class ClusterMember(RequestModel):
    case_id: text(40) = Field(description="the duplicate: its id or its ticket number")


class Joint(RequestModel):
    co_handlers: list[UnitTask] | None = None
    lead_task: NOTE
    extend_reason: text(500) | None = Field(
        default=None,
        description="why the lead's resolution deadline is extended to the latest part's; "
        "without it every part is fitted inside the lead's deadline",
    )


class Completion(RequestModel):
    summary: NOTE


SMS_TEXT = text(resident_contact.MESSAGE_MAX)  # a name of its own: the field ``text`` hides the function
SMS_TEMPLATE = Literal[tuple(resident_contact.TEMPLATES)]  # type: ignore[valid-type]


class ResidentMessage(RequestModel):
    text: SMS_TEXT | None = Field(None, description="the SMS's text (通过平台短信联系居民); without it, the template's")
    template: SMS_TEMPLATE | None = Field(
        None,
        description="one of the standard texts: "
        + "; ".join(f"{code}: {said}" for code, said in resident_contact.TEMPLATES.items()),
    )


class CallbackRequest(RequestModel):
    question: text(resident_contact.QUESTION_MAX) = Field(description="what the hotline is to ask the resident")


class CallbackOutcome(RequestModel):
    reached: bool = Field(description="the resident was reached")
    outcome: text(resident_contact.OUTCOME_MAX) = Field(description="what came of the call (回拨结果)")


class Login(RequestModel):
    district: text(32)
    person_id: text(40)
    password: text(200)


MODELS = (
    UnitTask,
    Reason,
    Return,
    Ruling,
    Escalation,
    Progress,
    Contact,
    Coordination,
    Resolution,
    Deadline,
    SignOff,
    Unit,
    Merge,
    ClusterMember,
    Joint,
    Completion,
    ResidentMessage,
    CallbackRequest,
    CallbackOutcome,
    Login,
)
