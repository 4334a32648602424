"""A new case from intake (受理): dispatched to the lowest level that can handle it, or to the unit the
district's rule table names, with joint handling opened at once when the rule names co-handlers."""

from __future__ import annotations

from datetime import datetime

from minqing_contracts.events.base import SYSTEM

from . import joint
from .case import Case, Effects, Received
from .casework import Casework
from .dispatch import Assignment, first_assignment


def receive(
    work: Casework, case: Case, received: Received, now: datetime, by_catalogue: Assignment | None = None
) -> tuple[Assignment, Effects]:
    """The first dispatch of a case just located, by the responsibility catalogue's item when one applies
    (``by_catalogue``), else by the rules; its effects say the case is new (``received``)."""
    assignment = by_catalogue or first_assignment(work.org, case.category, case.place)
    effects = work.dispatch(case, assignment, now)
    if assignment.joint_with:
        task = next((c.name for c in work.org.config.categories if c.code == case.category), case.category)
        effects.extend(
            joint.open_joint(work, case, [(u, task) for u in assignment.joint_with], task, now, "rule", SYSTEM)
        )
    effects.received = received
    return assignment, effects
