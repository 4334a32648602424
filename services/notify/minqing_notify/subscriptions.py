"""What notify listens to, in one place: every event some rule (default or a district's) names.

Rules name event types as the district files do; each is looked up in the contracts once, here, so a
rule for a type the contracts lack stops the consumer at start, naming it."""

from __future__ import annotations

from minqing_contracts.events import PAYLOADS, Payload
from minqing_contracts.events.evaluation import ProjectRatingInvited
from minqing_contracts.events.intake import CaseReceived, ProxyWithdrawn, SignInCodeRequested, StepUpdatesChanged
from minqing_contracts.events.routing import CaseOwnerAssigned
from minqing_kit.consumer import Handlers
from minqing_kit.handling import BatchHandler

from . import followers, rounds, step_updates
from .bootstrap import Runtime
from .contacts import ContactBook, record_contact, record_household_contact, record_sign_in_contact
from .domain.recipients import household_contact_key, sign_in_contact_key
from .domain.rules import subscribed_events
from .rounds import Steps


def payload_class(event_type: str) -> type[Payload]:
    if event_type not in PAYLOADS:
        raise ValueError(f"a notification rule names {event_type!r}, which is not an event type of minqing_contracts")
    return PAYLOADS[event_type]


def subscriptions(runtime: Runtime) -> Handlers:
    """Every event type notify consumes, all handled by one batch handler (``rounds``): a batch's
    events are planned together, one statement per table per round."""
    book = ContactBook(runtime.settings.CONTACT_PRIVATE_KEY.get_secret_value())

    def receive(session, envelope, payload) -> dict | None:
        """The receipt (挂牌): keep the reporter's sealed contact and whom the case follows; the tracking
        secret is for the reporter's own message only."""
        if envelope.case_id:
            record_contact(session, book, envelope, payload, runtime.clock())
            followers.record(session, envelope.case_id, followers.received(payload))
        opened = book.open(None if payload.anonymous else payload.contact_sealed)
        return {"tracking_secret": opened.tracking_secret} if opened else None

    def invite(session, envelope, payload) -> None:
        """A project's household (一事一评): keep its sealed contact, to send its rating link."""
        key = household_contact_key(payload.invitation_id)
        record_household_contact(session, book, key, envelope, payload, runtime.clock())

    def sign_in(session, envelope, payload) -> dict | None:
        """我的诉求: keep the sealed phone for this request, to send the code only it may read."""
        key = sign_in_contact_key(payload.request_id)
        record_sign_in_contact(session, book, key, envelope, payload, runtime.clock())
        opened = book.open(payload.contact_sealed)
        return {"sign_in_code": opened.sign_in_code} if opened and opened.sign_in_code else None

    def owner_assigned(session, envelope, payload) -> None:
        """包案: the leader follows the case from now on."""
        if envelope.case_id:
            followers.record(session, envelope.case_id, {"owner": payload.owner_person_id})

    def proxy_withdrawn(session, envelope, payload) -> None:
        """The resident took the case back: the proxy, told once, follows it no more."""
        if envelope.case_id:
            followers.withdraw_proxy(session, envelope.case_id, payload.proxy_person_id)

    def step_updates_changed(session, envelope, payload) -> None:
        """The resident turned step SMS on or off (开启 / 退订): nothing to tell anyone."""
        if envelope.case_id:
            step_updates.record_choice(session, envelope, payload)

    named = subscribed_events([district.notifications for district in runtime.districts.values()])
    steps: dict[type, Steps] = {payload_class(event_type): Steps() for event_type in named}
    steps[CaseReceived] = Steps(record=receive)
    steps[ProjectRatingInvited] = Steps(record=invite)
    steps[SignInCodeRequested] = Steps(record=sign_in)
    steps[CaseOwnerAssigned] = Steps(record=owner_assigned)
    steps[ProxyWithdrawn] = Steps(after=proxy_withdrawn)
    steps[StepUpdatesChanged] = Steps(record=step_updates_changed)
    handler = BatchHandler(lambda session, items: rounds.handle(runtime, steps, session, items))
    return {payload: handler for payload in steps}
