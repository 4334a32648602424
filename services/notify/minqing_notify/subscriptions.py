"""What notify listens to, in one place: every event some rule (default or a district's) names.

Rules name event types as the district files do; each is looked up in the contracts once, here, so a
rule for a type the contracts lack stops the consumer at start, naming it."""

from __future__ import annotations

from minqing_contracts.events import PAYLOADS, Payload
from minqing_contracts.events.evaluation import ProjectRatingInvited
from minqing_contracts.events.intake import CaseReceived, ProxyWithdrawn, SignInCodeRequested
from minqing_contracts.events.routing import CaseOwnerAssigned
from minqing_kit.consumer import Handler, Handlers

from . import followers
from .bootstrap import Runtime
from .contacts import ContactBook, record_contact, record_household_contact, record_sign_in_contact
from .domain.recipients import household_contact_key, sign_in_contact_key
from .domain.rules import subscribed_events
from .planning import plan_deliveries


def payload_class(event_type: str) -> type[Payload]:
    if event_type not in PAYLOADS:
        raise ValueError(f"a notification rule names {event_type!r}, which is not an event type of minqing_contracts")
    return PAYLOADS[event_type]


def subscriptions(runtime: Runtime) -> Handlers:
    book = ContactBook(runtime.settings.CONTACT_PRIVATE_KEY.get_secret_value())

    def notify(session, envelope, payload) -> None:
        plan_deliveries(runtime, session, envelope, payload)

    def receive(session, envelope, payload) -> None:
        """The receipt (挂牌): keep the reporter's sealed contact, then notify as for any event."""
        if envelope.case_id:
            record_contact(session, book, envelope, payload, runtime.clock())
            followers.record(session, envelope.case_id, followers.received(payload))
        opened = book.open(None if payload.anonymous else payload.contact_sealed)
        plan_deliveries(
            runtime,
            session,
            envelope,
            payload,
            resident_extra={"tracking_secret": opened.tracking_secret} if opened else None,
        )

    def invite(session, envelope, payload) -> None:
        """A project's household (一事一评): keep its sealed contact, then send its rating link."""
        key = household_contact_key(payload.invitation_id)
        record_household_contact(session, book, key, envelope, payload, runtime.clock())
        plan_deliveries(runtime, session, envelope, payload)

    def sign_in(session, envelope, payload) -> None:
        """我的诉求: keep the sealed phone for this request, then send the code only it may read."""
        key = sign_in_contact_key(payload.request_id)
        record_sign_in_contact(session, book, key, envelope, payload, runtime.clock())
        opened = book.open(payload.contact_sealed)
        code = {"sign_in_code": opened.sign_in_code} if opened and opened.sign_in_code else None
        plan_deliveries(runtime, session, envelope, payload, resident_extra=code)

    def owner_assigned(session, envelope, payload) -> None:
        """包案: the leader follows the case from now on, then notify as for any event."""
        if envelope.case_id:
            followers.record(session, envelope.case_id, {"owner": payload.owner_person_id})
        plan_deliveries(runtime, session, envelope, payload)

    def proxy_withdrawn(session, envelope, payload) -> None:
        """The resident took the case back: the proxy is told once, then follows it no more."""
        plan_deliveries(runtime, session, envelope, payload)
        if envelope.case_id:
            followers.withdraw_proxy(session, envelope.case_id, payload.proxy_person_id)

    named = subscribed_events([district.notifications for district in runtime.districts.values()])
    handlers: dict[type[Payload], Handler] = {payload_class(event_type): notify for event_type in named}
    handlers[CaseReceived] = receive
    handlers[ProjectRatingInvited] = invite
    handlers[SignInCodeRequested] = sign_in
    handlers[CaseOwnerAssigned] = owner_assigned
    handlers[ProxyWithdrawn] = proxy_withdrawn
    return handlers
