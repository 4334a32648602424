"""The courtyard/building file (院落档案) of a grid for its staff: GET and PUT
/api/v1/grids/<grid_code>/courtyard, scoped like households (your grids only, in your district); a PUT names
the version it was made on (409 when the file has moved on since)."""

from __future__ import annotations

from flask import Blueprint

from minqing_kit.request_models import body
from minqing_kit.response_models import answer

from .. import courtyards as use_cases
from ..current import required_staff, runtime
from ..domain.courtyards import BuildingFacts, CourtyardFile, PlaceFacts
from . import bodies
from .answers import CourtyardView

blueprint = Blueprint("courtyards", __name__, url_prefix="/api/v1/grids")


def file_from(grid_code: str, given: bodies.Courtyard) -> CourtyardFile:
    return CourtyardFile(
        grid_code=grid_code,
        buildings=tuple(
            BuildingFacts(b.id, b.lon, b.lat, b.units, b.floors, b.structure, b.note) for b in given.buildings
        ),
        places=tuple(PlaceFacts(p.ref, p.kind, p.name, p.lon, p.lat, p.note) for p in given.places),
    )


@blueprint.get("/<grid_code>/courtyard")
def show(grid_code: str):
    return answer(CourtyardView, use_cases.show(runtime(), required_staff(), grid_code))


@blueprint.put("/<grid_code>/courtyard")
def replace(grid_code: str):
    staff = required_staff()
    given = body(bodies.Courtyard)
    return answer(CourtyardView, use_cases.replace(runtime(), staff, file_from(grid_code, given), given.version))
