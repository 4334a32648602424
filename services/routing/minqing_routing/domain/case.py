"""A case as routing holds it, its parts (joint handling), its audit-trail steps, and what a
transition produces: the effects, which carry every change for the one writer to persist.

States: ``dispatched`` (sent to a unit, waiting for 签收) → ``accepted`` (being handled) →
``resolved`` (answered: reply 答复 or explanation 解释); ``merged`` (closed into another case).
Every change of unit bumps ``stage``: timers written for an earlier stage are stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from minqing_contracts.events.base import Actor, Payload

from .deadlines import Timer
from .dispatch import CatalogueRef
from .org import Place

OPEN_STATES = ("dispatched", "accepted")


class Refused(Exception):
    """An action the case's state or the rules do not allow; reaches clients as 409 (or ``status``), with
    ``retry_after`` seconds when waiting lifts the refusal (a limit's 429)."""

    def __init__(self, code: str, message: str, message_zh: str, status: int = 409, retry_after: int | None = None):
        super().__init__(message)
        self.code, self.message, self.message_zh, self.status = code, message, message_zh, status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Proposal:
    """The unit's answer to a 包案 case (``domain.ownership``): the reply once the leader signs it off."""

    outcome: str
    reply: str
    by: Actor

    def to_json(self) -> dict[str, Any]:
        return {"outcome": self.outcome, "reply": self.reply, "by": self.by.model_dump()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Proposal:
        return cls(data["outcome"], data["reply"], Actor.model_validate(data["by"]))


@dataclass
class Case:
    id: str
    district: str
    ticket: str
    category: str
    urgent: bool
    grid_code: str | None
    community_id: str | None
    located_by: str
    state: str = "new"
    unit_id: str = ""
    level: str = ""
    stage: int = 0
    response_deadline: datetime | None = None
    resolution_deadline: datetime | None = None
    return_count: int = 0
    returned_by: list[str] = field(default_factory=list)
    reopen_count: int = 0
    owner_id: str | None = None
    resolved_by: str | None = None
    duplicate_of: str | None = None
    merged_into: str | None = None
    joint: bool = False
    correlation_id: str = ""
    acceptance_deadline: datetime | None = None  # 签收 due: set by a dispatch, until accepted
    dispatched_at: datetime | None = None  # when the case reached its unit
    ruled_unit: str | None = None  # the unit a ruling (审定) named: it cannot return the case
    contact_deadline: datetime | None = None  # first contact with the resident due (after 签收), until recorded
    catalogue_item: str | None = None  # the catalogue item (职责清单) and version the latest dispatch used
    catalogue_version: int | None = None
    first_contact_id: str | None = None  # the person who took the request (首问负责): follows it until rated
    proxy_id: str | None = None  # the proxy (代理) acting for the resident, with their consent
    proxy_consent: dict[str, Any] | None = None  # how and when the resident consented (shown to whoever reads it)
    rated_at: datetime | None = None  # the resident rated the answer: the first-contact duty ends
    proposal: Proposal | None = None  # a 包案 case's answer waiting for its leader's sign-off
    contact_on_file: bool | None = None  # the reporter left a contact (sealed for notify); None: not known

    @property
    def place(self) -> Place:
        return Place(self.grid_code, self.community_id, self.located_by)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def require_open(self) -> None:
        if not self.is_open:
            raise Refused("case_closed", f"the case is {self.state}", "该诉求已办结或已合并")


@dataclass(frozen=True)
class Step:
    """One audit-trail row: who did what, from which state to which, and why."""

    action: str
    actor: Actor
    from_state: str
    to_state: str
    unit_id: str
    reason: str = ""
    catalogue: CatalogueRef | None = None  # the catalogue item a dispatch, ruling or return cited


@dataclass
class Part:
    """One unit's share of a joint case (联办): the lead's (主办) or a co-handler's (协办)."""

    part_id: str
    unit_id: str
    task: str
    deadline: datetime | None
    lead: bool = False
    status: str = "open"  # open | accepted | declined | completed | dropped
    note: str = ""
    district: str | None = None  # a partner district's part (跨区联办, ``domain.agreements``); None: the case's


@dataclass(frozen=True)
class Received:
    """What the resident sent, kept on a new case's row (routing's rules never read it)."""

    content: str
    address: str | None
    received_at: datetime
    request_type: str | None = None  # 诉求类型 (minqing_contracts.request_types); none from older producers


@dataclass
class Effects:
    """Everything one transition changed besides the case's own fields: its events, audit steps and
    timers, the parts it opened or changed, and other cases it touched (with their own effects).
    ``elsewhere`` holds events for another district's stream, with that district (a partner's part of a
    joint case across districts: its consumers hear of it). ``received`` is set when the case itself is new."""

    events: list[Payload] = field(default_factory=list)
    elsewhere: list[tuple[str, Payload]] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    timers: list[Timer] = field(default_factory=list)
    new_parts: list[Part] = field(default_factory=list)
    changed_parts: list[Part] = field(default_factory=list)
    other_cases: list[tuple[Case, Effects]] = field(default_factory=list)
    received: Received | None = None

    def step(
        self,
        case: Case,
        action: str,
        actor: Actor,
        before: str,
        reason: str = "",
        catalogue: CatalogueRef | None = None,
    ) -> None:
        self.steps.append(Step(action, actor, before, case.state, case.unit_id, reason, catalogue))

    def extend(self, other: Effects) -> Effects:
        self.events += other.events
        self.elsewhere += other.elsewhere
        self.steps += other.steps
        self.timers += other.timers
        self.new_parts += other.new_parts
        self.changed_parts += other.changed_parts
        self.other_cases += other.other_cases
        self.received = self.received or other.received
        return self

    @property
    def empty(self) -> bool:
        """Nothing to write: the transition changed nothing."""
        return not (
            self.events
            or self.elsewhere
            or self.steps
            or self.timers
            or self.new_parts
            or self.changed_parts
            or self.other_cases
            or self.received
        )
