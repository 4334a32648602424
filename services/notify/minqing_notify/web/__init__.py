"""Notify's app factory. ``create_app()`` reads settings from the environment; tests pass their own."""

from __future__ import annotations

from flask import Flask

from minqing_kit.tokens import TokenVerifier
from minqing_kit.web import create_base_app

from ..adapters.tables import bus
from ..bootstrap import Runtime, bootstrap
from ..settings import NotifySettings
from . import contacts_api, deliveries_api, docs, inbox_api


def configuration_warnings(settings: NotifySettings) -> list[str]:
    """Shown on /readyz: what makes notify deliver less than it could."""
    found = []
    if not settings.CONTACT_PRIVATE_KEY.get_secret_value():
        found.append("CONTACT_PRIVATE_KEY is not set: residents' messages will fail (contact cannot be opened)")
    if not settings.SMS_GATEWAY_URL:
        found.append(f"SMS_GATEWAY_URL is not set: SMS go to {settings.SPOOL_DIR}/sms.jsonl")
    if not settings.SMTP_HOST:
        found.append(f"SMTP_HOST is not set: e-mails go to {settings.SPOOL_DIR}/email.jsonl")
    return found


def create_app(settings: NotifySettings | None = None, runtime: Runtime | None = None) -> Flask:
    from ..definition import DEFINITION

    settings = settings or (runtime.settings if runtime else DEFINITION.settings())
    runtime = runtime or bootstrap(settings)
    app = create_base_app(
        "notify",
        settings,
        db=runtime.db,
        read_db=runtime.read_db,
        tables=bus,
        warnings=lambda: configuration_warnings(settings),
    )
    app.extensions["runtime"] = runtime
    app.extensions["verifier"] = TokenVerifier.from_spec(settings.TOKEN_PUBLIC_KEYS)
    for module in (deliveries_api, inbox_api, contacts_api, docs):
        app.register_blueprint(module.blueprint)
    return app
