"""Intake's app factory. ``create_app()`` reads settings from the environment; tests pass their own."""

from __future__ import annotations

from flask import Flask

from minqing_kit.web import create_base_app

from ..adapters.tables import bus
from ..bootstrap import Runtime, bootstrap
from ..pages import blueprint as pages_blueprint
from ..settings import IntakeSettings
from . import (
    cards_api,
    case_photos_api,
    cases_api,
    category_suggestion_api,
    courtyards_api,
    docs,
    households_api,
    open311_api,
    photo_audit_api,
    places_api,
    visits_api,
)


def create_app(settings: IntakeSettings | None = None, runtime: Runtime | None = None) -> Flask:
    from ..definition import DEFINITION

    settings = settings or (runtime.settings if runtime else DEFINITION.settings())
    runtime = runtime or bootstrap(settings)
    app = create_base_app(
        "intake", settings, db=runtime.db, read_db=runtime.read_db, tables=bus, warnings=runtime.warnings
    )
    app.extensions["runtime"] = runtime
    app.register_blueprint(cases_api.blueprint)
    app.register_blueprint(open311_api.blueprint)
    app.register_blueprint(households_api.blueprint)
    app.register_blueprint(visits_api.blueprint)
    app.register_blueprint(cards_api.blueprint)
    app.register_blueprint(courtyards_api.blueprint)
    app.register_blueprint(places_api.blueprint)
    app.register_blueprint(photo_audit_api.blueprint)
    app.register_blueprint(case_photos_api.blueprint)
    app.register_blueprint(category_suggestion_api.blueprint)
    app.register_blueprint(docs.blueprint)
    app.register_blueprint(pages_blueprint)
    return app
