"""Routing's app factory. ``create_app()`` reads settings from the environment; tests pass their own."""

from __future__ import annotations

from flask import Flask

from minqing_kit.web import create_base_app

from ..adapters.tables import bus
from ..bootstrap import Runtime, bootstrap
from ..pages import blueprint as pages_blueprint
from ..settings import RoutingSettings
from . import auth_api, cases_api, catalogue_api, contact_api, dispatch_model_api, docs_api, parts_api


def create_app(settings: RoutingSettings | None = None, runtime: Runtime | None = None) -> Flask:
    from ..definition import DEFINITION

    settings = settings or (runtime.settings if runtime else DEFINITION.settings())
    runtime = runtime or bootstrap(settings)
    app = create_base_app(
        "routing", settings, db=runtime.db, read_db=runtime.read_db, tables=bus, warnings=runtime.warnings
    )
    app.extensions["runtime"] = runtime
    for module in (auth_api, cases_api, parts_api, contact_api, catalogue_api, dispatch_model_api, docs_api):
        app.register_blueprint(module.blueprint)
    app.register_blueprint(pages_blueprint)
    return app
