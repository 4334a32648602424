"""The OpenAPI 3 description of intake's own API (served at /openapi.json). Open311 GeoReport v2 has its
own, at /open311/v2/openapi.json (minqing_intake.open311.openapi)."""

from __future__ import annotations

from minqing_kit.apidocs import (
    FREE_TEXT_QUERY,
    OPT_STR,
    STR,
    components,
    errors,
    finish,
    json_body,
    obj,
    ok,
    param,
    ref,
)
from minqing_kit.request_models import schemas
from minqing_kit.response_models import returns, schemas as answer_schemas

from .answers import ANSWERS, PhotoViews
from .bodies import CardDelivery, Category, Courtyard, Household, Submission, Visit

PRINTABLE_HEADER = "^[\\x20-\\x7e\\xa1-\\xac\\xae-\\xff]*$"
TICKET = param("ticket", "path", "the ticket number, e.g. XL-20261122-000042")
PHOTO_ID = {"type": "string", "pattern": "^[0-9a-f]{32}$"}
PHOTOS = ("image/jpeg", "image/png")
BEARER = [{"bearer": []}]
PROXY_WITHDRAWN = obj(
    ["ticket", "proxy_withdrawn_at"], ticket=STR, proxy_withdrawn_at={"type": "string", "format": "date-time"}
)


RECEIPT = obj(
    ["case_id", "ticket", "status", "tracking_secret", "track_url"],
    case_id=STR,
    ticket=STR,
    status=STR,
    received_at=STR,
    tracking_secret=STR,
    category=OPT_STR,
    duplicate_of_ticket=OPT_STR,
    track_url=STR,
)
STEP = obj(["at", "kind"], at=STR, kind=STR, unit=OPT_STR, note=OPT_STR, deadline=OPT_STR)
CASE_VIEW = obj(
    ["ticket", "status", "full", "steps"],
    ticket=STR,
    district=STR,
    channel=STR,
    category=OPT_STR,
    category_name=OPT_STR,
    request_type=OPT_STR,
    request_type_name=OPT_STR,
    status=STR,
    unit=OPT_STR,
    community=OPT_STR,
    received_at=OPT_STR,
    updated_at=OPT_STR,
    summary=OPT_STR,
    reply=OPT_STR,
    merged_into_ticket=OPT_STR,
    satisfaction=OPT_STR,
    steps={"type": "array", "items": STEP},
    full={"type": "boolean", "description": "with the right tracking secret: also the full record"},
)
RECLASSIFIED = obj(
    ["ticket", "category", "changed"], ticket=STR, category=STR, previous_category=OPT_STR, changed={"type": "boolean"}
)

ARRAY = lambda items: {"type": "array", "items": items}  # noqa: E731
HOUSEHOLD_VIEW = obj(
    ["id", "grid_code", "building_id", "size", "flags", "contact_on_file"],
    id=STR,
    district=STR,
    grid_code=STR,
    building_id=STR,
    unit=STR,
    door=STR,
    size={"type": "integer"},
    flags=ARRAY(STR),
    contact_on_file={"type": "boolean", "description": "a contact is sealed on file (never shown)"},
    last_visited_on={**OPT_STR, "description": "local day (YYYY-MM-DD) of the latest visit; null: never visited"},
)
HOUSEHOLDS = obj(["district", "grids", "households"], district=STR, grids=ARRAY(STR), households=ARRAY(HOUSEHOLD_VIEW))
MATTER_DONE = obj(
    ["outcome", "content"], household_id=OPT_STR, outcome=STR, content=STR, case_id=OPT_STR, ticket=OPT_STR
)
VISIT_DONE = obj(
    ["visit_id", "grid_code", "visitor_id", "visited_at", "local_date", "households", "matters"],
    visit_id=STR,
    district=STR,
    grid_code=STR,
    visitor_id=STR,
    visited_at=STR,
    local_date=STR,
    households=ARRAY(STR),
    matters=ARRAY(MATTER_DONE),
)
DIARY = obj(
    ["district", "person", "date", "visits", "counts"],
    district=STR,
    person=STR,
    date=STR,
    visits=ARRAY({"type": "object"}),
    counts={"type": "object", "additionalProperties": {"type": "integer"}},
)
HOUSEHOLD_ID = param("household_id", "path", "household id")
KEY = param(
    "Idempotency-Key",
    "header",
    "16 to 200 printable characters, one per visit: a retry with the same key and "
    "body returns the same visit (another body: 422)",
    {"type": "string", "minLength": 16, "maxLength": 200, "pattern": PRINTABLE_HEADER},
)
CARDS_DONE = obj(
    ["district", "grid_code", "delivered_on", "recorded", "already"],
    district=STR,
    grid_code=STR,
    delivered_on=STR,
    recorded=ARRAY(STR),
    already=ARRAY(STR),
)
CARD_COUNTS = obj(
    ["district", "grids"],
    district=STR,
    grids=ARRAY(
        obj(
            ["grid_code", "households", "cards_delivered"],
            grid_code=STR,
            households={"type": "integer"},
            cards_delivered={"type": "integer"},
        )
    ),
)
CARD_PATHS = {
    "/api/v1/card-deliveries": {
        "post": {
            "summary": "Record the households of your grid that received a contact card (民情联系卡)",
            "security": BEARER,
            "requestBody": json_body(ref("CardDelivery")),
            "responses": {
                "201": ok(CARDS_DONE, "recorded: households new to the record (card.delivered.v1 names them)"),
                "200": ok(CARDS_DONE, "every household had its card already: nothing changed"),
                **errors(403, 404, 422, 429),
            },
        },
        "get": {
            "summary": "Per grid of yours: households on file and how many received a contact card",
            "security": BEARER,
            "parameters": [param("grid", "query", "one of your grids", None, False)],
            "responses": {"200": ok(CARD_COUNTS, "counts per grid"), **errors(404, 429)},
        },
    },
}
POSITION = {"type": "object", "nullable": True, "properties": {"lon": {"type": "number"}, "lat": {"type": "number"}}}
COURTYARD = obj(
    ["district", "grid_code", "grid_name", "buildings", "places"],
    district=STR,
    grid_code=STR,
    grid_name=STR,
    buildings=ARRAY(
        obj(
            ["id", "address", "position", "messengers"],
            id=STR,
            address=STR,
            position=POSITION,
            messengers={**ARRAY(STR), "description": "names of the building's messengers (民情信使)"},
            units={"type": "integer", "nullable": True},
            floors={"type": "integer", "nullable": True},
            structure=STR,
            note=STR,
        )
    ),
    places=ARRAY(obj(["ref", "kind", "name", "position"], ref=STR, kind=STR, name=STR, position=POSITION, note=STR)),
)
GRID_CODE = param("grid_code", "path", "a grid code of your district, e.g. XL-XF-01-G01")
COURTYARD_PATHS = {
    "/api/v1/grids/{grid_code}/courtyard": {
        "get": {
            "summary": "The courtyard/building file (院落档案) of one of your grids: place facts only",
            "security": BEARER,
            "parameters": [GRID_CODE],
            "responses": {"200": ok(COURTYARD, "the grid's buildings and places"), **errors(404, 429)},
        },
        "put": {
            "summary": "Replace the courtyard/building file of one of your grids (each change in courtyard_edits)",
            "security": BEARER,
            "parameters": [GRID_CODE],
            "requestBody": json_body(ref("Courtyard")),
            "responses": {"200": ok(COURTYARD, "the file as now on file"), **errors(404, 422, 429)},
        },
    },
}
GRID_PATHS = {
    "/api/v1/households": {
        "get": {
            "summary": "The households of the grids you cover (each read audited)",
            "security": BEARER,
            "parameters": [param("grid", "query", "one of your grids", None, False)],
            "responses": {"200": ok(HOUSEHOLDS, "households, never their contact"), **errors(429)},
        },
        "post": {
            "summary": "Enter a household (一户一档) of one of your grids; the contact is sealed",
            "security": BEARER,
            "requestBody": json_body(ref("Household")),
            "responses": {"201": ok(HOUSEHOLD_VIEW, "the household"), **errors(403, 404, 422, 429)},
        },
    },
    "/api/v1/households/{household_id}": {
        "get": {
            "summary": "One household of your grids (audited)",
            "security": BEARER,
            "parameters": [HOUSEHOLD_ID],
            "responses": {"200": ok(HOUSEHOLD_VIEW, "the household"), **errors(404, 429)},
        },
        "put": {
            "summary": "Edit a household of your grids",
            "security": BEARER,
            "parameters": [HOUSEHOLD_ID],
            "requestBody": json_body(ref("Household")),
            "responses": {"200": ok(HOUSEHOLD_VIEW, "the household"), **errors(403, 404, 422, 429)},
        },
    },
    "/api/v1/visits": {
        "post": {
            "summary": "Record a visit (走访): households visited, matters heard; a matter filed is a grid_visit case",
            "security": BEARER,
            "parameters": [{**KEY, "required": True}],
            "requestBody": json_body(ref("Visit")),
            "responses": {
                "201": ok(VISIT_DONE, "the visit (a replay of the key: the same visit)"),
                **errors(403, 422, 429),
            },
        }
    },
    "/api/v1/visits/diary": {
        "get": {
            "summary": "民情日记: a person's visits of a day (the person, their community's and street's handlers)",
            "security": BEARER,
            "parameters": [
                param("person", "query", "person id (default: you)", None, False),
                param(
                    "date",
                    "query",
                    "YYYY-MM-DD, 1900-2999",
                    {"type": "string", "format": "date", "pattern": "^(19|2[0-9])[0-9]{2}-"},
                    True,
                ),
            ],
            "responses": {"200": ok(DIARY, "the day's visits"), **errors(404, 422, 429)},
        }
    },
}
NUMBER = {"type": "number"}
CRS = param(
    "crs",
    "query",
    "the coordinates given and answered: wgs84 (default) or gcj02, a Chinese tile layer's",
    {"type": "string", "enum": ["wgs84", "gcj02"]},
    False,
)
SUGGESTION = obj(
    ["address", "matched", "district", "district_name", "grid_code", "building_id"],
    address=STR,
    matched=STR,
    district=STR,
    district_name=STR,
    grid_code=STR,
    building_id=STR,
)
PLACE = obj(
    ["district", "district_name", "lat", "lon"],
    district=STR,
    district_name=STR,
    grid_code=OPT_STR,
    community=OPT_STR,
    building_id=OPT_STR,
    address=OPT_STR,
    lat=NUMBER,
    lon=NUMBER,
)
GEOJSON = obj(["type", "features"], type=STR, crs_name=STR, features=ARRAY({"type": "object"}))
CATEGORY_HINT = obj(
    ["category", "category_name", "confidence", "keywords"],
    category=OPT_STR,
    category_name=OPT_STR,
    confidence=NUMBER,
    keywords=ARRAY(STR),
)
PLACE_PATHS = {
    "/api/v1/districts/{district}/category-suggestion": {
        "get": {
            "summary": "The category the district's classifier suggests for a text being typed (not stored)",
            "parameters": [
                param("district", "path", "district code, e.g. xinlin"),
                param(
                    "text",
                    "query",
                    "the request's text so far, up to 1000 characters",
                    {"type": "string", "maxLength": 1000, "pattern": FREE_TEXT_QUERY},
                    False,
                ),
            ],
            "responses": {"200": ok(CATEGORY_HINT, "the suggestion; category null: none"), **errors(404, 422, 429)},
        }
    },
    "/api/v1/places/suggestions": {
        "get": {
            "summary": "Addresses of the districts' building registries that contain the text typed (as one types)",
            "parameters": [
                param(
                    "q",
                    "query",
                    "what the resident has typed, up to 60 characters",
                    {"type": "string", "maxLength": 60, "pattern": FREE_TEXT_QUERY},
                    False,
                ),
                param("district", "query", "only this district's (one that does not exist: none)", None, False),
                param("limit", "query", "1-20 (default 8)", {"type": "integer", "minimum": 1, "maximum": 20}, False),
            ],
            "responses": {
                "200": ok(obj(["suggestions"], suggestions=ARRAY(SUGGESTION)), "matches, best first"),
                **errors(422, 429),
            },
        }
    },
    "/api/v1/places/nearest": {
        "get": {
            "summary": "The place at a point (a phone's location, a pin): its district, grid and nearest building",
            "parameters": [
                param("lat", "query", "latitude", {"type": "number", "minimum": -90, "maximum": 90}, True),
                param("lon", "query", "longitude", {"type": "number", "minimum": -180, "maximum": 180}, True),
                CRS,
            ],
            "responses": {"200": ok(PLACE, "the place, in WGS-84"), **errors(404, 422, 429)},
        }
    },
    "/api/v1/districts/{district}/map": {
        "get": {
            "summary": "The district's grids and positioned buildings as GeoJSON, for the resident's map",
            "parameters": [param("district", "path", "district code, e.g. xinlin"), CRS],
            "responses": {"200": ok(GEOJSON, "a FeatureCollection", "application/geo+json"), **errors(404, 422, 429)},
        }
    },
}

SPEC = finish(
    {
        "openapi": "3.0.3",
        "info": {
            "title": "Minqing intake",
            "version": "1.0.0",
            "description": "Every way in for residents' requests (诉求), ticket numbers (挂牌) and public tracking "
            "(公示). Open311 GeoReport v2 is described at /open311/v2/openapi.json.",
        },
        "components": components(
            {
                **schemas(Submission, Category, Household, Visit, CardDelivery, Courtyard),
                **answer_schemas(*ANSWERS),
                "Receipt": RECEIPT,
                "CaseView": CASE_VIEW,
            }
        ),
        "paths": {
            "/api/v1/cases": {
                "post": {
                    "summary": "Submit a request through any channel but Open311",
                    "security": [{}, *BEARER],
                    "parameters": [
                        param(
                            "Idempotency-Key",
                            "header",
                            "16 to 200 printable characters: a retry with the "
                            "same key and body returns the same receipt (another body: 422)",
                            {"type": "string", "minLength": 16, "maxLength": 200, "pattern": PRINTABLE_HEADER},
                        )
                    ],
                    "requestBody": json_body(ref("Submission")),
                    "responses": {
                        "201": ok(ref("Receipt"), "accepted; the tracking secret is shown here only"),
                        **errors(401, 403, 422, 429),
                    },
                }
            },
            "/api/v1/cases/{ticket}": {
                "get": {
                    "summary": "Track a case: public view, or the full record with the tracking secret; a 不公开"
                    " (public false) request has no public view: 404 without its secret",
                    "parameters": [TICKET, param("X-Tracking-Secret", "header", "the secret from the receipt", STR)],
                    "responses": {
                        "200": ok(ref("CaseView"), "status, unit, public steps, reply; never the reporter's contact"),
                        **errors(403, 404, 429),
                    },
                }
            },
            "/api/v1/cases/{ticket}/proxy/withdraw": {
                "post": {
                    "summary": "The resident takes the case back from the proxy who filed it (代理; emits "
                    "case.proxy_withdrawn.v1): the proxy is no longer told of its steps; again: the same answer",
                    "parameters": [
                        TICKET,
                        param("X-Tracking-Secret", "header", "the secret from the receipt", STR, required=True),
                    ],
                    "responses": {
                        "200": ok(PROXY_WITHDRAWN, "the case is the resident's own again"),
                        **errors(403, 404, 409, 429),
                    },
                }
            },
            "/api/v1/cases/{ticket}/category": {
                "put": {
                    "summary": "Override the category (emits case.reclassified.v1): the district's dispatchers, "
                    "hotline operators, supervisors and admins, or the unit holding the case",
                    "security": BEARER,
                    "parameters": [TICKET],
                    "requestBody": json_body(ref("Category")),
                    "responses": {"200": ok(RECLASSIFIED, "the category now"), **errors(403, 404, 422, 429)},
                }
            },
            "/api/v1/cases/{ticket}/photos/{photo_id}": {
                "get": {
                    "summary": "One of the case's photos as stored (re-encoded: no EXIF, no GPS), for the staff of "
                    "the case's district, each view audited (who, when, which case); another district's case answers"
                    " 404",
                    "security": BEARER,
                    "parameters": [
                        TICKET,
                        param("photo_id", "path", "the attachment's id (ref att:<id>)", PHOTO_ID, required=True),
                        param("size", "query", "thumb: the 320 px thumbnail", {"type": "string", "enum": ["thumb"]}),
                    ],
                    "responses": {
                        "200": {
                            "description": "the photo",
                            "content": {media: {"schema": {"type": "string", "format": "binary"}} for media in PHOTOS},
                        },
                        **errors(401, 404, 429),
                    },
                }
            },
            "/api/v1/districts/{district}/photo-views": {
                "get": {
                    "summary": "Who viewed which case's photos and when (the audit of the staff photo API above), "
                    "newest first, for the district's supervisors only (anyone else, another district's too: 403)",
                    "security": BEARER,
                    "parameters": [
                        param("district", "path", "district code, e.g. xinlin"),
                        param("ticket", "query", "that case's views only", None, False),
                        param(
                            "before",
                            "query",
                            "entries older than this id: the previous page's next_before",
                            {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
                        ),
                        param(
                            "limit",
                            "query",
                            "at most this many (1-200, default 50)",
                            {"type": "integer", "minimum": 1, "maximum": 200},
                        ),
                    ],
                    "responses": {"200": returns(PhotoViews, "a page of the audit"), **errors(401, 403, 422, 429)},
                }
            },
            **GRID_PATHS,
            **CARD_PATHS,
            **COURTYARD_PATHS,
            **PLACE_PATHS,
            "/healthz": {"get": {"summary": "liveness", "responses": {"200": {"description": "alive"}}}},
            "/readyz": {
                "get": {
                    "summary": "readiness (database, broker)",
                    "responses": {"200": {"description": "ready"}, "503": {"description": "not ready"}},
                }
            },
            "/metrics": {"get": {"summary": "Prometheus metrics", "responses": {"200": {"description": "metrics"}}}},
        },
    }
)
