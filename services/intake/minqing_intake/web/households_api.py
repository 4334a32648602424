"""Households (一户一档) for grid staff: GET/POST /api/v1/households, GET/PUT /api/v1/households/<id>.
Each person sees only the households of the grids their work covers; every read is audited."""

from __future__ import annotations

from flask import Blueprint, request

from minqing_kit.request_models import body
from minqing_kit.response_models import answer

from .. import households as use_cases
from ..current import required_staff, runtime
from ..domain.households import Household
from . import bodies
from .answers import Households, HouseholdView

blueprint = Blueprint("households", __name__, url_prefix="/api/v1/households")


def household_from(given: bodies.Household) -> Household:
    contact = given.contact or bodies.HouseholdContact()
    return Household(
        grid_code=given.grid_code,
        building_id=given.building_id,
        unit_no=given.unit,
        door=given.door,
        size=given.size,
        flags=frozenset(given.flags),
        contact_name=contact.name or "",
        contact_phone=contact.phone or "",
    )


@blueprint.get("")
def listed():
    staff = required_staff()
    return answer(Households, use_cases.listed(runtime(), staff, staff.district, request.args.get("grid") or None))


@blueprint.post("")
def create():
    staff = required_staff()
    given = body(bodies.Household)
    return answer(HouseholdView, use_cases.create(runtime(), staff, given.district, household_from(given)), 201)


@blueprint.get("/<household_id>")
def show(household_id: str):
    return answer(HouseholdView, use_cases.show(runtime(), required_staff(), household_id))


@blueprint.put("/<household_id>")
def edit(household_id: str):
    staff = required_staff()
    return answer(HouseholdView, use_cases.edit(runtime(), staff, household_id, household_from(body(bodies.Household))))
