"""Residents' pages (served by intake): submit a request, the receipt, tracking, the rating link.

Server-rendered HTML forms (POST-redirect-GET) that work without JavaScript; they call the same
use cases as the JSON API (``submit.submit``, ``views.case_view``)."""

from .residents import blueprint

__all__ = ["blueprint"]
