"""Follow-up use cases (回访): answer by link or hotline, expire unanswered (a resolution opens one:
``followup_requests``).

Each runs in one transaction: the evaluation's state, the read model's facts and the outgoing
events (outbox) commit together. Only a hash of the link token is stored. An answer and an expiry
belong to the case's chain: their lines and events carry the correlation id of the resolution the
follow-up was opened for."""

from __future__ import annotations

import hashlib

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from minqing_contracts import Envelope, new_envelope
from minqing_contracts.events.base import Actor
from minqing_contracts.events.evaluation import (
    CaseClosed,
    CaseRated,
    EvaluationRequested,
    EvaluationUnanswered,
    ProxyAnswer,
    RatingDimensions,
    ReopenRequested,
)
from minqing_contracts.events.notify import NotificationSent
from minqing_kit.errors import ApiError
from minqing_kit.logs import continue_flow, log_context
from minqing_kit.statements import claim_rows

from . import readmodel
from .adapters.tables import cases, evaluations
from .adapters.visit_tables import grid_worker_answers
from .bootstrap import Runtime
from .domain.followup import UNCLEAR, Answer, decide

PRODUCER = "evaluation"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def emit(session: Session, runtime: Runtime, envelope: Envelope) -> None:
    """Our own events are facts of the read model too, recorded in the same transaction."""
    runtime.outbox.add(session, envelope)
    readmodel.record(session, runtime, envelope)


def answer_by_link(runtime: Runtime, token: str, answer: Answer, ticket: str | None = None) -> dict:
    """The resident's answer. The token works once, before it expires, and only for its own case."""
    with runtime.db.transaction() as session:
        row = session.execute(
            select(evaluations).where(evaluations.c.token_hash == token_hash(token)).with_for_update()
        ).first()
        if row is None or (ticket is not None and ticket != row.ticket):
            raise ApiError(404, "unknown_token", "no evaluation for this link", "评价链接无效")
        return record_answer(session, runtime, row, answer, "link", Actor(kind="resident"))


def answer_by_hotline(runtime: Runtime, principal, evaluation_id: str, answer: Answer) -> dict:
    """An answer a hotline operator took by phone, for an evaluation in the operator's district."""
    with runtime.db.transaction() as session:
        row = session.execute(select(evaluations).where(evaluations.c.id == evaluation_id).with_for_update()).first()
        if row is None or row.district != principal.district:
            raise ApiError(404, "not_found", "no such evaluation in your district", "本区无此评价")
        actor = Actor(
            kind="person",
            id=principal.person_id,
            name=principal.name,
            role="hotline_operator",
            unit_id=principal.unit_id,
        )
        return record_answer(session, runtime, row, answer, "hotline", actor)


def record_answer(
    session: Session, runtime: Runtime, row, answer: Answer, via: str, actor: Actor, proxy: ProxyAnswer | None = None
) -> dict:
    """Record the answer to an open follow-up and what follows from it (a reopen or 销账); ``proxy``: the
    resident's proxy gave it for them (``proxy_answers``), with the consent the event carries."""
    continue_flow(row.correlation_id)
    with log_context(case_id=row.case_id, correlation_id=row.correlation_id):
        return _record_answer(session, runtime, row, answer, via, actor, proxy)


def _record_answer(
    session: Session, runtime: Runtime, row, answer: Answer, via: str, actor: Actor, proxy: ProxyAnswer | None
) -> dict:
    now = runtime.clock()
    if row.status != "open":
        raise ApiError(409, "already_" + row.status, f"this evaluation is {row.status}", "该评价已失效或已完成")
    if now >= row.expires_at:
        raise ApiError(409, "expired", "the answer period has passed", "评价期限已过")
    session.execute(
        update(evaluations)
        .where(evaluations.c.id == row.id)
        .values(
            status="answered",
            answered_at=now,
            solved=answer.solved,
            satisfaction=answer.satisfaction,
            comment=answer.comment,
            via=via,
        )
    )
    case = readmodel.lock_case(session, row.district, row.case_id)
    if answer.knows_grid_worker is not None:  # 知晓率's answers, counted in the case's grid
        session.execute(
            grid_worker_answers.insert().values(
                evaluation_id=row.id,
                district=row.district,
                grid_code=case.grid_code,
                knows_grid_worker=answer.knows_grid_worker,
                answered_on=now.astimezone(runtime.tz(row.district)).date(),
            )
        )
    rated = new_envelope(
        CaseRated(
            ticket=row.ticket,
            evaluation_id=row.id,
            unit_id=row.unit_id,
            solved=answer.solved,
            satisfaction=answer.counted_satisfaction,
            comment=answer.comment,
            knows_grid_worker=answer.knows_grid_worker,
            unclear=answer.satisfaction == UNCLEAR,
            dimensions=RatingDimensions(**answer.dimensions) if answer.dimensions else None,
            via=via,
            actor=actor,
            proxy=proxy,
        ),
        district=row.district,
        producer=PRODUCER,
        case_id=row.case_id,
        correlation_id=row.correlation_id,
        occurred_at=now,
    )
    emit(session, runtime, rated)
    policy = runtime.districts[row.district].evaluation
    decision = decide(answer, case.reopen_requests, policy.reopen_limit)
    if decision.action == "reopen":
        session.execute(
            update(cases).where(cases.c.case_id == row.case_id).values(reopen_requests=decision.reopen_count)
        )
        runtime.outbox.add(
            session,
            new_envelope(
                ReopenRequested(
                    ticket=row.ticket,
                    evaluation_id=row.id,
                    unit_id=row.unit_id,
                    reason=decision.reason,
                    reopen_count=decision.reopen_count,
                ),
                district=row.district,
                producer=PRODUCER,
                causation=rated,
            ),
        )
    else:
        _close(session, runtime, row, answer.counted_satisfaction, rated, unclear=answer.satisfaction == UNCLEAR)
    return {
        "evaluation_id": row.id,
        "ticket": row.ticket,
        "status": "answered",
        "next": decision.action,
        "reopen_count": decision.reopen_count,
    }


def _close(session: Session, runtime: Runtime, row, satisfaction: str, cause: Envelope, unclear: bool = False) -> None:
    """销账: the resident has had an answer (or the follow-up went unanswered)."""
    session.execute(update(cases).where(cases.c.case_id == row.case_id).values(closed_at=runtime.clock()))
    emit(
        session,
        runtime,
        new_envelope(
            CaseClosed(ticket=row.ticket, unit_id=row.unit_id, satisfaction=satisfaction, unclear=unclear),
            district=row.district,
            producer=PRODUCER,
            causation=cause,
            occurred_at=runtime.clock(),
        ),
    )


def expire_due(runtime: Runtime, batch: int = 200) -> int:
    """Mark follow-ups past their answer period as unanswered (never as satisfied) and close the
    entry with "no_answer". Replicas skip each other's rows (FOR UPDATE SKIP LOCKED)."""
    now = runtime.clock()
    with runtime.db.transaction() as session:
        query = (
            select(evaluations)
            .where(evaluations.c.status == "open", evaluations.c.expires_at <= now)
            .order_by(evaluations.c.expires_at)
            .limit(batch)
        )
        rows = claim_rows(session, query)
        for row in rows:
            session.execute(update(evaluations).where(evaluations.c.id == row.id).values(status="unanswered"))
            unanswered = new_envelope(
                EvaluationUnanswered(ticket=row.ticket, evaluation_id=row.id, unit_id=row.unit_id),
                district=row.district,
                producer=PRODUCER,
                case_id=row.case_id,
                correlation_id=row.correlation_id,
                occurred_at=now,
            )
            emit(session, runtime, unanswered)
            _close(session, runtime, row, "no_answer", unanswered)
    return len(rows)


def record_link_delivery(session: Session, envelope: Envelope, payload) -> None:
    """Notify reports whether the rating link reached the resident. A link that reached nobody
    leaves the follow-up to a hotline operator's call (回访 by phone); one channel's success wins."""
    if payload.source_event_type != EvaluationRequested.EVENT_TYPE or payload.recipient_kind != "resident":
        return
    mine = (evaluations.c.case_id == envelope.case_id) & (evaluations.c.status == "open")
    if isinstance(payload, NotificationSent):
        session.execute(update(evaluations).where(mine).values(delivery="sent", delivery_note=payload.channel))
    else:
        session.execute(
            update(evaluations)
            .where(mine, evaluations.c.delivery.is_distinct_from("sent"))
            .values(delivery="failed", delivery_note=f"{payload.channel}: {payload.reason}"[:500])
        )
