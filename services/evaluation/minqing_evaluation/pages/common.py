"""The pages blueprint itself and what its views share."""

from __future__ import annotations

from minqing_contracts.channels import INTAKE_CHANNELS
from minqing_kit.errors import ApiError
from minqing_kit.pages import error_page, pages_blueprint

from ..current import runtime


def _secret() -> str:
    """PAGES_SECRET_KEY signs the forms' CSRF cookie (evaluation has no other secret of its own)."""
    return runtime().settings.PAGES_SECRET_KEY.get_secret_value()


blueprint = pages_blueprint("evaluation_pages", __name__, _secret, home="/dashboard")
blueprint.context_processor(lambda: {"public_url": runtime().settings.public_url})
LABELS = {
    "satisfied": "满意",
    "basically_satisfied": "基本满意",
    "not_satisfied": "不满意",
    "unclear": "说不清",
    "no_answer": "未回复",
}
DIMENSION_NAMES = {"speed": "速度", "effect": "效果", "attitude": "态度", "reply_quality": "答复质量"}
RATE_NAMES = {"response": "响应率", "resolution": "解决率", "satisfaction": "满意率"}
LEVEL_NAMES = {
    "community": "社区/村",
    "street": "街道/镇",
    "district": "区",
    "department": "部门/驻区单位",
    "triage": "分拨",
}
CHANNEL_NAMES = {c.code: c.label for c in INTAKE_CHANNELS}  # intake's channels, as the contracts name them


def resident_error(error: ApiError):
    """The error page of a resident's page (rating link, board): Chinese only, 首页 is the public address's."""
    return error_page(error, runtime().settings.public_url("/"), resident=True)
