"""Themes (每月一题): supervisors open them and record measures, units finish their tasks; the themes, their
progress and effect are public."""

from __future__ import annotations

from flask import Blueprint, g

from minqing_kit.request_models import body
from minqing_kit.response_models import answer

from .. import theme_views, themes
from . import bodies
from .answers.themes import Themes, ThemeView
from .common import in_district, known_district, requires, runtime

blueprint = Blueprint("themes", __name__, url_prefix="/api/v1")
blueprint.before_request(known_district)


@blueprint.post("/districts/<district>/themes")
@requires(*themes.OPENERS)
def open_theme(district: str):
    in_district(district)
    theme_id = themes.open_theme(runtime(), g.principal, body(bodies.Theme))
    return answer(ThemeView, theme_views.view(runtime(), theme_id), 201)


@blueprint.get("/districts/<district>/themes")
def listing(district: str):
    return answer(Themes, {"district": district, "themes": theme_views.listing(runtime(), district)})


@blueprint.get("/themes/<theme_id>")
def show(theme_id: str):
    return answer(ThemeView, theme_views.view(runtime(), theme_id))


@blueprint.post("/themes/<theme_id>/tasks")
@requires(*themes.OPENERS)
def add_task(theme_id: str):
    themes.add_task(runtime(), g.principal, theme_id, body(bodies.ThemeTask))
    return answer(ThemeView, theme_views.view(runtime(), theme_id), 201)


@blueprint.post("/themes/<theme_id>/tasks/<task_id>/done")
@requires()
def complete_task(theme_id: str, task_id: str):
    themes.complete_task(runtime(), g.principal, theme_id, task_id)
    return answer(ThemeView, theme_views.view(runtime(), theme_id))


@blueprint.post("/themes/<theme_id>/measures")
@requires(*themes.OPENERS)
def adopt_measure(theme_id: str):
    themes.adopt_measure(runtime(), g.principal, theme_id, body(bodies.ThemeMeasure))
    return answer(ThemeView, theme_views.view(runtime(), theme_id), 201)


@blueprint.post("/themes/<theme_id>/close")
@requires(*themes.OPENERS)
def close(theme_id: str):
    themes.close_theme(runtime(), g.principal, theme_id)
    return answer(ThemeView, theme_views.view(runtime(), theme_id))
