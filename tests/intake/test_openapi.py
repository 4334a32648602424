"""Intake's two OpenAPI documents: /openapi.json for its own API, /open311/v2/openapi.json for GeoReport
v2 (each route in one of them, none in both); the docs page links them."""

from __future__ import annotations

import re

import schemathesis


def _shapes(paths, prefix: str = "") -> set[str]:
    return {re.sub(r"\{[^}]+\}", "{}", prefix + path) for path in paths}


def test_every_route_is_in_one_document_and_the_docs_page_links_them(client):
    own = client.get("/openapi.json").get_json()
    open311 = client.get("/open311/v2/openapi.json").get_json()
    for document in (own, open311):
        assert document["openapi"].startswith("3.")
        schemathesis.openapi.from_dict(document)  # loads as a valid OpenAPI document
    served = {
        re.sub(r"<[^>]+>", "{}", rule.rule)
        for rule in client.application.url_map.iter_rules()
        if "<path:" not in rule.rule
    }  # a catch-all answers unknown paths (Open311's 404)
    api, georeport = _shapes(own["paths"]), _shapes(open311["paths"], "/open311/v2")
    assert {s for s in served if s.startswith("/api/")} <= api and not api & georeport
    assert {s for s in served if s.startswith("/open311/") and s != "/open311/v2/openapi.json"} <= georeport
    page = client.get("/docs").get_data(as_text=True)
    assert "/openapi.json" in page and "/api/v1/cases" in page and "/open311/v2/" in page
