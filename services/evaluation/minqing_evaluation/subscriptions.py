"""What evaluation listens to, in one place: every case event feeds the read model; a resolution
also opens a follow-up (回访); notify's delivery reports say whether the rating link arrived; a grid
visit (走访) feeds the visit rates; a contact card handed out (民情联系卡) the cards counted per grid."""

from __future__ import annotations

from functools import partial

from minqing_contracts.events import intake, notify, routing
from minqing_kit.consumer import Handlers

from . import cards, followups, project_rounds, readmodel, theme_links, visits
from .bootstrap import Runtime

READ_MODEL_EVENTS = (  # kept as facts; evaluation's own events are recorded where they are made
    intake.CaseReceived,
    intake.CaseReclassified,
    routing.CaseDispatched,
    routing.CaseAccepted,
    routing.CaseReturned,
    routing.CaseEscalated,
    routing.CaseSupervised,
    routing.CaseReopened,
    routing.CaseMerged,
    routing.CaseSplit,
)


def _record(runtime: Runtime, session, envelope, payload) -> None:
    readmodel.record(session, runtime, envelope)


def _resolved(runtime: Runtime, session, envelope, payload) -> None:
    readmodel.record(session, runtime, envelope)
    followups.request_on_resolved(session, runtime, envelope, payload)


def _received(runtime: Runtime, session, envelope, payload) -> None:
    readmodel.record(session, runtime, envelope)
    theme_links.link_on_received(session, runtime, envelope, payload)


def _reclassified(runtime: Runtime, session, envelope, payload) -> None:
    readmodel.record(session, runtime, envelope)
    theme_links.link_on_reclassified(session, runtime, envelope, payload)


def _link_delivery(session, envelope, payload) -> None:
    followups.record_link_delivery(session, envelope, payload)


def subscriptions(runtime: Runtime) -> Handlers:
    return {
        **dict.fromkeys(READ_MODEL_EVENTS, partial(_record, runtime)),
        intake.CaseReceived: partial(_received, runtime),  # also attaches it to a matching open theme
        intake.CaseReclassified: partial(_reclassified, runtime),  # and so does a move into a theme's category
        routing.CaseResolved: partial(_resolved, runtime),
        routing.CaseAnsweredInCluster: partial(_resolved, runtime),  # each resident of a cluster rates it
        notify.NotificationSent: _link_delivery,
        notify.NotificationFailed: _link_delivery,
        intake.VisitRecorded: visits.record,
        intake.ProjectHouseholdsListed: partial(project_rounds.on_households_listed, runtime),
        intake.CardsDelivered: cards.record,
    }
