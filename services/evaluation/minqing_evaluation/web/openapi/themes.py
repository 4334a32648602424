"""Themes (每月一题, ``themes_api``): tasks, measures, linked cases and the theme's effect."""

from __future__ import annotations

from minqing_kit.apidocs import OPT_STR, STR, obj, param, ref
from minqing_kit.request_models import schemas

from ..bodies import Theme, ThemeMeasure, ThemeTask
from .common import INT, op

PARAMETERS = {
    "theme_id": param("theme_id", "path", "theme id (每月一题)"),
    "task_id": param("task_id", "path", "a task of the theme"),
}
THEME_VIEW = obj(
    ["id", "title", "status", "tasks", "measures", "linked_cases", "effect"],
    id=STR,
    district=STR,
    title=STR,
    problem=STR,
    category=STR,
    category_name=STR,
    area=STR,
    area_name=STR,
    keywords={"type": "array", "items": STR},
    lead_unit_id=STR,
    lead_unit_name=STR,
    co_units={"type": "array", "items": obj(["unit_id"], unit_id=STR, unit_name=STR)},
    status={"type": "string", "enum": ["open", "closed"]},
    opened_on=STR,
    source=OPT_STR,
    tasks={
        "type": "array",
        "items": obj(
            ["id", "status", "due_at"],
            id=STR,
            description=STR,
            unit_id=STR,
            unit_name=STR,
            due_at=STR,
            status={"type": "string", "enum": ["open", "done"]},
            overdue={"type": "boolean"},
            done_at=OPT_STR,
        ),
    },
    measures={"type": "array", "items": obj(["kind", "text"], kind=STR, text=STR, adopted_on=STR)},
    linked_cases=INT,
    effect=obj(
        ["formula", "estimate"],
        formula=STR,
        weeks_before=INT,
        weeks=INT,
        estimate={"type": "object", "nullable": True},
        **{"from": STR},
        treated={"type": "array", "items": {"type": "number"}},
        control_mean={"type": "array", "items": {"type": "number"}},
        controls={"type": "array", "items": obj(["area"], area=STR, name=STR)},
    ),
)
SCHEMAS = {**schemas(Theme, ThemeTask, ThemeMeasure), "ThemeView": THEME_VIEW}
THEME = ref("ThemeView")


def _change(summary: str, params: tuple[str, ...], body: str | None = None, status: str = "201") -> dict:
    """A change of a theme, answered with the theme (404 unknown, 409 closed, 422 a bad body)."""
    errors_ = (404, 409, 422) if body else (404, 409)
    return op(summary, THEME, params=params, body=body, status=status, secured=True, errors_=errors_)


PATHS = {
    "/api/v1/districts/{district}/themes": {
        "post": op(
            "Open a theme (每月一题) on a recurring problem, with lead unit, co-units and tasks (supervisors, "
            "leaders, admins of the district)",
            THEME,
            params=("district",),
            body="Theme",
            status="201",
            secured=True,
        ),
        "get": op(
            "The district's themes, newest first",
            obj(["district", "themes"], district=STR, themes={"type": "array", "items": {"type": "object"}}),
            params=("district",),
            errors_=(404,),
        ),
    },
    "/api/v1/themes/{theme_id}": {
        "get": op(
            "A theme: tasks, measures, linked cases (counted) and its effect (difference in differences)",
            THEME,
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
