"""The visit (走访): POST /api/v1/visits (Idempotency-Key required) and GET /api/v1/visits/diary, a
person's 民情日记 for a day."""

from __future__ import annotations

from flask import Blueprint, request

from minqing_kit.errors import FieldError, invalid
from minqing_kit.request_models import body
from minqing_kit.requests import parse_date
from minqing_kit.response_models import answer

from .. import diary as diaries, visits as use_cases
from ..current import required_staff, runtime
from ..domain.visits import Matter, VisitInput
from . import bodies
from .answers import Diary, VisitDone
from .cases_api import idempotency_key

blueprint = Blueprint("visits", __name__, url_prefix="/api/v1/visits")


def visit_from(given: bodies.Visit) -> VisitInput:
    matters = tuple(
        Matter(
            outcome=m.outcome,
            content=m.content.strip(),
            household_id=m.household_id,
            category=m.category,
            urgent=m.urgent,
            public=m.public,
        )
        for m in given.matters
    )
    return VisitInput(
        district=given.district,
        grid_code=given.grid_code,
        visited_at=given.visited_at,
        household_ids=tuple(dict.fromkeys(given.households)),
        matters=matters,
    )


@blueprint.post("")
def record():
    staff = required_staff()
    given = visit_from(body(bodies.Visit))
    key = idempotency_key()
    if key is None:
        raise invalid(
            [
                FieldError(
                    "Idempotency-Key",
                    "required: one key per visit, kept for its retries",
                    "必须提供幂等键,每次走访一个",
                )
            ]
        )
    return answer(VisitDone, use_cases.record(runtime(), staff, given, key), 201)


@blueprint.get("/diary")
def diary():
    staff = required_staff()
    person = request.args.get("person") or staff.person_id
    day = parse_date("date", request.args["date"]) if request.args.get("date") else None
    if day is None:
        raise invalid([FieldError("date", "required: YYYY-MM-DD", "须提供日期")])
    return answer(Diary, diaries.diary(runtime(), staff, person, day))
