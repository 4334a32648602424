"""GET /openapi.json (OpenAPI 3) and GET /docs, a small page listing the endpoints."""
from __future__ import annotations

from flask import Blueprint, Response

from .openapi import SPEC

blueprint = Blueprint("docs", __name__)


@blueprint.get("/openapi.json")
def openapi():
    return SPEC


@blueprint.get("/docs")
def page():
    rows = "".join(f"<tr><td>{method.upper()}</td><td><code>{path}</code></td><td>{op['summary']}</td></tr>"
                   for path, item in SPEC["paths"].items() for method, op in item.items())
    return Response(f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>{SPEC['info']['title']}"
                    f"</title></head><body><h1>{SPEC['info']['title']}</h1><p>{SPEC['info']['description']}</p>"
                    f"<p><a href='/openapi.json'>openapi.json</a></p><table border='1'>{rows}</table></body></html>",
                    mimetype="text/html")
