"""The kit's response models: a view's answer is what its model names (other keys left out, an unset
optional field absent, a field set to None null), a missing required field is refused rather than
answered, date-times are written as given, and the schemas a document takes describe what the model
writes (OpenAPI 3.0, nested models in the components)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Literal

import pytest
from pydantic import Field, ValidationError

from minqing_kit.response_models import Instant, ResponseModel, answer, returns, schemas


class Step(ResponseModel):
    action: str
    at: Instant
    note: str | None = None


class Case(ResponseModel):
    case_id: str
    kind: Literal["complaint", "help"] | None = None
    urgent: bool = Field(False, description="needs a same-day answer")
    resolved_at: Instant | None = None
    history: list[Step] = []


def body(response) -> dict:
    assert response.mimetype == "application/json"
    return json.loads(response.get_data(as_text=True))


def test_the_answer_holds_what_the_model_names_and_no_more():
    at = datetime(2026, 12, 1, 8, 0, tzinfo=timezone(timedelta(hours=8)))
    data = {"case_id": "c-1", "contact": "13800138000", "history": [{"action": "accepted", "at": at, "by": "x"}]}

    answered = body(answer(Case, data))

    assert answered == {"case_id": "c-1", "history": [{"action": "accepted", "at": "2026-12-01T08:00:00+08:00"}]}


def test_a_field_the_view_sets_to_none_is_null_and_an_unset_one_absent():
    assert body(answer(Case, {"case_id": "c-1", "resolved_at": None})) == {"case_id": "c-1", "resolved_at": None}


def test_a_date_time_string_is_written_as_the_view_gave_it():
    step = {"action": "accepted", "at": "2026-12-01T00:00:00+00:00"}
    assert body(answer(Step, step))["at"] == "2026-12-01T00:00:00+00:00"
    assert body(answer(Step, {**step, "at": datetime(2026, 12, 1, tzinfo=UTC)}))["at"] == step["at"]


def test_status_headers_and_an_instance_answered_as_it_is():
    response = answer(Case, Case(case_id="c-2", urgent=True), 201, {"Location": "/api/v1/cases/c-2"})

    assert response.status_code == 201 and response.headers["Location"] == "/api/v1/cases/c-2"
    assert body(response) == {"case_id": "c-2", "urgent": True}


def test_an_answer_without_a_required_field_is_refused():
    with pytest.raises(ValidationError):
        answer(Case, {"history": []})
    with pytest.raises(ValidationError):
        answer(Case, {"case_id": "c-1", "history": [{"action": "accepted"}]})


def test_an_object_is_read_by_its_attributes():
    class Row:
        action, at, note = "accepted", datetime(2026, 12, 1, tzinfo=UTC), "done"

    assert body(answer(Step, Row())) == {"action": "accepted", "at": "2026-12-01T00:00:00+00:00", "note": "done"}


def test_the_schemas_describe_what_the_model_writes():
    found = schemas(Case)

    assert set(found) == {"Case", "Step"}
    case = found["Case"]
    assert case["required"] == ["case_id"]
    assert case["properties"]["history"] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/Step"},
        "default": [],
    }
    assert case["properties"]["resolved_at"]["nullable"] is True
    assert case["properties"]["resolved_at"]["format"] == "date-time"
    assert case["properties"]["urgent"]["description"] == "needs a same-day answer"
    assert case["properties"]["kind"]["enum"] == ["complaint", "help", None]  # OpenAPI 3.0.3: null listed
    assert found["Step"]["required"] == ["action", "at"]
    assert found["Step"]["properties"]["at"] == {"type": "string", "format": "date-time"}


def test_an_operation_names_its_model():
    assert returns(Case, "the case") == {
        "description": "the case",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}},
    }
    assert returns(Case, "the map", "application/geo+json")["content"] == {
        "application/geo+json": {"schema": {"$ref": "#/components/schemas/Case"}}
    }


def test_every_error_body_is_the_error_model_and_the_documents_say_so():
    from minqing_kit import error_answers
    from minqing_kit.apidocs import components
    from minqing_kit.errors import FieldError, invalid

    refused = invalid([FieldError("contact.phone", "must be a mainland mobile number", "须为手机号码")])
    assert body(answer(error_answers.Error, refused.to_dict(), 422)) == refused.to_dict()
    documented = components()["schemas"]
    for name, schema in schemas(error_answers.Error).items():
        assert documented[name] == schema
    assert documented["Error"]["properties"]["error"] == {"$ref": "#/components/schemas/ErrorDetail"}
