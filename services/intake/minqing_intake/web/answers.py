"""Intake's JSON answers as models (``minqing_kit.response_models``): the views answer through them and
the document's response schemas are theirs."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from minqing_kit.probe_answers import PROBE_ANSWERS
from minqing_kit.response_models import Instant, ResponseModel

from ..domain.households import FLAGS


class PhotoView(ResponseModel):
    """One staff view of a resident's photo (the staff photo API records each in its read's transaction)."""

    id: int = Field(description="the entry's id; pages go back from it (before=)")
    ticket: str
    case_id: str
    photo_id: str = Field(description="the attachment's id (ref att:<id>)")
    person_id: str = Field(description="who viewed it (the staff member's id)")
    viewed_at: Instant


class PhotoViews(ResponseModel):
    district: str
    views: list[PhotoView] = Field(description="newest first")
    next_before: int | None = Field(description="before= for the next, older page; null: this is the last")


class CasePhotosOf(ResponseModel):
    ticket: str
    photo_ids: list[str] = Field(description="read each at /api/v1/cases/{ticket}/photos/{photo_id}")


class CasePhotos(ResponseModel):
    cases: list[CasePhotosOf] = Field(description="the tickets asked that are cases of your district")


class Receipt(ResponseModel):
    """A request accepted: its ticket, and the tracking secret, shown here only."""

    case_id: str
    ticket: str
    status: str
    received_at: Instant
    tracking_secret: str
    category: str | None
    duplicate_of_ticket: str | None
    track_url: str


class PublicStep(ResponseModel):
    at: Instant
    kind: str
    unit: str | None
    note: str | None
    deadline: Instant | None


class CaseLocation(ResponseModel):
    address: str | None
    grid_code: str | None
    lat: float | None
    lon: float | None


class Classification(ResponseModel):
    category: str | None
    confidence: float | None
    rule: str | None


class CaseView(ResponseModel):
    """A case as tracked: its public view; with the tracking secret (full) also the record intake holds,
    never the sealed contact."""

    ticket: str
    district: str
    channel: str
    category: str | None
    category_name: str | None
    request_type: str | None
    request_type_name: str | None
    status: str
    unit: str | None
    community: str | None
    received_at: Instant | None
    updated_at: Instant | None
    reply: str | None
    merged_into_ticket: str | None
    satisfaction: str | None
    steps: list[PublicStep]
    full: bool = Field(description="with the right tracking secret: also the full record")
    case_id: str | None = None
    content: str | None = None
    urgent: bool | None = None
    anonymous: bool | None = None
    public: bool | None = Field(None, description="公开: shown on the public pages")
    location: CaseLocation | None = None
    classification: Classification | None = None
    first_contact: dict[str, Any] | None = Field(None, description="who took the request (首问负责)")
    filed_for: str | None = Field(None, description="a proxy's filing: whom for (代理)")
    proxy_consent: dict[str, Any] | None = None
    proxy_withdrawn_at: Instant | None = None
    attachments: list[dict[str, Any]] | None = None
    contact_on_file: bool | None = Field(None, description="a contact is sealed on file (never shown)")
    step_updates: bool | None = Field(None, description="an SMS on each public step (办理有进展时短信通知我)")
    can_text: bool | None = Field(None, description="filed with a mobile number: step SMS can be turned on")
    duplicate_of_ticket: str | None = None


class ProxyWithdrawn(ResponseModel):
    ticket: str
    proxy_withdrawn_at: Instant


class StepUpdatesChosen(ResponseModel):
    ticket: str
    step_updates: bool = Field(description="an SMS on each public step (办理有进展时短信通知我), as now chosen")


class Reclassified(ResponseModel):
    ticket: str
    category: str
    previous_category: str | None = None
    changed: bool


class HouseholdView(ResponseModel):
    """A household (一户一档) as its grid's staff see it: never its contact."""

    id: str
    district: str
    grid_code: str
    building_id: str
    unit: str
    door: str
    size: int
    flags: list[Literal[FLAGS]]  # type: ignore[valid-type]
    contact_on_file: bool = Field(description="a contact is sealed on file (never shown)")
    last_visited_on: str | None = Field(description="local day (YYYY-MM-DD) of the latest visit; null: never visited")


class Households(ResponseModel):
    district: str
    grids: list[str]
    households: list[HouseholdView]


class MatterDone(ResponseModel):
    household_id: str | None
    outcome: Literal["case", "resolved", "opinion"]
    content: str
    case_id: str | None = Field(description="the case filed for it (outcome case)")
    ticket: str | None


class VisitDone(ResponseModel):
    visit_id: str
    district: str
    grid_code: str
    visitor_id: str
    visited_at: Instant
    local_date: str
    households: list[str]
    matters: list[MatterDone]


class DiaryHousehold(ResponseModel):
    id: str
    building_id: str | None = None
    unit: str | None = None
    door: str | None = None


class DiaryMatter(MatterDone):
    case_status: str | None = Field(None, description="the filed case's status now")
    case_satisfaction: str | None = None


class DiaryVisit(VisitDone):
    households: list[DiaryHousehold] = Field(description="each with its place (an audited read)")  # type: ignore[assignment]
    matters: list[DiaryMatter]  # type: ignore[assignment]


class DiaryCounts(ResponseModel):
    visits: int
    households: int
    case: int
    resolved: int
    opinion: int


class Diary(ResponseModel):
    """民情日记: a person's visits of a day."""

    district: str
    person: str
    date: str
    visits: list[DiaryVisit]
    counts: DiaryCounts


class CardsDelivered(ResponseModel):
    district: str
    grid_code: str
    delivered_on: str
    recorded: list[str] = Field(description="households new to the record (card.delivered.v1 names them)")
    already: list[str]


class GridCards(ResponseModel):
    grid_code: str
    households: int
    cards_delivered: int


class CardCounts(ResponseModel):
    district: str
    grids: list[GridCards]


class Position(ResponseModel):
    lon: float
    lat: float


class BuildingFile(ResponseModel):
    id: str
    address: str
    position: Position | None
    messengers: list[str] = Field(description="names of the building's messengers (民情信使)")
    units: int | None
    floors: int | None
    structure: str
    note: str


class PlaceFile(ResponseModel):
    ref: str
    kind: str
    name: str
    position: Position | None
    note: str


class CourtyardView(ResponseModel):
    """A grid's courtyard/building file (院落档案): place facts only."""

    district: str
    grid_code: str
    grid_name: str
    version: int = Field(description="the edits saved; a PUT names the version it was made on")
    buildings: list[BuildingFile]
    places: list[PlaceFile]


class CategoryHint(ResponseModel):
    category: str | None = Field(description="null: no suggestion")
    category_name: str | None
    confidence: float
    keywords: list[str]


class AddressSuggestion(ResponseModel):
    address: str
    matched: str
    district: str
    district_name: str
    grid_code: str
    building_id: str


class AddressSuggestions(ResponseModel):
    suggestions: list[AddressSuggestion] = Field(description="best first")


class Place(ResponseModel):
    """The place at a point, in WGS-84."""

    district: str
    district_name: str
    grid_code: str | None
    community: str | None
    building_id: str | None
    address: str | None
    lat: float
    lon: float


class Geometry(ResponseModel):
    type: Literal["Polygon", "Point"]
    coordinates: list[Any] = Field(description="[lon, lat] for a Point, rings of them for a Polygon")


class FeatureProperties(ResponseModel):
    kind: Literal["grid", "building"]
    grid_code: str
    name: str
    community: str | None = None


class Feature(ResponseModel):
    type: Literal["Feature"]
    geometry: Geometry
    properties: FeatureProperties


class DistrictMap(ResponseModel):
    """The district's grids (polygons) and positioned buildings (points), a GeoJSON FeatureCollection."""

    type: Literal["FeatureCollection"]
    crs_name: Literal["wgs84", "gcj02"]
    features: list[Feature]


ANSWERS = (
    *PROBE_ANSWERS,
    Receipt,
    CaseView,
    ProxyWithdrawn,
    StepUpdatesChosen,
    Reclassified,
    PhotoViews,
    CasePhotos,
    Households,
    HouseholdView,
    VisitDone,
    Diary,
    CardsDelivered,
    CardCounts,
    CourtyardView,
    CategoryHint,
    AddressSuggestions,
    Place,
    DistrictMap,
)
