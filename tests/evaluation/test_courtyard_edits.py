"""Courtyard/building file edits (院落档案) kept in evaluation from courtyard.file_edited.v1: each event once
whatever the replays, with its grid, editor, time and changes."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from minqing_contracts import new_envelope
from minqing_contracts.events.intake import CourtyardFileEdited
from minqing_evaluation.adapters.courtyard_tables import courtyard_edits


def _edited(grid: str, person: str, floors: int):
    change = {"item": "building", "ref": "b1", "change": "changed", "values": {"floors": floors}}
    payload = CourtyardFileEdited(
        grid_code=grid, edited_by=person, edited_at=datetime(2026, 12, 2, 2, 30, tzinfo=UTC), changes=[change]
    )
    return new_envelope(payload, district="testville", producer="intake")


def test_each_edit_is_kept_once_with_its_editor_and_changes(service):
    first = _edited("G1", "tv-c1-g1", 7)
    service.feed(first, first, _edited("G2", "tv-c1-g2", 5))
    with service.runtime.db.engine.connect() as connection:
        rows = connection.execute(select(courtyard_edits).order_by(courtyard_edits.c.grid_code)).all()
    assert [(r.event_id, r.grid_code, r.edited_by) for r in rows][0] == (first.event_id, "G1", "tv-c1-g1")
    assert [r.changes[0]["values"]["floors"] for r in rows] == [7, 5]
    assert rows[0].edited_at == datetime(2026, 12, 2, 2, 30, tzinfo=UTC)
