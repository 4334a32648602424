"""Card receipts (民情联系卡): POST /api/v1/card-deliveries records the households of a grid that received
a card, GET /api/v1/card-deliveries counts them per grid of yours."""

from __future__ import annotations

from flask import Blueprint, request

from minqing_kit.request_models import body
from minqing_kit.response_models import answer

from .. import card_deliveries as use_cases
from ..current import required_staff, runtime
from . import bodies
from .answers import CardCounts, CardsDelivered

blueprint = Blueprint("card_deliveries", __name__, url_prefix="/api/v1/card-deliveries")


@blueprint.post("")
def record():
    staff = required_staff()
    given = body(bodies.CardDelivery)
    done = use_cases.record(runtime(), staff, given.district, given.grid_code, given.households, given.delivered_on)
    return answer(CardsDelivered, done, 201 if done["recorded"] else 200)


@blueprint.get("")
def counted():
    staff = required_staff()
    return answer(CardCounts, use_cases.counts(runtime(), staff, staff.district, request.args.get("grid") or None))
