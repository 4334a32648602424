"""GET /workbench/oversight (supervisors: overdue and supervised cases, grids nobody visited) and
/workbench/cases/<id>; the queues are in queue.py."""

from __future__ import annotations

from types import SimpleNamespace

from flask import g, render_template, request

from minqing_contracts.events.intake import CONSENT_LABELS
from minqing_kit.errors import ApiError
from minqing_kit.svgmap import fit

from .. import history_dispatch, history_report, lookup, queries, worklist
from ..current import runtime
from ..domain import access, agreements
from . import case_photos, grid_community, replies, trail
from .common import ACTION_NAMES, DONE_NAMES, PART_STATES, blueprint, common_context, rows, signed_in


@blueprint.get("/oversight")
@signed_in
def oversight():
    """督办: open cases overdue now at the supervisor's level and below, and open cases already supervised
    (a supervised case leaves this view once it is resolved); the first page of each, with the total and a
    link to the whole queue. The overdue list and the dispatch model read the replica (deadlines and
    other people's work); the supervised list shows the supervisor's own 督办, so it reads the primary."""
    overdue = worklist.page(runtime(), g.principal, worklist.Filters(overdue=True, below=True), stale_ok=True)
    supervised = worklist.page(runtime(), g.principal, worklist.Filters(supervised=True, below=True))
    unvisited, unvisited_days = grid_community.unvisited_grids_in_scope()
    return render_template(
        "routing_pages/oversight.html",
        unvisited=unvisited,
        unvisited_days=unvisited_days,
        overdue=rows(overdue["cases"]),
        overdue_total=overdue["total"],
        supervised=rows(supervised["cases"]),
        supervised_total=supervised["total"],
        dispatch_model=history_report.report(runtime(), g.principal.district),
        **common_context(),
    )


def grid_map(district, grid_code: str | None) -> dict | None:
    """The grid's polygon (and its community's other grids, for context) as inline SVG points."""
    for street in district.config.streets:
        for community in street.communities:
            grids = [gr for gr in community.grids if gr.polygon]
            if any(gr.code == grid_code for gr in grids):
                rings, height = fit([gr.polygon for gr in grids])
                return {
                    "community": community.name,
                    "height": height,
                    "shapes": [
                        {"code": gr.code, "name": gr.name, "points": pts, "mine": gr.code == grid_code}
                        for gr, pts in zip(grids, rings, strict=True)
                    ],
                }
    return None


@blueprint.get("/cases/<case_id>")
@signed_in
def case_page(
    case_id: str, error: dict | None = None, status: int = 200, typed: dict | None = None, failed: str | None = None
):
    """``case_id`` is the case's id or its ticket number. After a refused action, ``typed`` holds what
    the handler had entered and ``failed`` the action, whose form is shown open with it."""
    case_id = lookup.case_id(runtime(), g.principal.district, case_id)
    case = rows([queries.detail(runtime(), g.principal, case_id)])[0]
    district, common = runtime().districts[g.principal.district], common_context()
    case["history"] = [trail.describe(step, district.org.units, common["tz"]) for step in case["history"]]
    units = sorted(
        (u for u in district.org.units.values() if u.level in ("department", "street", "community")),
        key=lambda u: (u.level, u.id),
    )
    return render_template(
        "routing_pages/case.html",
        case=case,
        map=grid_map(runtime().districts.get(case.get("district"), district), case["grid_code"]),
        actions=ACTION_NAMES,
        part_states=PART_STATES,
        consent_names=CONSENT_LABELS,
        units=units,
        partner_units=agreements.partner_units(district.work, case["grid_code"]),  # 跨区联办: a part may go there
        held_elsewhere=_held_elsewhere(case),
        error=error,
        may=_may(case),
        done=request.args.get("done"),
        done_names=DONE_NAMES,
        typed=typed or {},
        failed=failed,
        duplicate_of=_suggested_original(case),
        suggestion=_model_suggestion(district, case["case_id"]),
        photos=case_photos.photos_of(case),
        **reply_choice(district.config, case, typed),
        **common,
    ), status


def _held_elsewhere(case: dict) -> dict[str, set[tuple[str, str]]]:
    """For each part, the (district, unit) of the case's other parts but dropped ones: the units its 改派给
    list leaves out, as reassigning it to one is refused (409 ``unit_holds_part``, ``domain.joint.decide``)."""
    parts = case.get("parts") or []
    return {
        p["part_id"]: {
            (q["district"], q["unit_id"]) for q in parts if q["part_id"] != p["part_id"] and q["status"] != "dropped"
        }
        for p in parts
    }


def _suggested_original(case: dict) -> str | None:
    """The ticket of the case intake flagged this one a likely duplicate of (疑似重复), while both may merge."""
    if not case["duplicate_of"] or case["merged_into"] or case["state"] not in queries.OPEN:
        return None
    return lookup.tickets(runtime(), g.principal.district, [case["duplicate_of"]]).get(case["duplicate_of"])


def _model_suggestion(district, case_id: str) -> dict | None:
    """The history model's suggestion recorded at the case's reception, with the units' names."""
    found = history_dispatch.suggestion_for(runtime(), case_id)
    if found is None:
        return None
    name = {u.id: u.name for u in district.org.units.values()}.get
    return {**found, "unit_name": name(found["unit_id"]), "rules_unit_name": name(found["rules_unit_id"])}


def reply_choice(config, case: dict, typed: dict | None) -> dict:
    """The unit's templates for the case's category, and the reply box's text: what was typed, else the
    template chosen with ``?template=``."""
    picked = replies.chosen(config, g.principal.unit_id, request.args.get("template"), case["category"])
    reply = (typed or {}).get("reply") or (picked.text if picked else "")
    return {
        "reply_templates": replies.offered(config, g.principal.unit_id, case["category"]),
        "reply": reply,
        "picked": picked,
    }


def _may(case: dict) -> dict:
    """What the signed-in person may do to the case, by the same rules the actions check, so that the
    page offers only forms that can succeed (a co-handler sees its part's forms, not 办结 or 上报)."""
    org, who = runtime().districts[g.principal.district].org, g.principal
    if case.get("partner_view"):  # a partner district's co-handler (跨区联办): its part's forms alone
        return {"handle": False, "coordinate": False, "progress": True, "owner": False}
    # the fields handles, coordinates and owner_of read
    where = SimpleNamespace(district=who.district, unit_id=case["unit_id"], owner_id=case["owner_id"])
    handle = access.handles(org, who, where)
    return {
        "handle": handle,
        "coordinate": access.coordinates(org, who, where),
        "progress": handle or any(p["unit_id"] == who.desk for p in case["parts"]),
        "owner": access.owner_of(who, where),  # 包案: the leader may tighten the deadline
    }


def readable(case_id: str) -> bool:
    """Whether the signed-in handler may still open the case (a return or an escalation moves it away)."""
    try:
        queries.detail(runtime(), g.principal, case_id)
    except ApiError as error:
        if error.status == 404:
            return False
        raise
    return True
