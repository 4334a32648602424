"""The committed JSON Schemas and samples are the contract: they must match the code, and a payload
change that breaks consumers must come as a new version."""

import copy
import json

import jsonschema
import pytest

from minqing_contracts import PAYLOADS, Envelope, new_envelope, parse_payload
from minqing_contracts.compatibility import breaking_changes
from minqing_contracts.export import ENVELOPE_SCHEMA, EVENT_SCHEMAS, SAMPLES, event_schema, expected_files


def test_every_committed_file_matches_the_code():
    stale = [
        str(path.name)
        for path, text in expected_files().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    assert stale == [], f"run `python -m minqing_contracts.export`: stale {stale}"


@pytest.mark.parametrize("event_type", sorted(PAYLOADS))
def test_sample_is_a_valid_envelope_and_payload(event_type):
    sample = json.loads((SAMPLES / f"{event_type}.json").read_text(encoding="utf-8"))
    schema = json.loads((EVENT_SCHEMAS / f"{event_type}.json").read_text(encoding="utf-8"))
    jsonschema.validate(sample, json.loads(ENVELOPE_SCHEMA.read_text(encoding="utf-8")))
    jsonschema.validate(sample["payload"], schema)
    envelope = Envelope.model_validate(sample)
    assert envelope.type == event_type
    assert parse_payload(event_type, envelope.payload).model_dump(mode="json") == sample["payload"]


@pytest.mark.parametrize("event_type", sorted(PAYLOADS))
def test_type_names_are_versioned_and_dotted(event_type):
    assert event_type.rsplit(".", 1)[1].startswith("v")
    assert PAYLOADS[event_type].PRODUCER in ("intake", "routing", "evaluation", "notify")


def test_consumers_ignore_unknown_fields():
    sample = json.loads((SAMPLES / "case.received.v1.json").read_text(encoding="utf-8"))
    sample["added_later"] = 1
    sample["payload"]["new_optional_field"] = "x"
    envelope = Envelope.model_validate(sample)
    payload = parse_payload(envelope.type, envelope.payload)
    assert not hasattr(payload, "new_optional_field")
    assert payload.ticket == "XL-20261122-000042"


def test_removed_retyped_or_newly_required_fields_are_breaking():
    old = event_schema("case.resolved.v1")
    removed = copy.deepcopy(old)
    del removed["properties"]["reply"]
    removed["required"].remove("reply")
    assert breaking_changes(old, removed) == ["field reply removed"]
    retyped = copy.deepcopy(old)
    retyped["properties"]["on_time"] = {"type": "string"}
    assert breaking_changes(old, retyped) == ["field on_time changed type"]
    required = copy.deepcopy(old)
    required["properties"]["new"] = {"type": "string"}
    required["required"].append("new")
    assert breaking_changes(old, required) == ["field new became required"]


def test_an_added_optional_field_keeps_the_version():
    old = event_schema("case.resolved.v1")
    new = copy.deepcopy(old)
    new["properties"]["note"] = {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None}
    assert breaking_changes(old, new) == []


def test_nested_changes_are_found():
    old = event_schema("case.received.v1")
    new = copy.deepcopy(old)
    new["$defs"]["Location"]["properties"]["lat"] = {"type": "string"}
    assert breaking_changes(old, new) == ["field location.lat changed type"]


def test_new_envelope_continues_the_flow_of_its_cause():
    first = new_envelope(
        PAYLOADS["case.received.v1"].model_validate(PAYLOADS["case.received.v1"].EXAMPLE),
        district="xinlin",
        producer="intake",
        case_id="c-1",
    )
    second = new_envelope(
        PAYLOADS["case.accepted.v1"].model_validate(PAYLOADS["case.accepted.v1"].EXAMPLE),
        district="xinlin",
        producer="routing",
        causation=first,
    )
    assert first.correlation_id == first.event_id
    assert (second.correlation_id, second.causation_id, second.case_id) == (first.event_id, first.event_id, "c-1")
    assert second.routing_key == "xinlin.case.accepted.v1"


def test_envelope_rejects_naive_times_and_bad_types():
    sample = json.loads((SAMPLES / "case.received.v1.json").read_text(encoding="utf-8"))
    with pytest.raises(ValueError):
        Envelope.model_validate({**sample, "occurred_at": "2026-11-22T01:02:03"})
    with pytest.raises(ValueError):
        Envelope.model_validate({**sample, "type": "case.received"})
