"""/docs is Swagger UI over /openapi.json from the local npm package (issue 19 item 10): every script and
stylesheet from this origin (no CDN), no inline script, the pages' security headers; the endpoint table
without JavaScript."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from minqing_kit.apidocs import docs_blueprint
from minqing_kit.docs_page import has_swagger_ui

DOCUMENT = {
    "openapi": "3.0.3",
    "info": {"title": "样例 API", "version": "1", "description": "a sample"},
    "paths": {"/api/v1/things": {"get": {"summary": "list things", "responses": {"200": {"description": "ok"}}}}},
}


@pytest.fixture
def client():
    app = Flask("sample")
    app.register_blueprint(docs_blueprint(DOCUMENT))
    return app.test_client()


def test_docs_is_swagger_ui_from_this_origin_with_the_endpoints_for_no_javascript(client):
    assert has_swagger_ui(), "web/node_modules/swagger-ui-dist missing: run make install (npm ci in web/)"
    answer = client.get("/docs")
    page = answer.get_data(as_text=True)
    assert "id='swagger-ui' data-url='/openapi.json'" in page
    sources = re.findall(r"(?:src|href)='([^']+)'", page)
    assert "/docs/assets/swagger-ui-bundle.js" in sources and "/docs/assets/swagger-init.js" in sources
    assert all(source.startswith("/") for source in sources), sources  # nothing from another host
    assert not re.search(r"<script>(?!</script>)", page)  # no inline script: the policy allows none
    assert "script-src" not in answer.headers["Content-Security-Policy"]  # default-src 'self' covers scripts
    assert "default-src 'self'" in answer.headers["Content-Security-Policy"]
    assert "<noscript>" in page and "<code>/api/v1/things</code>" in page and "list things" in page


@pytest.mark.parametrize(
    ("asset", "kind", "text"),
    [
        ("swagger-ui-bundle.js", "javascript", "SwaggerUIBundle"),
        ("swagger-ui.css", "text/css", ".swagger-ui"),
        ("swagger-init.js", "javascript", "SwaggerUIBundle({"),
    ],
)
def test_the_assets_are_served_from_the_package_and_the_kit(client, asset, kind, text):
    answer = client.get(f"/docs/assets/{asset}")
    assert answer.status_code == 200 and kind in answer.content_type
    assert text in answer.get_data(as_text=True)
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("asset", ["package.json", "index.html", "..%2Fpackage.json", "swagger-ui-bundle.js.map"])
def test_nothing_else_of_the_package_is_served(client, asset):
    assert client.get(f"/docs/assets/{asset}").status_code == 404
