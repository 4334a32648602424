"""/healthz and /readyz answer the kit's probe models (``probe_answers``) and every service's document names
them: /readyz's body, ready or not, is one ``Readiness`` (each check ``ok`` and, when not, its ``reason``)."""

from __future__ import annotations

import importlib

import pytest
from sqlalchemy import MetaData

from minqing_kit.bus_tables import BusTables
from minqing_kit.db import Database
from minqing_kit.settings import ServiceSettings
from minqing_kit.web import create_base_app

REF = "#/components/schemas/"
DOCUMENTS = {
    "intake": ("minqing_intake.web.openapi", "SPEC"),
    "routing": ("minqing_routing.web.openapi", "DOCUMENT"),
    "evaluation": ("minqing_evaluation.web.openapi", "SPEC"),
    "notify": ("minqing_notify.web.openapi", "DOCUMENT"),
}


def body_of(document: dict, path: str, status: str) -> dict:
    return document["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]


@pytest.mark.parametrize("service", DOCUMENTS)
def test_every_service_documents_the_probes_bodies_as_the_kits_models(service):
    module, name = DOCUMENTS[service]
    document = getattr(importlib.import_module(module), name)
    assert body_of(document, "/healthz", "200") == {"$ref": f"{REF}Alive"}
    assert body_of(document, "/readyz", "200") == body_of(document, "/readyz", "503") == {"$ref": f"{REF}Readiness"}
    readiness = document["components"]["schemas"]["Readiness"]
    assert set(readiness["required"]) == {"status", "service", "checks", "warnings"}


@pytest.fixture
def app():
    metadata = MetaData()
    tables, db = BusTables(metadata), Database("sqlite://")
    metadata.create_all(db.engine)
    settings = ServiceSettings(DATABASE_URL="sqlite://", AMQP_URL="amqp://guest:guest@127.0.0.1:1/")
    checks = {"photos": lambda: (False, "PHOTO_DIR is not writable")}
    return create_base_app("sample", settings, db=db, tables=tables, ready_checks=checks)


def test_the_probes_answer_their_models(app):
    client = app.test_client()
    alive = client.get("/healthz")
    assert (alive.status_code, alive.get_json()) == (200, {"status": "alive", "service": "sample"})
    ready = client.get("/readyz")
    body = ready.get_json()
    assert ready.status_code == 503 and ready.mimetype == "application/json"
    assert (body["status"], body["service"], isinstance(body["warnings"], list)) == ("not ready", "sample", True)
    assert body["checks"]["database"] == {"ok": True}  # no reason where there is none: left out, not null
    assert body["checks"]["photos"] == {"ok": False, "reason": "PHOTO_DIR is not writable"}
    assert body["checks"]["broker"]["ok"] is False and body["checks"]["broker"]["reason"]
