"""GET /workbench (待办: the person's open work) and /workbench/done (已办结): filters, search and pages.

Every filter is a query-string field of a plain GET form, so the page works without JavaScript and a
filtered page can be bookmarked; anything unknown in a field is ignored rather than refused. The next
and previous pages' links carry the row they continue from (``after``/``before``: its order key and
case id, ``worklist.Cursor``) besides the page's number, which alone (a bookmark) is skipped to."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlencode

from flask import g, render_template, request

from minqing_contracts.request_types import REQUEST_TYPE_LABELS

from .. import worklist
from ..current import runtime
from ..domain import access
from . import replies
from .common import DONE_NAMES, blueprint, common_context, rows, signed_in

TICKET = re.compile(r"[A-Z]{1,8}-\d{8}-\d{6}")
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,6}")
CASE_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
CURSOR_FIELDS = ("after", "before")
FLAGS = ("overdue", "supervised", "joint")
STATES = {"open": ("dispatched", "accepted"), "done": ("resolved", "merged")}


def _choice(name: str, allowed) -> str | None:
    value = request.args.get(name) or None
    return value if value in allowed else None


def grids_of(district, unit_id: str) -> list[tuple[str, str]]:
    """The grids a person's unit covers (every grid for a unit above the communities or beside them)."""
    every = [
        (community.id, gr.code, f"{community.name} · {gr.name}")
        for street in district.config.streets
        for community in street.communities
        for gr in community.grids
    ]
    covered = [(code, name) for community_id, code, name in every if district.org.within(community_id, unit_id)]
    return covered or [(code, name) for _, code, name in every]


def cursor_from_request() -> worklist.Cursor | None:
    """``after`` (the next page) or ``before`` (the previous): ``<order key, ISO 8601>~<case id>``."""
    for field in CURSOR_FIELDS:
        at, _, case_id = request.args.get(field, "").partition("~")
        try:
            when = datetime.fromisoformat(at)
        except ValueError:
            continue
        if when.tzinfo is not None and CASE_ID.fullmatch(case_id):
            return worklist.Cursor(when, case_id, forward=field == "after")
    return None


def cursor_text(cursor: worklist.Cursor) -> str:
    return f"{cursor.at.isoformat()}~{cursor.case_id}"


def filters_from_request(view: str, district) -> worklist.Filters:
    number = request.args.get("page", "")
    categories = {c.code for c in district.config.categories}
    grids = {
        gr.code for street in district.config.streets for community in street.communities for gr in community.grids
    }
    return worklist.Filters(
        view=view,
        state=_choice("state", STATES[view]),
        category=_choice("category", categories),
        request_type=_choice("type", REQUEST_TYPE_LABELS),
        grid=_choice("grid", grids),
        text=" ".join(request.args.get("q", "").split())[:80],
        below=request.args.get("scope") == "below" and g.principal.has_any(*access.OVERSEERS),
        page=int(number) if PAGE_NUMBER.fullmatch(number) else 1,
        cursor=cursor_from_request(),
        **{flag: request.args.get(flag) == "1" for flag in FLAGS},
    )


def page_links(found: dict) -> dict:
    """Links to the previous and next page, keeping every other field of the query: each continues from
    the first or last row shown (the first page needs none)."""
    kept = [(k, v) for k, v in request.args.items(multi=True) if k not in ("page", *CURSOR_FIELDS) and v]

    def link(number: int, *cursor: tuple[str, str]) -> str:
        return f"{request.path}?{urlencode([*kept, ('page', str(number)), *cursor])}"

    number, following, preceding = found["page"], found["next"], found["previous"]
    previous = None
    if preceding:
        previous = link(number - 1, ("before", cursor_text(preceding))) if number > 2 else link(1)
    return {"previous": previous, "next": link(number + 1, ("after", cursor_text(following))) if following else None}


def _moved() -> dict | None:
    """After an action that took a case out of the unit (退单, 上报): what was done, and where it went.
    Only a ticket-shaped value and a unit of this district are shown; anything else shows nothing."""
    done, ticket = request.args.get("done"), request.args.get("ticket", "")
    if done not in DONE_NAMES or not TICKET.fullmatch(ticket):
        return None
    units = runtime().districts[g.principal.district].org.units
    to = request.args.get("to")
    return {"action": DONE_NAMES[done], "ticket": ticket, "unit_name": units[to].name if to in units else ""}


def _queue(view: str):
    district = runtime().districts[g.principal.district]
    filters = filters_from_request(view, district)
    found = worklist.page(runtime(), g.principal, filters)
    return render_template(
        "routing_pages/inbox.html",
        cases=rows(found["cases"]),
        found=found,
        filters=filters,
        view=view,
        view_states=STATES[view],
        links=page_links(found),
        moved=_moved(),
        categories=district.config.categories,
        request_types=REQUEST_TYPE_LABELS,
        grids=grids_of(district, g.principal.unit_id),
        reply_templates=replies.offered(district.config, g.principal.unit_id),
        category_names={c.code: c.name for c in district.config.categories},
        assign_units=[u for u in district.org.units.values() if u.level in ("street", "department", "community")],
        **common_context(),
    )


@blueprint.get("")
@signed_in
def inbox():
    return _queue("open")


@blueprint.get("/done")
@signed_in
def done():
    return _queue("done")
