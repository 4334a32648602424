"""GET /workbench (the unit's inbox), /workbench/oversight (supervisors), /workbench/cases/<id>."""
from __future__ import annotations

import re
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from flask import g, render_template, request
from sqlalchemy import select

from minqing_kit.errors import ApiError
from minqing_kit.svgmap import fit

from .. import lookup, queries
from ..adapters.tables import history
from ..current import runtime
from ..domain import access
from . import trail
from .common import ACTION_NAMES, DONE_NAMES, PART_STATES, STATE_NAMES, blueprint, countdown, signed_in

TICKET = re.compile(r"[A-Z]{1,8}-\d{8}-\d{6}")


def _rows(found: list[dict]) -> list[dict]:
    now, district = runtime().now(), runtime().districts[g.principal.district]
    names = {c.code: c.name for c in district.config.categories}
    for case in found:
        deadline = case["response_deadline"] if case["state"] == "dispatched" else case["resolution_deadline"]
        case["countdown"], case["urgency"] = countdown(deadline, now) if case["state"] in queries.OPEN else ("—", "ok")
        case["category_name"] = names.get(case["category"], case["category"])
        case["unit_name"] = district.org.units[case["unit_id"]].name if case["unit_id"] in district.org.units else ""
    return found


def _common() -> dict:
    district = runtime().districts[g.principal.district]
    return {"who": g.principal, "states": STATE_NAMES, "overseer": g.principal.has_any(*access.OVERSEERS),
            "tz": ZoneInfo(district.config.timezone)}


@blueprint.get("")
@signed_in
def inbox():
    state = request.args.get("state") or None
    if state not in (None, "dispatched", "accepted", "resolved", "merged"):
        state = None
    found = queries.inbox(runtime(), g.principal, state, None, None, False, 200)["cases"]
    return render_template("routing_pages/inbox.html", cases=_rows(found), state=state, moved=_moved(), **_common())


def _moved() -> dict | None:
    """After an action that took a case out of the unit (退单, 上报): what was done, and where it went.
    Only a ticket-shaped value and a unit of this district are shown; anything else shows nothing."""
    done, ticket = request.args.get("done"), request.args.get("ticket", "")
    if done not in DONE_NAMES or not TICKET.fullmatch(ticket):
        return None
    units = runtime().districts[g.principal.district].org.units
    to = request.args.get("to")
    return {"action": DONE_NAMES[done], "ticket": ticket, "unit_name": units[to].name if to in units else ""}


@blueprint.get("/oversight")
@signed_in
def oversight():
    """督办: overdue cases at the supervisor's level and below, and those already supervised."""
    overdue = _rows(queries.inbox(runtime(), g.principal, None, True, None, True, 300)["cases"])
    below = queries.inbox(runtime(), g.principal, None, None, None, True, 500)["cases"]
    with runtime().db.engine.connect() as connection:
        supervised_ids = set(connection.execute(select(history.c.case_id).where(
            history.c.action == "supervise", history.c.case_id.in_([c["case_id"] for c in below]))).scalars())
    supervised = _rows([c for c in below if c["case_id"] in supervised_ids])
    return render_template("routing_pages/oversight.html", overdue=overdue, supervised=supervised, **_common())


def grid_map(district, grid_code: str | None) -> dict | None:
    """The grid's polygon (and its community's other grids, for context) as inline SVG points."""
    for street in district.config.streets:
        for community in street.communities:
            grids = [gr for gr in community.grids if gr.polygon]
            if any(gr.code == grid_code for gr in grids):
                rings, height = fit([gr.polygon for gr in grids])
                return {"community": community.name, "height": height,
                        "shapes": [{"code": gr.code, "name": gr.name, "points": pts, "mine": gr.code == grid_code}
                                   for gr, pts in zip(grids, rings, strict=True)]}
    return None


@blueprint.get("/cases/<case_id>")
@signed_in
def case_page(case_id: str, error: dict | None = None, status: int = 200):
    """``case_id`` is the case's id or its ticket number."""
    case_id = lookup.case_id(runtime(), g.principal.district, case_id)
    case = _rows([queries.detail(runtime(), g.principal, case_id)])[0]
    district, common = runtime().districts[g.principal.district], _common()
    case["history"] = [trail.describe(step, district.org.units, common["tz"]) for step in case["history"]]
    units = sorted((u for u in district.org.units.values() if u.level in ("department", "street", "community")),
                   key=lambda u: (u.level, u.id))
    return render_template("routing_pages/case.html", case=case, map=grid_map(district, case["grid_code"]),
                           actions=ACTION_NAMES, part_states=PART_STATES, units=units, error=error, may=_may(case),
                           done=request.args.get("done"), done_names=DONE_NAMES, **common), status


def _may(case: dict) -> dict:
    """What the signed-in person may do to the case, by the same rules the actions check, so that the
    page offers only forms that can succeed (a co-handler sees its part's forms, not 办结 or 上报)."""
    org, who = runtime().districts[g.principal.district].org, g.principal
    where = SimpleNamespace(district=who.district, unit_id=case["unit_id"])  # the two fields handles/coordinates read
    handle = access.handles(org, who, where)
    return {"handle": handle, "coordinate": access.coordinates(org, who, where),
            "progress": handle or any(p["unit_id"] == who.unit_id for p in case["parts"])}


def readable(case_id: str) -> bool:
    """Whether the signed-in handler may still open the case (a return or an escalation moves it away)."""
    try:
        queries.detail(runtime(), g.principal, case_id)
    except ApiError as error:
        if error.status == 404:
            return False
        raise
    return True

