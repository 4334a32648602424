"""Follow-up answers: the resident's link (public, token in the path), the hotline operator's entry and
the resident's proxy's (代理)."""

from __future__ import annotations

from flask import Blueprint, g, request
from sqlalchemy import select

from minqing_kit.request_models import body
from minqing_kit.response_models import answer

from .. import followups, proxy_answers
from ..adapters.tables import evaluations
from ..domain.followup import Answer
from . import bodies
from .answers.evaluations import Answered, FollowUps, ProxyFollowUps
from .common import in_district, known_district, requires, runtime

blueprint = Blueprint("evaluations", __name__, url_prefix="/api/v1")
blueprint.before_request(known_district)


def _answer(given: bodies.Answer) -> Answer:
    given_dimensions = given.dimensions.model_dump(exclude_none=True) if given.dimensions else None
    return Answer(given.solved, given.satisfaction, given.comment, given.knows_grid_worker, given_dimensions or None)


@blueprint.post("/evaluations/<token>")
def answer_by_link(token: str):
    given = body(bodies.Answer)
    return answer(Answered, followups.answer_by_link(runtime(), token, _answer(given), given.ticket or None), 201)


@blueprint.post("/hotline/evaluations/<evaluation_id>")
@requires("hotline_operator")
def answer_by_hotline(evaluation_id: str):
    given = _answer(body(bodies.Answer))
    return answer(Answered, followups.answer_by_hotline(runtime(), g.principal, evaluation_id, given), 201)


@blueprint.get("/proxy/evaluations")
@requires()
def proxy_evaluations():
    """The open follow-ups of the cases the signed-in person acts for (代理), with each resident's consent."""
    return answer(ProxyFollowUps, proxy_answers.open_for(runtime(), g.principal))


@blueprint.post("/proxy/evaluations/<evaluation_id>")
@requires()
def answer_by_proxy(evaluation_id: str):
    given = _answer(body(bodies.Answer))
    return answer(Answered, proxy_answers.answer(runtime(), g.principal, evaluation_id, given), 201)


@blueprint.get("/districts/<district>/evaluations")
@requires("hotline_operator", "supervisor", "leader", "admin")
def list_evaluations(district: str):
    """Follow-ups of a district (per-case data: a token for that district), newest first."""
    in_district(district)
    query = select(evaluations).where(evaluations.c.district == district)
    if request.args.get("delivery") in ("sent", "failed"):  # failed: the link reached nobody, call the resident
        query = query.where(evaluations.c.delivery == request.args["delivery"])
    with runtime().db.engine.connect() as connection:
        rows = connection.execute(query.order_by(evaluations.c.requested_at.desc()).limit(200)).all()
    return answer(FollowUps, {"items": [{**r._mapping, "evaluation_id": r.id} for r in rows]})
