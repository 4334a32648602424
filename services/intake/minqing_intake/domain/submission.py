"""A resident's request as submitted, and the rules it must meet. No framework here."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from minqing_contracts.request_types import REQUEST_TYPE_LABELS
from minqing_kit.errors import FieldError

from .channels import CHANNELS, files_for_someone, is_anonymous
from .places import DistrictPlaces

MIN_CONTENT, MAX_CONTENT = 5, 5000
MAX_ADDRESS = 300
MOBILE = re.compile(r"1[3-9]\d{9}")
# MOBILE as sent, before normalise_phone drops white space and dashes and a leading +86 (for a schema).
MOBILE_AS_SENT = r"^[\s-]*(\+[\s-]*8[\s-]*6[\s-]*)?1[\s-]*[3-9]([\s-]*\d){9}[\s-]*$"
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
ATTACHMENT_TYPES = ("image/jpeg", "image/png", "image/webp", "audio/mpeg", "audio/amr", "video/mp4", "application/pdf")
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_ATTACHMENTS = 9
ATTACHMENT_REF = re.compile(r"(att:[A-Za-z0-9_-]{1,200}|https://[^\s]{1,290})")  # an id: no dots, no slashes
SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass
class Contact:
    name: str | None = None
    phone: str | None = None
    email: str | None = None

    def is_empty(self) -> bool:
        return not (self.name or self.phone or self.email)

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in (("name", self.name), ("phone", self.phone), ("email", self.email)) if v}


@dataclass
class Submission:
    district: str
    channel: str
    content: str
    category: str | None = None
    address: str | None = None
    grid_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    urgent: bool = False
    contact: Contact = field(default_factory=Contact)
    filed_for: str | None = None
    attachments: list[dict[str, Any]] = field(default_factory=list)
    proxy_consent: dict[str, Any] | None = None  # 代理: how and when the resident consented (the model's shape)
    request_type: str | None = None  # 诉求类型 (咨询 …); None: not asked (an old producer), "": asked, not chosen
    joins_ticket: str | None = None  # 我也遇到了 (me too): the open case shown before filing that is this problem too
    public: bool | None = None  # 公开 / 不公开 as chosen (the form: 不公开 unless chosen); None: not asked
    step_updates: bool = False  # 办理有进展时短信通知我: an SMS on each public step, only if asked (needs a phone)


def shown_publicly(s: Submission) -> bool | None:
    """公开: what the resident chose, None when not asked (an older producer: shown as before); an echo-wall
    post is the anonymous public option (回音墙) itself."""
    return True if is_anonymous(s.channel) else s.public


def normalise_phone(phone: str) -> str:
    digits = re.sub(r"[\s-]", "", phone or "")
    return digits[3:] if digits.startswith("+86") else digits


def validate(submission: Submission, places: DistrictPlaces | None, categories: set[str]) -> list[FieldError]:
    """Every problem at once; ``places`` is None when the district is unknown."""
    unstorable = _unstorable(submission)
    if unstorable:
        return unstorable  # the other rules assume text, and the database would refuse it
    problems = _basics(submission, places is not None, categories)
    if places is not None:
        problems += _location(submission, places)
    problems += _contact(submission)
    problems += _attachments(submission.attachments)
    return problems


def _unstorable(s: Submission) -> list[FieldError]:
    """Text fields that are not text (a phone number sent as a JSON number), or hold NUL or a lone
    surrogate (neither can be stored); attachments' values are checked for NUL and surrogates only."""
    problems = [
        FieldError(name, "must be text", "须为文本")
        for name, value in _texts(s)
        if value is not None and not isinstance(value, str)
    ]
    for name, value in (*_texts(s), *_attachment_texts(s)):
        if isinstance(value, str) and "\x00" in value:
            problems.append(FieldError(name, "must not contain NUL characters", "不得包含空字符"))
        elif isinstance(value, str) and SURROGATE.search(value):
            problems.append(
                FieldError(name, "must be valid Unicode text (no lone surrogates)", "含有无效的Unicode字符")
            )
    return problems


def _texts(s: Submission) -> tuple[tuple[str, object], ...]:
    return (
        ("content", s.content),
        ("category", s.category),
        ("location.address", s.address),
        ("location.grid_code", s.grid_code),
        ("filed_for", s.filed_for),
        ("joins_ticket", s.joins_ticket),
        ("request_type", s.request_type),
        ("contact.name", s.contact.name),
        ("contact.phone", s.contact.phone),
        ("contact.email", s.contact.email),
        ("channel", s.channel),
        ("district", s.district),
    )


def _attachment_texts(s: Submission) -> Iterator[tuple[str, str]]:
    for index, item in enumerate(s.attachments if isinstance(s.attachments, list) else []):
        if isinstance(item, dict):
            yield from ((f"attachments[{index}].{k}", v) for k, v in item.items() if isinstance(v, str))


def _basics(s: Submission, district_known: bool, categories: set[str]) -> list[FieldError]:
    problems = []
    if not district_known:
        problems.append(FieldError("district", "unknown district", "未知的区"))
    if s.channel not in CHANNELS:
        problems.append(FieldError("channel", f"unknown channel; known: {', '.join(CHANNELS)}", "未知的渠道"))
    if not isinstance(s.content, str) or not MIN_CONTENT <= len(s.content.strip()) <= MAX_CONTENT:
        problems.append(
            FieldError(
                "content",
                f"must be {MIN_CONTENT}-{MAX_CONTENT} characters",
                f"内容须为{MIN_CONTENT}至{MAX_CONTENT}个字",
            )
        )
    if s.category is not None and district_known and s.category not in categories:
        problems.append(FieldError("category", "unknown category for this district", "该区没有这个类别"))
    if files_for_someone(s.channel) and not (s.filed_for or "").strip():
        problems.append(FieldError("filed_for", "proxy filing must say whom it is filed for", "代办须注明为谁代办"))
    if s.filed_for and not files_for_someone(s.channel):
        problems.append(FieldError("filed_for", "only proxy filing records whom it was filed for", "仅代办可填写"))
    if s.request_type is not None and s.request_type not in REQUEST_TYPE_LABELS:
        kinds = "、".join(REQUEST_TYPE_LABELS.values())
        problems.append(
            FieldError("request_type", f"one of {', '.join(REQUEST_TYPE_LABELS)}", f"请选择诉求类型({kinds})")
        )
    if s.joins_ticket and len(s.joins_ticket) > 40:
        problems.append(FieldError("joins_ticket", "not a ticket number", "不是有效的诉求编号"))
    if s.filed_for and len(s.filed_for) > 120:
        problems.append(FieldError("filed_for", "at most 120 characters", "最多120个字"))
    if files_for_someone(s.channel) and not s.proxy_consent:
        problems.append(
            FieldError(
                "proxy_consent",
                "proxy filing records the resident's consent: how and when it was given",
                "代理须记录居民的同意方式和时间",
            )
        )
    if s.proxy_consent and not files_for_someone(s.channel):
        problems.append(FieldError("proxy_consent", "only proxy filing records a consent", "仅代办可填写"))
    return problems


def _location(s: Submission, places: DistrictPlaces) -> list[FieldError]:
    problems = []
    has_point = s.lat is not None or s.lon is not None
    if not (s.address or s.grid_code or has_point):
        return [
            FieldError("location", "give an address, a grid code or latitude/longitude", "请填写地址、网格编号或经纬度")
        ]
    if s.address is not None and (not isinstance(s.address, str) or len(s.address) > MAX_ADDRESS):
        problems.append(
            FieldError(
                "location.address",
                f"must be text of at most {MAX_ADDRESS} characters",
                f"地址须为不超过{MAX_ADDRESS}字的文字",
            )
        )
    if s.grid_code is not None and not places.knows_grid(str(s.grid_code)):
        problems.append(FieldError("location.grid_code", "no such grid in this district", "该区没有这个网格"))
    if has_point:
        if not (_number(s.lat) and _number(s.lon) and -90 <= s.lat <= 90 and -180 <= s.lon <= 180):
            problems.append(
                FieldError("location", "lat and lon must both be numbers (WGS84)", "经纬度须同时填写且为数字")
            )
        elif not places.inside(s.lat, s.lon):
            problems.append(FieldError("location", "the point is outside the district", "该位置不在本区范围内"))
    return problems


def _number(value: object) -> TypeGuard[float]:
    """A JSON number: an int (however large) or a finite float, never a bool."""
    return isinstance(value, int) and not isinstance(value, bool) or isinstance(value, float) and math.isfinite(value)


def _contact(s: Submission) -> list[FieldError]:
    c = s.contact
    if is_anonymous(s.channel) and s.step_updates:
        return [
            FieldError(
                "step_updates", "the echo wall is anonymous: nobody to text", "回音墙为匿名渠道,无法短信通知办理进展"
            )
        ]
    if is_anonymous(s.channel) and not c.is_empty():
        return [
            FieldError(
                "contact", "the echo wall is anonymous: leave contact empty", "回音墙为匿名渠道,请勿填写联系方式"
            )
        ]
    problems = []
    if s.step_updates and not c.phone:
        problems.append(
            FieldError(
                "step_updates", "needs a mobile number to text the updates to", "如需短信通知办理进展,请填写手机号"
            )
        )
    if c.phone is not None and not MOBILE.fullmatch(normalise_phone(c.phone)):
        problems.append(
            FieldError(
                "contact.phone", "must be a mainland mobile number (11 digits, 1[3-9]...)", "须为11位大陆手机号码"
            )
        )
    if c.email is not None and (len(c.email) > 200 or not EMAIL.fullmatch(c.email)):
        problems.append(FieldError("contact.email", "not an e-mail address", "邮箱地址格式不正确"))
    if c.name is not None and len(c.name) > 60:
        problems.append(FieldError("contact.name", "at most 60 characters", "姓名最多60个字"))
    return problems


def _attachments(attachments: object) -> list[FieldError]:
    if not isinstance(attachments, list) or len(attachments) > MAX_ATTACHMENTS:
        return [FieldError("attachments", f"a list of at most {MAX_ATTACHMENTS}", f"附件最多{MAX_ATTACHMENTS}个")]
    problems = []
    for index, item in enumerate(attachments):
        where = f"attachments[{index}]"
        if not isinstance(item, dict) or not ATTACHMENT_REF.fullmatch(str(item.get("ref", ""))):
            problems.append(FieldError(f"{where}.ref", "a reference att:<id> or an https URL", "附件引用格式不正确"))
            continue
        if item.get("content_type") not in ATTACHMENT_TYPES:
            problems.append(
                FieldError(f"{where}.content_type", f"allowed: {', '.join(ATTACHMENT_TYPES)}", "不支持的附件类型")
            )
        size = item.get("size")
        if not isinstance(size, int) or isinstance(size, bool) or not 0 < size <= MAX_ATTACHMENT_BYTES:
            problems.append(
                FieldError(
                    f"{where}.size",
                    f"a whole number of bytes, 1 to {MAX_ATTACHMENT_BYTES} ({MAX_ATTACHMENT_BYTES // 2**20} MB)",
                    f"附件大小须为整数字节,不超过{MAX_ATTACHMENT_BYTES // 2**20}MB",
                )
            )
    return problems
