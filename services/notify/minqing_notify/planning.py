"""The consumer side: turn one event into the deliveries it calls for, in the inbox's transaction.

Nothing is sent here (a slow gateway must never hold up the event queue): each (event, recipient,
channel) becomes one ``pending`` row, unique on that key; the delivery worker sends it. A ``local``
channel's delivery (the in-app inbox: no gateway) to a staff member is the exception: its message is
written here, the row recorded ``sent`` and, for a reported delivery (``REPORTED_DELIVERIES``), its
``notification.sent.v1`` put in the outbox, all in the consumer's transaction, and only for rows this
event's insert added (a duplicate writes nothing).
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections import defaultdict

from sqlalchemy.orm import Session

from minqing_contracts.events.notify import NotificationSent
from minqing_contracts.org import DistrictConfig
from minqing_kit.statements import dialect_name, insert_ignoring_duplicates

from . import step_updates
from .adapters.tables import deliveries
from .bootstrap import Runtime
from .channels import Channel, Message
from .contacts import reachable_on
from .domain.context import public_context
from .domain.recipients import FOLLOWER_AUDIENCES, Recipient, resolve
from .domain.rules import Rule, rules_for
from .domain.step_updates import STEP_UPDATES_REF
from .known import Known
from .sending import notification_event

log = logging.getLogger(__name__)


def links(runtime: Runtime, payload) -> dict:
    settings = runtime.settings
    track = lambda ticket: settings.public_url(settings.TRACKING_PATH.format(ticket=ticket)) if ticket else None  # noqa: E731
    token = getattr(payload, "link_token", None)
    project_token = getattr(payload, "project_token", None)
    return {
        "project_rating_url": settings.public_url(settings.RATING_PATH.format(token=project_token))
        if project_token
        else None,
        "tracking_url": track(getattr(payload, "ticket", None)),
        "into_tracking_url": track(getattr(payload, "into_ticket", None)),
        "rating_url": settings.public_url(settings.RATING_PATH.format(token=token)) if token else None,
    }


def _resident_can_get(session: Session, known: Known, recipient: Recipient, channel: Channel) -> bool:
    """False when the case is known to be anonymous or lacks this channel; True while unknown."""
    field = channel.addressing.resident_field
    if field is None:
        return False
    row = known.contact(session, recipient.case_id)
    if row is None:
        return True  # case.received not seen yet: the worker waits for it (and checks a step SMS's opt-in)
    if recipient.ref == STEP_UPDATES_REF and not row.step_updates:
        return False  # never a step SMS to a resident who did not ask for them
    return not row.anonymous and reachable_on(row, field)


def _wanted(session: Session, known: Known, recipient: Recipient, channel: Channel) -> bool:
    if recipient.kind == "resident":
        return _resident_can_get(session, known, recipient, channel)
    return recipient.address(channel.addressing) is not None


def _context(runtime: Runtime, district: DistrictConfig, payload, recipient: Recipient) -> dict:
    context = public_context(
        payload,
        district_name=district.name,
        tz=district.timezone,
        links=links(runtime, payload),
        recipient_extra=recipient.extra,
    )
    names = {c.code: c.name for c in district.categories}
    context["category_name"] = names.get(context.get("category") or "")
    return context


def plan_deliveries(runtime: Runtime, session: Session, envelope, payload, resident_extra: dict | None = None) -> int:
    """Record the deliveries one event calls for, on its own; returns how many were new."""
    planned = plan(runtime, session, Known.read(session, [envelope]), envelope, payload, resident_extra)
    return write_deliveries(runtime, session, planned)


def plan(
    runtime: Runtime, session: Session, known: Known, envelope, payload, resident_extra: dict | None = None
) -> list[tuple[dict, str | None]]:
    """The delivery rows one event calls for (each with the address a local channel writes it to now,
    else None), from what ``known`` holds of its case; nothing written. ``resident_extra``: what only the
    reporter may read in their own message (the tracking secret of a receipt)."""
    district = runtime.districts.get(envelope.district)
    if district is None:
        log.warning("event for unknown district %s: nobody to notify", envelope.district)
        return []
    rows: dict[tuple[str, str], tuple[dict, str | None]] = {}  # one message per person and channel: the first rule wins
    rules = rules_for(envelope.type, district.notifications)
    following = any(r.audience in FOLLOWER_AUDIENCES for r in rules)
    case_followers = known.followers_of(envelope.case_id) if following else {}
    for rule in rules:
        for recipient in resolve(rule.audience, district, envelope.case_id, payload, case_followers):
            channels = [
                c
                for c in map(runtime.channels.get, rule.channels)
                if c is not None and _wanted(session, known, recipient, c)
            ]
            if channels:
                context = _context(runtime, district, payload, recipient)
                if recipient.kind == "resident" and resident_extra:
                    context.update(resident_extra)
                rendered = runtime.templates.render(district.code, rule.template, context)
                for channel in channels:
                    rows.setdefault(
                        (recipient.key, channel.name),
                        _row(runtime, envelope, payload, rule, recipient, channel, rendered),
                    )
    step_updates.pace(runtime, session, [row for row, _ in rows.values()], district.timezone)
    return list(rows.values())


def write_deliveries(runtime: Runtime, session: Session, planned: list[tuple[dict, str | None]]) -> int:
    """The planned rows of any number of events in one INSERT (a row already there is left out), then
    the local channels' messages of the new ones; returns how many were new."""
    if not planned:
        return 0
    new = set(session.execute(_insert(dialect_name(session)), [row for row, _ in planned]).scalars())
    _write_local(runtime, session, [(row, address) for row, address in planned if address and row["id"] in new])
    log.info("planned %d deliveries", len(new))
    return len(new)


@functools.cache
def _insert(dialect: str):
    """Built once, its rows bound per call (one multi-row INSERT): compiled once per process, not per event."""
    return insert_ignoring_duplicates(
        dialect, deliveries, index_elements=["source_event_id", "recipient_key", "channel"]
    ).returning(deliveries.c.id)


def _write_local(runtime: Runtime, session: Session, written: list[tuple[dict, str]]) -> None:
    """The local channels' messages of the new rows, and the ``notification.sent.v1`` events of those reported."""
    by_channel: dict[str, list[Message]] = defaultdict(list)
    for row, address in written:
        by_channel[row["channel"]].append(
            Message(
                delivery_id=row["id"],
                district=row["district"],
                channel=row["channel"],
                address=address,
                title=row["title"],
                body=row["body"],
                recipient_ref=row["recipient_ref"],
                case_id=row["case_id"],
                ticket=row["ticket"],
            )
        )
    for name, messages in by_channel.items():
        runtime.channels[name].write(session, messages)
    events = [notification_event(runtime, row, NotificationSent, segments=row["segments"]) for row, _ in written]
    sent = [event for event in events if event is not None]
    if sent:
        runtime.outbox.add(session, *sent)


def _row(
    runtime: Runtime, envelope, payload, rule: Rule, recipient: Recipient, channel: Channel, rendered
) -> tuple[dict, str | None]:
    """The delivery's row, and for a local channel's staff recipient the address it is written to now."""
    now = runtime.clock()
    address = recipient.address(channel.addressing) if channel.local and recipient.kind != "resident" else None
    row = dict(
        id=str(uuid.uuid4()),
        district=envelope.district,
        case_id=envelope.case_id,
        ticket=getattr(payload, "ticket", None),
        source_event_id=envelope.event_id,
        source_event_type=envelope.type,
        correlation_id=envelope.correlation_id,
        recipient_kind=recipient.kind,
        recipient_ref=recipient.ref,
        recipient_key=recipient.key,
        contact_case_id=recipient.case_id,
        channel=channel.name,
        template=rule.template,
        title=rendered.title,
        body=rendered.body,
        segments=channel.segments(rendered.body),
        urgent=bool(getattr(payload, "urgent", False)),
        status="pending",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
        sent_at=None,
        address_masked=None,  # every row of the multi-row insert has the same columns
        note=None,  # a step SMS's pacing (step_updates.pace)
    )
    if address is not None:
        row.update(status="sent", attempts=1, sent_at=now, address_masked=channel.mask(address))
    return row, address
