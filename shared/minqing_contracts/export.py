"""Export the committed JSON Schemas and samples: ``python -m minqing_contracts.export [--check]``.

Refuses to overwrite a committed event schema with an incompatible one: adding an optional field
keeps a version; anything else needs a new versioned type.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .compatibility import breaking_changes
from .envelope import Envelope
from .events import PAYLOADS
from .org import DistrictConfig

HERE = Path(__file__).parent
EVENT_SCHEMAS = HERE / "schemas" / "events"
SAMPLES = HERE / "samples"
ENVELOPE_SCHEMA = HERE / "schemas" / "envelope.schema.json"
ORG_SCHEMA = HERE / "schemas" / "org-config.schema.json"


def _dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def event_schema(event_type: str) -> dict:
    schema = PAYLOADS[event_type].model_json_schema()
    schema["$id"] = f"urn:minqing:event:{event_type}"
    schema["title"] = event_type
    return schema


def sample_message(event_type: str) -> dict:
    model = PAYLOADS[event_type]
    payload = model.model_validate(model.EXAMPLE).model_dump(mode="json")
    return {
        "event_id": "00000000-0000-4000-8000-000000000001",
        "type": event_type,
        "occurred_at": "2026-11-22T01:02:03Z",
        "district": "xinlin",
        "case_id": None if event_type.startswith("project.") else "c-42",
        "correlation_id": "00000000-0000-4000-8000-000000000001",
        "causation_id": None,
        "producer": model.PRODUCER,
        "payload": payload,
    }


def expected_files() -> dict[Path, str]:
    files = {ENVELOPE_SCHEMA: _dump(Envelope.model_json_schema()), ORG_SCHEMA: _dump(DistrictConfig.model_json_schema())}
    for event_type in PAYLOADS:
        files[EVENT_SCHEMAS / f"{event_type}.json"] = _dump(event_schema(event_type))
        files[SAMPLES / f"{event_type}.json"] = _dump(sample_message(event_type))
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only report files that differ")
    args = parser.parse_args(argv)
    stale, refused = [], []
    for path, text in expected_files().items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if path.parent == EVENT_SCHEMAS and path.exists():
            problems = breaking_changes(json.loads(path.read_text(encoding="utf-8")), json.loads(text))
            if problems:
                refused.append(f"{path.name}: {'; '.join(problems)} (add a new version instead)")
                continue
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for line in refused:
        print(f"REFUSED {line}", file=sys.stderr)
    for path in stale:
        print(("stale " if args.check else "wrote ") + str(path.relative_to(HERE)))
    return 1 if refused or (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
