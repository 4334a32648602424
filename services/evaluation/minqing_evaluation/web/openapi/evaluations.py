"""Follow-up ratings (回访, ``evaluations_api``): the resident's, the hotline's and the proxy's answers, and
the district's follow-ups."""

from __future__ import annotations

from minqing_kit.apidocs import param
from minqing_kit.request_models import schemas

from ..answers.evaluations import Answered, FollowUps, ProxyFollowUps
from ..bodies import Answer
from .common import op

PARAMETERS = {
    "token": param("token", "path", "the single-use token from the follow-up link"),
    "evaluation_id": param("evaluation_id", "path", "evaluation id"),
    "delivery": param(
        "delivery",
        "query",
        "sent | failed: whether the rating link reached the resident (anything else: all)",
        None,
        False,
    ),
}
SCHEMAS = schemas(Answer)


def _answering(summary: str, by: str, secured: bool = True) -> dict:
    """An answer to a follow-up (the body Answer), once: 404 unknown, 409 answered or expired, 422 invalid."""
    return op(summary, Answered, params=(by,), body="Answer", status="201", secured=secured, errors_=(404, 409, 422))


PATHS = {
    "/api/v1/evaluations/{token}": {
        "post": _answering("Resident answers the follow-up (once, own case only)", "token", secured=False)
    },
    "/api/v1/hotline/evaluations/{evaluation_id}": {
        "post": _answering("Hotline operator records an answer taken by phone", "evaluation_id")
    },
    "/api/v1/proxy/evaluations": {
        "get": op(
            "Open follow-ups of the cases the signed-in person acts for (代理), each with the resident's consent",
            ProxyFollowUps,
            secured=True,
            errors_=(),
        )
    },
    "/api/v1/proxy/evaluations/{evaluation_id}": {
        "post": _answering(
            "The resident's proxy records the resident's answer (only the case's proxy, until the resident took the "
            "case back; case.rated.v1 carries the proxy and the consent)",
            "evaluation_id",
        )
    },
    "/api/v1/districts/{district}/evaluations": {
        "get": op(
            "Follow-ups of the district, newest first (per-case data: hotline operators, supervisors, leaders, admins "
            "of that district)",
            FollowUps,
            params=("district", "delivery"),
            secured=True,
            errors_=(404,),
        )
    },
}
