"""A round trip with an Open311 client nobody here wrote (PyPI ``georeport``), in JSON and in XML:
the services list, a service definition, a request posted and read back by the library. georeport 0.3
has no method to post, so the POST is the specification's form-encoded request, as any client sends it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from georeport import GeoReport

from .open311_support import post, server  # noqa: F401  (server is a fixture)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_client_round_trip(server, fmt):
    client = GeoReport(server["base"], jurisdiction="xinlin", api_key=server["api_key"], output_format=fmt)
    services = client.get_service_list()
    codes = {s["service_code"] for s in services}
    assert {"municipal", "neighbour_dispute"} <= codes
    definition = client.get_service_definition("municipal")
    assert definition["service_code"] == "municipal"
    created = post(server, fmt, description="幸福小区4号楼门口的路灯坏了一个月,晚上很黑,电话13912345678。")
    assert created.status_code == 200, created.text
    if fmt == "json":
        ticket = created.json()[0]["service_request_id"]
    else:
        ticket = ET.fromstring(created.content).findtext("request/service_request_id")
    request = client.get_service_request(ticket)
    assert (request["service_request_id"], request["status"], request["service_code"]) == (ticket, "open", "municipal")
    assert request["description"] == request["service_name"]  # the category, never the resident's text
    listed = client.get_service_requests(service_request_id=ticket)
    listed = listed if isinstance(listed, list) else [listed]  # one <request> reads as a dict from XML
    assert [r["service_request_id"] for r in listed] == [ticket]
