"""What routing listens to, in one place: new cases and proxies withdrawn from intake, reopen requests,
closed ledger entries and coordination meetings' decisions from evaluation."""

from __future__ import annotations

import logging
from functools import partial
from zoneinfo import ZoneInfo

from minqing_contracts.events.base import Actor
from minqing_contracts.events.evaluation import CaseClosed, MeetingDecisionRecorded, ReopenRequested
from minqing_contracts.events.intake import CaseReceived, CaseReclassified, ProxyWithdrawn
from minqing_kit.consumer import BatchHandler, Handlers
from minqing_kit.faults import NotReadyYet
from minqing_kit.handling import event_context

from . import batch_reads, catalogue, history_dispatch
from .adapters import repository
from .adapters.writer import CaseWriter
from .batch_reads import BatchReads
from .bootstrap import Runtime
from .domain import aftercare, clusters, duties, meeting_reply, reception
from .domain.case import Case, Effects, Received

log = logging.getLogger(__name__)


def on_cases_received(runtime: Runtime, session, items) -> None:
    """A consumer batch's new cases (``BatchHandler``), each as ``on_case_received`` receives it, read and
    written set-wise: what they need read in one round trip (``batch_reads``: which are stored, the
    catalogue's item per district and category, the model's version per district), then one statement per
    table for all the batch's cases (the writer's ``save_batch``, each event the causation of its own), in
    one round trip too. A case that joins another (我也遇到了) is written on its own, after those before it,
    as the case it joins may be among them."""
    now = runtime.now()
    reads = batch_reads.read_for(runtime, session, items, now)
    writer = CaseWriter(runtime.outbox)
    changes: list = []
    causes: list = []
    suggested: list[dict] = []
    for envelope, payload in items:
        with event_context(envelope):
            if payload.joins_case_id:
                writer.save_batch(session, changes, now, causes=causes, also=history_dispatch.recording(suggested))
                changes, causes, suggested = [], [], []
                on_case_received(runtime, session, envelope, payload, reads)
                continue
            change = _reception(runtime, session, envelope, payload, now, reads, suggested)
        if change is not None:
            changes.append(change)
            causes.append(envelope)
    writer.save_batch(session, changes, now, causes=causes, also=history_dispatch.recording(suggested))


def on_case_received(runtime: Runtime, session, envelope, payload, reads: BatchReads | None = None) -> None:
    """Locate, dispatch to the lowest level that can handle it (or the rule table's unit), set deadlines."""
    now = runtime.now()
    if reads is None:
        reads = batch_reads.read_for(runtime, session, [(envelope, payload)], now)
    suggested: list[dict] = []
    change = _reception(runtime, session, envelope, payload, now, reads, suggested)
    if change is None:
        return
    case, effects = change
    if payload.joins_case_id:
        effects.extend(_joined(session, case, payload.joins_case_id))
    CaseWriter(runtime.outbox).save(session, case, effects, now, envelope, also=history_dispatch.recording(suggested))


def _reception(
    runtime: Runtime, session, envelope, payload, now, reads: BatchReads, suggested: list[dict]
) -> tuple[Case, Effects] | None:
    """The new case and its first dispatch's effects, not written yet (the model's suggestion for it appended
    to ``suggested``); None for an unknown district or a case already stored (the same case delivered under
    another event id, or twice in one batch)."""
    district = runtime.districts.get(envelope.district)
    if district is None:
        log.warning("case for unknown district %s ignored", envelope.district)
        return None
    if envelope.case_id in reads.stored:
        return None
    reads.stored.add(envelope.case_id)
    where = payload.location
    place = district.locator.locate(where.grid_code, where.address, where.lat, where.lon)
    consent = payload.proxy_consent.model_dump(mode="json") if payload.proxy_consent else None
    first_contact_id, proxy_id = duties.holders(payload.first_contact, consent)
    case = Case(
        id=envelope.case_id,
        district=district.org.code,
        ticket=payload.ticket,
        category=payload.classification.category,
        urgent=payload.urgent,
        grid_code=place.grid_code,
        community_id=place.community_id,
        located_by=place.how,
        duplicate_of=payload.duplicate_of_case_id,
        correlation_id=envelope.correlation_id,
        first_contact_id=first_contact_id,
        proxy_id=proxy_id,
        proxy_consent=consent if proxy_id else None,
        contact_on_file=payload.contact_sealed is not None and not payload.anonymous,
    )
    by_catalogue = catalogue.assignment_for(session, district.org, case.category, place, now, reads.catalogue)
    by_history = history_dispatch.at_reception(
        runtime, session, district, case, payload.content, by_catalogue, suggested, reads.models
    )
    assignment, effects = reception.receive(
        district.work,
        case,
        Received(payload.content, where.address, payload.received_at, payload.request_type),
        now,
        by_history or by_catalogue,
    )
    log.info("dispatched to %s (%s, located by %s)", case.unit_id, assignment.reason, place.how)
    return case, effects


def _joined(session, case: Case, into_case_id: str) -> Effects:
    """我也遇到了: the resident said, before filing, that this is the open case ``into_case_id``'s problem too."""
    into = repository.load(session, into_case_id)
    if into is None:
        raise NotReadyYet(f"case {case.id} joins {into_case_id}, not here yet: retried until it arrives")
    return clusters.join(case, into, Actor(kind="resident"))


def on_reopen_requested(runtime: Runtime, session, envelope, payload) -> None:
    """重办: back to the unit that resolved it, or up a level past the district's reopen limit. A case
    merged into another (a duplicate cluster) was answered with it: the cluster's case is reopened."""
    district = runtime.districts[envelope.district]
    case = repository.load(session, envelope.case_id)
    if case is None:
        raise NotReadyYet(f"reopen for unknown case {envelope.case_id}: retried until the case arrives")
    if case.state == "merged" and case.merged_into:
        case = repository.load(session, case.merged_into) or case
    effects = aftercare.reopen(district.work, case, payload.reason, runtime.now())
    CaseWriter(runtime.outbox).save(session, case, effects, runtime.now(), causation=envelope)


def on_reclassified(runtime: Runtime, session, envelope, payload) -> None:
    """An operator changed the category: a case nobody has signed for yet is dispatched again for it."""
    district = runtime.districts[envelope.district]
    case = repository.load(session, envelope.case_id)
    if case is None:
        raise NotReadyYet(f"reclassification of unknown case {envelope.case_id}: retried until the case arrives")
    by_catalogue = catalogue.assignment_for(session, district.org, payload.category, case.place, runtime.now())
    effects = district.work.reclassify(case, payload.category, payload.actor, runtime.now(), by_catalogue)
    CaseWriter(runtime.outbox).save(session, case, effects, runtime.now(), causation=envelope)


def on_meeting_decision(runtime: Runtime, session, envelope, payload) -> None:
    """协调会: an adopted decision on cases is their reply; each open one is resolved with it, and the
    cases merged into it (its duplicate cluster) are answered with it, as a handler's resolution answers them."""
    if payload.kind != "coordination" or not payload.adopted:
        return
    district = runtime.districts[envelope.district]
    held_day = payload.held_at.astimezone(ZoneInfo(district.org.config.timezone)).date().isoformat()
    reply = meeting_reply.reply_text(payload.title, held_day, payload.text)
    for case_id in payload.case_ids:
        case = repository.load(session, case_id)
        if case is None:
            raise NotReadyYet(f"meeting decision on unknown case {case_id}: retried until the case arrives")
        parts = repository.load_parts(session, case_id)
        effects = meeting_reply.resolve_by_meeting(district.work, case, parts, payload.meeting_id, reply, runtime.now())
        effects.other_cases += clusters.answer_merged(case, effects, partial(repository.merged_into, session, case_id))
        CaseWriter(runtime.outbox).save(session, case, effects, runtime.now(), causation=envelope)


def on_proxy_withdrawn(runtime: Runtime, session, envelope, payload) -> None:
    """The resident took the case back from their proxy (代理)."""
    case = repository.load(session, envelope.case_id)
    if case is None:
        raise NotReadyYet(f"proxy withdrawn on unknown case {envelope.case_id}: retried until the case arrives")
    effects = duties.withdraw_proxy(case, payload.proxy_person_id, Actor(kind="resident"))
    CaseWriter(runtime.outbox).save(session, case, effects, runtime.now(), causation=envelope)


def on_case_closed(runtime: Runtime, session, envelope, payload) -> None:
    """销账: with a rating, the first-contact owner's duty is done (no answer: it stays on their list)."""
    if payload.satisfaction == "no_answer":
        return
    case = repository.load(session, envelope.case_id)
    if case is None:
        raise NotReadyYet(f"closing of unknown case {envelope.case_id}: retried until the case arrives")
    CaseWriter(runtime.outbox).save(session, case, duties.rated(case, envelope.occurred_at), runtime.now())


def subscriptions(runtime: Runtime) -> Handlers:
    return {
        CaseReceived: BatchHandler(partial(on_cases_received, runtime)),
        CaseReclassified: partial(on_reclassified, runtime),
        ReopenRequested: partial(on_reopen_requested, runtime),
        MeetingDecisionRecorded: partial(on_meeting_decision, runtime),
        ProxyWithdrawn: partial(on_proxy_withdrawn, runtime),
        CaseClosed: partial(on_case_closed, runtime),
    }
