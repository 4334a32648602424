"""GET /docs: Swagger UI over the service's /openapi.json, from the npm package swagger-ui-dist in
web/node_modules (installed by ``make install``'s ``npm ci``, never a CDN), served under /docs/assets/
with the pages' security headers (scripts from this origin only: the start-up script is a file of the
kit's, not inline). Without the package (an image built without web/) the page is the plain table of
endpoints, which is also what it shows without JavaScript."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from flask import Response, abort, send_from_directory

from .pages import HEADERS

VENDOR_FILES = ("swagger-ui.css", "swagger-ui-bundle.js")
KIT_FILES = ("swagger-init.js",)
KIT_STATIC = Path(__file__).parent / "page_assets" / "static"


def vendor_dir() -> Path:
    """swagger-ui-dist in the checkout's web/node_modules (the kit is installed editable from it)."""
    return Path(__file__).resolve().parents[2] / "web" / "node_modules" / "swagger-ui-dist"


def has_swagger_ui() -> bool:
    return all((vendor_dir() / name).is_file() for name in VENDOR_FILES)


def endpoint_table(document: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{method.upper()}</td><td><code>{html.escape(path)}</code></td>"
        f"<td>{html.escape(operation.get('summary', ''))}</td></tr>"
        for path, item in document["paths"].items()
        for method, operation in item.items()
    )
    return f"<table border='1' cellpadding='4'><tr><th>method</th><th>path</th><th>what</th></tr>{rows}</table>"


def docs_page(document: dict[str, Any], note_html: str) -> Response:
    info = document["info"]
    about = (
        f"<h1>{html.escape(info['title'])}</h1><p>{html.escape(info.get('description', ''))}</p>"
        f"<p>Machine-readable: <a href='/openapi.json'>/openapi.json</a> (OpenAPI 3). {note_html}</p>"
    )
    head = f"<!doctype html><html lang='zh'><meta charset='utf-8'><title>{html.escape(info['title'])}</title>"
    if has_swagger_ui():
        page = (
            f"{head}<link rel='stylesheet' href='/docs/assets/swagger-ui.css'>"
            f"<body><div id='swagger-ui' data-url='/openapi.json'></div>"
            f"<noscript><div style='font-family:sans-serif;max-width:60em;margin:2em auto'>{about}"
            f"{endpoint_table(document)}</div></noscript>"
            f"<script src='/docs/assets/swagger-ui-bundle.js'></script>"
            f"<script src='/docs/assets/swagger-init.js'></script></body></html>"
        )
    else:
        page = (
            f"{head}<body style='font-family:sans-serif;max-width:60em;margin:2em auto'>{about}"
            f"{endpoint_table(document)}</body></html>"
        )
    return with_headers(Response(page, mimetype="text/html"))


def docs_asset(filename: str) -> Response:
    if filename in VENDOR_FILES and has_swagger_ui():
        response = send_from_directory(vendor_dir(), filename, max_age=86400)
    elif filename in KIT_FILES:
        response = send_from_directory(KIT_STATIC, filename, max_age=86400)
    else:
        abort(404)
    response.headers["Cache-Control"] = "public, max-age=86400"
    return with_headers(response)


def with_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response
