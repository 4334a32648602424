"""What a template may show: the case's PUBLIC data only.

Only the fields listed here leave the payload: never the request text (it may name people), the
location, the sealed contact or who filed it. Times are shown in the district's local time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

PUBLIC_FIELDS: tuple[str, ...] = (
    "ticket",
    "unit_name",
    "level",
    "category",
    "urgent",
    "outcome",
    "reply",
    "on_time",
    "reopen_count",
    "reason",
    "deadline_kind",
    "deadline",
    "response_deadline",
    "resolution_deadline",
    "notice",
    "into_ticket",
    "cluster_ticket",  # duplicate clusters: the case a merged one was answered with, or split from
    "from_ticket",
    "grid_name",  # early warning (未诉先办): where, what, how many against the history, which tickets
    "category_name",
    "day",
    "count",
    "baseline",
    "tickets",
    "as_of",  # a warning raised while its day runs: the count is the day's up to then
    "project_name",
    "ratings",
    "dissatisfied_ratio",
    "rectify_by",
    "expires_at",
    "return_count",
    "escalated",
    "automatic",
    "started_by",
    "tracking_secret",
    "subject_kind",
    "subject_name",
    "year",
    "theme_title",  # themes (每月一题)
    "description",
    "due_at",
    "progress",
    "lead_unit_name",
    "tasks_done",
    "tasks_total",
    "week_start",  # the weekly bulletin (每周一通报): a unit's own figures and rank
    "week_end",
    "rank",
    "peers",
    "dispatched",
    "rated",
    "response_rate",
    "resolution_rate",
    "satisfaction_rate",
    "person_name",  # grid work (走访): staff names and figures, never a household
    "duty",
    "had",
    "needed",
    "period",
    "month",
    "communities",
    "households_visited",
    "opinions",
    "resolved_on_the_spot",
    "cases_filed",
    "cases_resolved",
)
PUBLIC_FIELDS += (  # the annual review (双述双评): told to the person reviewed and their supervisors only
    "grade",
    "post",
    "procedures",
    "superior_dissatisfied_ratio",
    "residents_dissatisfied_ratio",
)
PUBLIC_FIELDS += (  # meetings: what staff wrote about the meeting, never an invitee's name
    "title",
    "kind",
    "starts_at",
    "place",
    "held_at",
    "invited",
    "attended",
    "notice_override",
    "corrections",
    "text",
    "adopted",
    "description",
    "due_at",
    "step_number",  # the six-step deliberation
    "summary",
    "votes_for",
    "votes_against",
    "votes_abstaining",
)
PUBLIC_FIELDS += ("question", "reached")  # call-backs (热线回拨): the staff's question and outcome, to staff
PUBLIC_FIELDS += (  # duties that follow people (包案): a leader's name, as staff names are shown elsewhere
    "owner_name",
    "previous_deadline",
)
LEVELS_ZH = {
    "grid": "网格",
    "community": "社区",
    "street": "街道",
    "district": "区",
    "department": "职能部门",
    "triage": "分拨中心",
}


def local_time(value: datetime | None, tz: str) -> str | None:
    return value.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M") if value else None


def public_context(
    payload: object,
    *,
    district_name: str,
    tz: str,
    links: dict[str, str],
    recipient_extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The template variables for one event and one recipient."""
    context: dict[str, Any] = {"district_name": district_name, **links}
    for name, value in _public_values(payload):
        context[name] = local_time(value, tz) if isinstance(value, datetime) else value
    from_unit = getattr(payload, "from_unit", None)
    context["from_unit_name"] = from_unit.unit_name if from_unit is not None else None
    context["level_zh"] = LEVELS_ZH.get(context.get("level") or "", "")
    for name, value in (recipient_extra or {}).items():
        context[name] = local_time(value, tz) if isinstance(value, datetime) else value
    return context


def _public_values(payload: object) -> list[tuple[str, Any]]:
    """Each public field's value, None where the payload has none. A contract payload (a pydantic model)
    keeps its fields in its ``__dict__``: the hundred names it lacks are not looked up one by one through
    pydantic's ``__getattr__``, which raises and catches for each (a third of the consumer's CPU once)."""
    if isinstance(getattr(type(payload), "model_fields", None), dict):
        present = vars(payload)
        return [(name, present.get(name)) for name in PUBLIC_FIELDS]
    return [(name, getattr(payload, name, None)) for name in PUBLIC_FIELDS]
