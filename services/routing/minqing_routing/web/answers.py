"""Routing's JSON answers as models (``minqing_kit.response_models``): the views answer through them and
the document's response schemas are theirs."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from minqing_contracts.org import DispatchModelPolicy
from minqing_contracts.request_types import REQUEST_TYPE_LABELS
from minqing_kit.probe_answers import PROBE_ANSWERS
from minqing_kit.response_models import Instant, ResponseModel

from ..domain.catalogue import LEVELS


class ActionResult(ResponseModel):
    """The case after a handler's action, and the events it caused."""

    case_id: str
    ticket: str
    state: str
    unit_id: str
    level: str
    events: list[str]


class CaseSummary(ResponseModel):
    """A case as an inbox lists it; a partner district's co-handler (跨区联办) sees the district's own people
    and other cases as null, with partner_view, the case's district and the lead unit's name."""

    case_id: str
    ticket: str
    category: str
    request_type: Literal[tuple(REQUEST_TYPE_LABELS)] | None = Field(  # type: ignore[valid-type]
        description="诉求类型: consultation 咨询, help 求助, complaint 投诉, suggestion 建议, praise 表扬 (or null)"
    )
    urgent: bool
    state: str
    unit_id: str
    level: str
    content: str
    address: str | None
    grid_code: str | None
    located_by: str | None
    acceptance_deadline: Instant | None
    response_deadline: Instant | None
    resolution_deadline: Instant | None
    overdue: bool
    return_count: int
    reopen_count: int
    owner_id: str | None
    first_contact_id: str | None = Field(description="who took the request (首问负责)")
    proxy_id: str | None = Field(description="the proxy acting for the resident (代理), with their consent")
    proxy_consent: dict[str, Any] | None = Field(description="how and when the resident consented")
    rated: bool = Field(description="the resident rated the answer: the first-contact duty is done")
    awaiting_sign_off: bool = Field(description="a 包案 case's answer waits for its leader")
    joint: bool
    duplicate_of: str | None
    merged_into: str | None
    received_at: Instant | None
    partner_view: bool = Field(False, description="seen by a partner district's co-handler")
    district: str | None = Field(None, description="the case's district (partner view)")
    lead_unit_name: str | None = Field(None, description="the unit that has the case (partner view)")


class Actor(ResponseModel):
    kind: str
    id: str | None
    name: str | None
    role: str | None
    unit_id: str | None


class Step(ResponseModel):
    """An audit step: who, when, from state, to state, why."""

    at: Instant | None
    action: str
    from_state: str | None
    to_state: str | None
    unit_id: str | None
    reason: str | None
    catalogue_item: str | None = Field(description="the catalogue item (职责清单) a dispatch, ruling or return cited")
    catalogue_version: int | None
    actor: Actor


class Part(ResponseModel):
    """A joint case's part (联办会办): the lead's or a co-handler's."""

    part_id: str
    unit_id: str
    unit_name: str
    task: str
    deadline: Instant | None
    lead: bool
    status: str
    note: str | None
    district: str


class ClusterCase(ResponseModel):
    """A case of this case's duplicate cluster."""

    case_id: str
    ticket: str
    state: str
    merged: bool = Field(description="merged into this case (else: flagged by intake as its duplicate)")


class CaseDetail(CaseSummary):
    """A case with its audit trail, its joint parts and its duplicate cluster."""

    history: list[Step] = Field(
        description="the audit steps; a reveal of the resident's contact (reveal_contact) only for "
        "supervisors, leaders, dispatchers, admins and the person who revealed"
    )
    parts: list[Part]
    cluster: list[ClusterCase]
    proposal: dict[str, Any] | None = Field(description="the answer waiting for sign-off")


class Inbox(ResponseModel):
    cases: list[CaseSummary]
    count: int


class SignedInUnit(ResponseModel):
    id: str
    name: str
    level: str


class SignedInPerson(ResponseModel):
    id: str
    name: str
    roles: list[str]
    unit: SignedInUnit


class SignedIn(ResponseModel):
    token: str
    token_type: Literal["Bearer"]
    expires_in: int
    person: SignedInPerson


class Lockout(ResponseModel):
    person_id: str
    name: str
    unit_id: str
    retry_after: int = Field(description="seconds until the lockout ends by itself")


class Lockouts(ResponseModel):
    lockouts: list[Lockout]


class LockoutLifted(ResponseModel):
    person_id: str
    lifted: bool


class Callback(ResponseModel):
    case_id: str
    ticket: str
    unit_id: str = Field(description="the unit that has the case, which asked")
    asked_at: Instant
    asked_by: str | None = Field(description="the handler's name")
    due_at: Instant
    question: str


class Callbacks(ResponseModel):
    callbacks: list[Callback]
    count: int


class CatalogueEntry(ResponseModel):
    """An item of the responsibility catalogue (职责清单)."""

    item_id: str
    matter: str
    category: str
    level: Literal[LEVELS]  # type: ignore[valid-type]
    unit_id: str | None
    street_duty: str | None
    community_duty: str | None
    legal_basis: str
    effective_from: str
    effective_to: str | None


class Catalogue(ResponseModel):
    district: str
    version: int | None
    loaded_at: Instant | None
    date: str
    items: list[CatalogueEntry]


class ItemRate(ResponseModel):
    item_id: str
    version: int
    dispatched: int
    right_first_time: int
    rate: float | None


class RightFirstTime(ResponseModel):
    district: str
    formula: str
    items: list[ItemRate]


class TrainedModel(ResponseModel):
    version: int
    trained_at: Instant
    samples: int
    trained_on: int
    held_out: int
    model_right: int
    rules_right: int
    model_rate: float
    rules_rate: float


class LiveDispatches(ResponseModel):
    """How the cases the model dispatched by itself fared: the live right-first-time figure."""

    dispatched: int = Field(description="cases the model dispatched by itself, not merged into another")
    stayed: int = Field(description="of them, those no return, ruling or second dispatch moved from its unit")
    live_rate: float | None = Field(description="stayed / dispatched; null while the model dispatched none")
    formula: str


class DispatchModel(ResponseModel):
    district: str
    policy: DispatchModelPolicy
    formula: str
    model: TrainedModel | None
    dispatches: bool
    live: LiveDispatches


ANSWERS = (
    *PROBE_ANSWERS,
    ActionResult,
    Inbox,
    CaseDetail,
    SignedIn,
    Lockouts,
    LockoutLifted,
    Callbacks,
    Catalogue,
    RightFirstTime,
    DispatchModel,
)
