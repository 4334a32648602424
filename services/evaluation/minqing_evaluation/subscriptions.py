"""What evaluation listens to, in one place: every case event feeds the read model; a resolution
also opens a follow-up (回访); notify's delivery reports say whether the rating link arrived."""
from __future__ import annotations

from functools import partial

from minqing_kit.consumer import Handler

from . import followups, readmodel
from .bootstrap import Runtime

READ_MODEL_EVENTS = (
    "case.received.v1", "case.reclassified.v1", "case.dispatched.v1", "case.accepted.v1", "case.returned.v1",
    "case.escalated.v1", "case.supervised.v1", "case.reopened.v1", "case.merged.v1",
)


def _record(runtime: Runtime, session, envelope, payload) -> None:
    readmodel.record(session, runtime, envelope)


def _resolved(runtime: Runtime, session, envelope, payload) -> None:
    readmodel.record(session, runtime, envelope)
    followups.request_on_resolved(session, runtime, envelope, payload)


def _link_delivery(session, envelope, payload) -> None:
    followups.record_link_delivery(session, envelope, payload)


def subscriptions(runtime: Runtime) -> dict[str, Handler]:
    handlers: dict[str, Handler] = {t: partial(_record, runtime) for t in READ_MODEL_EVENTS}
    handlers["case.resolved.v1"] = partial(_resolved, runtime)
    for delivery_event in ("notification.sent.v1", "notification.failed.v1"):
        handlers[delivery_event] = _link_delivery
    return handlers
