"""Duplicate clusters: a case and the duplicates merged into it are handled once, but every resident in
the cluster keeps their rights. When the cluster's case is resolved, each merged case is answered with
it (``case.cluster_answered.v1``: its reporter is told the outcome and asked to rate it); a merged case
that is not the same problem after all is split out to the unit that has the cluster's case. A resident
who, before filing, says an open case is their problem too (我也遇到了, me too) joins its cluster at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from minqing_contracts.events import routing as ev
from minqing_contracts.events.base import Actor

from . import aftercare
from .case import Case, Effects, Refused
from .casework import Casework


def answer_merged(case: Case, effects: Effects, merged: Callable[[], list[Case]]) -> list[tuple[Case, Effects]]:
    """For each case merged into ``case`` (``merged`` loads them): its answer, if ``effects`` resolved ``case``."""
    resolved = next((e for e in effects.events if isinstance(e, ev.CaseResolved)), None)
    if resolved is None:
        return []
    answered = []
    for duplicate in merged():
        own = Effects()
        own.events.append(
            ev.CaseAnsweredInCluster(
                ticket=duplicate.ticket,
                cluster_case_id=case.id,
                cluster_ticket=case.ticket,
                unit_id=resolved.unit_id,
                unit_name=resolved.unit_name,
                level=resolved.level,
                outcome=resolved.outcome,
                reply=resolved.reply,
                actor=resolved.actor,
            )
        )
        own.step(duplicate, "cluster_answered", resolved.actor, duplicate.state, f"answered with {case.ticket}")
        answered.append((duplicate, own))
    return answered


RESIDENT_CONFIRMED = "the resident confirmed it is the same problem"  # 居民确认为同一问题


def join(case: Case, into: Case, actor: Actor) -> Effects:
    """我也遇到了: a new ``case`` whose resident chose ``into`` before filing is merged into it as a handler's
    merge would be (its reporter is answered with the cluster and rates it). Closed meanwhile or in another
    district: ``case`` is handled on its own, and its trail says why it was not merged."""
    try:
        if into.district != case.district:
            raise Refused("other_district", "the chosen case is in another district", "所选诉求不属于本区")
        return aftercare.merge(case, into, actor, RESIDENT_CONFIRMED)
    except Refused as refused:
        effects = Effects()
        effects.step(case, "join_refused", actor, case.state, f"not merged into {into.ticket}: {refused.message}")
        return effects


def merge_in(case: Case, duplicate: Case, actor: Actor) -> Effects:
    """Merge ``duplicate`` into ``case`` from ``case``'s page: ``aftercare.merge`` seen from ``case``."""
    merged = aftercare.merge(duplicate, case, actor)
    _, noted = merged.other_cases.pop()
    noted.other_cases.append((duplicate, merged))
    return noted


def split(work: Casework, case: Case, duplicate: Case, actor: Actor, now: datetime) -> Effects:
    """Take ``duplicate`` out of ``case``'s cluster: it goes to the unit that has ``case`` (accepted
    there, with its own deadlines) and is handled on its own. The effects are ``case``'s (a trail
    step), with the duplicate's own (its event, step and timers) as another case touched."""
    case.require_open()
    if duplicate.state != "merged" or duplicate.merged_into != case.id:
        raise Refused("not_in_cluster", "that case is not merged into this one", "该诉求未合并到本诉求", 422)
    own = Effects()
    duplicate.merged_into = None
    work._assign(duplicate, work.org.unit(case.unit_id), now, own, state="accepted")
    own.events.append(
        ev.CaseSplit(
            ticket=duplicate.ticket,
            from_case_id=case.id,
            from_ticket=case.ticket,
            **work.unit_fields(case.unit_id),
            actor=actor,
        )
    )
    own.step(duplicate, "split", actor, "merged", f"split from {case.ticket}")
    effects = Effects()
    effects.step(case, "split_out", actor, case.state, f"{duplicate.ticket} split from this case")
    effects.other_cases.append((duplicate, own))
    return effects
