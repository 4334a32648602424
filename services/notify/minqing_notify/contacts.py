"""Residents' contacts: kept sealed per case as intake sealed them, opened only to send.

``case.received.v1`` carries ``contact_sealed`` (minqing_kit.sealing). Notify opens it once in memory
to note which channels the resident can be reached on, stores it still sealed, and opens it again
at send time. An anonymous case, or one without contact, gets no personal messages.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from minqing_kit.sealing import open_contact
from minqing_kit.statements import dialect_name, insert_ignoring_duplicates

from .adapters.tables import case_contacts, deliveries

log = logging.getLogger(__name__)
WAITING_FOR_RECEIPT = "waiting for the case's receipt (case.received)"


@dataclass(frozen=True)
class ResidentContact:
    phone: str | None
    email: str | None
    tracking_secret: str | None = None
    sign_in_code: str | None = None  # 我的诉求's one-time code, for the SMS that carries it only
    name: str | None = None  # what the resident asked to be called, if anything


class ContactBook:
    def __init__(self, private_key: str):
        self.private_key = private_key

    def open(self, sealed: str | None) -> ResidentContact | None:
        """The clear contact, or None when there is none or it cannot be opened."""
        if not sealed or not self.private_key:
            return None
        try:
            data = open_contact(sealed, self.private_key)
        except Exception as exc:  # wrong key, damaged data: never the content in the log
            log.warning("a sealed contact could not be opened: %s", type(exc).__name__)
            return None
        return ResidentContact(
            phone=(data.get("phone") or None),
            email=(data.get("email") or None),
            tracking_secret=data.get("tracking_secret") or None,
            sign_in_code=data.get("sign_in_code") or None,
            name=data.get("name") or None,
        )

    def fingerprint(self, address: str) -> str:
        """A keyed hash of an address, to count messages per recipient without storing it."""
        key = hashlib.sha256(b"minqing-notify-rate:" + self.private_key.encode()).digest()
        return hmac.new(key, address.strip().encode(), hashlib.sha256).hexdigest()[:32]


def record_contact(session: Session, book: ContactBook, envelope, payload, now) -> bool:
    """Store the case's sealed contact; returns whether the reporter may get personal messages."""
    sealed = None if payload.anonymous else payload.contact_sealed
    reachable = _store(session, book, envelope.case_id, envelope.district, payload.ticket, sealed, payload.urgent, now)
    if payload.step_updates:  # the resident asked for step SMS (办理有进展时短信通知我) on the form
        session.execute(
            update(case_contacts)
            .where(case_contacts.c.case_id == envelope.case_id, case_contacts.c.step_updates_at.is_(None))
            .values(step_updates=True, step_updates_at=payload.received_at)
        )
    return reachable


def record_household_contact(session: Session, book: ContactBook, key: str, envelope, payload, now) -> bool:
    """A project invitation's household (一事一评): its sealed contact, kept under ``key`` as a case's is."""
    return _store(session, book, key, envelope.district, payload.project_id[:40], payload.contact_sealed, False, now)


def record_sign_in_contact(session: Session, book: ContactBook, key: str, envelope, payload, now) -> bool:
    """我的诉求's sign-in: the sealed phone kept under ``key``, urgent (the resident waits for the code,
    quiet hours do not hold it)."""
    return _store(session, book, key, envelope.district, "我的诉求", payload.contact_sealed, True, now)


def _store(
    session: Session, book: ContactBook, key: str, district: str, ticket: str, sealed, urgent: bool, now
) -> bool:
    """A contact that cannot be opened here (missing or wrong CONTACT_PRIVATE_KEY) is kept and its
    deliveries fail visibly at send time, rather than being taken for an anonymous case."""
    contact = book.open(sealed)
    if sealed and contact is None:
        has_phone = has_email = True
    else:
        has_phone, has_email = bool(contact and contact.phone), bool(contact and contact.email)
    reachable = has_phone or has_email
    values = dict(
        district=district,
        ticket=ticket,
        anonymous=not reachable,
        contact_sealed=sealed if reachable else None,
        has_phone=has_phone,
        has_email=has_email,
        received_at=now,
        urgent=urgent,
    )
    session.execute(_insert(dialect_name(session)), dict(case_id=key, **values))
    return reachable


def wake_deliveries_waiting_for(session: Session, keys: Collection[str], now) -> None:
    """Messages planned before their receipt arrived (out of order) are due now, for every key given
    whose receipt is stored, in one statement (the consumer's round: ``rounds``): the worker sends those
    the reporter can get and skips the others (no address on that channel, or an anonymous case)."""
    if keys:
        session.execute(_WAKE, {"waiting_for": sorted(keys), "due_at": now})


@functools.cache
def _insert(dialect: str):
    return insert_ignoring_duplicates(dialect, case_contacts, index_elements=["case_id"])


# Built once, values bound per call: SQLAlchemy compiles each once per process, not per event.
_WAKE = (
    update(deliveries)
    .where(
        deliveries.c.contact_case_id.in_(bindparam("waiting_for", expanding=True)),
        deliveries.c.status == "pending",
        deliveries.c.note == WAITING_FOR_RECEIPT,
    )
    .values(next_attempt_at=bindparam("due_at"))
)
_CONTACT = select(case_contacts).where(case_contacts.c.case_id == bindparam("case_id"))


def reachable_on(row, resident_field: str) -> bool:
    """Whether a ``case_contacts`` row says the reporter has that contact field (``has_phone``, ``has_email``)."""
    return bool(getattr(row, f"has_{resident_field}", False))


def contact_row(session_or_connection, case_id: str):
    return session_or_connection.execute(_CONTACT, {"case_id": case_id}).first()


def contact_rows(session_or_connection, case_ids: set[str]) -> dict:
    """The ``case_contacts`` rows of several cases in one statement, by case id (a case without one is absent)."""
    if not case_ids:
        return {}
    query = select(case_contacts).where(case_contacts.c.case_id.in_(sorted(case_ids)))
    return {row.case_id: row for row in session_or_connection.execute(query)}
