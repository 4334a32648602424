"""The runtime of the Flask app serving the current request, for the JSON API (``web``) and the
workbench pages (``pages``) alike; neither package imports the other to reach it."""

from __future__ import annotations

from flask import current_app

from .bootstrap import Runtime


def runtime() -> Runtime:
    return current_app.extensions["runtime"]
