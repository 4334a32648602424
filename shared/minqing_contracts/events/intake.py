"""Events intake produces: a case came in, its category changed, contact cards were handed out, a grid worker
recorded a visit, a grid's courtyard/building file changed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..channels import ChannelCode
from ..request_types import RequestType
from .base import Actor, Payload


class Location(BaseModel):
    model_config = ConfigDict(extra="ignore")

    address: str | None = None
    grid_code: str | None = None
    lat: float | None = None
    lon: float | None = None


class Attachment(BaseModel):
    model_config = ConfigDict(extra="ignore")

    ref: str
    content_type: str
    size: int


class Classification(BaseModel):
    model_config = ConfigDict(extra="ignore")

    category: str
    confidence: float = Field(ge=0, le=1)
    rule: str | None = Field(default=None, description="the keyword rule that fired, or 'operator'")


ConsentHow = Literal["signed_form", "in_person", "phone", "written_message"]
CONSENT_LABELS: dict[str, str] = {  # the words every page shows for a ConsentHow, so that they never drift
    "signed_form": "签字委托",
    "in_person": "当面同意",
    "phone": "电话同意",
    "written_message": "书面留言",
}


class ProxyConsent(BaseModel):
    """The resident's consent to a proxy (代理) acting for them, as the proxy recorded it at filing:
    how it was given and when; never the resident's contact."""

    model_config = ConfigDict(extra="ignore")

    how: ConsentHow = Field(description="signed form (签字委托), in person, by phone, or a written message")
    given_at: datetime
    note: str | None = Field(default=None, description="e.g. where the signed form is kept")


class CaseReceived(Payload):
    """A resident's request was accepted and given a ticket number (挂牌)."""

    EVENT_TYPE = "case.received.v1"
    PRODUCER = "intake"

    ticket: str
    channel: ChannelCode
    content: str = Field(description="the request text; never contact data")
    classification: Classification
    location: Location
    request_type: RequestType | None = Field(
        default=None,
        description="咨询 / 求助 / 投诉 / 建议 / 表扬 as the resident chose it (minqing_contracts.request_types);"
        " None from producers that do not ask",
    )
    urgent: bool = False
    anonymous: bool = False
    public: bool | None = Field(
        default=None,
        description="公开 / 不公开 as the resident chose it: a non-public (False) request is on no public board or"
        " list, only its holder sees it; an echo-wall post is public (anonymous); None from producers that do not"
        " ask, shown as before",
    )
    first_contact: Actor = Field(description="who took the request first (首问负责)")
    filed_for: str | None = Field(default=None, description="proxy filing: whom it was filed for (代办)")
    proxy_consent: ProxyConsent | None = Field(
        default=None,
        description="proxy filing (代理): the resident's consent; the proxy is the first_contact person, told of each"
        " step and able to answer the follow-up for the resident until the resident takes the case back",
    )
    attachments: list[Attachment] = []
    duplicate_of_case_id: str | None = None
    duplicate_of_ticket: str | None = None
    joins_case_id: str | None = Field(
        default=None,
        description="me too (我也遇到了): the open case the resident, shown it before filing, said is their problem"
        " too; routing merges this case into it, so its reporter is answered with it and rates it",
    )
    contact_sealed: str | None = Field(
        default=None, description="reporter's contact, sealed so that only notify can open it"
    )
    step_updates: bool = Field(
        default=False,
        description="the resident asked for an SMS on each public step (办理有进展时短信通知我); off unless asked,"
        " changed later with case.step_updates_changed.v1",
    )
    received_at: datetime

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        "channel": "web",
        "content": "幸福小区3号楼门前垃圾三天没人清运,气味很大。",
        "classification": {"category": "environment", "confidence": 0.82, "rule": "keyword:垃圾"},
        "location": {"address": "新林镇幸福小区3号楼", "grid_code": "XL-XF-01-G01"},
        "request_type": "complaint",
        "urgent": False,
        "anonymous": False,
        "public": True,
        "first_contact": {"kind": "resident", "id": None, "name": None},
        "attachments": [],
        "contact_sealed": "b64:AAAA",
        "received_at": "2026-11-22T01:02:03+00:00",
    }


class ProxyWithdrawn(Payload):
    """The resident took the case back from their proxy (代理): the proxy is no longer told of its steps
    and may no longer answer its follow-up."""

    EVENT_TYPE = "case.proxy_withdrawn.v1"
    PRODUCER = "intake"

    ticket: str
    proxy_person_id: str = Field(description="the proxy, as the district configuration names them")
    withdrawn_at: datetime

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        "proxy_person_id": "xl-xf-m1",
        "withdrawn_at": "2026-11-23T02:00:00+00:00",
    }


class StepUpdatesChanged(Payload):
    """The resident turned the SMS on each public step of their case on (开启) or off (退订), on the tracking
    page, in 我的诉求 or by answering an SMS: notify texts them only while it is on. Never the contact."""

    EVENT_TYPE = "case.step_updates_changed.v1"
    PRODUCER = "intake"

    ticket: str
    enabled: bool
    changed_at: datetime = Field(description="when the resident chose: the latest choice wins, whatever the order")

    EXAMPLE = {"ticket": "XL-20261122-000042", "enabled": False, "changed_at": "2026-11-23T02:00:00+00:00"}


class CaseReclassified(Payload):
    """An operator overrode the suggested category."""

    EVENT_TYPE = "case.reclassified.v1"
    PRODUCER = "intake"

    ticket: str
    category: str
    previous_category: str
    actor: Actor

    EXAMPLE = {
        "ticket": "XL-20261122-000042",
        "category": "property",
        "previous_category": "environment",
        "actor": {"kind": "person", "id": "xl-op-1", "name": "王芳", "role": "hotline_operator"},
    }


class CardsDelivered(Payload):
    """Grid staff handed contact cards (民情联系卡 / 便民联系卡) to households of a grid: each household the
    first time only. Opaque household ids: no door, name or phone."""

    EVENT_TYPE = "card.delivered.v1"
    PRODUCER = "intake"

    grid_code: str
    household_ids: list[str] = Field(min_length=1, description="intake's household ids that got their first card")
    delivered_on: date = Field(description="the day the cards were handed over, in the district's time zone")
    delivered_by: str = Field(description="person id of who handed them over, as in the district configuration")

    EXAMPLE = {
        "grid_code": "XL-XF-01-G01",
        "household_ids": ["hh-7d1e", "hh-91ac"],
        "delivered_on": "2026-11-24",
        "delivered_by": "xl-xf-g1",
    }


CourtyardItem = Literal["building", "place"]
CourtyardChangeKind = Literal["added", "changed", "removed"]


class CourtyardChange(BaseModel):
    """One building's facts or one place (facility, service point, resident unit) of a grid's file that changed:
    the fields that differ from the file before, with their new values (none when removed)."""

    model_config = ConfigDict(extra="ignore")

    item: CourtyardItem
    ref: str = Field(description="the building id (the district configuration's) or the place's own ref")
    change: CourtyardChangeKind
    values: dict[str, float | int | str | None] = Field(
        default={}, description="field -> new value (lon, lat, units, floors, structure, kind, name, note)"
    )


class CourtyardFileEdited(Payload):
    """A grid's courtyard/building file (院落档案) changed: grid staff replaced it, or the district's building
    file was loaded. Place facts only (position, buildings, facilities, service points): never a household."""

    EVENT_TYPE = "courtyard.file_edited.v1"
    PRODUCER = "intake"

    grid_code: str
    edited_by: str = Field(description="person id of the editor, as in the district configuration, or building-file")
    edited_at: datetime
    changes: list[CourtyardChange] = Field(min_length=1)

    EXAMPLE = {
        "grid_code": "XL-XF-01-G01",
        "edited_by": "xl-xf-g1",
        "edited_at": "2026-12-02T02:30:00+00:00",
        "changes": [
            {"item": "building", "ref": "xl-xf-b1", "change": "changed", "values": {"floors": 7}},
            {
                "item": "place",
                "ref": "sp2",
                "change": "added",
                "values": {
                    "kind": "service_point",
                    "name": "幸福小区党群服务点",
                    "lon": 124.398,
                    "lat": 51.681,
                    "note": "",
                },
            },
            {"item": "place", "ref": "boiler", "change": "removed", "values": {}},
        ],
    }


VisitOutcome = Literal["case", "resolved", "opinion"]


class VisitMatter(BaseModel):
    """One matter heard on a visit: filed as a case, resolved on the spot (就地解决), or an opinion (意见建议)."""

    model_config = ConfigDict(extra="ignore")

    household_id: str | None = Field(default=None, description="intake's household id; never the household's detail")
    outcome: VisitOutcome
    case_id: str | None = Field(default=None, description="the case filed through grid_visit, when outcome is case")


class VisitRecorded(Payload):
    """A grid worker recorded a visit (走访): which households, in which grid, what came of it.
    Ids and counts only: no names, phone numbers, doors or what was said."""

    EVENT_TYPE = "visit.recorded.v1"
    PRODUCER = "intake"

    visit_id: str
    visitor_id: str = Field(description="person id of the visitor, as in the district configuration")
    grid_code: str = Field(description="the grid visited (a worker who moves grids records each visit in its grid)")
    visited_at: datetime
    local_date: date = Field(description="the day of the visit in the district's time zone")
    household_ids: list[str] = Field(description="the households visited, each once")
    matters: list[VisitMatter] = []

    EXAMPLE = {
        "visit_id": "5b0f3c9e-2a8e-4a61-9b55-0d7e1c2f6a10",
        "visitor_id": "xl-xf-g1",
        "grid_code": "XL-XF-01-G01",
        "visited_at": "2026-11-24T02:30:00+00:00",
        "local_date": "2026-11-24",
        "household_ids": ["hh-7d1e", "hh-91ac"],
        "matters": [
            {"household_id": "hh-7d1e", "outcome": "case", "case_id": "0f6c1b2a-3d4e-4f50-8a61-7b8c9d0e1f23"},
            {"household_id": "hh-91ac", "outcome": "resolved"},
            {"household_id": None, "outcome": "opinion"},
        ],
    }


class ProjectHousehold(BaseModel):
    model_config = ConfigDict(extra="ignore")

    household_id: str
    contact_sealed: str | None = Field(default=None, description="as intake sealed it for notify; None: no contact")


class ProjectHouseholdsListed(Payload):
    """The answer to project.rating_opened.v1: the households intake holds in the project's grids,
    buildings or list, in the event's district. Ids and sealed contacts only, never a door or a name."""

    EVENT_TYPE = "project.households_listed.v1"
    PRODUCER = "intake"

    project_id: str
    round: int = Field(ge=1)
    households: list[ProjectHousehold]

    EXAMPLE = {
        "project_id": "pr-1",
        "round": 1,
        "households": [
            {"household_id": "hh-7d1e", "contact_sealed": "b64:AAAA"},
            {"household_id": "hh-91ac", "contact_sealed": None},
        ],
    }


class ReviewHouseholdsListed(Payload):
    """The answer to review.opened.v1: the households intake holds in the reviewed person's community's
    grids, in the event's district: the voters of the review's residents' ballot (paper ballots entered
    by the board, so ids only: no contact, door or name)."""

    EVENT_TYPE = "review.households_listed.v1"
    PRODUCER = "intake"

    review_id: str
    household_ids: list[str]

    EXAMPLE = {"review_id": "ar-1", "household_ids": ["hh-7d1e", "hh-91ac"]}


class SignInCodeRequested(Payload):
    """A resident asked to sign in to 我的诉求 (my requests) with their phone: notify sends the one-time
    code by SMS. The phone and the code travel sealed (minqing_kit.sealing, ``{"phone", "sign_in_code"}``):
    only notify opens them; intake keeps only keyed hashes."""

    EVENT_TYPE = "resident.sign_in_code_requested.v1"
    PRODUCER = "intake"

    request_id: str
    expires_at: datetime
    contact_sealed: str = Field(description="the phone and the code, sealed so that only notify can open them")

    EXAMPLE = {"request_id": "si-1", "expires_at": "2026-11-22T09:05:00+00:00", "contact_sealed": "x25519:AAAA"}
