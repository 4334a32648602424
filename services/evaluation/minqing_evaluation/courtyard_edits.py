"""Courtyard/building file edits (院落档案) in evaluation: each ``courtyard.file_edited.v1`` kept once, with
its grid, editor, time and changes, the audit trail of grid staff's file work for the oversight (督查)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from minqing_contracts import Envelope
from minqing_contracts.events.intake import CourtyardFileEdited
from minqing_kit.statements import insert_ignoring_duplicates

from .adapters.courtyard_tables import courtyard_edits


def record(session: Session, envelope: Envelope, payload: CourtyardFileEdited) -> None:
    """One row per event: a replayed event (the same id) stays as it was."""
    row = {
        "event_id": envelope.event_id,
        "district": envelope.district,
        "grid_code": payload.grid_code,
        "edited_by": payload.edited_by,
        "edited_at": payload.edited_at,
        "changes": [c.model_dump() for c in payload.changes],
    }
    session.execute(insert_ignoring_duplicates(session, courtyard_edits, index_elements=["event_id"]), [row])
