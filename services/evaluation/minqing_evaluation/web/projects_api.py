"""Project rating (一事一评): open a project (admin, leader), record its progress, open its rating,
enter paper ballots, close a round, report a rectification (staff of the district); a household rates by
its single-use link; anyone reads a project, and the ballots of before (read only)."""

from __future__ import annotations

from flask import Blueprint, g

from minqing_kit.errors import FieldError, invalid
from minqing_kit.request_models import body
from minqing_kit.response_models import answer

from .. import ballots, project_rounds, projects
from ..domain import orgtree
from ..domain.project_rating import Scope
from . import bodies
from .answers.projects import Ballot, Invitation, ProjectRated, Projects, ProjectView
from .common import known_district, requires, runtime

blueprint = Blueprint("ballots", __name__, url_prefix="/api/v1")
blueprint.before_request(known_district)
STAFF = ("admin", "leader", "community_handler", "street_handler")


def _own_unit(name: str, unit_id: str) -> None:
    """A rule beyond the body's shape: the unit is one of the signed-in person's district."""
    if unit_id not in orgtree.units(runtime().districts[g.principal.district]):
        raise invalid([FieldError(name, "not a unit of your district", "不是本区的单位")])


def _own_grids(scope: Scope) -> None:
    config = runtime().districts[g.principal.district]
    grids = {grid.code: grid for street in config.streets for c in street.communities for grid in c.grids}
    buildings = {b.id for grid in grids.values() for b in grid.buildings}
    problems = [
        FieldError(f"affected.grid_codes.{i}", "not a grid of your district", "不是本区的网格")
        for i, code in enumerate(scope.grid_codes)
        if code not in grids
    ] + [
        FieldError(f"affected.building_ids.{i}", "not a building of your district", "不是本区的楼栋")
        for i, building in enumerate(scope.building_ids)
        if building not in buildings
    ]
    if problems:
        raise invalid(problems)


@blueprint.post("/projects")
@requires("admin", "leader")
def open_project():
    given = body(bodies.Project)
    _own_unit("unit_id", given.unit_id)
    scope = Scope(**given.affected.model_dump())
    _own_grids(scope)
    fields = {
        "name": given.name,
        "unit_id": given.unit_id,
        "plan": given.plan or given.description,
        "funds_yuan": given.funds_yuan,
    }
    return answer(ProjectView, projects.open_project(runtime(), g.principal, fields, scope), 201)


@blueprint.get("/projects/<project_id>")
def show_project(project_id: str):
    return answer(ProjectView, projects.view(runtime(), project_id))


@blueprint.get("/districts/<district>/projects")
def list_projects(district: str):
    return answer(Projects, projects.listed(runtime(), district))


@blueprint.post("/projects/<project_id>/progress")
@requires(*STAFF)
def record_progress(project_id: str):
    note = body(bodies.ProgressNote).note
    return answer(ProjectView, projects.record_progress(runtime(), g.principal, project_id, note), 201)


@blueprint.post("/projects/<project_id>/rating")
@requires("admin", "leader")
def open_rating(project_id: str):
    return answer(ProjectView, project_rounds.open_rating(runtime(), g.principal, project_id), 201)


@blueprint.post("/projects/<project_id>/paper-ratings")
@requires(*STAFF)
def enter_paper_rating(project_id: str):
    given = body(bodies.PaperRating)
    rated = project_rounds.rate_on_paper(runtime(), g.principal, project_id, given.household_id, given.rating)
    return answer(ProjectRated, rated, 201)


@blueprint.post("/projects/<project_id>/close")
@requires("admin", "leader")
def close_round(project_id: str):
    return answer(ProjectView, project_rounds.close_round(runtime(), g.principal, project_id))


@blueprint.post("/projects/<project_id>/rectification")
@requires(*STAFF)
def report_rectified(project_id: str):
    note = body(bodies.ProgressNote).note
    return answer(ProjectView, project_rounds.report_rectified(runtime(), g.principal, project_id, note), 201)


@blueprint.get("/project-ratings/<token>")
def show_invitation(token: str):
    return answer(Invitation, project_rounds.invitation(runtime(), token))


@blueprint.post("/project-ratings/<token>")
def rate_by_link(token: str):
    rating = body(bodies.ProjectRating).rating
    return answer(ProjectRated, project_rounds.rate_by_link(runtime(), token, rating), 201)


@blueprint.get("/ballots/<ballot_id>")
def show(ballot_id: str):
    return answer(Ballot, ballots.view(runtime(), ballot_id))
