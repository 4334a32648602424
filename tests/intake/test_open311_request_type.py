"""Open311 and the request type (诉求类型): every service's definition holds it as its one optional
singlevaluelist attribute, a POST gives it as attribute[request_type] (kept on the case), leaves it out
(none, as producers that do not ask), or names an unknown key (400 in the specification's errors)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import requests
from sqlalchemy import create_engine, text

from minqing_contracts.request_types import REQUEST_TYPE_LABELS

from .open311_support import post, server  # noqa: F401  (server is a fixture)


def stored_type(server, ticket: str) -> str | None:
    engine = create_engine(server["database_url"])
    try:
        with engine.connect() as connection:
            query = text("SELECT request_type FROM cases WHERE ticket = :ticket")
            return connection.execute(query, {"ticket": ticket}).scalar_one()
    finally:
        engine.dispose()


def test_the_service_definition_offers_the_request_type_and_a_post_files_it(server):
    base = f"{server['base']}"
    services = requests.get(f"{base}/services.json", params={"jurisdiction_id": "xinlin"}, timeout=5).json()
    assert services and all(s["metadata"] is True for s in services)
    definition = requests.get(f"{base}/services/municipal.json", params={"jurisdiction_id": "xinlin"}, timeout=5)
    assert definition.status_code == 200
    [attribute] = definition.json()["attributes"]
    assert (attribute["code"], attribute["datatype"], attribute["required"], attribute["variable"]) == (
        "request_type",
        "singlevaluelist",
        False,
        True,
    )
    assert [(v["key"], v["name"]) for v in attribute["values"]] == list(REQUEST_TYPE_LABELS.items())
    as_xml = ET.fromstring(requests.get(f"{base}/services/municipal.xml", timeout=5).content)
    keys = [v.findtext("key") for v in as_xml.iter("value")]
    assert as_xml.findtext("attributes/attribute/code") == "request_type" and keys == list(REQUEST_TYPE_LABELS)

    [typed] = post(server, "json", **{"attribute[request_type]": "complaint"}).json()
    [untyped] = post(server, "json", description="新林镇林海小区A座门前井盖丢失,有人掉进去过。").json()
    assert stored_type(server, typed["service_request_id"]) == "complaint"
    assert stored_type(server, untyped["service_request_id"]) is None

    refused = post(server, "json", **{"attribute[request_type]": "grumble"})
    assert refused.status_code == 400
    [error] = refused.json()
    assert error["code"] == 400 and "request_type" in error["description"]
