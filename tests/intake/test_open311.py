"""Open311 GeoReport v2 against a live gunicorn: round trips in JSON and XML, the specification's
answers (content types, discovery, POST, errors), and what the public may read of a request."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import requests

from .helpers import request_body
from .open311_support import post, server  # noqa: F401  (server is a fixture)

NAMED_TEXT = "我叫张卫国,林海小区A座门前井盖丢失,有人掉进去过,请回电13812345678或发邮件 zwg@163.com。"


def secret_of(receipt: dict) -> str:
    return re.search(r"查询密码 (\S+)", receipt["service_notice"]).group(1)


def test_round_trip_in_json_and_xml(server):
    created = post(server, "json")
    assert created.status_code == 200, created.text
    [receipt] = created.json()
    ticket = receipt["service_request_id"]
    assert "token" not in receipt  # the id is known at once: the specification wants the id or a token
    [request] = requests.get(f"{server['base']}/requests/{ticket}.json", timeout=5).json()
    assert (request["status"], request["service_code"], request["address_id"]) == ("open", "municipal", "XL-XF-01-G02")
    xml_created = post(
        server,
        "xml",
        description="林海小区A座门前井盖丢失,有人掉进去过。",
        lat="",
        long="",
        address_string="新林镇林海小区A座",
    )
    assert xml_created.headers["Content-Type"] == "text/xml"
    xml_request = ET.fromstring(xml_created.content).find("request")
    xml_ticket = xml_request.findtext("service_request_id")
    assert xml_request.find("token") is None
    listed = requests.get(f"{server['base']}/requests.xml", params={"status": "open"}, timeout=5)
    assert listed.headers["Content-Type"] == "text/xml"
    tickets = [r.findtext("service_request_id") for r in ET.fromstring(listed.content).findall("request")]
    assert set(tickets) == {ticket, xml_ticket}
    only = requests.get(f"{server['base']}/requests.json", params={"service_request_id": xml_ticket}, timeout=5).json()
    assert [r["service_request_id"] for r in only] == [xml_ticket]
    assert requests.get(f"{server['base']}/requests.json", params={"status": "closed"}, timeout=5).json() == []


def test_discovery_lists_the_endpoint_once_per_format_as_exactly_text_xml(server):
    response = requests.get(f"{server['base']}/discovery.xml", timeout=5)
    assert response.headers["Content-Type"] == "text/xml"
    endpoints = ET.fromstring(response.content).findall("endpoints/endpoint")
    assert [[f.text for f in e.findall("formats/format")][0] for e in endpoints] == ["text/xml", "application/json"]
    assert all(len(e.findall("formats/format")) == 2 and e.findtext("url") == server["base"] + "/" for e in endpoints)
    as_json = requests.get(f"{server['base']}/discovery.json", timeout=5)
    assert as_json.headers["Content-Type"] == "application/json" and len(as_json.json()["endpoints"]) == 2


def test_errors_follow_the_specification(server):
    no_key = post(server, "xml", api_key="wrong")
    assert no_key.status_code == 403
    assert ET.fromstring(no_key.content).findtext("error/code") == "403"
    unknown = post(server, "json", service_code="dragons")
    assert unknown.status_code == 404 and unknown.json()[0]["code"] == 404
    missing = post(server, "json", service_code="")
    assert missing.status_code == 400 and "service_code" in missing.json()[0]["description"]
    outside = post(server, "json", lat="31.22", long="121.47")
    assert outside.status_code == 400 and "outside" in outside.json()[0]["description"]
    services = requests.get(f"{server['base']}/services.json", params={"jurisdiction_id": "atlantis"}, timeout=5)
    assert services.status_code == 404
    no_request = requests.get(f"{server['base']}/requests/XL-NOPE.xml", timeout=5)
    assert no_request.status_code == 404 and ET.fromstring(no_request.content).findtext("error/code") == "404"
    stray = requests.get(f"{server['base']}/no/such/thing.xml", timeout=5)
    assert stray.status_code == 404 and stray.headers["Content-Type"] == "text/xml"


def test_the_public_reads_the_category_and_never_the_text_or_the_secret(server):
    [receipt] = post(server, "json", description=NAMED_TEXT).json()
    ticket, secret = receipt["service_request_id"], secret_of(receipt)
    root = server["base"].removesuffix("/open311/v2")
    full = requests.get(f"{root}/api/v1/cases/{ticket}", headers={"X-Tracking-Secret": secret}, timeout=5).json()
    assert full["content"] == NAMED_TEXT  # the reporter, with the secret, reads it all
    echo = requests.post(
        f"{root}/api/v1/cases",
        timeout=5,
        json=request_body(channel="echo_wall", contact=None, content="幸福小区3号楼2单元楼道灯坏了,物业不管。"),
    ).json()
    answers = [
        requests.get(f"{server['base']}/requests/{ticket}.json", timeout=5),
        requests.get(f"{server['base']}/requests.json", timeout=5),
        requests.get(f"{server['base']}/requests.xml", timeout=5),
        requests.get(f"{server['base']}/tokens/{full['case_id']}.json", timeout=5),
    ]
    for answer in answers:
        assert answer.status_code == 200, answer.text
        for private in (secret, "13812345678", "zwg@163.com", "张卫国", "井盖", "楼道灯", "3号楼"):
            assert private not in answer.text
    [mine] = answers[0].json()
    assert mine["description"] == mine["service_name"] == full["category_name"]
    assert echo["ticket"] in {r["service_request_id"] for r in answers[1].json()}
