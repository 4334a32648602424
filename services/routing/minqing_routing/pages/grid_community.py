"""GET /workbench/grid/community?community=: a community's grids for its staff (desktop and phone): the map
(``minqing_kit.svgmap``, shaded by evaluation's coverage), each grid's team from the district
configuration, its households on file and those nobody visited in the last 30 days (from intake, read with
the person's token: intake decides which grids the person sees and audits each household shown), and the
grid's coverage (覆盖率) as evaluation defines and counts it, with its numerator and denominator."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import g, render_template, request

from minqing_kit.svgmap import centre, fit, shade

from .. import grid_work
from ..current import runtime
from ..peers import PeerRefused, PeerUnavailable
from .common import blueprint, common_context, signed_in
from .grid import FLAG_NAMES, district_config, grid_places, to_visit_order, token, unavailable
from .grid_reports import ROLE_NAMES

UNVISITED_DAYS = 30  # as evaluation's default coverage window: a visit 30 or more days ago is outside it


def _coverage(district: str) -> tuple[dict[str, dict], dict | None]:
    """grid code -> evaluation's row for this month, and the definitions; empty when evaluation is silent."""
    try:
        report = grid_work.visit_rates(runtime().settings, token(), district, level="grid", period="month")
    except (PeerUnavailable, PeerRefused):
        return {}, None
    return {r["subject"]: r for r in report.get("rates", [])}, report.get("definitions")


def _map(grids: list[dict]) -> dict:
    shaped = [gr for gr in grids if gr["polygon"]]
    rings, height = fit([gr["polygon"] for gr in shaped])
    shapes = []
    for gr, points in zip(shaped, rings, strict=True):
        value = (gr["coverage"] or {}).get("value")
        fill = shade(1 - value, 1.0) if value is not None else "#e0e0e0"  # darker: less covered
        shapes.append({**gr, "points": points, "fill": fill, "label": centre(points)})
    return {"height": height, "shapes": shapes}


@blueprint.get("/grid/community")
@signed_in
def grid_community():
    config = district_config()
    try:
        found = grid_work.households(runtime().settings, token())
    except PeerUnavailable:
        return unavailable("routing_pages/grid_community.html", communities=[], community=None)
    visible = set(found["grids"])
    communities = [c for s in config.streets for c in s.communities if visible & {gr.code for gr in c.grids}]
    chosen = request.args.get("community") or (g.principal.unit_id if g.principal.unit_id else "")
    community = next((c for c in communities if c.id == chosen), communities[0] if communities else None)
    if community is None:
        return render_template(
            "routing_pages/grid_community.html", communities=[], community=None, down=None, **common_context()
        )
    today = datetime.now(ZoneInfo(config.timezone)).date()
    coverage, definitions = _coverage(config.code)
    names = {p.id: p.name for p in config.people}
    _, buildings = grid_places()
    grids = []
    for grid in (gr for gr in community.grids if gr.code in visible):
        households = to_visit_order([h for h in found["households"] if h["grid_code"] == grid.code], today)
        grids.append(
            {
                "code": grid.code,
                "name": grid.name,
                "configured": grid.households,
                "households": households,
                "unvisited": [h for h in households if h["days"] is None or h["days"] >= UNVISITED_DAYS],
                "team": [(ROLE_NAMES.get(m.role, m.role), names.get(m.person, m.person), m) for m in grid.team],
                "coverage": coverage.get(grid.code, {}).get("coverage"),
                "polygon": grid.polygon,
            }
        )
    return render_template(
        "routing_pages/grid_community.html",
        communities=communities,
        community=community,
        grids=grids,
        drawn=_map(grids),
        definitions=definitions or {},
        buildings=buildings,
        flags=FLAG_NAMES,
        days=UNVISITED_DAYS,
        down=None,
        **common_context(),
    )


def unvisited_grids_in_scope() -> tuple[list[dict], int | None]:
    """督办: the grids of the signed-in supervisor's area (the district, their street or their community)
    that nobody visited for evaluation's 30 days, with community names; ``None`` days: evaluation silent."""
    config = district_config()
    try:
        found = grid_work.unvisited_grids(runtime().settings, token(), g.principal.district)
    except (PeerUnavailable, PeerRefused):
        return [], None
    unit = g.principal.unit_id
    names = {c.id: c.name for s in config.streets for c in s.communities}
    mine = [
        {**gr, "community_name": names.get(gr["community_id"], gr["community_id"])}
        for gr in found.get("grids", [])
        if unit == g.principal.district or unit in (gr["community_id"], gr["street_id"])
    ]
    return mine, found.get("days")
