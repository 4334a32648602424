"""JSON request bodies as pydantic models, for every service: ``body(Model)`` reads the request's body
(``requests.json_object``, which refuses bad JSON, deep nesting, lone surrogates and NUL) and
validates it strictly, as JSON; ``field_errors`` turns pydantic's validation errors into
FieldErrors named by their path (``contact.phone``, ``attachments[0].url``) with one reason in
English and Chinese per error type; ``schemas`` gives the models' JSON Schemas for an OpenAPI 3.0
document, their ``$defs`` moved into the components.

A rule beyond a schema (a phone number's normal form, a district's units) stays in the domain or
the view; the model gives the shape. A model may name a reason of its own for a field in
``REASONS`` (e.g. the Chinese names of an enum's values)."""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, ValidationError
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import ErrorDetails, core_schema

from .errors import FieldError, invalid

Model = TypeVar("Model", bound="RequestModel")
NO_NUL = "^[^\\x00]*$"
NOT_BLANK = "^[^\\x00]*[^\\s\\x00][^\\x00]*$"  # at least one character that is not white space
REASONS = {  # pydantic's error type: (English, Chinese), formatted with the error's context
    "missing": ("required", "必填"),
    "string_type": ("must be text", "须为文本"),
    "int_type": ("must be an integer", "须为整数"),
    "int_parsing_size": ("must be an integer", "须为整数"),
    "float_type": ("must be a number", "须为数字"),
    "bool_type": ("must be true or false", "须为true或false"),
    "list_type": ("must be a list", "须为列表"),
    "dict_type": ("must be an object", "须为对象"),
    "model_type": ("must be an object", "须为对象"),
    "model_attributes_type": ("must be an object", "须为对象"),
    "datetime_type": ("must be a date-time such as 2026-12-01T08:00:00+08:00", "须为ISO 8601格式的时间"),
    "datetime_parsing": ("must be a date-time such as 2026-12-01T08:00:00+08:00", "须为ISO 8601格式的时间"),
    "datetime_from_date_parsing": ("must be a date-time such as 2026-12-01T08:00:00+08:00", "须为ISO 8601格式的时间"),
    "timezone_aware": ("must name its time zone, e.g. +08:00", "须带时区,如+08:00"),
    "string_too_short": ("must be at least {min_length} characters", "至少{min_length}个字符"),
    "string_too_long": ("must be at most {max_length} characters", "不得超过{max_length}个字符"),
    "too_short": ("must have at least {min_length} items", "至少{min_length}项"),
    "too_long": ("must have at most {max_length} items", "不得超过{max_length}项"),
    "literal_error": ("must be one of {expected}", "须为以下之一:{expected}"),
    "enum": ("must be one of {expected}", "须为以下之一:{expected}"),
    "greater_than_equal": ("must be at least {ge}", "不得小于{ge}"),
    "greater_than": ("must be greater than {gt}", "须大于{gt}"),
    "less_than_equal": ("must be at most {le}", "不得大于{le}"),
    "less_than": ("must be less than {lt}", "须小于{lt}"),
    "string_pattern_mismatch": ("does not have the expected form", "格式不正确"),
}
PATTERN_REASONS = {NOT_BLANK: ("must not be blank", "不得为空白"), NO_NUL: ("must not contain NUL", "不得包含空字符")}
INVALID = ("is invalid", "不合格")


class RequestModel(BaseModel):
    """A JSON body: strict JSON types (no "5" for 5), unknown fields ignored, patterns in Python's regular
    expressions (as the domain's rules and the test generators read them).

    ``REASONS``: a field's own reason for any error at or inside it, by its path (``[]`` for any index:
    ``attachments[].ref``); ``(reason, reason_zh)``, or ``(field, reason, reason_zh)`` to name another field
    (``location`` for a bad ``location.lat``). An error inside a field is reported as that field
    (``attendees`` for ``attendees[1]``), unless its path has an index wildcard; a wrong type or a
    missing value at the field itself keeps its own reason ("must be text", "required")."""

    model_config = ConfigDict(strict=True, extra="ignore", regex_engine="python-re")
    REASONS: ClassVar[dict[str, tuple[str, ...]]] = {}


def text(max_length: int | None = None, *, blank: bool = False, min_length: int | None = None) -> Any:
    """A string, stripped after checking: never NUL, and not blank unless ``blank``."""
    constraints = StringConstraints(
        pattern=NO_NUL if blank else NOT_BLANK,
        max_length=max_length,
        min_length=min_length if blank or min_length else 1,
    )
    return Annotated[str, constraints] if blank else Annotated[str, constraints, AfterValidator(str.strip)]


def body(model: type[Model], required: bool = True) -> Model:
    """The request's JSON body as ``model``, else 422 naming each refused field."""
    from .requests import json_object  # Flask only where a request is read

    return validate(model, json_object(required))


def validate(model: type[Model], found: dict[str, Any]) -> Model:
    """``found`` (a JSON object already read) as ``model``, else 422 naming each refused field."""
    try:
        return model.model_validate_json(json.dumps(found))
    except ValidationError as error:
        raise invalid(field_errors(error, model.REASONS)) from None


def field_errors(error: ValidationError, own: dict[str, tuple[str, ...]] | None = None) -> list[FieldError]:
    """One per refused field, with a reason from ``own`` where it names the field (see RequestModel)."""
    found: dict[str, FieldError] = {}
    for item in error.errors(include_url=False, include_input=False):
        where = path(item["loc"]) or "(body)"
        reasons = own or {}
        key = _own_key(where, reasons)
        field, (reason, reason_zh) = where, _reason(item)
        if key is not None:
            *named, own_reason, own_reason_zh = reasons[key]
            field = named[0] if named else (where if "[]" in key else key)
            if not (_generic(where) == key and (item["type"].endswith("_type") or item["type"] == "missing")):
                reason, reason_zh = own_reason, own_reason_zh  # a wrong type or a missing field says so
        found.setdefault(field, FieldError(field, reason, reason_zh))
    return list(found.values())


def _generic(where: str) -> str:
    return re.sub(r"\[[0-9]+\]", "[]", where)


def _own_key(where: str, own: dict[str, tuple[str, ...]]) -> str | None:
    generic = _generic(where)
    found = [k for k in own if generic == k or generic.startswith((f"{k}[", f"{k}."))]
    return max(found, key=len) if found else None  # the most specific


def path(loc: tuple[int | str, ...]) -> str:
    """``("attachments", 0, "url")`` as ``attachments[0].url``."""
    text_ = ""
    for part in loc:
        text_ += f"[{part}]" if isinstance(part, int) else (f".{part}" if text_ else str(part))
    return text_


def _reason(item: ErrorDetails) -> tuple[str, str]:
    context = {k: _shown(v) for k, v in (item.get("ctx") or {}).items()}
    pattern = context.get("pattern")
    if item["type"] == "string_pattern_mismatch" and isinstance(pattern, str) and pattern in PATTERN_REASONS:
        return PATTERN_REASONS[pattern]
    english, chinese = REASONS.get(item["type"], INVALID)
    context_zh = {
        k: v.replace(" or ", "或").replace(", ", "、") if isinstance(v, str) else v for k, v in context.items()
    }
    try:
        return english.format(**context), chinese.format(**context_zh)
    except (KeyError, IndexError):
        return english, chinese


def _shown(value: object) -> object:
    return str(value).replace("'", "") if isinstance(value, str) else value


class OpenApi30(GenerateJsonSchema):
    """OpenAPI 3.0's dialect: ``nullable`` instead of a union with null (an enum's values then include
    null, which 3.0.3 requires of a nullable enum), no per-field titles."""

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        inner = self.generate_inner(schema["schema"])
        if "$ref" in inner:
            return {"allOf": [inner], "nullable": True}
        if "enum" in inner and None not in inner["enum"]:
            inner = {**inner, "enum": [*inner["enum"], None]}
        return {**inner, "nullable": True}

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def schemas(*models: type[BaseModel], mode: JsonSchemaMode = "validation") -> dict[str, dict[str, Any]]:
    """Each model's schema under its name, and the models it uses, for ``components.schemas``; ``mode``
    "serialization" for what a response model writes (``response_models.schemas``)."""
    found: dict[str, dict[str, Any]] = {}
    for model in models:
        schema = model.model_json_schema(
            ref_template="#/components/schemas/{model}", schema_generator=OpenApi30, mode=mode
        )
        found.update(schema.pop("$defs", {}))
        found[model.__name__] = schema
    return found
