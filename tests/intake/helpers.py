"""Helpers shared by intake's tests."""

from __future__ import annotations

from pathlib import Path

DEMO_DISTRICTS = Path(__file__).resolve().parents[2] / "config" / "districts"
DEMO_HOUSEHOLDS = Path(__file__).resolve().parents[2] / "config" / "households" / "xinlin.csv"
PHONE = "13912345678"


def request_body(**changes) -> dict:
    body = {
        "district": "xinlin",
        "channel": "web",
        "content": "幸福小区3号楼门前垃圾三天没人清运,气味很大。",
        "location": {"address": "新林镇幸福小区3号楼"},
        "contact": {"name": "刘大爷", "phone": PHONE},
    }
    body.update(changes)
    return body
