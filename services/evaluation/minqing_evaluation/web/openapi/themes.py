"""Themes (每月一题, ``themes_api``): tasks, measures, linked cases and the theme's effect."""

from __future__ import annotations

from minqing_kit.apidocs import param
from minqing_kit.request_models import schemas

from ..answers.themes import Themes, ThemeView
from ..bodies import Theme, ThemeMeasure, ThemeTask
from .common import op

PARAMETERS = {
    "theme_id": param("theme_id", "path", "theme id (每月一题)"),
    "task_id": param("task_id", "path", "a task of the theme"),
}
SCHEMAS = schemas(Theme, ThemeTask, ThemeMeasure)


def _change(summary: str, params: tuple[str, ...], body: str | None = None, status: str = "201") -> dict:
    """A change of a theme, answered with the theme (404 unknown, 409 closed, 422 a bad body)."""
    errors_ = (404, 409, 422) if body else (404, 409)
    return op(summary, ThemeView, params=params, body=body, status=status, secured=True, errors_=errors_)


PATHS = {
    "/api/v1/districts/{district}/themes": {
        "post": op(
            "Open a theme (每月一题) on a recurring problem, with lead unit, co-units and tasks (supervisors, "
            "leaders, admins of the district)",
            ThemeView,
            params=("district",),
            body="Theme",
            status="201",
            secured=True,
        ),
        "get": op(
            "The district's themes, newest first",
            Themes,
            params=("district",),
            errors_=(404,),
        ),
    },
    "/api/v1/themes/{theme_id}": {
        "get": op(
            "A theme: tasks, measures, linked cases (counted) and its effect (difference in differences)",
            ThemeView,
            params=("theme_id",),
            errors_=(404,),
        )
    },
    "/api/v1/themes/{theme_id}/tasks": {
        "post": _change("Add a task with its owner unit and deadline in working days", ("theme_id",), "ThemeTask")
    },
    "/api/v1/themes/{theme_id}/tasks/{task_id}/done": {
        "post": _change("Report a task done (its owner unit, or a supervisor)", ("theme_id", "task_id"), status="200")
    },
    "/api/v1/themes/{theme_id}/measures": {
        "post": _change("Record a policy or measure the theme adopted", ("theme_id",), "ThemeMeasure")
    },
    "/api/v1/themes/{theme_id}/close": {
        "post": _change("Close the theme (结题); its effect stays public", ("theme_id",), status="200")
    },
}
