"""The JSON bodies intake's own API reads, as models: the views validate their shape with them and
``web/openapi.py`` documents them (``minqing_kit.request_models``). The rules beyond a shape (the
district's categories, grids and outline, a phone number's normal form, who may file for whom, the
echo wall's anonymity) stay in ``domain/submission.py``, which every channel shares."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AwareDatetime, ConfigDict, Field

from minqing_contracts.request_types import REQUEST_TYPE_LABELS, RequestType
from minqing_kit.request_models import RequestModel, text

from ..domain.channels import CHANNELS, OPEN311, STAFF_CHANNELS
from ..domain.households import FLAGS
from ..domain.submission import (
    ATTACHMENT_REF,
    ATTACHMENT_TYPES,
    EMAIL,
    MAX_ADDRESS,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    MAX_CONTENT,
    MIN_CONTENT,
    MOBILE_AS_SENT,
)

# MIN_CONTENT characters or more once white space is trimmed, and no NUL.
CONTENT = f"^[^\\x00]*[^\\s\\x00][^\\x00]{{{MIN_CONTENT - 2},}}[^\\s\\x00][^\\x00]*$"
JSON_CHANNELS = tuple(c for c in CHANNELS if c != OPEN311)
POINT = ("location", "lat and lon must both be numbers (WGS84)", "经纬度须同时填写且为数字")


class Location(RequestModel):
    """At least one of address, grid_code, lat+lon; a grid of the district, a point inside it."""

    address: text(MAX_ADDRESS, blank=True) | None = None
    grid_code: text(blank=True) | None = None
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)


class Contact(RequestModel):
    """Sealed for notify; never shown or logged; must be empty on the echo wall."""

    name: text(60, blank=True) | None = None
    phone: str | None = Field(None, pattern=MOBILE_AS_SENT)
    email: str | None = Field(None, max_length=200, pattern=f"^{EMAIL.pattern}$")


class Attachment(RequestModel):
    ref: str = Field(pattern=f"^{ATTACHMENT_REF.pattern}$")
    content_type: Literal[ATTACHMENT_TYPES]
    size: int = Field(ge=1, le=MAX_ATTACHMENT_BYTES)


class ProxyConsent(RequestModel):
    """How and when the resident consented to the proxy acting for them (no contact data)."""

    REASONS = {
        "how": ("one of signed_form, in_person, phone, written_message", "须为签字委托、当面、电话或书面留言之一")
    }
    how: Literal["signed_form", "in_person", "phone", "written_message"]
    given_at: AwareDatetime
    note: text(200, blank=True) | None = Field(None, description="e.g. where the signed form is kept")


class Submission(RequestModel):
    """A request through any channel but Open311."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "district": "xinlin",
                "content": "幸福小区4号楼门口的路灯坏了一个月,晚上很黑。",
                "location": {"grid_code": "XL-XF-01-G02"},
                "contact": {"phone": "138 1234 5678"},
            }
        }
    )
    REASONS = {
        "content": (f"must be {MIN_CONTENT}-{MAX_CONTENT} characters", f"内容须为{MIN_CONTENT}至{MAX_CONTENT}个字"),
        "channel": (f"unknown channel; known: {', '.join(JSON_CHANNELS)}", "未知的渠道"),
        "location.lat": POINT,
        "location.lon": POINT,
        "contact.phone": ("must be a mainland mobile number (11 digits, 1[3-9]...)", "须为11位大陆手机号码"),
        "contact.email": ("not an e-mail address", "邮箱地址格式不正确"),
        "request_type": (f"one of {', '.join(REQUEST_TYPE_LABELS)}", "请选择诉求类型(咨询、求助、投诉、建议、表扬)"),
        "attachments": (f"a list of at most {MAX_ATTACHMENTS}", f"附件最多{MAX_ATTACHMENTS}个"),
        "attachments[].ref": ("a reference att:<id> or an https URL", "附件引用格式不正确"),
        "attachments[].content_type": (f"allowed: {', '.join(ATTACHMENT_TYPES)}", "不支持的附件类型"),
        "attachments[].size": (
            f"a whole number of bytes, 1 to {MAX_ATTACHMENT_BYTES} ({MAX_ATTACHMENT_BYTES // 2**20} MB)",
            f"附件大小须为整数字节,不超过{MAX_ATTACHMENT_BYTES // 2**20}MB",
        ),
    }
    district: text() = Field(description="a district intake serves (else 422)", json_schema_extra={"example": "xinlin"})
    channel: Literal[JSON_CHANNELS] = Field(
        "web",
        description=(
            f"staff channels ({', '.join(STAFF_CHANNELS)}) need a Bearer token; the signed-in person is the first "
            "contact"
        ),
    )
    content: str = Field(pattern=CONTENT, max_length=MAX_CONTENT)
    category: text() | None = Field(None, description="optional, one of the district's; else suggested from the text")
    location: Location | None = None
    contact: Contact | None = None
    filed_for: text(120, blank=True) | None = Field(None, description="proxy filing (代办) only: whom it is filed for")
    proxy_consent: ProxyConsent | None = Field(
        None,
        description="proxy filing (代办/代理) only, and required there: the resident's consent; the signed-in filer "
        "is then the resident's proxy, told of each step, until the resident takes the case back",
    )
    request_type: RequestType | None = Field(
        None,
        description="诉求类型: consultation 咨询, help 求助, complaint 投诉, suggestion 建议, praise 表扬",
        json_schema_extra={"enum": [*REQUEST_TYPE_LABELS, None]},  # OpenAPI 3.0: a nullable enum lists null
    )
    urgent: bool = False
    public: bool | None = Field(
        None,
        description="公开 (true): on the public board and lists, public fields only; 不公开 (false): seen by its"
        " holder only (tracking secret, 我的诉求); left out: not asked, shown as before. The echo wall is public"
        " and anonymous whatever this says",
    )
    step_updates: bool = Field(
        False,
        description="办理有进展时短信通知我: an SMS to contact.phone (required then) on each public step; staff filing"
        " for a resident set it only when the resident asked for it. The resident turns it off on the tracking page",
    )
    attachments: list[Attachment] | None = Field(None, max_length=MAX_ATTACHMENTS)


class StepUpdates(RequestModel):
    """The resident turns the SMS on each public step on (true, 开启) or off (false, 退订)."""

    enabled: bool


class Category(RequestModel):
    category: text() = Field(description="one of the district's category codes")


class HouseholdContact(RequestModel):
    """Sealed for notify before it is stored; never shown, logged or sent in clear."""

    name: text(60, blank=True) | None = None
    phone: str | None = Field(None, pattern=MOBILE_AS_SENT)


class Household(RequestModel):
    """A household record (一户一档): its place in the grid, its size, the flags a visitor must know."""

    REASONS = {"contact.phone": ("must be a mainland mobile number (11 digits, 1[3-9]...)", "须为11位大陆手机号码")}
    district: text() = Field(json_schema_extra={"example": "xinlin"})
    grid_code: text() = Field(json_schema_extra={"example": "XL-XF-01-G01"})
    building_id: text(64) = Field(description="a building of the grid", json_schema_extra={"example": "xl-xf-b1"})
    unit: text(20, blank=True) = ""
    door: text(20, blank=True) = ""
    size: int = Field(1, ge=1, le=30, description="people in the household")
    flags: list[Literal[FLAGS]] = Field([], max_length=len(FLAGS))
    contact: HouseholdContact | None = None


class Matter(RequestModel):
    """A matter heard: ``case`` files it (grid_visit channel), ``resolved`` was settled on the spot, ``opinion``."""

    outcome: Literal["case", "resolved", "opinion"]
    content: str = Field(pattern=CONTENT, max_length=MAX_CONTENT, description="what was heard (a case's text)")
    household_id: text(36) | None = None
    category: text() | None = None
    urgent: bool = False
    public: bool | None = Field(None, description="a filed matter's 公开 (true) or 不公开 (false); left out: not asked")


class Visit(RequestModel):
    """A visit (走访) to households of one grid."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "district": "xinlin",
                "grid_code": "XL-XF-01-G01",
                "visited_at": "2026-11-24T10:30:00+08:00",
                "households": ["6f1c2b8e-0d3a-4c57-9e21-5b7a8c9d0e1f"],
                "matters": [{"outcome": "opinion", "content": "希望小区多装几个健身器材。"}],
            }
        }
    )
    REASONS = {
        "matters[].content": (
            f"must be {MIN_CONTENT}-{MAX_CONTENT} characters",
            f"内容须为{MIN_CONTENT}至{MAX_CONTENT}个字",
        )
    }
    district: text()
    grid_code: text()
    visited_at: AwareDatetime = Field(description="when, with its UTC offset")
    households: list[text(36)] = Field(min_length=1, max_length=50)
    matters: list[Matter] = Field([], max_length=50)


class CardDelivery(RequestModel):
    """Contact cards (民情联系卡) handed to households of one grid; a household already recorded stays as it was."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "district": "xinlin",
                "grid_code": "XL-XF-01-G01",
                "households": ["6f1c2b8e-0d3a-4c57-9e21-5b7a8c9d0e1f"],
                "delivered_on": "2026-11-24",
            }
        }
    )
    district: text()
    grid_code: text()
    households: list[text(36)] = Field(min_length=1, max_length=300, description="household ids of the grid")
    delivered_on: date = Field(description="the local day the cards were handed over, not in the future")


class CourtyardBuilding(RequestModel):
    """A building's place facts; its id and address are the district configuration's."""

    id: text(64) = Field(description="a building of the grid", json_schema_extra={"example": "xl-xf-b1"})
    lon: float | None = Field(None, ge=-180, le=180, description="WGS84, with lat")
    lat: float | None = Field(None, ge=-90, le=90)
    units: int | None = Field(None, ge=1, le=50, description="单元")
    floors: int | None = Field(None, ge=1, le=120)
    structure: text(40, blank=True) = Field("", description="房屋结构, e.g. 砖混")
    note: text(200, blank=True) = ""


class CourtyardPlace(RequestModel):
    """A facility (设施), service point (便民服务点) or resident unit (驻区单位) of the grid."""

    ref: text(64) = Field(description="the place's own id in the grid")
    kind: Literal["facility", "service_point", "resident_unit"]
    name: text(80)
    lon: float | None = Field(None, ge=-180, le=180)
    lat: float | None = Field(None, ge=-90, le=90)
    note: text(200, blank=True) = ""


class Courtyard(RequestModel):
    """A grid's whole courtyard/building file (院落档案): it replaces the one on file. Place facts only."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "version": 3,
                "buildings": [{"id": "xl-xf-b1", "lon": 124.3962, "lat": 51.6809, "units": 3, "floors": 6}],
                "places": [{"ref": "sp1", "kind": "service_point", "name": "幸福社区服务站"}],
            }
        }
    )
    version: int = Field(ge=0, le=2**31 - 1, description="the file's version the edit was made on (GET's version)")
    buildings: list[CourtyardBuilding] = Field([], max_length=200)
    places: list[CourtyardPlace] = Field([], max_length=200)
