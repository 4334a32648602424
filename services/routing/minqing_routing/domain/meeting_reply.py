"""A case answered by a meeting: a coordination meeting's (协调会) adopted decision on a case is its reply.
The case is resolved with the meeting and its decision as the reply, as a handler's answer would be, so
the resident sees it when tracking and rates it as usual; a joint case's parts are done with it (the
meeting brought the units together). A case already resolved or closed is left as it is."""

from __future__ import annotations

from datetime import datetime

from minqing_contracts.events.base import Actor

from .case import Case, Effects, Part
from .casework import Casework


def reply_text(title: str, held_day: str, decision: str) -> str:
    return f"经{held_day}召开的协调会“{title}”议定：{decision}"


def resolve_by_meeting(
    work: Casework, case: Case, parts: list[Part], meeting_id: str, reply: str, now: datetime
) -> Effects:
    if not case.is_open or case.state == "resolved":
        return Effects()
    actor = Actor(kind="system", id=meeting_id, name="协调会", role="meeting")  # the trail names the meeting
    effects = work.resolve(case, actor, "reply", reply, now)
    for part in parts:
        if part.status in ("open", "accepted"):
            part.status = "completed"
            effects.changed_parts.append(part)
    return effects
