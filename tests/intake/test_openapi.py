"""The OpenAPI 3 document describes every endpoint intake's API serves; the docs page links it."""
from __future__ import annotations

import re

import schemathesis


def test_openapi_describes_every_api_route(client):
    spec = client.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    schemathesis.openapi.from_dict(spec)  # loads as a valid OpenAPI document
    documented = {re.sub(r"\{[^}]+\}", "{}", path) for path in spec["paths"]}
    served = {re.sub(r"<[^>]+>", "{}", rule.rule) for rule in client.application.url_map.iter_rules()
              if rule.rule.startswith(("/api/", "/open311/"))}
    assert served and served <= documented, served - documented
    page = client.get("/docs").get_data(as_text=True)
    assert "/openapi.json" in page and "/api/v1/cases" in page
