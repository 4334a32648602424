"""The OpenAPI 3 description of intake's own API (served at /openapi.json). Open311 GeoReport v2 has its
own, at /open311/v2/openapi.json (minqing_intake.open311.openapi)."""
from __future__ import annotations

from minqing_kit.apidocs import components, errors, finish, json_body, ok, param, ref
from minqing_kit.request_models import schemas

from .bodies import Category, Submission

STR, OPT_STR, OPT_TIME = {"type": "string"}, {"type": "string", "nullable": True}, {"type": "string", "nullable": True}
PRINTABLE_HEADER = "^[\\x20-\\x7e\\xa1-\\xac\\xae-\\xff]*$"
TICKET = param("ticket", "path", "the ticket number, e.g. XL-20261122-000042")
BEARER = [{"bearer": []}]


def _obj(required: list[str], **props) -> dict:
    return {"type": "object", "required": required, "properties": props}


RECEIPT = _obj(["case_id", "ticket", "status", "tracking_secret", "track_url"], case_id=STR, ticket=STR, status=STR,
               received_at=STR, tracking_secret=STR, category=OPT_STR, duplicate_of_ticket=OPT_STR, track_url=STR)
STEP = _obj(["at", "kind"], at=STR, kind=STR, unit=OPT_STR, note=OPT_STR)
CASE_VIEW = _obj(["ticket", "status", "full", "steps"], ticket=STR, district=STR, channel=STR, category=OPT_STR,
                 category_name=OPT_STR, status=STR, unit=OPT_STR, community=OPT_STR, received_at=OPT_TIME,
                 updated_at=OPT_TIME, summary=OPT_STR, reply=OPT_STR, merged_into_ticket=OPT_STR,
                 satisfaction=OPT_STR, steps={"type": "array", "items": STEP},
                 full={"type": "boolean", "description": "with the right tracking secret: also the full record"})
RECLASSIFIED = _obj(["ticket", "category", "changed"], ticket=STR, category=STR, previous_category=OPT_STR,
                    changed={"type": "boolean"})

SPEC = finish({
    "openapi": "3.0.3",
    "info": {"title": "Minqing intake", "version": "1.0.0",
             "description": "Every way in for residents' requests (诉求), ticket numbers (挂牌) and public tracking "
                            "(公示). Open311 GeoReport v2 is described at /open311/v2/openapi.json."},
    "components": components({**schemas(Submission, Category), "Receipt": RECEIPT, "CaseView": CASE_VIEW}),
    "paths": {
        "/api/v1/cases": {"post": {
            "summary": "Submit a request through any channel but Open311",
            "security": [{}, *BEARER],
            "parameters": [param("Idempotency-Key", "header", "16 to 200 printable characters: a retry with the "
                                 "same key and body returns the same receipt (another body: 422)",
                                 {"type": "string", "minLength": 16, "maxLength": 200, "pattern": PRINTABLE_HEADER})],
            "requestBody": json_body(ref("Submission")),
            "responses": {"201": ok(ref("Receipt"), "accepted; the tracking secret is shown here only"),
                          **errors(401, 403, 422, 429)}}},
        "/api/v1/cases/{ticket}": {"get": {
            "summary": "Track a case: public view, or the full record with the tracking secret",
            "parameters": [TICKET, param("X-Tracking-Secret", "header", "the secret from the receipt", STR)],
            "responses": {"200": ok(ref("CaseView"), "status, unit, public steps, reply; never the reporter's contact"),
                          **errors(403, 404, 429)}}},
        "/api/v1/cases/{ticket}/category": {"put": {
            "summary": "Override the category (emits case.reclassified.v1): the district's dispatchers, hotline "
                       "operators, supervisors and admins, or the unit holding the case",
            "security": BEARER, "parameters": [TICKET],
            "requestBody": json_body(ref("Category")),
            "responses": {"200": ok(RECLASSIFIED, "the category now"), **errors(403, 404, 422, 429)}}},
        "/healthz": {"get": {"summary": "liveness", "responses": {"200": {"description": "alive"}}}},
        "/readyz": {"get": {"summary": "readiness (database, broker)", "responses": {
            "200": {"description": "ready"}, "503": {"description": "not ready"}}}},
        "/metrics": {"get": {"summary": "Prometheus metrics", "responses": {"200": {"description": "metrics"}}}},
    },
})
