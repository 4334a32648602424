"""The OpenAPI 3 description of intake's own API (served at /openapi.json). Open311 GeoReport v2 has its
own, at /open311/v2/openapi.json (minqing_intake.open311.openapi)."""

from __future__ import annotations

from minqing_kit.apidocs import (
    FREE_TEXT_QUERY,
    STR,
    components,
    errors,
    finish,
    json_body,
    param,
    ref,
)
from minqing_kit.probe_answers import probe_paths
from minqing_kit.request_models import schemas
from minqing_kit.response_models import returns, schemas as answer_schemas

from . import answers as a
from .bodies import CardDelivery, Category, Courtyard, Household, StepUpdates, Submission, Visit

PRINTABLE_HEADER = "^[\\x20-\\x7e\\xa1-\\xac\\xae-\\xff]*$"
TICKET = param("ticket", "path", "the ticket number, e.g. XL-20261122-000042")
PHOTO_ID = {"type": "string", "pattern": "^[0-9a-f]{32}$"}
PHOTOS = ("image/jpeg", "image/png")
BEARER = [{"bearer": []}]


HOUSEHOLD_ID = param("household_id", "path", "household id")
KEY = param(
    "Idempotency-Key",
    "header",
    "16 to 200 printable characters, one per visit: a retry with the same key and "
    "body returns the same visit (another body: 422)",
    {"type": "string", "minLength": 16, "maxLength": 200, "pattern": PRINTABLE_HEADER},
)
CARD_PATHS = {
    "/api/v1/card-deliveries": {
        "post": {
            "summary": "Record the households of your grid that received a contact card (民情联系卡)",
            "security": BEARER,
            "requestBody": json_body(ref("CardDelivery")),
            "responses": {
                "201": returns(
                    a.CardsDelivered, "recorded: households new to the record (card.delivered.v1 names them)"
                ),
                "200": returns(a.CardsDelivered, "every household had its card already: nothing changed"),
                **errors(403, 404, 422, 429),
            },
        },
        "get": {
            "summary": "Per grid of yours: households on file and how many received a contact card",
            "security": BEARER,
            "parameters": [param("grid", "query", "one of your grids", None, False)],
            "responses": {"200": returns(a.CardCounts, "counts per grid"), **errors(404, 429)},
        },
    },
}
GRID_CODE = param("grid_code", "path", "a grid code of your district, e.g. XL-XF-01-G01")
COURTYARD_PATHS = {
    "/api/v1/grids/{grid_code}/courtyard": {
        "get": {
            "summary": "The courtyard/building file (院落档案) of one of your grids: place facts only",
            "security": BEARER,
            "parameters": [GRID_CODE],
            "responses": {"200": returns(a.CourtyardView, "the grid's buildings and places"), **errors(404, 429)},
        },
        "put": {
            "summary": "Replace the courtyard/building file of one of your grids (each change in courtyard_edits); "
            "409 stale_version when the file moved on from the version the edit names",
            "security": BEARER,
            "parameters": [GRID_CODE],
            "requestBody": json_body(ref("Courtyard")),
            "responses": {
                "200": returns(a.CourtyardView, "the file as now on file"),
                **errors(404, 409, 422, 429),
            },
        },
    },
}
GRID_PATHS = {
    "/api/v1/households": {
        "get": {
            "summary": "The households of the grids you cover (each read audited)",
            "security": BEARER,
            "parameters": [param("grid", "query", "one of your grids", None, False)],
            "responses": {"200": returns(a.Households, "households, never their contact"), **errors(429)},
        },
        "post": {
            "summary": "Enter a household (一户一档) of one of your grids; the contact is sealed",
            "security": BEARER,
            "requestBody": json_body(ref("Household")),
            "responses": {"201": returns(a.HouseholdView, "the household"), **errors(403, 404, 422, 429)},
        },
    },
    "/api/v1/households/{household_id}": {
        "get": {
            "summary": "One household of your grids (audited)",
            "security": BEARER,
            "parameters": [HOUSEHOLD_ID],
            "responses": {"200": returns(a.HouseholdView, "the household"), **errors(404, 429)},
        },
        "put": {
            "summary": "Edit a household of your grids",
            "security": BEARER,
            "parameters": [HOUSEHOLD_ID],
            "requestBody": json_body(ref("Household")),
            "responses": {"200": returns(a.HouseholdView, "the household"), **errors(403, 404, 422, 429)},
        },
    },
    "/api/v1/visits": {
        "post": {
            "summary": "Record a visit (走访): households visited, matters heard; a matter filed is a grid_visit case",
            "security": BEARER,
            "parameters": [{**KEY, "required": True}],
            "requestBody": json_body(ref("Visit")),
            "responses": {
                "201": returns(a.VisitDone, "the visit (a replay of the key: the same visit)"),
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
            "responses": {"200": returns(a.Diary, "the day's visits"), **errors(404, 422, 429)},
        }
    },
}
CRS = param(
    "crs",
    "query",
    "the coordinates given and answered: wgs84 (default) or gcj02, a Chinese tile layer's",
    {"type": "string", "enum": ["wgs84", "gcj02"]},
    False,
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
            "responses": {
                "200": returns(a.CategoryHint, "the suggestion; category null: none"),
                **errors(404, 422, 429),
            },
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
                "200": returns(a.AddressSuggestions, "matches, best first"),
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
            "responses": {"200": returns(a.Place, "the place, in WGS-84"), **errors(404, 422, 429)},
        }
    },
    "/api/v1/districts/{district}/map": {
        "get": {
            "summary": "The district's grids and positioned buildings as GeoJSON, for the resident's map",
            "parameters": [param("district", "path", "district code, e.g. xinlin"), CRS],
            "responses": {
                "200": returns(a.DistrictMap, "a FeatureCollection", "application/geo+json"),
                **errors(404, 422, 429),
            },
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
                **schemas(Submission, Category, StepUpdates, Household, Visit, CardDelivery, Courtyard),
                **answer_schemas(*a.ANSWERS),
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
                        "201": returns(a.Receipt, "accepted; the tracking secret is shown here only"),
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
                        "200": returns(a.CaseView, "status, unit, public steps, reply; never the reporter's contact"),
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
                        "200": returns(a.ProxyWithdrawn, "the case is the resident's own again"),
                        **errors(403, 404, 409, 429),
                    },
                }
            },
            "/api/v1/cases/{ticket}/step-updates": {
                "put": {
                    "summary": "The resident turns the SMS on each public step on or off (开启 / 退订; emits "
                    "case.step_updates_changed.v1 when it changes, audited); 409 for a case filed without a phone",
                    "parameters": [
                        TICKET,
                        param("X-Tracking-Secret", "header", "the secret from the receipt", STR, required=True),
                    ],
                    "requestBody": json_body(ref("StepUpdates")),
                    "responses": {
                        "200": returns(a.StepUpdatesChosen, "what is now chosen"),
                        **errors(403, 404, 409, 422, 429),
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
                    "responses": {"200": returns(a.Reclassified, "the category now"), **errors(403, 404, 422, 429)},
                }
            },
            "/api/v1/cases/{ticket}/photos/{photo_id}": {
                "get": {
                    "summary": "One of the case's photos as stored (re-encoded: no EXIF, no GPS), for the staff of "
                    "the case's district, each view audited (who, when, which case; one entry per person, case and "
                    "photo within 10 minutes, not one per load); another district's case answers 404",
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
            "/api/v1/case-photos": {
                "get": {
                    "summary": "The ids of the photos cases of your district came with (another district's or an "
                    "unknown ticket is left out); each is read, and its view audited, at the path above",
                    "security": BEARER,
                    "parameters": [
                        {
                            "name": "ticket",
                            "in": "query",
                            "required": True,
                            "description": "a ticket; repeated for more (1-50)",
                            "schema": {
                                "type": "array",
                                "items": {**TICKET["schema"], "minLength": 1},
                                "minItems": 1,
                                "maxItems": 50,
                            },
                            "style": "form",
                            "explode": True,
                        }
                    ],
                    "responses": {"200": returns(a.CasePhotos, "each case's photo ids"), **errors(401, 422, 429)},
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
                    "responses": {"200": returns(a.PhotoViews, "a page of the audit"), **errors(401, 403, 422, 429)},
                }
            },
            **GRID_PATHS,
            **CARD_PATHS,
            **COURTYARD_PATHS,
            **PLACE_PATHS,
            **probe_paths(),
        },
    }
)
