"""The runtime of the Flask app serving the current request, and today's date in a district by its
clock, for the JSON API (``web``) and the pages (``pages``) alike; neither package imports the
other to reach them."""

from __future__ import annotations

from datetime import date

from flask import current_app

from .bootstrap import Runtime


def runtime() -> Runtime:
    return current_app.extensions["runtime"]


def local_today(district: str) -> date:
    rt = runtime()
    return rt.clock().astimezone(rt.tz(district)).date()
