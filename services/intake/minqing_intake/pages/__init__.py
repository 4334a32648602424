"""Residents' pages (served by intake): submit a request, the receipt, tracking, the rating link, who looks
after my building and the contact cards to print.

Server-rendered HTML forms (POST-redirect-GET) that work without JavaScript; they call the same
use cases as the JSON API (``submit.submit``, ``views.case_view``)."""

from . import cards, mine, step_updates_page  # noqa: F401  (their views register on the blueprint)
from .residents import blueprint

__all__ = ["blueprint"]
