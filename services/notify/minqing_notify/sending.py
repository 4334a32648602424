"""Send claimed deliveries: find the address, hold back what must wait, send, record the outcomes.

``prepare`` finds a row's address or holds it back, ``take_slots`` takes a batch's SMS slots,
``send`` sends one row and returns its outcome (a ``Mark``); ``record`` writes a batch's outcomes
and their ``notification.sent.v1`` / ``notification.failed.v1`` events in one transaction (outbox),
set-wise. A worker that dies after sending and before ``record`` commits leaves its rows ``sending``:
they come back when their lease runs out, as a row did when its worker died between send and commit.

Addresses are looked up at send time (residents' contacts opened from their sealed form, staff and
units from the district file) and only their masked form is stored. An SMS takes one of its phone's
hourly slots in the database before it goes out (``sms_slots``), so the limit holds across worker
replicas; only a sent SMS keeps its slot.

``minqing_notify_failures_total`` counts each failed attempt where it happens (the delivery worker, on
its METRICS_PORT) by channel, outcome (``retry``: tried again later, ``failed``: given up) and reason:
the reason's leading words up to its first colon (``smtp 550``, ``no address``), ``other`` when they
are long or odd, so the label stays a short list and never holds an address.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update

from minqing_contracts import Envelope, new_envelope
from minqing_contracts.events.notify import REPORTED_DELIVERIES, NotificationFailed, NotificationSent
from minqing_kit.logs import log_context
from minqing_kit.metrics import counter

from .adapters.tables import deliveries
from .addressing import Addresses, Hold, Target
from .bootstrap import Runtime
from .channels import Message, SendResult
from .contacts import ContactBook
from .domain import schedule
from .sms_slots import SmsSlots

log = logging.getLogger(__name__)
FAILURES = counter(
    "minqing_notify_failures_total",
    "failed delivery attempts by channel, outcome and reason",
    ["channel", "outcome", "reason"],
)
REASON = re.compile(r"([a-z][a-z0-9 _.-]{0,23})(?::|$)")


def reason_label(reason: str | None) -> str:
    found = REASON.match((reason or "").lower())
    return found.group(1).strip() if found else "other"


@dataclass(frozen=True)
class Mark:
    """One attempt's outcome (sent, retry, failed, deferred or skipped), not yet written."""

    row: Any
    outcome: str
    values: dict
    event: Envelope | None
    reason: str | None


@dataclass(frozen=True)
class Ready:
    """A claimed row to send now: its address, and for a paced channel the phone's keyed hash."""

    row: Any
    target: Target
    rate_key: str | None
    now: datetime


def _context(row):
    return log_context(
        case_id=row.case_id,
        correlation_id=row.correlation_id,
        delivery_id=row.id,
        channel=row.channel,
        recipient=row.recipient_key,
    )


class Sender:
    def __init__(self, runtime: Runtime):
        self.runtime, self.settings = runtime, runtime.settings
        self.book = ContactBook(runtime.settings.CONTACT_PRIVATE_KEY.get_secret_value())
        self.addresses = Addresses(runtime, self.book)
        self.slots = SmsSlots(runtime.db)

    def contacts_for(self, rows: list) -> dict:
        """The batch's residents' sealed contacts, read in one statement, for ``prepare``."""
        return self.addresses.contacts_for(rows)

    def prepare(self, row, contacts: dict) -> Mark | Ready:
        """Find a claimed row's address (a resident's in ``contacts``) and hold back what must wait (a
        Mark), else it is Ready."""
        with _context(row):
            now = self.runtime.clock()
            target = self.addresses.target(row, now, contacts)
            if isinstance(target, Hold):
                return self._hold(row, target, now)
            if not self.runtime.channels[row.channel].paced:
                return Ready(row, target, None, now)
            hold = self._quiet_hold(row, now, urgent=row.urgent or target.urgent)
            return (
                self._hold(row, hold, now) if hold else Ready(row, target, self.book.fingerprint(target.address), now)
            )

    def take_slots(self, ready: list[Ready]) -> list[Mark | Ready]:
        """Every paced row's hourly slot, taken for the batch in one transaction before anything is
        sent; a row over its phone's limit is held back (a Mark) until a slot frees up."""
        paced = [r for r in ready if r.rate_key is not None]
        limits = {r.row.id: self._per_hour(r.row) for r in paced}
        now = self.runtime.clock()
        until = self.slots.reserve_many([(r.row.id, r.rate_key or "", limits[r.row.id]) for r in paced], now)
        return [
            self._hold(
                r.row,
                Hold(f"rate limit {limits[r.row.id]} SMS per recipient per hour: deferred", until=until[r.row.id]),
                now,
            )
            if until.get(r.row.id)
            else replace(r, now=now)  # a sent SMS counts from when it took its slot
            for r in ready
        ]

    def send(self, ready: Ready) -> Mark:
        with _context(ready.row):
            return self._send(ready.row, ready.target, ready.rate_key, ready.now)

    def _send(self, row, target: Target, rate_key: str | None, now: datetime) -> Mark:
        message = Message(
            delivery_id=row.id,
            district=row.district,
            channel=row.channel,
            address=target.address,
            title=row.title,
            body=row.body,
            recipient_ref=row.recipient_ref,
            case_id=row.case_id,
            ticket=row.ticket,
            secret=target.secret,
        )
        channel = self.runtime.channels[row.channel]
        try:
            result = channel.send(message)
        except Exception as exc:  # a channel bug must not lose the delivery
            log.exception("channel %s raised", row.channel)
            result = SendResult.retry(f"{row.channel} error: {type(exc).__name__}")
        return self._finish(row, result, channel.mask(target.address), rate_key, now)

    # -- when ----------------------------------------------------------------------------------
    def _quiet_hold(self, row, now: datetime, urgent: bool) -> Hold | None:
        if row.recipient_kind != "resident" or urgent:
            return None
        district, policy = self._policy(row)
        start, end = (policy.quiet_start, policy.quiet_end) if policy else ("22:00", "08:00")
        until = schedule.quiet_until(now, district.timezone if district else "Asia/Shanghai", start, end)
        return Hold(f"quiet hours {start}-{end}: deferred", until=until) if until else None

    def _per_hour(self, row) -> int:
        _district, policy = self._policy(row)
        return (policy.sms_per_recipient_per_hour if policy else None) or self.settings.SMS_PER_RECIPIENT_PER_HOUR

    def _policy(self, row):
        district = self.runtime.districts.get(row.district)
        return district, district.notifications if district else None

    # -- outcome -------------------------------------------------------------------------------
    def _hold(self, row, hold: Hold, now: datetime) -> Mark:
        if hold.fail:
            return self._finish(row, SendResult.give_up(hold.reason), None, None, now)
        values = (
            {"status": "skipped", "note": hold.reason}
            if hold.skip
            else {"status": "pending", "next_attempt_at": hold.until, "note": hold.reason}
        )
        values.update(lease_until=None, rate_key=None, sent_at=None)  # a reclaimed row's stale slot, if any
        return Mark(row, "skipped" if hold.skip else "deferred", values, None, hold.reason)

    def _finish(self, row, result: SendResult, masked: str | None, rate_key: str | None, now: datetime) -> Mark:
        attempts = row.attempts + 1
        values = {
            "attempts": attempts,
            "lease_until": None,
            "address_masked": masked,
            "note": None,
            "rate_key": None,
            "sent_at": None,
        }  # only a sent SMS keeps its slot
        if result.ok:
            values.update(
                status="sent", sent_at=now, rate_key=rate_key, provider_ref=result.provider_ref, last_error=None
            )
            return Mark(row, "sent", values, self._event(row, NotificationSent, segments=row.segments), None)
        if result.permanent or attempts >= self.settings.DELIVERY_MAX_ATTEMPTS:
            values.update(status="failed", last_error=result.reason)
            event = self._event(row, NotificationFailed, attempts=attempts, reason=result.reason or "unknown")
            return Mark(row, "failed", values, event, result.reason)
        delay = schedule.backoff(
            attempts, self.settings.DELIVERY_BACKOFF_SECONDS, self.settings.DELIVERY_BACKOFF_MAX_SECONDS
        )
        values.update(status="pending", last_error=result.reason, next_attempt_at=now + delay)
        return Mark(row, "retry", values, None, result.reason)

    def record(self, marks: list[Mark]) -> None:
        """Write a batch's outcomes in one transaction: the rows still ``sending`` are locked in one
        statement, each set of outcomes with the same columns is one executemany UPDATE, and their
        events go to the outbox in one insert. A row no longer ``sending`` (its lease ran out and
        another claim took it) is left as it is, and its event is not written."""
        if not marks:
            return
        ids = [mark.row.id for mark in marks]
        with self.runtime.db.transaction() as session:
            still = set(
                session.execute(
                    select(deliveries.c.id)
                    .where(deliveries.c.id.in_(ids), deliveries.c.status == "sending")
                    .with_for_update()
                ).scalars()
            )
            kept = [mark for mark in marks if mark.row.id in still]
            shapes: dict[tuple[str, ...], list[Mark]] = defaultdict(list)
            for mark in kept:
                shapes[tuple(sorted(mark.values))].append(mark)
            for columns, same in shapes.items():
                statement = (
                    update(deliveries)
                    .where(deliveries.c.id == bindparam("v_id"), deliveries.c.status == "sending")
                    .values({column: bindparam(f"v_{column}") for column in columns})
                )
                session.execute(
                    statement,
                    [{"v_id": m.row.id, **{f"v_{k}": v for k, v in m.values.items()}} for m in same],
                    execution_options={"synchronize_session": False},
                )
            events = [mark.event for mark in kept if mark.event is not None]
            if events:
                self.runtime.outbox.add(session, *events)
        for mark in marks:
            self._report(mark)

    def _report(self, mark: Mark) -> None:
        row = mark.row
        with _context(row):
            if mark.outcome in ("skipped", "deferred"):
                log.info("delivery %s: %s", mark.outcome, mark.reason)
                return
            if mark.outcome != "sent":
                FAILURES.labels(row.channel, mark.outcome, reason_label(mark.reason)).inc()
            log.log(
                logging.WARNING if mark.outcome == "failed" else logging.INFO,
                "delivery %s on %s (attempt %d)%s",
                mark.outcome,
                row.channel,
                mark.values["attempts"],
                f": {mark.reason}" if mark.reason else "",
            )

    def _event(self, row, model, **fields):
        return notification_event(self.runtime, row._mapping, model, **fields)


def notification_event(runtime: Runtime, row: Mapping[str, Any], model, **fields) -> Envelope | None:
    """A delivery's ``notification.sent`` / ``notification.failed`` event from its row, or None for a
    delivery the contracts do not report (``REPORTED_DELIVERIES``: only the rating link's has a
    subscriber) or a channel notify no longer has (it has no kind to report)."""
    channel = runtime.channels.get(row["channel"])
    if channel is None or (row["source_event_type"], row["recipient_kind"]) not in REPORTED_DELIVERIES:
        return None
    payload = model(
        notification_id=row["id"],
        source_event_id=row["source_event_id"],
        source_event_type=row["source_event_type"],
        recipient_kind=row["recipient_kind"],
        recipient_ref=row["recipient_ref"],
        channel=channel.kind,
        template=row["template"],
        **fields,
    )
    return new_envelope(
        payload,
        district=row["district"],
        producer="notify",
        case_id=row["case_id"],
        correlation_id=row["correlation_id"],
    )
