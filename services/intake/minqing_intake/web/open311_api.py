"""Open311 GeoReport v2 at /open311/v2/: discovery, services, service definitions, requests, tokens.

A district is a ``jurisdiction_id``; its categories are the services. Without ``jurisdiction_id`` the
OPEN311_DEFAULT_JURISDICTION (else the first district by code) is used.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, request

from minqing_kit.errors import ApiError

from .. import submit as submitting
from ..address_limit import limit_client_address
from ..current import runtime
from ..open311 import clients, documents as open311_documents, openapi as open311_openapi, service_requests
from ..open311.answers import Created, Discovery, ServiceDefinition, ServiceRequests, Services, Token
from ..open311.formats import Open311Error, render, render_error

blueprint = Blueprint("open311", __name__, url_prefix="/open311/v2")
blueprint.before_request(limit_client_address)
FMT = "<fmt>"  # checked in each view, so that a bad format gets an Open311 error, not a bare 404
FORMATS = ("json", "xml")


@blueprint.url_value_preprocessor
def _check_format(_endpoint, values):
    if values and "fmt" in values and values["fmt"] not in FORMATS:
        raise Open311Error(400, "the response format must be .json or .xml")


def _format() -> str:
    fmt = (request.view_args or {}).get("fmt") or request.path.rpartition(".")[2]
    return fmt if fmt in FORMATS else "json"


@blueprint.errorhandler(Open311Error)
def _open311_error(error: Open311Error):
    return render_error(error, _format())


NAMES = {"jurisdiction_id", "service_code", "service_request_id", "token_id", "path", "_unknown"}


@blueprint.errorhandler(ApiError)
def _api_error(error: ApiError):
    """Field errors are the specification's 400, except that a name holding a control character names
    nothing that exists: that is its 404 ("always 404 for resources that don't exist")."""
    reasons = "; ".join(f"{f.field}: {f.reason}" for f in error.fields) or error.message
    status = 400 if error.status == 422 else error.status
    if error.code == "control_characters" and {f.field for f in error.fields} <= NAMES:
        status, reasons = 404, "nothing is named with a control character: " + reasons
    return _open311_error(Open311Error(status, reasons, error.headers))


def _district():
    rt = runtime()
    code = request.values.get("jurisdiction_id") or rt.settings.OPEN311_DEFAULT_JURISDICTION or sorted(rt.districts)[0]
    if code not in rt.districts:
        raise Open311Error(404, f"jurisdiction_id {code} not found")
    return rt.districts[code]


@blueprint.get(f"/discovery.{FMT}")
def discovery(fmt: str):
    base = request.host_url.rstrip("/") + blueprint.url_prefix + "/"
    return render(Discovery, open311_documents.discovery(base), fmt, "discovery")


@blueprint.get("/openapi.json")
def openapi():
    """Intake's own description of GeoReport v2, written from the specification's text."""
    return open311_openapi.document(request.host_url.rstrip("/") + blueprint.url_prefix)


@blueprint.get("/<path:_unknown>")
def unknown(_unknown: str):
    """Any other path under /open311/v2 is the specification's 404, in its format."""
    raise Open311Error(404, "no such Open311 resource")


@blueprint.get(f"/services.{FMT}")
def services(fmt: str):
    return render(Services, [open311_documents.service(c) for c in _district().categories], fmt, "services")


@blueprint.get(f"/services/<service_code>.{FMT}")
def service_definition(service_code: str, fmt: str):
    if service_code not in {c.code for c in _district().categories}:
        raise Open311Error(404, f"service_code {service_code} not found")
    return render(ServiceDefinition, open311_documents.definition(service_code), fmt, "service_definition")


def _number(name: str) -> float | None:
    raw = request.values.get(name)
    if raw in (None, ""):
        return None
    try:
        return float(raw)
    except ValueError:
        raise Open311Error(400, f"{name} must be a number") from None


@blueprint.post(f"/requests.{FMT}")
def create_request(fmt: str):
    rt, district = runtime(), _district()
    client = clients.client_for(rt.db, request.values.get("api_key"))
    if client is None:
        raise Open311Error(403, "a valid api_key is required to post requests")
    values = request.values
    if not values.get("service_code"):
        raise Open311Error(400, "service_code is required")
    category = next((c for c in district.categories if c.code == values.get("service_code")), None)
    if category is None:
        raise Open311Error(404, f"service_code {values.get('service_code')!r} not found in {district.code}")
    receipt = submitting.submit(
        rt,
        open311_documents.submission(district, category, values, _number),
        open311_client=client,
        idempotency_key=request.headers.get("Idempotency-Key"),
    )
    return render(Created, [open311_documents.created(receipt)], fmt, "service_requests")


def _when(name: str) -> datetime | None:
    raw = request.values.get(name)
    try:
        return None if raw is None else open311_documents.when(raw)
    except ValueError:
        raise Open311Error(400, f"{name} must be a W3C date-time with a time zone") from None


@blueprint.get(f"/requests.{FMT}")
def list_requests(fmt: str):
    district = _district()
    try:
        statuses = open311_documents.statuses(request.values.get("status"))
    except ValueError:
        raise Open311Error(400, "status must be open, closed or both, comma delimited") from None
    start, end = _when("start_date"), _when("end_date")  # a span over 90 days is cut to its last 90
    ids = [i for i in (request.values.get("service_request_id") or "").split(",") if i]
    # the public list, up to 90 days of a district: the replica's (a client's own new request is
    # answered by tokens/ and requests/<id>, which read the primary)
    with runtime().read_db.engine.connect() as connection:
        rows = service_requests.list_requests(
            connection,
            district.code,
            ids=ids,
            statuses=statuses,
            service_code=request.values.get("service_code"),
            start=start,
            end=end,
        )
    return _requests(district, rows, fmt)


def _requests(district, rows, fmt: str):
    names = {c.code: c.name for c in district.categories}
    return render(ServiceRequests, [service_requests.as_request(r, names) for r in rows], fmt, "service_requests")


@blueprint.get(f"/requests/<service_request_id>.{FMT}")
def get_request(service_request_id: str, fmt: str):
    district = _district()
    with runtime().db.engine.connect() as connection:
        rows = service_requests.list_requests(connection, district.code, ids=[service_request_id])
    if not rows:
        raise Open311Error(404, f"service_request_id {service_request_id} not found")
    return _requests(district, rows, fmt)


@blueprint.get(f"/tokens/<token_id>.{FMT}")
def token(token_id: str, fmt: str):
    district = _district()
    with runtime().db.engine.connect() as connection:
        ticket = service_requests.request_for_token(connection, district.code, token_id)
    if ticket is None:
        raise Open311Error(404, f"token {token_id} not found")
    return render(Token, [{"service_request_id": ticket, "token": token_id}], fmt, "service_requests")
