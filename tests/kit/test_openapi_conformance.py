"""Schemathesis with every check on each service's own /openapi.json, so that the document says what
the service does: the app built in this process on a fresh PostgreSQL database, served over local
HTTP, and called signed in as the demo district's dispatcher (and without a token, by the checks
that need it). CONFORMANCE_EXAMPLES and CONFORMANCE_SEED widen a run by hand."""

from __future__ import annotations

import importlib
import os
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema

from minqing_kit.sealing import generate_contact_keypair
from minqing_kit.tokens import Principal, TokenSigner, generate_keypair
from support.wsgi_server import serving  # a real socket: werkzeug's test client refuses the ignored_auth probe

DEMO_DISTRICTS = Path(__file__).resolve().parents[2] / "config" / "districts"
PRIVATE, PUBLIC = generate_keypair()
_, CONTACT_PUBLIC = generate_contact_keypair()
DISPATCHER = Principal("xl-dp-1", "赵国庆", "xinlin", "xinlin", ("dispatcher", "district_handler"))
# Evaluation's staff endpoints are for admins, leaders and hotline operators: the dispatcher with those
# roles too reaches their answers (a ballot, a follow-up list) and not only their 403.
EVALUATION_STAFF = Principal("xl-dp-1", "赵国庆", "xinlin", "xinlin", ("dispatcher", "admin", "hotline_operator"))
COMMON = {"DISTRICTS_DIR": DEMO_DISTRICTS, "TOKEN_PUBLIC_KEYS": f"k1={PUBLIC}"}
SERVICES = {  # service: its own settings beside COMMON
    "intake": {"NOTIFY_PUBLIC_KEY": CONTACT_PUBLIC, "RATE_LIMIT_ADDRESS": "0", "RATE_LIMIT_PHONE": "0"},
    "routing": {"TOKEN_SIGNING_KEY": PRIVATE, "TOKEN_KEY_ID": "k1"},
    "evaluation": {},
    "notify": {},
}
# Requests a schema allows but a rule across fields or the service's configuration refuses with 422, which
# OpenAPI cannot state: there, and only there, schema-valid data may get 422 (the rule beside each path).
BEYOND_SCHEMA = {
    "intake": {
        "/api/v1/cases": "the district, its categories and grids are configuration; a proxy filing needs "
        "filed_for, the echo wall no contact, a point both lat and lon",
        "/api/v1/cases/{ticket}/category": "the district's categories are configuration",
        "/api/v1/households": "the district's grids and their buildings are configuration",
        "/api/v1/households/{household_id}": "the district's grids and their buildings are configuration",
        "/api/v1/grids/{grid_code}/courtyard": "the grid's buildings are configuration, each building and place "
        "given once, a position both lat and lon",
        "/api/v1/visits": "the households must be the grid's, a key serves one body, no visit in the future",
    },
    "routing": {
        **{
            f"/api/v1/cases/{{case_id}}{action}": "the district's units are configuration"
            for action in ("/dispatch", "/rule", "/escalate", "/joint", "/parts/{part_id}/reassign")
        },
        "/api/v1/cases/{case_id}/return": "the district's return reasons are configuration",
        "/api/v1/cases/{case_id}/merge": "without into_case_id, only a case intake flagged as a duplicate (no_target)",
    },
    "evaluation": {
        "/api/v1/districts/{district}/rates": "to before from",
        "/api/v1/districts/{district}/rankings": "to before from",
        "/api/v1/projects": "the district's units and grids are configuration",
        "/api/v1/projects/{project_id}/paper-ratings": "the round's households come from intake's listing",
        "/api/v1/districts/{district}/panel-ratings": "the quarter's panel members are data, named by staff",
        "/api/v1/reviews/{review_id}/votes": "a residents' ballot names its household",
        "/api/v1/reviews": "the district's people are configuration",
        "/api/v1/districts/{district}/themes": "the district's categories, areas and units are configuration",
        "/api/v1/themes/{theme_id}/tasks": "the district's units are configuration",
        "/api/v1/meetings": "the district's units and cases are configuration and data",
        "/api/v1/meetings/{meeting_id}/decisions": "the district's units are configuration, the cases the meeting's",
        "/api/v1/meetings/{meeting_id}/attendance": "the attended are the meeting's invitees, which are data",
        "/api/v1/deliberations": "the district's units are configuration",
        "/api/v1/deliberations/{matter_id}/steps": "the vote carries its counts, linked visits are the district's",
    },
    "notify": {"/api/v1/deliveries": "one of case_id, ticket or recipient is needed"},
}
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]  # schemathesis's default, and 422
MAX_EXAMPLES = int(os.environ.get("CONFORMANCE_EXAMPLES", "12"))
SEED = int(os.environ.get("CONFORMANCE_SEED", "12"))


def config(service: str, token: str) -> SchemathesisConfig:
    """Every check; no NUL generated (refused anywhere in a body, even in a property no schema names:
    each document's strings say NUL is refused); no database or cache of earlier runs."""
    return SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "cache": {"enabled": False},
            "checks": {"enabled": True},
            "generation": {"max-examples": MAX_EXAMPLES, "database": "none", "allow-x00": False},
            "headers": {"Authorization": f"Bearer {token}"},
            "operations": [
                {"include-path": path, "checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED}}}
                for path in BEYOND_SCHEMA.get(service, {})
            ],
        }
    )


def failures(schema) -> list[str]:
    """Every failed check ('operation: check: title | message | request') and engine error of a run."""
    found = []
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            found += [
                f"{event.recorder.label}: {check.name}: {check.failure_info.failure.title} | "
                f"{check.failure_info.failure.message[:300]} | {check.failure_info.code_sample[:300]}"
                for checks in event.recorder.checks.values()
                for check in checks
                if check.status == Status.FAILURE and check.failure_info
            ]
        elif isinstance(event, events.NonFatalError):
            found.append(f"error in {event.label}: {event.value!r}")
        elif isinstance(event, events.FatalError):
            raise event.exception
    return sorted(set(found))


def routing_case(runtime) -> None:
    """A case dispatched in the demo district, under the ticket routing's document gives as its example,
    so that the case's own answers (its detail, actions on it) are checked too."""
    from minqing_contracts import new_envelope
    from minqing_contracts.events.base import Actor
    from minqing_contracts.events.intake import CaseReceived, Classification, Location
    from minqing_routing.subscriptions import subscriptions

    payload = CaseReceived(
        ticket="XL-20261201-000001",
        channel="web",
        content="幸福小区4号楼门口的路灯坏了一个月。",
        classification=Classification(category="municipal", confidence=0.9, rule="keyword:路灯"),
        location=Location(grid_code="XL-XF-01-G02"),
        urgent=False,
        first_contact=Actor(kind="resident"),
        received_at=datetime.now(UTC),
    )
    envelope = new_envelope(payload, district="xinlin", producer="intake", case_id=str(uuid.uuid4()))
    with runtime.db.transaction() as session:
        subscriptions(runtime)[CaseReceived].handle(session, [(envelope, payload)])  # a BatchHandler since 2999eb6


def notify_message(runtime) -> None:
    """Message 1 (the id notify's document gives as its example) in the dispatcher's in-app inbox."""
    from minqing_notify.adapters.tables import inbox_messages

    with runtime.db.transaction() as session:
        session.execute(
            inbox_messages.insert().values(
                id=1,
                delivery_id=str(uuid.uuid4()),
                district="xinlin",
                person_id=DISPATCHER.person_id,
                case_id="c-1",
                ticket="XL-20261201-000001",
                title="新派单",
                body="XL-20261201-000001 已派至幸福社区",
                created_at=datetime.now(UTC),
            )
        )


DATA = {"routing": routing_case, "notify": notify_message}


@pytest.mark.slow
@pytest.mark.parametrize("service", list(SERVICES))
def test_every_check_passes_on_the_services_own_document(service, make_settings):
    definition = importlib.import_module(f"minqing_{service}.definition").DEFINITION
    app = importlib.import_module(f"minqing_{service}.web").create_app(
        make_settings(definition, **COMMON, **SERVICES[service])
    )
    DATA.get(service, lambda runtime: None)(app.extensions["runtime"])
    try:
        with serving(app) as root:
            schema = schemathesis.openapi.from_url(
                f"{root}/openapi.json",
                config=config(
                    service,
                    TokenSigner("k1", PRIVATE).issue(EVALUATION_STAFF if service == "evaluation" else DISPATCHER),
                ),
            )
            found = failures(schema)
    finally:
        app.extensions["runtime"].db.dispose()
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("service", list(SERVICES))
def test_the_document_names_every_api_route_the_service_serves(service, make_settings):
    definition = importlib.import_module(f"minqing_{service}.definition").DEFINITION
    app = importlib.import_module(f"minqing_{service}.web").create_app(
        make_settings(definition, **COMMON, **SERVICES[service])
    )
    app.extensions["runtime"].db.dispose()
    document = app.test_client().get("/openapi.json").get_json()
    documented = {
        (re.sub(r"\{[^}]+\}", "{}", path), method.upper())
        for path, item in document["paths"].items()
        for method in item
    }
    served = {
        (re.sub(r"<[^>]+>", "{}", rule.rule), method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert served and served <= documented, served - documented
