"""GET /openapi.json and a small docs page at /docs."""
from __future__ import annotations

import html

from flask import Blueprint, Response

from .openapi import SPEC

blueprint = Blueprint("docs", __name__)


@blueprint.get("/openapi.json")
def openapi():
    return SPEC


@blueprint.get("/docs")
def docs():
    rows = "".join(
        f"<tr><td>{method.upper()}</td><td><code>{html.escape(path)}</code></td>"
        f"<td>{html.escape(operation.get('summary', ''))}</td></tr>"
        for path, item in SPEC["paths"].items() for method, operation in item.items())
    page = (f"<!doctype html><html lang='zh'><meta charset='utf-8'><title>{SPEC['info']['title']}</title>"
            f"<h1>{SPEC['info']['title']}</h1><p>{html.escape(SPEC['info']['description'])}</p>"
            f"<p>Machine-readable: <a href='/openapi.json'>/openapi.json</a> (OpenAPI 3). Open311 GeoReport v2 "
            f"lives at <a href='/open311/v2/discovery.json'>/open311/v2/</a>.</p>"
            f"<table border='1' cellpadding='4'><tr><th>method</th><th>path</th><th>what</th></tr>{rows}</table></html>")
    return Response(page, mimetype="text/html")
