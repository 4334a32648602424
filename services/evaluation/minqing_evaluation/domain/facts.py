"""A case's facts and what they contribute to the counters. Plain Python, no framework.

Every event about a case is kept as a fact. The counters a case contributes to are *derived from
the whole set of its facts* every time a fact arrives, never by applying transitions one by one;
so the same facts give the same counters whatever order they came in, and a duplicate (same event
id) is the same fact. The read model stores each case's contributions and applies only the
difference between the old and the new ones to the shared counters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from minqing_contracts.events import evaluation, intake, routing

# A fact keeps its event's versioned type; these are the types the counters and the ledger read.
RECEIVED, RECLASSIFIED = intake.CaseReceived.EVENT_TYPE, intake.CaseReclassified.EVENT_TYPE
DISPATCHED, ACCEPTED = routing.CaseDispatched.EVENT_TYPE, routing.CaseAccepted.EVENT_TYPE
RETURNED, ESCALATED = routing.CaseReturned.EVENT_TYPE, routing.CaseEscalated.EVENT_TYPE
SUPERVISED, RESOLVED = routing.CaseSupervised.EVENT_TYPE, routing.CaseResolved.EVENT_TYPE
REOPENED, MERGED = routing.CaseReopened.EVENT_TYPE, routing.CaseMerged.EVENT_TYPE
CLUSTER_ANSWERED, SPLIT = routing.CaseAnsweredInCluster.EVENT_TYPE, routing.CaseSplit.EVENT_TYPE
RATED, CLOSED = evaluation.CaseRated.EVENT_TYPE, evaluation.CaseClosed.EVENT_TYPE
UNANSWERED = evaluation.EvaluationUnanswered.EVENT_TYPE
OWNED = routing.CaseOwnerAssigned.EVENT_TYPE  # 包案: a leader took the case
OWNED_SUBJECT = "owned:all"  # the 包案 cases' own counters, beside every unit's (reports count them apart)
REPEAT = "repeat_request"  # a later request duplicates this case (from a received or merged event)
GOOD_RATINGS = ("satisfied", "basically_satisfied")

# (local day, subject, metric); a subject is a unit id or "category:<code>", "channel:…", "type:…" etc.
Key = tuple[date, str, str]


@dataclass(frozen=True)
class Fact:
    event_id: str
    event_type: str
    occurred_at: datetime
    data: dict[str, Any] = field(default_factory=dict)


def on_partner_stream(district: str, payload: dict[str, Any]) -> bool:
    """A joint case's event as routing sends it to a partner district (跨区联办: ``districts`` names the
    case's district first, the envelope the partner's). It is not a fact of the case: the counters count a
    case's units in the case's district, and a partner's part is no case of the partner's, with no dispatch
    there to be a denominator (nor is any part's completion or timeliness counted, the case district's
    parts' neither), so the partner's 督办 of its part counts in neither district's figures."""
    districts = payload.get("districts") or []
    return bool(districts) and district != districts[0]


def ordered(facts: Iterable[Fact]) -> list[Fact]:
    return sorted(facts, key=lambda f: (f.occurred_at, f.event_id))


def contributions(facts: Iterable[Fact], tz: ZoneInfo, cluster_once: bool = False) -> Counter[Key]:
    """The counters this case adds to, with their amounts. A case answered with its duplicate cluster
    (merged into another) was not handled on its own: it counts no resolution; its resident's rating and
    follow-up count for the unit unless the district counts a cluster once (``cluster_once``), when only
    the cluster's own case counts."""
    facts = ordered(facts)
    counts: Counter[Key] = Counter()
    _per_unit(facts, tz, counts)
    once = cluster_once and any(f.event_type == CLUSTER_ANSWERED for f in facts)
    for fact in facts:
        if once and fact.event_type in (RATED, UNANSWERED):
            continue
        # every event counted per unit below carries its unit_id (routing's and evaluation's payloads)
        day, unit = fact.occurred_at.astimezone(tz).date(), cast(str, fact.data.get("unit_id"))
        if fact.event_type == RECEIVED:
            for subject in (f"category:{_category(facts)}", f"channel:{fact.data.get('channel')}"):
                counts[(day, subject, "received")] += 1
            if fact.data.get("request_type"):  # 诉求类型 (咨询 …); none from producers that do not ask
                counts[(day, f"type:{fact.data['request_type']}", "received")] += 1
        elif fact.event_type == RESOLVED:
            counts[(day, unit, "resolved")] += 1
            counts[(day, unit, "resolved_on_time")] += bool(fact.data.get("on_time"))
        elif fact.event_type == REOPENED:
            counts[(day, unit, "reopened")] += 1
        elif fact.event_type == SUPERVISED:
            counts[(day, unit, "supervised")] += 1
        elif fact.event_type == RATED:
            _rating(counts, day, unit, fact.data)
        elif fact.event_type == UNANSWERED:
            counts[(day, unit, "followups")] += 1
            counts[(day, unit, "unanswered")] += 1
    _owned(facts, counts, tz)
    return +counts  # drop zeros


def _owned(facts: list[Fact], counts: Counter[Key], tz: ZoneInfo) -> None:
    """A 包案 case counts a second time under ``OWNED_SUBJECT``: ``received`` once, the day a leader first
    took it (units never count ``received``), and every unit metric it counts, so the 包案 cases' rates
    stand beside the district's."""
    taken = next((f for f in facts if f.event_type == OWNED), None)
    if taken is None:
        return
    counts[(taken.occurred_at.astimezone(tz).date(), OWNED_SUBJECT, "received")] += 1
    for (day, subject, metric), n in list(counts.items()):
        if ":" not in subject:  # a unit's metric (prefixed subjects are categories, channels, levels)
            counts[(day, OWNED_SUBJECT, metric)] += n


def _per_unit(facts: list[Fact], tz: ZoneInfo, counts: Counter[Key]) -> None:
    """Once per (case, unit) it was sent to: dispatched, accepted in time, returned, repeat request."""
    first_sent: dict[str, Fact] = {}
    for fact in facts:
        if fact.event_type in (DISPATCHED, ESCALATED):
            first_sent.setdefault(fact.data["unit_id"], fact)
    on_time = {f.data["unit_id"] for f in facts if f.event_type == ACCEPTED and f.data.get("within_response_deadline")}
    returned = {f.data["unit_id"] for f in facts if f.event_type == RETURNED}
    repeated = any(f.event_type == REPEAT for f in facts)
    for unit, fact in first_sent.items():
        day = fact.occurred_at.astimezone(tz).date()
        counts[(day, unit, "dispatched")] += 1
        counts[(day, f"level:{fact.data.get('level')}", "dispatched")] += 1
        counts[(day, unit, "responded_on_time")] += unit in on_time
        counts[(day, unit, "returned")] += unit in returned
        counts[(day, unit, "repeat_requested")] += repeated


def _rating(counts: Counter[Key], day: date, unit: str, data: dict[str, Any]) -> None:
    counts[(day, unit, "followups")] += 1
    counts[(day, unit, "rated")] += 1
    counts[(day, unit, "solved")] += bool(data.get("solved"))
    if not data.get("unclear"):  # 说不清 is rated but none of the three: rated - the three = 说不清
        counts[(day, unit, data["satisfaction"])] += 1
    counts[(day, unit, "satisfied_or_basic")] += data["satisfaction"] in GOOD_RATINGS


def _category(facts: list[Fact]) -> str:
    category = "other"
    for fact in facts:
        if fact.event_type == RECEIVED:
            category = fact.data.get("classification", {}).get("category") or category
    for fact in facts:
        if fact.event_type == RECLASSIFIED:
            category = fact.data.get("category") or category
    return category


def case_view(facts: Iterable[Fact]) -> dict[str, Any]:
    """What the ledger shows about a case, derived from its facts (latest by occurrence wins)."""
    facts = ordered(facts)
    view: dict[str, Any] = {}
    for fact in facts:
        data = fact.data
        if fact.event_type == RECEIVED:
            view.update(
                ticket=data.get("ticket"),
                channel=data.get("channel"),
                received_at=fact.occurred_at,
                grid_code=(data.get("location") or {}).get("grid_code"),
                public=data.get("public"),  # 公开 / 不公开; None from producers that do not ask
            )
        if fact.event_type in (
            DISPATCHED,
            ESCALATED,
            ACCEPTED,
            REOPENED,
            RESOLVED,
            CLUSTER_ANSWERED,
            SPLIT,
        ) and data.get("unit_id"):
            view.update(unit_id=data["unit_id"], unit_name=data.get("unit_name"), level=data.get("level"))
        if fact.event_type in (RESOLVED, CLUSTER_ANSWERED):
            view.update(reply=data.get("reply"), outcome=data.get("outcome"))
            view["supervised_at"] = None  # answered since its latest supervision notice
        if fact.event_type == SUPERVISED:
            view["supervised_at"] = fact.occurred_at  # under supervision (督办), not answered since
        if fact.event_type in (RATED, CLOSED) and data.get("satisfaction"):
            view["satisfaction"] = "unclear" if data.get("unclear") else data["satisfaction"]
        if data.get("ticket") and "ticket" not in view:
            view["ticket"] = data["ticket"]
    if any(f.event_type in (RECEIVED, RECLASSIFIED) for f in facts):
        view["category"] = _category(facts)
    return view
