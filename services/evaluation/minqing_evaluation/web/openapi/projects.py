"""Public projects (一事一评) and their household ratings, and the ballots of before (``projects_api``)."""

from __future__ import annotations

from minqing_kit.apidocs import param
from minqing_kit.request_models import schemas

from ..answers.projects import Ballot, Invitation, ProjectRated, Projects, ProjectView
from ..bodies import PaperRating, ProgressNote, Project, ProjectRating
from .common import op

PARAMETERS = {
    "ballot_id": param("ballot_id", "path", "project or review ballot id"),
    "project_id": param("project_id", "path", "project id (一事一评)"),
    "project_token": param("token", "path", "the single-use token from a household's project rating link"),
}
SCHEMAS = schemas(ProgressNote, PaperRating, ProjectRating, Project)
PATHS = {
    "/api/v1/projects": {
        "post": op(
            "Open a public project (一事一评) with its plan, funds and affected households (admins, leaders)",
            ProjectView,
            body="Project",
            status="201",
            secured=True,
            errors_=(422,),
        )
    },
    "/api/v1/projects/{project_id}": {
        "get": op(
            "A project as published: plan, funds, progress, each round's ratings towards the minimum, its result "
            "(not satisfied / ratings) and denominator",
            ProjectView,
            params=("project_id",),
            errors_=(404,),
        )
    },
    "/api/v1/districts/{district}/projects": {
        "get": op(
            "The district's projects, newest first",
            Projects,
            params=("district",),
            errors_=(404,),
        )
    },
    "/api/v1/projects/{project_id}/progress": {
        "post": op(
            "Record a step of the project's progress (staff of the district)",
            ProjectView,
            params=("project_id",),
            body="ProgressNote",
            status="201",
            secured=True,
        )
    },
    "/api/v1/projects/{project_id}/rating": {
        "post": op(
            "Open the first round of rating: intake lists the affected households, each gets a single-use link "
            "(admins, leaders)",
            ProjectView,
            params=("project_id",),
            status="201",
            secured=True,
            errors_=(404, 409),
        )
    },
    "/api/v1/projects/{project_id}/paper-ratings": {
        "post": op(
            "Enter a household's paper ballot collected by the supervisory board (监事会); the entering person is "
            "recorded; one rating per household and round (409)",
            ProjectRated,
            params=("project_id",),
            body="PaperRating",
            status="201",
            secured=True,
            errors_=(404, 409, 422),
        )
    },
    "/api/v1/projects/{project_id}/close": {
        "post": op(
            "Close the current round with its result; refused (409) below the district's minimum of ratings",
            ProjectView,
            params=("project_id",),
            secured=True,
            errors_=(404, 409),
        )
    },
    "/api/v1/projects/{project_id}/rectification": {
        "post": op(
            "Report the rectification done: the next round of rating opens (staff of the district)",
            ProjectView,
            params=("project_id",),
            body="ProgressNote",
            status="201",
            secured=True,
            errors_=(404, 409, 422),
        )
    },
    "/api/v1/project-ratings/{token}": {
        "get": op(
            "The project a household's link is for, and whether the household has rated",
            Invitation,
            params=("project_token",),
            errors_=(404,),
        ),
        "post": op(
            "A household rates the project by its single-use link (once per round; 409 after, or once expired)",
            ProjectRated,
            params=("project_token",),
            body="ProjectRating",
            status="201",
            errors_=(404, 409, 422),
        ),
    },
    "/api/v1/ballots/{ballot_id}": {
        "get": op(
            "A ballot of before (free-text voter; read only): counts, status, verdict",
            Ballot,
            params=("ballot_id",),
            errors_=(404,),
        )
    },
}
