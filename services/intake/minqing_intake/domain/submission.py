"""A resident's request as submitted, and the rules it must meet. No framework here."""
from __future__ import annotations

from dataclasses import dataclass, field

from minqing_kit.errors import FieldError

CHANNELS = ("web", "api", "hotline", "grid_visit", "messenger", "echo_wall", "wechat_group",
            "talk_room", "teahouse", "proxy", "open311")
MIN_CONTENT, MAX_CONTENT = 5, 5000


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
    extra: dict = field(default_factory=dict)


def validate(submission: Submission, known_districts: set[str]) -> list[FieldError]:
    problems: list[FieldError] = []
    if submission.district not in known_districts:
        problems.append(FieldError("district", "unknown district", "未知的区"))
    if submission.channel not in CHANNELS:
        problems.append(FieldError("channel", "unknown channel", "未知的渠道"))
    length = len((submission.content or "").strip())
    if not MIN_CONTENT <= length <= MAX_CONTENT:
        problems.append(FieldError("content", f"must be {MIN_CONTENT}-{MAX_CONTENT} characters",
                                   f"内容须为{MIN_CONTENT}至{MAX_CONTENT}个字"))
    if not (submission.address or submission.grid_code or
            (submission.lat is not None and submission.lon is not None)):
        problems.append(FieldError("location", "give an address, a grid code or latitude/longitude",
                                   "请填写地址、网格编号或经纬度"))
    return problems
