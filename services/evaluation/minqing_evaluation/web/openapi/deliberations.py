"""The six-step deliberation (六步流程, ``deliberations_api``): a community's matters, their steps, and the
public notice board."""

from __future__ import annotations

from minqing_kit.apidocs import param
from minqing_kit.request_models import schemas

from ..answers.deliberations import Deliberation, DeliberationBoard
from ..meeting_bodies import NewDeliberation, StepRecord
from .common import CHANGE_ERRORS, op

PARAMETERS = {
    "matter_id": param("matter_id", "path", "a matter of the six-step deliberation"),
    "community": param("unit", "query", "only this community's matters", None, False),
}
SCHEMAS = schemas(NewDeliberation, StepRecord)
PATHS = {
    "/api/v1/deliberations": {
        "post": op(
            "Open a matter of the six-step deliberation (六步流程) of your community",
            Deliberation,
            body="NewDeliberation",
            status="201",
            secured=True,
            errors_=(403, 422),
        )
    },
    "/api/v1/deliberations/{matter_id}/steps": {
        "post": op(
            "Record the next step (in order; the vote with its counts) and publish it on the board",
            Deliberation,
            params=("matter_id",),
            body="StepRecord",
            status="201",
            secured=True,
            errors_=CHANGE_ERRORS,
        )
    },
    "/api/v1/districts/{district}/deliberations": {
        "get": op("The notice board's matters, newest first", DeliberationBoard, params=("district", "community"))
    },
    "/api/v1/districts/{district}/deliberations/{matter_id}": {
        "get": op("A matter's published steps", Deliberation, params=("district", "matter_id"), errors_=(404,))
    },
}
