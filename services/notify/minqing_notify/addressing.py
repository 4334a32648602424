"""Where a delivery goes, looked up at send time: a resident's contact opened from its sealed form,
staff and units from the district file (which may have changed since the event was planned). A
batch's residents' sealed contacts are read in one statement (``contacts_for``) before its rows are
addressed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .bootstrap import Runtime
from .channels import Channel
from .contacts import WAITING_FOR_RECEIPT, ContactBook, contact_rows
from .domain.recipients import Recipient, unit_contact
from .domain.step_updates import STEP_UPDATES_REF


@dataclass(frozen=True)
class Target:
    address: str
    secret: str | None = None
    urgent: bool = False  # the case was received as urgent


@dataclass(frozen=True)
class Hold:
    """Not now: ``until`` a moment (deferred, attempts unchanged); ``skip`` (nobody to reach, no event);
    ``fail`` (a permanent failure, reported as notification.failed)."""

    reason: str
    until: datetime | None = None
    skip: bool = False
    fail: bool = False


class Addresses:
    def __init__(self, runtime: Runtime, book: ContactBook):
        self.runtime, self.settings, self.book = runtime, runtime.settings, book

    def contacts_for(self, rows: list) -> dict:
        """The sealed contacts (``case_contacts`` rows) the batch's resident deliveries need, by case id."""
        wanted = {row.contact_case_id for row in rows if row.recipient_kind == "resident"}
        if not wanted:
            return {}
        with self.runtime.db.engine.connect() as connection:
            return contact_rows(connection, wanted)

    def target(self, row, now: datetime, contacts: dict) -> Target | Hold:
        """``contacts``: ``contacts_for`` of the row's batch."""
        channel = self.runtime.channels.get(row.channel)
        if channel is None:
            return Hold(f"notify has no {row.channel} channel", fail=True)
        if row.recipient_kind == "resident":
            return self._resident_target(row, channel, now, contacts.get(row.contact_case_id))
        return self._staff_target(row, channel)

    def _staff_target(self, row, channel: Channel) -> Target | Hold:
        district = self.runtime.districts.get(row.district)
        if district is None:
            return Hold(f"district {row.district} is no longer configured", fail=True)
        if row.recipient_kind == "unit":
            recipient = Recipient("unit", row.recipient_ref, unit_contact(district, row.recipient_ref))
        else:
            person = next((p for p in district.people if p.id == row.recipient_ref), None)
            if person is None:
                return Hold(f"person {row.recipient_ref} is no longer configured", fail=True)
            recipient = Recipient(row.recipient_kind, person.id, person.contact)
        address = recipient.address(channel.addressing)
        if address is None:
            return Hold(f"no {row.channel} address configured for {row.recipient_ref}", fail=True)
        return Target(address, channel.address_secret(district.notifications, row.recipient_ref))

    def _resident_target(self, row, channel: Channel, now: datetime, case) -> Target | Hold:
        if case is None:
            if now - aware(row.created_at, now) < timedelta(seconds=self.settings.CONTACT_WAIT_SECONDS):
                wait = min(60.0, self.settings.DELIVERY_BACKOFF_SECONDS)
                return Hold(WAITING_FOR_RECEIPT, until=now + timedelta(seconds=wait))
            return Hold("no receipt (case.received) for this case: contact unknown", fail=True)
        if case.anonymous:
            return Hold("anonymous or no contact: no personal messages", skip=True)
        if row.recipient_ref == STEP_UPDATES_REF and not case.step_updates:
            return Hold("the resident has not asked for step updates (or turned them off)", skip=True)
        contact = self.book.open(case.contact_sealed)
        if contact is None:
            return Hold("the sealed contact cannot be opened (check CONTACT_PRIVATE_KEY)", fail=True)
        field = channel.addressing.resident_field
        address = getattr(contact, field) if field else None
        if not address:
            return Hold(f"reporter has no {row.channel} address", skip=True)
        return Target(address, urgent=case.urgent)


def aware(value: datetime, like: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=like.tzinfo)
