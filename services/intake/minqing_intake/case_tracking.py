"""Routing's and evaluation's events on the public view of their cases (公示), a consumer batch at a time.

One read and one write for the whole batch: the batch's cases are read and locked in one statement (in id
order, so that two replicas lock the same cases in the same order), each case's new view is computed in
memory by applying its events in delivery order (``domain.tracking.moved``: a late event adds its step
but never moves a case back), then every step goes in one INSERT and every case's view in one UPDATE,
both in one round trip (``minqing_kit.pipeline``). Each event adds its step once: the inbox runs the
batch handler once per event id, and the step's key is the event id.

Only the case's own district's stream counts: the copy of a joint case's event routing sends to a
partner district (跨区联办) is for that district's consumers, and would repeat the step.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import fields
from datetime import UTC, datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from minqing_kit.handling import BatchHandler, Item, event_context
from minqing_kit.pipeline import pipelined

from .adapters.tables import case_steps, cases
from .domain.tracking import View, change_for, moved

log = logging.getLogger(__name__)
VIEW = [field.name for field in fields(View)]
_READ = (
    select(cases.c.id, cases.c.district, *(cases.c[name] for name in VIEW))
    .where(cases.c.id.in_(bindparam("ids", expanding=True)))
    .order_by(cases.c.id)
    .with_for_update()
)
_ADD_STEPS = insert(case_steps)
_WRITE_VIEWS = (
    update(cases)
    .where(cases.c.id == bindparam("case"))
    .values({name: bindparam(f"new_{name}", type_=cases.c[name].type) for name in [*VIEW, "updated_at"]})
)


def track(session: Session, items: Sequence[Item]) -> None:
    """Each event's step, and each of the batch's cases' view after all of its events."""
    rows = session.execute(_READ, {"ids": sorted({envelope.case_id for envelope, _ in items})}).all()
    held = {row.id: (row.district, View(**{name: row._mapping[name] for name in VIEW})) for row in rows}
    views: dict[str, View] = {}
    steps = []
    for envelope, payload in items:
        change = change_for(payload)
        district, view = held.get(envelope.case_id, (None, None))
        if change is None or view is None or district != envelope.district:
            with event_context(envelope):
                log.info("event for a case intake does not hold; ignored")
            continue
        at = envelope.occurred_at
        views[envelope.case_id] = moved(views.get(envelope.case_id, view), change, at)
        steps.append(
            {
                "event_id": envelope.event_id,
                "case_id": envelope.case_id,
                "occurred_at": at,
                "kind": change.step_kind,
                "unit_name": change.step_unit_name,
                "note": change.note,
                "public": change.public,
                "deadline": change.deadline,
            }
        )
    if not steps:
        return
    now = datetime.now(UTC)
    written = [
        {"case": case_id, "new_updated_at": now, **{f"new_{name}": getattr(view, name) for name in VIEW}}
        for case_id, view in views.items()
    ]
    pipelined(session, [(_ADD_STEPS, steps), (_WRITE_VIEWS, written)])


TRACK = BatchHandler(track)
