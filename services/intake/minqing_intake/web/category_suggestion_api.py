"""The category suggested live from what a resident is typing (GET /api/v1/districts/<d>/category-suggestion
?text=): the district's keyword classifier (domain.classify), the same one that classifies the request when
it is filed. Public and read-only; the text is neither stored nor logged."""

from __future__ import annotations

from flask import Blueprint, request

from minqing_kit.errors import ApiError, FieldError, invalid
from minqing_kit.response_models import answer

from ..current import runtime
from ..domain.classify import FALLBACK
from .answers import CategoryHint

blueprint = Blueprint("category_suggestion", __name__, url_prefix="/api/v1/districts")
TEXT_LENGTH = 1000  # a URL of 1,000 characters percent-encoded stays under the 16 KiB URL limit


@blueprint.get("/<district>/category-suggestion")
def category_suggestion(district: str):
    config = runtime().districts.get(district)
    if config is None:
        raise ApiError(404, "not_found", f"no district {district}", f"未找到区{district}")
    text = (request.args.get("text") or "").strip()
    if len(text) > TEXT_LENGTH:
        raise invalid([FieldError("text", f"at most {TEXT_LENGTH} characters", f"最多{TEXT_LENGTH}个字")])
    suggestion = runtime().classifiers[district].suggest(text) if text else None
    if suggestion is None or suggestion.category == FALLBACK or not suggestion.rule:
        return answer(CategoryHint, CategoryHint(category=None, category_name=None, confidence=0.0, keywords=[]))
    names = {c.code: c.name for c in config.categories}
    hint = CategoryHint(
        category=suggestion.category,
        category_name=names.get(suggestion.category),
        confidence=suggestion.confidence,
        keywords=suggestion.rule.removeprefix("keyword:").split("+"),
    )
    return answer(CategoryHint, hint)
