"""Courtyard/building file edits (院落档案) in evaluation: each ``courtyard.file_edited.v1`` kept once, with
its grid, editor, time and changes, the audit trail of grid staff's file work for the oversight (督查),
read back newest first by the grid's staff and supervisors (``history``: /staff/grids/<grid>/courtyard-edits)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from minqing_contracts import Envelope
from minqing_contracts.events.intake import CourtyardFileEdited
from minqing_kit.errors import ApiError
from minqing_kit.statements import insert_ignoring_duplicates

from .adapters.courtyard_tables import courtyard_edits
from .bootstrap import Runtime
from .domain.grid_readers import may_read

SHOWN = 100  # the newest edits a page lists


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


def history(runtime: Runtime, principal, grid_code: str, limit: int = SHOWN) -> dict:
    """The grid's newest edits (who, when, what changed), for those ``grid_readers.may_read`` lets read."""
    config = runtime.districts[principal.district]
    if not may_read(config, grid_code, principal.person_id, principal.desk, principal.roles):
        raise ApiError(404, "not_found", "no such grid among those you oversee", "您负责的网格中没有该网格")
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(
            select(courtyard_edits)
            .where(courtyard_edits.c.district == principal.district, courtyard_edits.c.grid_code == grid_code)
            .order_by(courtyard_edits.c.edited_at.desc(), courtyard_edits.c.event_id)
            .limit(limit)
        ).all()
    return {
        "district": principal.district,
        "grid_code": grid_code,
        "edits": [{"edited_by": r.edited_by, "edited_at": r.edited_at, "changes": r.changes} for r in rows],
        "limit": limit,
    }
