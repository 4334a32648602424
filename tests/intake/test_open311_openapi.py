"""Intake's own GeoReport v2 description covers every Open311 route it serves and loads as OpenAPI 3."""

from __future__ import annotations

import re

import schemathesis

NOT_OPERATIONS = {"/open311/v2/openapi.json", "/open311/v2/{}"}  # the description itself, and the spec's 404


def test_the_open311_description_covers_every_open311_route(client):
    spec = client.get("/open311/v2/openapi.json").get_json()
    assert spec["openapi"].startswith("3.") and spec["servers"] == [{"url": "http://localhost/open311/v2"}]
    schemathesis.openapi.from_dict(spec)
    documented = {"/open311/v2" + re.sub(r"\{[^}]+\}", "{}", path) for path in spec["paths"]}
    served = {
        re.sub(r"<[^>]+>", "{}", rule.rule)
        for rule in client.application.url_map.iter_rules()
        if rule.rule.startswith("/open311/")
    } - NOT_OPERATIONS
    assert served and served == documented, served ^ documented
    post = spec["paths"]["/requests.{response_format}"]["post"]
    assert set(post["responses"]) == {"200", "400", "403", "404"}
