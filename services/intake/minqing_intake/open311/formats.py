"""Open311 responses in JSON or XML, each written through its model (``answers``), and errors in the
specification's format."""

from __future__ import annotations

from xml.sax.saxutils import escape

from flask import Response
from pydantic import BaseModel

from minqing_kit.response_models import answer

from .answers import Errors

XML_ITEM = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "values": "value",
}


class Open311Error(Exception):
    def __init__(self, status: int, description: str, headers: dict | None = None):
        super().__init__(description)
        self.status, self.description, self.headers = status, description, headers or {}


def _xml(name: str, value) -> str:
    if isinstance(value, dict):
        return f"<{name}>" + "".join(_xml(k, v) for k, v in value.items()) + f"</{name}>"
    if isinstance(value, list):
        item = XML_ITEM.get(name, "item")
        return f"<{name}>" + "".join(_xml(item, v) for v in value) + f"</{name}>"
    if value is None:
        return f"<{name}/>"
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return f"<{name}>{escape(text)}</{name}>"


def render(
    model: type[BaseModel], data, fmt: str, root: str, status: int = 200, headers: dict | None = None
) -> Response:
    """``data`` as ``model``; ``root`` names the XML document element (services, service_requests, ...)."""
    if fmt == "xml":
        shaped = model.model_validate(data).model_dump(mode="json", exclude_unset=True)
        body = '<?xml version="1.0" encoding="utf-8"?>' + _xml(root, shaped)
        # exactly text/xml, no charset parameter (the XML declaration names UTF-8): clients such as
        # SeeClickFix's open311-validator match the content type as a whole
        return Response(body, status=status, content_type="text/xml", headers=headers)
    return answer(model, data, status, headers)


def render_error(error: Open311Error, fmt: str) -> Response:
    found = [{"code": error.status, "description": error.description}]
    return render(Errors, found, fmt, "errors", error.status, error.headers)
