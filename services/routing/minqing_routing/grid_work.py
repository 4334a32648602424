"""Grid work (走访) for the workbench's grid pages, read and written through intake and evaluation with the
signed-in person's own token: intake owns households, visits and the courtyard files (and decides whose grids a person
covers, auditing every household it shows), evaluation owns the visit figures. Routing keeps no copy."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from minqing_contracts.org import DistrictConfig, VisitDuty

from .peers import call
from .settings import RoutingSettings


def households(settings: RoutingSettings, token: str, grid: str | None = None) -> dict[str, Any]:
    """``{district, grids, households: [...]}``: the grids the person covers and their households."""
    query = f"?{urlencode({'grid': grid})}" if grid else ""
    return call(settings.intake_base_url(), token, f"/api/v1/households{query}", settings.INTAKE_TIMEOUT_SECONDS)


def record_visit(settings: RoutingSettings, token: str, visit: dict[str, Any], key: str) -> dict[str, Any]:
    """The visit as intake recorded it; a replay of ``key`` answers the same visit."""
    return call(
        settings.intake_base_url(),
        token,
        "/api/v1/visits",
        settings.INTAKE_TIMEOUT_SECONDS,
        method="POST",
        body=visit,
        headers={"Idempotency-Key": key},
    )


def courtyard(settings: RoutingSettings, token: str, grid: str) -> dict[str, Any]:
    """The grid's courtyard/building file (院落档案) as it stands, with its ``version``."""
    path = f"/api/v1/grids/{quote(grid, safe='')}/courtyard"
    return call(settings.intake_base_url(), token, path, settings.INTAKE_TIMEOUT_SECONDS)


def replace_courtyard(settings: RoutingSettings, token: str, grid: str, file: dict[str, Any]) -> dict[str, Any]:
    """The grid's file after ``file`` (``{version, buildings, places}``) replaced it; 409 when stale."""
    path = f"/api/v1/grids/{quote(grid, safe='')}/courtyard"
    return call(settings.intake_base_url(), token, path, settings.INTAKE_TIMEOUT_SECONDS, method="PUT", body=file)


def diary(settings: RoutingSettings, token: str, person: str, day: date) -> dict[str, Any]:
    query = urlencode({"person": person, "date": day.isoformat()})
    return call(settings.intake_base_url(), token, f"/api/v1/visits/diary?{query}", settings.INTAKE_TIMEOUT_SECONDS)


def visit_rates(settings: RoutingSettings, token: str, district: str, **query: str) -> dict[str, Any]:
    """Evaluation's visit figures (``level``, ``period``, ``week``/``month`` as its API takes them)."""
    path = f"/api/v1/districts/{district}/visit-rates?{urlencode(query)}"
    return call(settings.evaluation_base_url(), token, path, settings.EVALUATION_TIMEOUT_SECONDS)


def unvisited_grids(settings: RoutingSettings, token: str, district: str) -> dict[str, Any]:
    """Evaluation's grids nobody visited for 30 local days (``grids``: community, street, last visit)."""
    path = f"/api/v1/districts/{district}/unvisited-grids"
    return call(settings.evaluation_base_url(), token, path, settings.EVALUATION_TIMEOUT_SECONDS)


def duties_of(config: DistrictConfig, person: str) -> dict[str, VisitDuty]:
    """The person's visit duties (走访要求) by team role, from the district configuration."""
    roles = {
        m.role for s in config.streets for c in s.communities for g in c.grids for m in g.team if m.person == person
    }
    return {r: d for r in sorted(roles) if (d := config.visit_duties.get(r)) is not None}
