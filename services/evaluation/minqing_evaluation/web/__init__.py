"""Evaluation's app factory. ``create_app()`` reads settings from the environment; tests pass their own."""

from __future__ import annotations

from flask import Flask

from minqing_kit.web import create_base_app

from ..adapters.tables import bus
from ..bootstrap import Runtime, bootstrap
from ..settings import EvaluationSettings
from . import (
    deliberations_api,
    docs,
    evaluations_api,
    meetings_api,
    projects_api,
    public_api,
    reviews_api,
    stats_api,
    summary_api,
    themes_api,
    visits_api,
)


def create_app(settings: EvaluationSettings | None = None, runtime: Runtime | None = None) -> Flask:
    from ..definition import DEFINITION
    from ..pages import blueprint as pages_blueprint  # here: the staff pages import web's request bodies

    settings = settings or (runtime.settings if runtime else DEFINITION.settings())
    runtime = runtime or bootstrap(settings)
    warnings = lambda: [w for c in runtime.calendars.values() for w in c.warnings()]  # noqa: E731
    app = create_base_app("evaluation", settings, db=runtime.db, read_db=runtime.read_db, tables=bus, warnings=warnings)
    app.extensions["runtime"] = runtime
    apis = (evaluations_api, stats_api, visits_api, projects_api, reviews_api, public_api, meetings_api, themes_api)
    for module in (*apis, summary_api, deliberations_api, docs):
        app.register_blueprint(module.blueprint)
    app.register_blueprint(pages_blueprint)
    return app
