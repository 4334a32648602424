"""Use case: take a request in through any channel, give it a ticket (挂牌), announce case.received.v1.

One transaction holds the ticket counter, the case row, the idempotency key and the outbox row:
bad input, a refused rate limit or any failure leaves nothing behind. On PostgreSQL it is four round
trips (``minqing_kit.pipeline`` sends statements that need no answer of each other together): BEGIN
(psycopg waits for it); what the case needs to know (the phone's rate-limit hit, the open cases at the
place, the case a 我也遇到了 joins, the day's next ticket number); the case row, the idempotency key and
the outbox row with its NOTIFY, once the answers allow it; COMMIT.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError

from minqing_contracts import new_envelope
from minqing_contracts.events.intake import CaseReceived
from minqing_kit.errors import ApiError, FieldError, invalid
from minqing_kit.logs import log_context
from minqing_kit.outbox import in_current_flow
from minqing_kit.pipeline import pipelined
from minqing_kit.sealing import seal_contact

from . import idempotency, open_candidates
from .adapters import ratelimit, tickets
from .adapters.tables import cases, idempotency_keys
from .bootstrap import Runtime
from .domain import channels
from .domain.classify import Suggestion
from .domain.duplicates import find_duplicate
from .domain.places import Place
from .domain.submission import Submission, normalise_phone, shown_publicly, validate
from .idempotency import receipt
from .receipts import hash_secret, keyed_hash, new_tracking_secret

log = logging.getLogger(__name__)
# Statements built once, values bound per request: SQLAlchemy compiles each only once per process.
INSERT_CASE, INSERT_IDEMPOTENCY_KEY = insert(cases), insert(idempotency_keys)
JOINED = select(cases.c.id).where(cases.c.ticket == bindparam("joins_ticket"))


def submit(
    runtime: Runtime,
    submission: Submission,
    *,
    staff: channels.Staff | None = None,
    open311_client: str | None = None,
    idempotency_key: str | None = None,
) -> dict:
    """Returns the receipt: case id, ticket, status, tracking secret (shown once), category."""
    _check_channel(submission, staff, open311_client)
    check(runtime, submission)
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


def check(runtime: Runtime, submission: Submission) -> None:
    """Every problem of the submission at once (``ApiError`` 422), before anything is read or written."""
    district = runtime.districts.get(submission.district)
    places = runtime.places.get(submission.district)
    problems = validate(submission, places, {c.code for c in district.categories} if district else set())
    if problems:
        raise invalid(problems)


def _check_channel(submission: Submission, staff, open311_client) -> None:
    if submission.channel == channels.OPEN311 and open311_client is None:
        raise invalid(
            [FieldError("channel", "Open311 requests come in at /open311/v2/requests", "请通过Open311接口提交")]
        )
    if channels.needs_staff(submission.channel):
        if staff is None:
            raise ApiError(
                401,
                "unauthenticated",
                f"the {submission.channel} channel needs a signed-in staff member",
                "该渠道须由工作人员登录后录入",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if not channels.may_take(staff, submission.channel, submission.district):
            raise ApiError(
                403,
                "forbidden",
                f"you may not take {submission.channel} requests for this district",
                "您无权为该区录入此渠道的诉求",
            )


@dataclass
class Prepared:
    """Everything about the new case that needs no database: computed before the transaction opens."""

    case_id: str
    now: datetime
    content: str
    words: list[str]
    suggestion: Suggestion
    place: Place
    secret: str
    sealed: str | None
    first_contact: dict
    phone_hash: str | None = None  # 我的诉求: the reporter finds the case by this keyed hash of their phone


def _prepare(runtime: Runtime, s: Submission, staff, open311_client, idempotency: str | None) -> Prepared:
    classifier = runtime.classifiers[s.district]
    case_id, content = str(uuid.uuid4()), s.content.strip()
    words = classifier.words(content)
    suggestion = classifier.suggest(content, words)
    if s.category:
        suggestion = Suggestion(s.category, 1.0, "operator" if staff else "reporter")
    contact = s.contact.as_dict() if runtime.settings.NOTIFY_PUBLIC_KEY else {}
    if contact.get("phone"):
        contact["phone"] = normalise_phone(contact["phone"])
    secret = new_tracking_secret(runtime.settings.INTAKE_SECRET_KEY.get_secret_value(), case_id, idempotency)
    if contact:  # the receipt SMS or e-mail carries the tracking secret: sealed with the contact, for notify only
        contact["tracking_secret"] = secret
    return Prepared(
        case_id=case_id,
        now=datetime.now(UTC),
        content=content,
        words=words,
        suggestion=suggestion,
        place=runtime.places[s.district].resolve(s.grid_code, s.address, s.lat, s.lon),
        secret=secret,
        sealed=seal_contact(contact, runtime.settings.NOTIFY_PUBLIC_KEY) if contact else None,
        first_contact=channels.first_contact(
            s.channel, staff if channels.needs_staff(s.channel) else None, open311_client
        ),
        phone_hash=phone_key(runtime, s.contact.phone) if s.contact.phone else None,
    )


def _accept(runtime, s: Submission, staff, open311_client, scope, key, fingerprint) -> dict:
    p = _prepare(runtime, s, staff, open311_client, f"{scope}:{key}" if key else None)
    kept = {"scope": scope, "key": key, "fingerprint": fingerprint, "case_id": p.case_id, "created_at": p.now}
    with log_context(case_id=p.case_id), runtime.db.transaction() as session:
        ticket, duplicate = _write(runtime, session, s, p, _phone_limit(runtime, s, staff), kept if key else None)
    return receipt(
        p.case_id, ticket, "received", p.now, p.secret, p.suggestion.category, duplicate.ticket if duplicate else None
    )


def file_within(runtime: Runtime, session, submission: Submission, staff: channels.Staff) -> dict:
    """File a case inside the caller's transaction (a matter heard on a visit): checked, ticketed and
    announced exactly as a case through ``submit``; bad input raises before anything is written."""
    _check_channel(submission, staff, None)
    check(runtime, submission)
    p = _prepare(runtime, submission, staff, None, None)
    with log_context(case_id=p.case_id):
        ticket, duplicate = _write(runtime, session, submission, p)
    return {
        "case_id": p.case_id,
        "ticket": ticket,
        "category": p.suggestion.category,
        "duplicate_of_ticket": duplicate.ticket if duplicate else None,
    }


def _write(runtime: Runtime, session, s: Submission, p: Prepared, limit: PhoneLimit | None = None, kept=None):
    """The ticket, the case row, its idempotency key (``kept``) and case.received.v1 in the outbox, after
    the phone's rate-limit hit (429 when refused): (ticket, duplicate suggestion). Two round trips."""
    district = runtime.districts[s.district]
    day = p.now.astimezone(ZoneInfo(district.timezone)).date()
    asked = {}  # in the order the rows are locked: the phone's window, then the day's counter
    if limit:
        asked["limit"] = ratelimit.counting(session, limit.bucket, limit.window_seconds, p.now)
    if p.place.place_key:
        asked["open"] = open_candidates.at_place(runtime, s.district, p.place.place_key, p.now)
    if s.joins_ticket:  # 我也遇到了: routing merges into that case if it is still open in the same district
        asked["joined"] = (JOINED, {"joins_ticket": s.joins_ticket})  # (an unknown ticket: filed on its own)
    asked["number"] = tickets.numbering(session, district.code, day)
    answers = dict(zip(asked, pipelined(session, list(asked.values())), strict=True))
    if limit and (wait := ratelimit.verdict(session, answers["limit"][0], limit.count, limit.window_seconds, p.now)):
        raise too_many(wait)
    duplicate = _duplicate(runtime, s, p, answers.get("open", []))
    ticket = tickets.ticket(district.ticket_prefix, day, answers["number"][0])
    received = _received(p, s, ticket, duplicate)
    received.joins_case_id = answers["joined"][0].id if answers.get("joined") else None
    # the request's flow (or the event's own id) becomes the case's chain, kept for its later events
    envelope = in_current_flow(new_envelope(received, district=district.code, producer="intake", case_id=p.case_id))
    row = _case_row(p, s, ticket, duplicate) | {"correlation_id": envelope.correlation_id}
    writes = [(INSERT_CASE, row), *([(INSERT_IDEMPOTENCY_KEY, kept)] if kept else [])]
    pipelined(session, writes + runtime.outbox.statements(session, envelope))
    log.info(
        "case received", extra={"fields": {"ticket": ticket, "channel": s.channel, "category": p.suggestion.category}}
    )
    return ticket, duplicate


def _case_row(p: Prepared, s: Submission, ticket: str, duplicate) -> dict:
    return dict(
        id=p.case_id,
        district=s.district,
        ticket=ticket,
        channel=s.channel,
        content=p.content,
        category=p.suggestion.category,
        confidence=p.suggestion.confidence,
        rule=p.suggestion.rule,
        status="received",
        received_at=p.now,
        updated_at=p.now,
        address=s.address,
        grid_code=p.place.grid_code,
        place_key=p.place.place_key,
        lat=s.lat,
        lon=s.lon,
        urgent=s.urgent,
        request_type=s.request_type,
        anonymous=channels.is_anonymous(s.channel),
        public=shown_publicly(s),
        first_contact=json.dumps(p.first_contact, ensure_ascii=False),
        filed_for=s.filed_for,
        proxy_consent=json.dumps(s.proxy_consent, ensure_ascii=False) if s.proxy_consent else None,
        attachments=json.dumps(s.attachments, ensure_ascii=False),
        contact_sealed=p.sealed,
        tracking_hash=hash_secret(p.secret),
        phone_hash=p.phone_hash,
        words=" ".join(p.words),
        duplicate_of_ticket=duplicate.ticket if duplicate else None,
        step_updates=s.step_updates,
    )


def _received(p: Prepared, s: Submission, ticket: str, duplicate) -> CaseReceived:
    return CaseReceived(
        ticket=ticket,
        channel=s.channel,
        content=p.content,
        classification={
            "category": p.suggestion.category,
            "confidence": p.suggestion.confidence,
            "rule": p.suggestion.rule,
        },
        location={"address": s.address, "grid_code": p.place.grid_code, "lat": s.lat, "lon": s.lon},
        request_type=s.request_type,
        urgent=s.urgent,
        anonymous=channels.is_anonymous(s.channel),
        public=shown_publicly(s),
        first_contact=p.first_contact,
        filed_for=s.filed_for,
        proxy_consent=s.proxy_consent,
        attachments=s.attachments,
        duplicate_of_case_id=duplicate.case_id if duplicate else None,
        duplicate_of_ticket=duplicate.ticket if duplicate else None,
        contact_sealed=p.sealed,
        step_updates=s.step_updates,
        received_at=p.now,
    )


@dataclass(frozen=True)
class PhoneLimit:
    """The per-phone limit a public submission counts against (RATE_LIMIT_PHONE)."""

    bucket: str
    count: int
    window_seconds: int


def _phone_limit(runtime: Runtime, s: Submission, staff) -> PhoneLimit | None:
    rate = runtime.settings.rate("RATE_LIMIT_PHONE")
    if rate is None or not s.contact.phone or channels.needs_staff(s.channel):
        return None
    return PhoneLimit("phone:" + phone_key(runtime, s.contact.phone), *rate)


def phone_key(runtime: Runtime, phone: str) -> str:
    """The keyed hash of a phone number (rate-limit buckets, 我的诉求's lookup): reveals no number."""
    return keyed_hash(runtime.settings.INTAKE_SECRET_KEY.get_secret_value(), "phone", normalise_phone(phone))


def too_many(wait: int) -> ApiError:
    return ApiError(
        429,
        "rate_limited",
        f"too many requests; try again in {wait} s",
        f"请求过于频繁,请{wait}秒后再试",
        headers={"Retry-After": str(wait)},
    )


def _duplicate(runtime, s: Submission, p: Prepared, rows: list):
    """The open case this request duplicates (domain/duplicates.py), by the district's policy, among the
    open cases at its place (``rows``)."""
    if not p.place.place_key:
        return None
    new = open_candidates.compared(runtime, s.district, p.case_id, "", p.content, p.words, s.address, p.now)
    found = open_candidates.candidates_of(runtime, s.district, rows)
    return find_duplicate(new, found, runtime.districts[s.district].duplicates)
