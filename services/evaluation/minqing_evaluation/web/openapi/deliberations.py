"""The six-step deliberation (六步流程, ``deliberations_api``): a community's matters, their steps, and the
public notice board."""

from __future__ import annotations

from minqing_kit.apidocs import STR, obj, param, ref
from minqing_kit.request_models import schemas

from ...domain.deliberation import ORDER
from ..meeting_bodies import NewDeliberation, StepRecord
from .common import ARRAY, BOOL, CHANGE_ERRORS, INT, op

PARAMETERS = {
    "matter_id": param("matter_id", "path", "a matter of the six-step deliberation"),
    "community": param("unit", "query", "only this community's matters", None, False),
}
STEP = obj(
    ["step", "number", "name", "recorded_at", "summary", "visits_linked"],
    step={"type": "string", "enum": list(ORDER)},
    number=INT,
    name=STR,
    recorded_at=STR,
    summary=STR,
    visits_linked=INT,
    adopted=BOOL,
)
SCHEMAS = {
    **schemas(NewDeliberation, StepRecord),
    "Deliberation": obj(
        ["id", "district", "unit_id", "title", "state", "steps"],
        id=STR,
        district=STR,
        unit_id=STR,
        title=STR,
        state={"type": "string", "enum": [*ORDER, "done", "rejected"]},
        steps={"type": "array", "items": STEP},
    ),
}
BOARD = obj(["district", "matters"], district=STR, matters=ARRAY)
PATHS = {
    "/api/v1/deliberations": {
        "post": op(
            "Open a matter of the six-step deliberation (六步流程) of your community",
            ref("Deliberation"),
            body="NewDeliberation",
            status="201",
            secured=True,
            errors_=(403, 422),
        )
    },
    "/api/v1/deliberations/{matter_id}/steps": {
        "post": op(
            "Record the next step (in order; the vote with its counts) and publish it on the board",
            ref("Deliberation"),
            params=("matter_id",),
            body="StepRecord",
            status="201",
            secured=True,
            errors_=CHANGE_ERRORS,
        )
    },
    "/api/v1/districts/{district}/deliberations": {
        "get": op("The notice board's matters, newest first", BOARD, params=("district", "community"))
    },
    "/api/v1/districts/{district}/deliberations/{matter_id}": {
        "get": op("A matter's published steps", ref("Deliberation"), params=("district", "matter_id"), errors_=(404,))
    },
}
