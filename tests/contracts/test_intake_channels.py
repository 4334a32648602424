"""Intake's channels are one table in the contracts; the event, intake and the simulator agree with it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import minqing_contracts
from minqing_contracts.channels import INTAKE_CHANNEL_BY_CODE, INTAKE_CHANNELS
from minqing_contracts.org import ROLES

SCHEMAS = Path(minqing_contracts.__file__).parent / "schemas" / "events"
SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def test_each_code_is_one_row_with_a_chinese_label():
    codes = [c.code for c in INTAKE_CHANNELS]
    assert len(codes) == len(set(codes)) == len(INTAKE_CHANNEL_BY_CODE)
    assert all(c.label and c.label.strip() for c in INTAKE_CHANNELS)


def test_the_received_event_accepts_exactly_the_tables_codes():
    schema = json.loads((SCHEMAS / "case.received.v1.json").read_text(encoding="utf-8"))
    assert schema["properties"]["channel"]["enum"] == [c.code for c in INTAKE_CHANNELS]


def test_staff_channels_name_known_roles_and_only_they_name_roles():
    for channel in INTAKE_CHANNELS:
        assert bool(channel.roles) == (channel.access == "staff"), channel.code
        assert set(channel.roles) <= set(ROLES), channel.code


def test_the_simulator_plays_only_channels_and_roles_the_table_allows():
    sys.path.insert(0, str(SCRIPTS))
    try:
        import simulator
    finally:
        sys.path.remove(str(SCRIPTS))
    assert set(simulator.CHANNEL_MIX) <= set(INTAKE_CHANNEL_BY_CODE)
    for code, role in simulator.PLAYED_BY.items():
        assert role in INTAKE_CHANNEL_BY_CODE[code].roles, code
