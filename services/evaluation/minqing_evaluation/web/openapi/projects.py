"""Public projects (一事一评) and their household ratings, and the ballots of before (``projects_api``)."""

from __future__ import annotations

from minqing_kit.apidocs import OPT_STR, STR, obj, param, ref
from minqing_kit.request_models import schemas

from ..bodies import PaperRating, ProgressNote, Project, ProjectRating
from .common import COUNTS, INT, WHEN, op

PARAMETERS = {
    "ballot_id": param("ballot_id", "path", "project or review ballot id"),
    "project_id": param("project_id", "path", "project id (一事一评)"),
    "project_token": param("token", "path", "the single-use token from a household's project rating link"),
}
PROJECT_ROUND = obj(
    ["round", "status", "ratings", "counts", "result"],
    round=INT,
    status={"type": "string", "enum": ["listing", "open", "passed", "rectifying", "rectified"]},
    households={"type": "integer", "nullable": True, "description": "invited households, once intake listed them"},
    ratings=INT,
    counts=COUNTS,
    links_expire_at=STR,
    closed_at=WHEN,
    result={
        **obj(
            ["dissatisfied_ratio", "formula", "denominator", "rectification_required"],
            dissatisfied_ratio={"type": "number"},
            formula=STR,
            denominator=INT,
            rectification_required={"type": "boolean"},
        ),
        "nullable": True,
    },
    rectify_by=WHEN,
    rectified_at=WHEN,
    rectification_note=OPT_STR,
    overdue={"type": "boolean"},
)
PROJECT_VIEW = obj(
    ["id", "name", "rounds", "min_ratings"],
    id=STR,
    district=STR,
    unit_id=STR,
    name=STR,
    plan=OPT_STR,
    funds_yuan={"type": "integer", "nullable": True},
    progress={"type": "array", "items": obj(["note"], note=STR, recorded_at=STR)},
    current_round=INT,
    min_ratings=INT,
    threshold={"type": "number"},
    rounds={"type": "array", "items": PROJECT_ROUND},
)
BALLOT = obj(
    ["id", "kind", "status", "counts"],
    id=STR,
    kind={"type": "string", "enum": ["project", "review"]},
    district=STR,
    name=STR,
    subject_id=STR,
    subject_kind=STR,
    year={"type": "integer", "nullable": True},
    status=STR,
    counts=COUNTS,
    ratings=INT,
    min_ratings=INT,
    dissatisfied_ratio={"type": "number"},
    threshold={"type": "number"},
    rectify_by=WHEN,
)
SCHEMAS = {
    "ProjectView": PROJECT_VIEW,
    **schemas(ProgressNote, PaperRating, ProjectRating, Project),
    "Ballot": BALLOT,
}
RATED = obj(["project_id", "round", "rating", "via"], project_id=STR, round=INT, rating=STR, via=STR)
PATHS = {
    "/api/v1/projects": {
        "post": op(
            "Open a public project (一事一评) with its plan, funds and affected households (admins, leaders)",
            ref("ProjectView"),
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
            ref("ProjectView"),
            params=("project_id",),
            errors_=(404,),
        )
    },
    "/api/v1/districts/{district}/projects": {
        "get": op(
            "The district's projects, newest first",
            obj(["district", "projects"], district=STR, projects={"type": "array", "items": ref("ProjectView")}),
            params=("district",),
            errors_=(404,),
        )
    },
    "/api/v1/projects/{project_id}/progress": {
        "post": op(
            "Record a step of the project's progress (staff of the district)",
            ref("ProjectView"),
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
            ref("ProjectView"),
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
            RATED,
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
            ref("ProjectView"),
            params=("project_id",),
            secured=True,
            errors_=(404, 409),
        )
    },
    "/api/v1/projects/{project_id}/rectification": {
        "post": op(
            "Report the rectification done: the next round of rating opens (staff of the district)",
            ref("ProjectView"),
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
            obj(["project", "round", "rated"], project=ref("ProjectView"), round=INT, rated={"type": "boolean"}),
            params=("project_token",),
            errors_=(404,),
        ),
        "post": op(
            "A household rates the project by its single-use link (once per round; 409 after, or once expired)",
            RATED,
            params=("project_token",),
            body="ProjectRating",
            status="201",
            errors_=(404, 409, 422),
        ),
    },
    "/api/v1/ballots/{ballot_id}": {
        "get": op(
            "A ballot of before (free-text voter; read only): counts, status, verdict",
            ref("Ballot"),
            params=("ballot_id",),
            errors_=(404,),
        )
    },
}
