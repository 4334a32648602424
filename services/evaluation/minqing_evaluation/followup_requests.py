"""The follow-ups (回访) a consumer batch's resolutions open, set-wise: what they need to know is read with
the read model's reads (``reads``), and what they write goes in one round trip on PostgreSQL (``open_all``).

A resolution (or a merged case's answer with its cluster: every resident of a cluster rates it) opens an
evaluation unless the case has one for a resolution as late or later, or was closed (销账) since; the
case's open evaluation is superseded by it. The batch's resolutions are taken in order, as one at a time
would take them: a later one of the same case supersedes the evaluation an earlier one opened."""

from __future__ import annotations

import secrets
import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from minqing_contracts import Envelope, new_envelope
from minqing_contracts.events.evaluation import EvaluationRequested
from minqing_contracts.events.routing import CaseAnsweredInCluster, CaseResolved
from minqing_kit.pipeline import Statement, pipelined

from . import readmodel
from .adapters.tables import cases, evaluations
from .bootstrap import Runtime
from .followups import PRODUCER, token_hash

Resolution = tuple[Envelope, CaseResolved | CaseAnsweredInCluster]


def reads(session: Session, resolutions: Sequence[Resolution]) -> list[Statement]:
    """Three statements: the resolved cases created if new and locked (their ``closed_at``), then the
    moments of the resolutions their evaluations were opened for."""
    ids = sorted({envelope.case_id for envelope, _ in resolutions})
    opened = select(evaluations.c.case_id, evaluations.c.resolved_at).where(evaluations.c.case_id.in_(ids))
    return [*readmodel.locking(session, {e.case_id: e.district for e, _ in resolutions}), (opened, None)]


def open_all(session: Session, runtime: Runtime, resolutions: Sequence[Resolution], answers: Sequence[Any]) -> None:
    """Open the evaluations the resolutions call for; ``answers``: the rows of ``reads``' statements."""
    closed_at = {row.case_id: row.closed_at for row in answers[1]}
    resolved: dict[str, list] = defaultdict(list)
    for row in answers[2]:
        resolved[row.case_id].append(row.resolved_at)
    opened: dict[str, dict] = {}  # case id -> the evaluation this batch opened last for it
    rows, requests = [], []
    for envelope, payload in resolutions:
        case_id, at = envelope.case_id, envelope.occurred_at
        closed = closed_at.get(case_id)
        if any(earlier >= at for earlier in resolved[case_id]) or (closed is not None and closed >= at):
            continue
        if case_id in opened:
            opened[case_id]["status"] = "superseded"
        row, request = _evaluation(runtime, envelope, payload)
        opened[case_id], closed_at[case_id] = row, None
        resolved[case_id].append(at)
        rows.append(row)
        requests.append(request)
    if not rows:
        return
    ids = sorted(opened)
    pipelined(
        session,
        [
            (update(cases).where(cases.c.case_id.in_(ids)).values(closed_at=None), None),
            (
                update(evaluations)
                .where(evaluations.c.case_id.in_(ids), evaluations.c.status == "open")
                .values(status="superseded"),
                None,
            ),
            (insert(evaluations), rows),
            *runtime.outbox.statements(session, *requests),
        ],
    )


def _evaluation(runtime: Runtime, envelope: Envelope, payload) -> tuple[dict, Envelope]:
    """The evaluation's row (only a hash of the link's token kept) and its ``evaluation.requested.v1``."""
    now, token, evaluation_id = runtime.clock(), secrets.token_urlsafe(32), str(uuid.uuid4())
    policy = runtime.districts[envelope.district].evaluation
    expires_at = runtime.calendars[envelope.district].deadline(now, policy.answer_period)
    row = {
        "id": evaluation_id,
        "case_id": envelope.case_id,
        "district": envelope.district,
        "ticket": payload.ticket,
        "unit_id": payload.unit_id,
        "resolved_event_id": envelope.event_id,
        "resolved_at": envelope.occurred_at,
        "token_hash": token_hash(token),
        "status": "open",
        "requested_at": now,
        "expires_at": expires_at,
        "correlation_id": envelope.correlation_id,
    }
    requested = EvaluationRequested(
        ticket=payload.ticket,
        evaluation_id=evaluation_id,
        link_token=token,
        expires_at=expires_at,
        outcome=payload.outcome,
    )
    return row, new_envelope(
        requested, district=envelope.district, producer=PRODUCER, causation=envelope, occurred_at=now
    )
