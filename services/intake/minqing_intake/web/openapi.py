"""The OpenAPI 3 description of intake's own API (served at /openapi.json). Open311 GeoReport v2 has its
own, at /open311/v2/openapi.json (minqing_intake.open311.openapi)."""
from __future__ import annotations

from minqing_kit.apidocs import components, errors, finish, json_body, ok, param, ref, text

from ..domain.channels import CHANNELS, OPEN311, STAFF_CHANNELS
from ..domain.submission import ATTACHMENT_TYPES, MAX_ADDRESS, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, MAX_CONTENT

STR, OPT_STR, OPT_TIME = {"type": "string"}, {"type": "string", "nullable": True}, {"type": "string", "nullable": True}
# Five characters or more once white space is trimmed (MIN_CONTENT), and no NUL.
CONTENT = "^[^\\x00]*[^\\s\\x00][^\\x00]{3,}[^\\s\\x00][^\\x00]*$"
# A mainland mobile number once spaces and dashes are dropped and a leading +86 too (normalise_phone).
MOBILE = "^[\\s-]*(\\+[\\s-]*8[\\s-]*6[\\s-]*)?1[\\s-]*[3-9]([\\s-]*\\d){9}[\\s-]*$"
PRINTABLE_HEADER = "^[\\x20-\\x7e\\xa1-\\xac\\xae-\\xff]*$"
TICKET = param("ticket", "path", "the ticket number, e.g. XL-20261122-000042")
BEARER = [{"bearer": []}]


def _obj(required: list[str], **props) -> dict:
    return {"type": "object", "required": required, "properties": props}


def _nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


LOCATION = {**_obj([], address=_nullable(text(MAX_ADDRESS, blank=True)), grid_code=_nullable(text(blank=True)),
                   lat={"type": "number", "minimum": -90, "maximum": 90, "nullable": True},
                   lon={"type": "number", "minimum": -180, "maximum": 180, "nullable": True}),
            "nullable": True,
            "description": "at least one of address, grid_code, lat+lon; a grid of the district, a point inside it"}
CONTACT = {**_obj([], name=_nullable(text(60, blank=True)), phone=_nullable({"type": "string", "pattern": MOBILE}),
                  email=_nullable({"type": "string", "maxLength": 200, "pattern": "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"})),
           "nullable": True, "description": "sealed for notify; never shown or logged; must be empty on the echo wall"}
ATTACHMENT = _obj(["ref", "content_type", "size"],
                  ref={"type": "string", "pattern": "^(att:[A-Za-z0-9_-]{1,200}|https://[^\\s]{1,290})$"},
                  content_type={"type": "string", "enum": list(ATTACHMENT_TYPES)},
                  size={"type": "integer", "minimum": 1, "maximum": MAX_ATTACHMENT_BYTES})
SUBMISSION = _obj(["district", "content"], **{
    "district": {**text(), "example": "xinlin", "description": "a district intake serves (else 422)"},
    "channel": {"type": "string", "enum": [c for c in CHANNELS if c != OPEN311], "default": "web",
                "description": f"staff channels ({', '.join(STAFF_CHANNELS)}) need a Bearer token; the signed-in "
                               "person is the first contact"},
    "content": {"type": "string", "pattern": CONTENT, "maxLength": MAX_CONTENT},
    "category": _nullable({**text(), "description": "optional, one of the district's; else suggested from the text"}),
    "location": LOCATION, "contact": CONTACT,
    "filed_for": _nullable({**text(120, blank=True), "description": "proxy filing (代办) only: whom it is filed for"}),
    "urgent": {"type": "boolean"},
    "attachments": {"type": "array", "maxItems": MAX_ATTACHMENTS, "items": ATTACHMENT, "nullable": True}})
SUBMISSION["example"] = {"district": "xinlin", "content": "幸福小区4号楼门口的路灯坏了一个月,晚上很黑。",
                         "location": {"grid_code": "XL-XF-01-G02"}, "contact": {"phone": "138 1234 5678"}}
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
    "components": components({"Submission": SUBMISSION, "Receipt": RECEIPT, "CaseView": CASE_VIEW}),
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
            "requestBody": json_body(_obj(["category"], category=text())),
            "responses": {"200": ok(RECLASSIFIED, "the category now"), **errors(403, 404, 422, 429)}}},
        "/healthz": {"get": {"summary": "liveness", "responses": {"200": {"description": "alive"}}}},
        "/readyz": {"get": {"summary": "readiness (database, broker)", "responses": {
            "200": {"description": "ready"}, "503": {"description": "not ready"}}}},
        "/metrics": {"get": {"summary": "Prometheus metrics", "responses": {"200": {"description": "metrics"}}}},
    },
})
