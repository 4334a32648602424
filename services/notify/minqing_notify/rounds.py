"""Notify's consumer batch, handled set-wise in rounds: one statement per table per round, not per event.

A batch's events are taken in rounds: round k holds the k-th event of each case in the batch, in
delivery order (events without a case join the first round: none of them shares state with another).
The events of one round are of different cases, so none depends on another: each records what it
changes (a receipt's contact, a case's followers), then the round reads its cases' contacts and
followers in one statement each, plans every event's deliveries in memory and writes them all, with
their in-app messages and outbox rows, in one statement per table; what an event changes after it is
told (a withdrawn proxy) comes last, after one UPDATE makes due the messages that were waiting for a
receipt the round now knows. A case's events keep their order across rounds: a dispatch that
follows its receipt in the same batch is planned in the next round, after the receipt is recorded,
as it would be one event at a time. In the pipeline a case's events are far apart, so a batch is
one round or two.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from minqing_kit.handling import Item, event_context

from .bootstrap import Runtime
from .contacts import wake_deliveries_waiting_for
from .known import Known
from .planning import plan, write_deliveries

Step = Callable[[Session, Any, Any], Any]


@dataclass(frozen=True)
class Steps:
    """What an event type records before its deliveries are planned (``record`` returns what only the
    resident may read in their own message, e.g. a receipt's tracking secret, or None), and what it
    changes once they are (``after``)."""

    record: Step | None = None
    after: Step | None = None


def rounds(items: Sequence[Item]) -> list[list[Item]]:
    """The k-th event of each case in round k, delivery order kept within a round."""
    found: list[list[Item]] = []
    seen: dict[str, int] = {}
    for envelope, payload in items:
        k = seen.get(envelope.case_id, 0) if envelope.case_id else 0
        if envelope.case_id:
            seen[envelope.case_id] = k + 1
        if k == len(found):
            found.append([])
        found[k].append((envelope, payload))
    return found


def handle(runtime: Runtime, steps: dict[type, Steps], session: Session, items: Sequence[Item]) -> None:
    for round_items in rounds(items):
        extras = []
        for envelope, payload in round_items:
            record = steps[type(payload)].record
            with event_context(envelope):
                extras.append(record(session, envelope, payload) if record else None)
        known = Known.read(session, [envelope for envelope, _ in round_items])
        planned = []
        for (envelope, payload), extra in zip(round_items, extras, strict=True):
            with event_context(envelope):
                planned += plan(runtime, session, known, envelope, payload, extra)
        write_deliveries(runtime, session, planned)
        wake_deliveries_waiting_for(session, known.received(), runtime.clock())
        for envelope, payload in round_items:
            after = steps[type(payload)].after
            if after:
                with event_context(envelope):
                    after(session, envelope, payload)
