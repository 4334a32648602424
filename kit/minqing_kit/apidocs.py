"""GET /openapi.json (a service's OpenAPI 3 document) and GET /docs, a page listing its endpoints."""
from __future__ import annotations

import html

from flask import Blueprint, Response


def docs_blueprint(document: dict, note_html: str = "") -> Blueprint:
    """``note_html`` is trusted markup from the service (e.g. a link to Open311)."""
    blueprint = Blueprint("docs", __name__)
    info = document["info"]

    @blueprint.get("/openapi.json")
    def openapi():
        return document

    @blueprint.get("/docs")
    def docs():
        rows = "".join(
            f"<tr><td>{method.upper()}</td><td><code>{html.escape(path)}</code></td>"
            f"<td>{html.escape(operation.get('summary', ''))}</td></tr>"
            for path, item in document["paths"].items() for method, operation in item.items())
        page = (f"<!doctype html><html lang='zh'><meta charset='utf-8'><title>{html.escape(info['title'])}</title>"
                f"<body style='font-family:sans-serif;max-width:60em;margin:2em auto'>"
                f"<h1>{html.escape(info['title'])}</h1><p>{html.escape(info.get('description', ''))}</p>"
                f"<p>Machine-readable: <a href='/openapi.json'>/openapi.json</a> (OpenAPI 3). {note_html}</p>"
                f"<table border='1' cellpadding='4'><tr><th>method</th><th>path</th><th>what</th></tr>{rows}"
                f"</table></body></html>")
        return Response(page, mimetype="text/html")

    return blueprint
