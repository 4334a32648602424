"""The GeoReport v2 documents intake builds and the values it reads: discovery, a service and its
definition, the answer to a POST, the submission a POST makes, dates and status filters."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from minqing_contracts.request_types import REQUEST_TYPE_LABELS

from ..domain.channels import OPEN311
from ..domain.submission import Contact, Submission

CHANGESET = "2026-12-02T00:00:00Z"  # when the service list or the definitions last changed shape
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
MIME = {"xml": "text/xml", "json": "application/json"}
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})")
STATUSES = re.compile(r"(?:(?:open|closed)(?:,(?:open|closed))*)?")
EARLIEST = datetime.min.replace(tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)
REQUEST_TYPE = "request_type"  # the attribute's code: a POST's attribute[request_type]


def discovery(base_url: str) -> dict:
    """The endpoint is listed once per format, XML first (the format every v2 client must read). Each
    entry names both formats: a client reading the XML sees `endpoints` and `formats` as lists only
    when an element repeats (SeeClickFix's validator checks exactly that)."""

    def endpoint(first: str, second: str) -> dict:
        return {
            "specification": SPECIFICATION,
            "url": base_url,
            "changeset": CHANGESET,
            "type": "production",
            "formats": [MIME[first], MIME[second]],
        }

    return {
        "changeset": CHANGESET,
        "contact": "Minqing intake (民情受理)",
        "key_service": "an api_key is issued with: minqing-intake add-open311-client NAME",
        "endpoints": [endpoint("xml", "json"), endpoint("json", "xml")],
    }


def service(category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.name,
        "metadata": True,  # its definition holds the request type
        "type": "realtime",
        "keywords": ", ".join(category.keywords),
        "group": category.code,
    }


def definition(service_code: str) -> dict:
    """Every service's one attribute, the request type (诉求类型) as a singlevaluelist; optional, so a client
    that does not ask it files as before, with none, as other producers that do not ask do."""
    attribute = {
        "variable": True,
        "code": REQUEST_TYPE,
        "datatype": "singlevaluelist",
        "required": False,
        "datatype_description": "one of the keys",
        "order": 1,
        "description": "诉求类型, the kind of request: "
        + ", ".join(f"{code} {label}" for code, label in REQUEST_TYPE_LABELS.items()),
        "values": [{"key": code, "name": label} for code, label in REQUEST_TYPE_LABELS.items()],
    }
    return {"service_code": service_code, "attributes": [attribute]}


def submission(district, category, values, number) -> Submission:
    """The submission a POST makes; ``number(name)`` reads a numeric field."""
    name = " ".join(filter(None, (values.get("first_name"), values.get("last_name")))) or None
    return Submission(
        district=district.code,
        channel=OPEN311,
        content=values.get("description") or f"{category.name}(Open311 提交,未附文字说明)",
        category=category.code,
        address=values.get("address_string") or None,
        grid_code=values.get("address_id") or None,
        lat=number("lat"),
        lon=number("long"),
        contact=Contact(name=name, phone=values.get("phone") or None, email=values.get("email") or None),
        request_type=values.get(f"attribute[{REQUEST_TYPE}]") or None,  # a key the domain does not know: 400
    )


def created(receipt: dict) -> dict:
    """The answer to the client that filed the request, and only to it: the ticket as the
    service_request_id (known at once, so no token: the specification wants one or the other) and the
    tracking secret in the notice, for the client to hand to the resident."""
    notice = f"已受理,编号{receipt['ticket']};请保存查询密码 {receipt['tracking_secret']}"
    return {"service_request_id": receipt["ticket"], "service_notice": notice}


def when(raw: str) -> datetime:
    """A W3C date-time with its zone, in UTC; beyond what a datetime holds it is the first or last one."""
    if not DATE_TIME.fullmatch(raw):
        raise ValueError(raw)
    parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    try:
        return parsed.astimezone(UTC)
    except OverflowError:  # year 1 east of Greenwich or year 9999 west of it
        return EARLIEST if parsed.year == 1 else LATEST


def statuses(raw: str | None) -> list[str]:
    if not STATUSES.fullmatch(raw or ""):
        raise ValueError(raw)
    return [s for s in (raw or "").split(",") if s]
