"""What notify listens to, in one place: every event some rule (default or a district's) names."""
from __future__ import annotations

from minqing_kit.consumer import Handler

from .bootstrap import Runtime
from .contacts import ContactBook, record_contact
from .domain.rules import subscribed_events
from .planning import plan_deliveries


def subscriptions(runtime: Runtime) -> dict[str, Handler]:
    book = ContactBook(runtime.settings.CONTACT_PRIVATE_KEY.get_secret_value())

    def notify(session, envelope, payload) -> None:
        plan_deliveries(runtime, session, envelope, payload)

    def receive(session, envelope, payload) -> None:
        """The receipt (挂牌): keep the reporter's sealed contact, then notify as for any event."""
        if envelope.case_id:
            record_contact(session, book, envelope, payload, runtime.clock())
        opened = book.open(None if payload.anonymous else payload.contact_sealed)
        plan_deliveries(runtime, session, envelope, payload,
                        resident_extra={"tracking_secret": opened.tracking_secret} if opened else None)

    handlers: dict[str, Handler] = {event_type: notify for event_type in
                                    subscribed_events([d.notifications for d in runtime.districts.values()])}
    handlers["case.received.v1"] = receive
    return handlers
