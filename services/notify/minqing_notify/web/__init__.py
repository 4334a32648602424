"""Notify's app factory. ``create_app()`` reads settings from the environment; tests pass their own."""
from __future__ import annotations

from flask import Flask
from minqing_kit.auth import TokenVerifier
from minqing_kit.web import create_base_app

from ..adapters.tables import bus
from ..bootstrap import Runtime, bootstrap
from ..settings import NotifySettings
from . import deliveries_api, docs, inbox_api


def create_app(settings: NotifySettings | None = None, runtime: Runtime | None = None) -> Flask:
    from ..definition import DEFINITION

    settings = settings or (runtime.settings if runtime else DEFINITION.settings())
    runtime = runtime or bootstrap(settings)
    app = create_base_app("notify", db=runtime.db, tables=bus, amqp_url=settings.AMQP_URL,
                          max_body_bytes=settings.MAX_BODY_BYTES)
    app.extensions["runtime"] = runtime
    app.extensions["verifier"] = TokenVerifier.from_spec(settings.TOKEN_PUBLIC_KEYS)
    for module in (deliveries_api, inbox_api, docs):
        app.register_blueprint(module.blueprint)
    return app
