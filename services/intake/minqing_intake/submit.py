"""Use case: take a request in through any channel, give it a ticket (挂牌), announce case.received.v1.

One transaction holds the ticket counter, the case row, the idempotency key and the outbox row:
bad input, a refused rate limit or any failure leaves nothing behind.
"""
from __future__ import annotations

import json
import logging
import uuid
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from minqing_contracts import new_envelope
from minqing_contracts.events.intake import CaseReceived
from minqing_kit.errors import ApiError, FieldError, invalid
from minqing_kit.logs import log_context
from minqing_kit.sealing import seal_contact
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from .adapters import ratelimit
from . import idempotency
from .adapters.tables import cases, idempotency_keys
from .idempotency import receipt
from .adapters.tickets import next_ticket
from .bootstrap import Runtime
from .domain import channels
from .domain.duplicates import Candidate, find_duplicate
from .domain.submission import Submission, normalise_phone, validate
from .domain.tracking import OPEN_STATUSES
from .receipts import hash_secret, keyed_hash, new_tracking_secret

log = logging.getLogger(__name__)
DUPLICATE_CANDIDATES = 100  # the most recent open cases at the place


def submit(runtime: Runtime, submission: Submission, *, staff: channels.Staff | None = None,
           open311_client: str | None = None, idempotency_key: str | None = None) -> dict:
    """Returns the receipt: case id, ticket, status, tracking secret (shown once), category."""
    _check_channel(submission, staff, open311_client)
    district = runtime.districts.get(submission.district)
    places = runtime.places.get(submission.district)
    problems = validate(submission, places, {c.code for c in district.categories} if district else set())
    if problems:
        raise invalid(problems)
    scope = idempotency.scope_of(submission.channel, staff, open311_client)
    fingerprint = idempotency.fingerprint(submission)
    if idempotency_key:
        existing = idempotency.replay(runtime, scope, idempotency_key, fingerprint)
        if existing:
            return existing
    try:
        return _accept(runtime, submission, staff, open311_client, scope, idempotency_key, fingerprint)
    except IntegrityError:
        if idempotency_key:  # a concurrent retry with the same key committed first
            existing = idempotency.replay(runtime, scope, idempotency_key, fingerprint)
            if existing:
                return existing
        raise


def _check_channel(submission: Submission, staff, open311_client) -> None:
    if submission.channel == channels.OPEN311 and open311_client is None:
        raise invalid([FieldError("channel", "Open311 requests come in at /open311/v2/requests", "请通过Open311接口提交")])
    if channels.needs_staff(submission.channel):
        if staff is None:
            raise ApiError(401, "unauthenticated", f"the {submission.channel} channel needs a signed-in staff member",
                           "该渠道须由工作人员登录后录入", headers={"WWW-Authenticate": "Bearer"})
        if not channels.may_take(staff, submission.channel, submission.district):
            raise ApiError(403, "forbidden", f"you may not take {submission.channel} requests for this district",
                           "您无权为该区录入此渠道的诉求")


def _accept(runtime, s: Submission, staff, open311_client, scope, key, fingerprint) -> dict:
    district, places = runtime.districts[s.district], runtime.places[s.district]
    classifier = runtime.classifiers[s.district]
    now = datetime.now(timezone.utc)
    case_id = str(uuid.uuid4())
    content = s.content.strip()
    words = classifier.words(content)
    suggestion = classifier.suggest(content, words)
    if s.category:
        suggestion = type(suggestion)(s.category, 1.0, "operator" if staff else "reporter")
    place = places.resolve(s.grid_code, s.address, s.lat, s.lon)
    secret = new_tracking_secret(runtime.settings.INTAKE_SECRET_KEY, case_id, f"{scope}:{key}" if key else None)
    contact = s.contact.as_dict() if runtime.settings.NOTIFY_PUBLIC_KEY else {}
    if contact.get("phone"):
        contact["phone"] = normalise_phone(contact["phone"])
    sealed = seal_contact(contact, runtime.settings.NOTIFY_PUBLIC_KEY) if contact else None
    first = channels.first_contact(s.channel, staff if channels.needs_staff(s.channel) else None, open311_client)
    with log_context(case_id=case_id), runtime.db.transaction() as session:
        _limit_phone(runtime, session, s, staff)
        duplicate = _duplicate(runtime, session, s.district, place.place_key, content, words, now)
        ticket = next_ticket(session, district.code, district.ticket_prefix,
                             now.astimezone(ZoneInfo(district.timezone)).date())
        session.execute(insert(cases).values(
            id=case_id, district=district.code, ticket=ticket, channel=s.channel, content=content,
            category=suggestion.category, confidence=suggestion.confidence, rule=suggestion.rule,
            status="received", received_at=now, updated_at=now, address=s.address, grid_code=place.grid_code,
            place_key=place.place_key, lat=s.lat, lon=s.lon, urgent=s.urgent, anonymous=s.channel == "echo_wall",
            first_contact=json.dumps(first, ensure_ascii=False), filed_for=s.filed_for,
            attachments=json.dumps(s.attachments, ensure_ascii=False), contact_sealed=sealed,
            tracking_hash=hash_secret(secret), words=" ".join(words), duplicate_of_ticket=duplicate.ticket if duplicate else None))
        if key:
            session.execute(insert(idempotency_keys).values(scope=scope, key=key, fingerprint=fingerprint,
                                                            case_id=case_id, created_at=now))
        runtime.outbox.add(session, new_envelope(CaseReceived(
            ticket=ticket, channel=s.channel, content=content,
            classification={"category": suggestion.category, "confidence": suggestion.confidence,
                            "rule": suggestion.rule},
            location={"address": s.address, "grid_code": place.grid_code, "lat": s.lat, "lon": s.lon},
            urgent=s.urgent, anonymous=s.channel == "echo_wall", first_contact=first, filed_for=s.filed_for,
            attachments=s.attachments, duplicate_of_case_id=duplicate.case_id if duplicate else None,
            duplicate_of_ticket=duplicate.ticket if duplicate else None, contact_sealed=sealed, received_at=now,
        ), district=district.code, producer="intake", case_id=case_id))
        log.info("case received", extra={"fields": {"ticket": ticket, "channel": s.channel,
                                                    "category": suggestion.category}})
    return receipt(case_id, ticket, "received", now, secret, suggestion.category,
                    duplicate.ticket if duplicate else None)


def _limit_phone(runtime: Runtime, session, s: Submission, staff) -> None:
    rate = runtime.settings.rate("RATE_LIMIT_PHONE")
    if rate is None or not s.contact.phone or channels.needs_staff(s.channel):
        return
    bucket = "phone:" + keyed_hash(runtime.settings.INTAKE_SECRET_KEY, "phone", normalise_phone(s.contact.phone))
    wait = ratelimit.hit(session, bucket, *rate)
    if wait is not None:
        raise too_many(wait)


def too_many(wait: int) -> ApiError:
    return ApiError(429, "rate_limited", f"too many requests; try again in {wait} s",
                    f"请求过于频繁,请{wait}秒后再试", headers={"Retry-After": str(wait)})


def _duplicate(runtime, session, district: str, place_key: str | None, content: str, words: list[str], now):
    if not place_key:
        return None
    since = now - timedelta(days=runtime.settings.DUPLICATE_WINDOW_DAYS)
    rows = session.execute(select(cases.c.id, cases.c.ticket, cases.c.content, cases.c.words).where(
        cases.c.district == district, cases.c.place_key == place_key, cases.c.status.in_(OPEN_STATUSES),
        cases.c.received_at >= since).order_by(cases.c.received_at.desc()).limit(DUPLICATE_CANDIDATES)).all()
    candidates = [Candidate(r.id, r.ticket, r.content, frozenset(r.words.split())) for r in rows]
    return find_duplicate(content, words, candidates)
