"""/docs in Chromium (issue 19 item 10): Swagger UI renders the service's own /openapi.json under the
page's Content-Security-Policy, with no request leaving the local server."""

from __future__ import annotations

from flask import Flask

from minqing_kit.apidocs import docs_blueprint
from support.wsgi_server import serving

from .browser import DESK
from .served import IN_BROWSER

pytestmark = IN_BROWSER

DOCUMENT = {
    "openapi": "3.0.3",
    "info": {"title": "样例 API", "version": "1", "description": "a sample"},
    "paths": {"/api/v1/things": {"get": {"summary": "list things", "responses": {"200": {"description": "ok"}}}}},
}


def test_swagger_ui_renders_the_document_from_this_origin_only(browser):
    app = Flask("sample")
    app.register_blueprint(docs_blueprint(DOCUMENT))
    with serving(app) as base:
        page = browser.new_context(viewport=DESK).new_page()
        requested, refused = [], []
        page.on("request", lambda r: requested.append(r.url))
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(f"{base}/docs")
        page.wait_for_selector(".swagger-ui .opblock-summary-path", timeout=20000)
        assert "样例 API" in page.inner_text(".swagger-ui .info .title")
        assert page.inner_text(".swagger-ui .opblock-summary-path") == "/api/v1/things"
        page.context.close()
    assert requested and all(url.startswith(base) for url in requested), requested
    assert f"{base}/openapi.json" in requested
    assert refused == []
