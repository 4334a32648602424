"""What evaluation listens to, in one place: every case event feeds the read model; a resolution
also opens a follow-up (回访); notify's delivery reports say whether the rating link arrived; a grid
visit (走访) feeds the visit rates; a contact card handed out (民情联系卡) the cards counted per grid; a
courtyard/building file edit (院落档案) the oversight's audit trail; intake's lists of households are a
project's raters and an annual review's residents' voters."""

from __future__ import annotations

from functools import partial

from minqing_contracts.events import intake, notify, routing
from minqing_kit.consumer import BatchHandler, Handlers

from . import (
    cards,
    courtyard_edits,
    followup_requests,
    followups,
    project_rounds,
    readmodel,
    review_households,
    theme_links,
    visits,
)
from .bootstrap import Runtime

CASE_EVENTS = (  # kept as facts, a batch at a time (and a reclassification alone, below); evaluation's
    intake.CaseReceived,  # own events are recorded where they are made
    routing.CaseDispatched,
    routing.CaseAccepted,
    routing.CaseReturned,
    routing.CaseEscalated,
    routing.CaseSupervised,
    routing.CaseReopened,
    routing.CaseMerged,
    routing.CaseSplit,
    routing.CaseResolved,
    routing.CaseAnsweredInCluster,
    routing.CaseOwnerAssigned,  # 包案: the case also counts apart in the reports
    intake.ProxyWithdrawn,  # 代理 ended: the proxy may no longer answer the follow-up (proxy_answers)
)
RESOLUTIONS = (routing.CaseResolved, routing.CaseAnsweredInCluster)  # each resident of a cluster rates it


def _case_events(runtime: Runtime, session, items) -> None:
    """A batch's case events at once: facts of the read model, then what some of them start, in order.
    What the receipts' theme links and the resolutions' follow-ups need to know is read with the read
    model's reads (one round trip on PostgreSQL)."""
    received = [(envelope, payload) for envelope, payload in items if isinstance(payload, intake.CaseReceived)]
    resolutions = [(envelope, payload) for envelope, payload in items if isinstance(payload, RESOLUTIONS)]
    themes = (
        [(theme_links.open_themes_query({envelope.district for envelope, _ in received}), None)] if received else []
    )
    asked = followup_requests.reads(session, resolutions) if resolutions else []
    answers = readmodel.record_all(session, runtime, [envelope for envelope, _ in items], [*themes, *asked])
    if received:
        theme_links.link_all_received(session, runtime, received, answers[0])  # to matching open themes
    if resolutions:
        followup_requests.open_all(session, runtime, resolutions, answers[len(themes) :])


def _reclassified(runtime: Runtime, session, envelope, payload) -> None:
    """One at a time, where it stands: a move into a theme's category matches the receipt recorded
    before it, as it would alone (a receipt later in the batch carries its own category)."""
    readmodel.record(session, runtime, envelope)
    theme_links.link_on_reclassified(session, runtime, envelope, payload)


def _link_delivery(session, envelope, payload) -> None:
    followups.record_link_delivery(session, envelope, payload)


def subscriptions(runtime: Runtime) -> Handlers:
    case_events = BatchHandler(partial(_case_events, runtime))
    return {
        **dict.fromkeys(CASE_EVENTS, case_events),
        intake.CaseReclassified: partial(_reclassified, runtime),  # a fact too, and may attach it to a theme
        notify.NotificationSent: _link_delivery,
        notify.NotificationFailed: _link_delivery,
        intake.VisitRecorded: visits.record,
        intake.ProjectHouseholdsListed: partial(project_rounds.on_households_listed, runtime),
        intake.ReviewHouseholdsListed: review_households.on_listed,
        intake.CardsDelivered: cards.record,
        intake.CourtyardFileEdited: courtyard_edits.record,
    }
