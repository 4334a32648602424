"""/openapi.json and a small /docs page."""
from __future__ import annotations

from flask import Blueprint, Response

from .openapi import DOCUMENT

blueprint = Blueprint("docs", __name__)

PAGE = """<!doctype html><html lang="zh"><meta charset="utf-8"><title>Minqing notify API</title>
<body style="font-family:sans-serif;max-width:48em;margin:2em auto">
<h1>Minqing notify 通知服务</h1>
<p>Who hears what, when and how: SMS, e-mail, WeCom/DingTalk robots and an in-app inbox.
Every endpoint needs <code>Authorization: Bearer &lt;handler token&gt;</code>.</p>
<ul>{items}</ul>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3).</p></body></html>"""


@blueprint.get("/openapi.json")
def openapi():
    return DOCUMENT


@blueprint.get("/docs")
def page():
    items = "".join(f"<li><code>{method.upper()} {path}</code>: {operation['summary']}</li>"
                    for path, operations in DOCUMENT["paths"].items() for method, operation in operations.items())
    return Response(PAGE.format(items=items), mimetype="text/html")
