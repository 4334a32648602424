"""The kit's request models: each kind of refusal pydantic reports becomes a FieldError named by its
path with a reason in English and Chinese, a model's own reason wins, text is stripped after its
checks, and the schemas a document takes are OpenAPI 3.0 (nullable, $defs in the components)."""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import Field

from minqing_kit.errors import ApiError
from minqing_kit.request_models import RequestModel, schemas, text, validate


class Contact(RequestModel):
    phone: text(20)


class Sample(RequestModel):
    REASONS = {"kind": ("must be unit or cadre", "须为unit或cadre")}
    name: text(5)
    year: int = Field(2026, ge=2000, le=2100)
    kind: Literal["unit", "cadre"] = "unit"
    level: Literal["street", "community"] = "street"
    comment: text(10, blank=True) | None = None
    contact: Contact | None = None
    tags: list[text(3)] = Field(default_factory=list, max_length=2)


def refusals(body: dict) -> dict[str, tuple[str, str]]:
    with pytest.raises(ApiError) as caught:
        validate(Sample, body)
    assert caught.value.status == 422 and caught.value.code == "invalid"
    return {f.field: (f.reason, f.reason_zh) for f in caught.value.fields}


@pytest.mark.parametrize(
    "body,field,reason,reason_zh",
    [
        ({}, "name", "required", "必填"),
        ({"name": "  "}, "name", "must not be blank", "不得为空白"),
        ({"name": "abcdef"}, "name", "must be at most 5 characters", "不得超过5个字符"),
        ({"name": 5}, "name", "must be text", "须为文本"),
        ({"name": "a", "year": "2026"}, "year", "must be an integer", "须为整数"),
        ({"name": "a", "year": True}, "year", "must be an integer", "须为整数"),
        ({"name": "a", "year": 1999}, "year", "must be at least 2000", "不得小于2000"),
        ({"name": "a", "year": 10**400}, "year", "must be at most 2100", "不得大于2100"),
        (
            {"name": "a", "level": "city"},
            "level",
            "must be one of street or community",
            "须为以下之一:street或community",
        ),
        ({"name": "a", "kind": "x"}, "kind", "must be unit or cadre", "须为unit或cadre"),
        ({"name": "a", "contact": {"phone": 138}}, "contact.phone", "must be text", "须为文本"),
        ({"name": "a", "contact": []}, "contact", "must be an object", "须为对象"),
        ({"name": "a", "tags": ["ab", 1]}, "tags[1]", "must be text", "须为文本"),
        ({"name": "a", "tags": ["a", "b", "c"]}, "tags", "must have at most 2 items", "不得超过2项"),
    ],
)
def test_each_refusal_names_its_field_and_says_why_in_both_languages(body, field, reason, reason_zh):
    assert refusals(body)[field] == (reason, reason_zh)


def test_text_is_stripped_after_its_checks_and_unknown_fields_are_ignored():
    found = validate(Sample, {"name": " 路灯 ", "comment": "  ", "extra": [1]})
    assert (found.name, found.comment, found.year) == ("路灯", "  ", 2026)


def test_schemas_are_openapi_3_0_with_the_models_they_use_beside_them():
    found = schemas(Sample)
    assert set(found) == {"Sample", "Contact"}
    sample = found["Sample"]["properties"]
    assert sample["contact"] == {"allOf": [{"$ref": "#/components/schemas/Contact"}], "nullable": True, "default": None}
    assert sample["comment"]["nullable"] is True and "anyOf" not in sample["comment"]
    assert sample["name"] == {
        "type": "string",
        "minLength": 1,
        "maxLength": 5,
        "pattern": "^[^\\x00]*[^\\s\\x00][^\\x00]*$",
    }
    assert found["Sample"]["required"] == ["name"]


class Item(RequestModel):
    size: int = Field(ge=1)


class Owned(RequestModel):
    REASONS = {
        "names": ("a list of names", "须为姓名列表"),
        "items[].size": ("a size in bytes", "须为字节数"),
        "lat": ("location", "lat must be a number (WGS84)", "纬度须为数字"),
    }
    names: list[str] | None = None
    items: list[Item] = []
    lat: float | None = Field(None, le=90)


@pytest.mark.parametrize(
    "body,field,reason",
    [
        ({"names": ["甲", 7]}, "names", "a list of names"),  # inside the field: the field's own reason
        ({"names": "甲"}, "names", "must be a list"),  # the wrong type at the field itself says so
        ({"items": [{"size": 1}, {"size": 0}]}, "items[1].size", "a size in bytes"),  # any index
        ({"items": [{}]}, "items[0].size", "required"),
        ({"lat": 10**400}, "location", "lat must be a number (WGS84)"),  # reported under another name
    ],
)
def test_a_models_own_reasons(body, field, reason):
    with pytest.raises(ApiError) as caught:
        validate(Owned, body)
    assert [(f.field, f.reason) for f in caught.value.fields] == [(field, reason)]
