"""The runtime of the Flask app serving the current request and the staff member signed in to it,
for the JSON API (``web``) and the residents' pages (``pages``) alike; neither package imports the
other to reach them."""

from __future__ import annotations

from flask import current_app, request

from minqing_kit.auth import bearer_token

from .bootstrap import Runtime
from .domain.channels import Staff


def runtime() -> Runtime:
    return current_app.extensions["runtime"]


def has_token() -> bool:
    return request.headers.get("Authorization", "").startswith("Bearer ")


def signed_in_staff() -> Staff | None:
    """The verified person behind the request's token, None without a token; a bad token is a 401."""
    if not has_token():
        return None
    principal = runtime().verifier.verify(bearer_token())
    return Staff(
        person_id=principal.person_id,
        name=principal.name,
        district=principal.district,
        unit_id=principal.unit_id,
        roles=principal.roles,
    )


def required_staff() -> Staff:
    staff = signed_in_staff()
    if staff is None:
        bearer_token()  # raises the standard 401
    return staff
