"""GET /openapi.json and a small docs page at /docs."""
from __future__ import annotations

from flask import Blueprint, Response

from .openapi import DOCUMENT

blueprint = Blueprint("docs", __name__)


@blueprint.get("/openapi.json")
def openapi():
    return DOCUMENT


@blueprint.get("/docs")
def docs():
    rows = "".join(f"<tr><td>{m.upper()}</td><td><code>{p}</code></td><td>{op['summary']}</td></tr>"
                   for p, ops in DOCUMENT["paths"].items() for m, op in ops.items())
    page = (f"<!doctype html><html lang='zh'><meta charset='utf-8'><title>Minqing routing API</title>"
            f"<h1>Minqing routing API</h1><p>{DOCUMENT['info']['description']}</p>"
            f"<p>Machine-readable: <a href='/openapi.json'>/openapi.json</a> (OpenAPI 3).</p>"
            f"<table border='1' cellpadding='4'><tr><th>method</th><th>path</th><th>what</th></tr>{rows}</table>")
    return Response(page, mimetype="text/html")
