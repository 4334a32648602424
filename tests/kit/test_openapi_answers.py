"""Every JSON body a document gives for a 2xx answer is a response model's schema (``web/answers.py``,
``minqing_kit.response_models``), so that a view and its document cannot drift: the operation refers to
a component, and that component and every one it refers to is exactly what the service's models
generate. Hand-written shapes fail here; hand-written summaries, parameters and statuses do not."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from minqing_kit.response_models import schemas

REF = "#/components/schemas/"
DOCUMENTS: dict[str, tuple[Callable[[], dict[str, Any]], str]] = {  # a document, the module of its models
    "notify": (lambda: importlib.import_module("minqing_notify.web.openapi").DOCUMENT, "minqing_notify.web.answers"),
    "routing": (lambda: importlib.import_module("minqing_routing.web.openapi").DOCUMENT, "minqing_routing.web.answers"),
    "evaluation": (
        lambda: importlib.import_module("minqing_evaluation.web.openapi").SPEC,
        "minqing_evaluation.web.answers",
    ),
    "intake": (lambda: importlib.import_module("minqing_intake.web.openapi").SPEC, "minqing_intake.web.answers"),
    "open311": (
        lambda: importlib.import_module("minqing_intake.open311.openapi").document("http://localhost/open311/v2"),
        "minqing_intake.open311.answers",
    ),
}


def json_answers(document: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(where, schema) of each 2xx JSON body."""
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                for media, content in response.get("content", {}).items():
                    if status.startswith("2") and (media == "application/json" or media.endswith("+json")):
                        yield f"{method.upper()} {path} {status} {media}", content["schema"]


def refs(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from refs(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from refs(value)


@pytest.mark.parametrize("service", DOCUMENTS)
def test_every_2xx_json_body_is_a_response_model(service):
    document_of, answers = DOCUMENTS[service]
    document, derived = document_of(), schemas(*importlib.import_module(answers).ANSWERS)
    components = document["components"]["schemas"]
    answered = list(json_answers(document))
    assert answered, "no JSON answer documented"
    for where, schema in answered:
        assert set(schema) == {"$ref"} and schema["$ref"].startswith(REF), f"{where}: a shape written by hand"
        seen, waiting = set(), [schema["$ref"]]
        while waiting:
            name = waiting.pop().removeprefix(REF)
            if name in seen:
                continue
            seen.add(name)
            assert name in derived, f"{where}: component {name} is no response model's"
            assert components[name] == derived[name], f"{where}: component {name} is not its model's schema"
            waiting.extend(refs(components[name]))


@pytest.mark.parametrize("service", DOCUMENTS)
def test_no_request_body_is_named_like_a_response_model(service):
    """A request model and a response model of one name would share one component: the second overwrites
    the first, and one side's document is wrong."""
    document_of, answers = DOCUMENTS[service]
    derived = schemas(*importlib.import_module(answers).ANSWERS)
    for path, item in document_of()["paths"].items():
        for method, operation in item.items():
            for name in refs(operation.get("requestBody", {})):
                assert name.removeprefix(REF) not in derived, f"{method.upper()} {path}: {name} is a response model's"


def test_a_hand_written_shape_is_found():
    document = {
        "paths": {
            "/x": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"type": "object"}}}}}}}
        }
    }
    ((where, schema),) = json_answers(document)
    assert where == "GET /x 200 application/json" and "$ref" not in schema
