"""What a resident and a handler do through the gateway, for the compose tier."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from support.workers import wait_for

from .compose_support import Deployment

DISTRICTS = Path(__file__).resolve().parents[2] / "config" / "districts"
HANDLER_ROLES = ("community_handler", "street_handler", "department_handler", "district_handler")
CASES = {
    "xinlin": ("幸福小区3号楼门前的垃圾已经三天没人清运了,气味很大。", "新林镇幸福小区3号楼"),
    "luwan": ("嵩山路88弄1号门口的垃圾桶满了好几天没有清运,影响通行。", "嵩山路88弄1号"),
}
RATING_LINK = re.compile(r"https?://\S+/rate/([A-Za-z0-9_\-]+)")


@lru_cache
def district_config(code: str) -> dict:
    return yaml.safe_load((DISTRICTS / f"{code}.yaml").read_text(encoding="utf-8"))


def handler_of(district: str, unit_name: str) -> str:
    """The person who signs for a unit's cases, found by the unit's name shown in public tracking."""
    config = district_config(district)
    units = {u["id"]: u["name"] for u in config["units"]}
    for street in config["streets"]:
        units[street["id"]] = street["name"]
        units.update({c["id"]: c["name"] for c in street["communities"]})
    units[config["code"]] = config["name"]
    unit_ids = [uid for uid, name in units.items() if name == unit_name]
    for person in config["people"]:
        if person["unit"] in unit_ids and set(person["roles"]) & set(HANDLER_ROLES):
            return person["id"]
    raise AssertionError(f"no handler for unit {unit_name!r} in {district}")


def submit(deployment: Deployment, district: str, email: str, number: int = 0) -> str:
    content, address = CASES[district]
    response = deployment.post(
        "intake",
        "/api/v1/cases",
        json={
            "district": district,
            "channel": "web",
            "content": f"{content}(第{number}次反映)" if number else content,
            "location": {"address": address},
            "contact": {"name": "居民", "email": email},
        },
    )
    assert response.status_code == 201, response.text
    return response.json()["ticket"]


def tracked(deployment: Deployment, ticket: str, *statuses: str, timeout: float = 90) -> dict:
    def seen():
        view = deployment.get("intake", f"/api/v1/cases/{ticket}").json()
        return view if view.get("status") in statuses else None

    return wait_for(seen, timeout=timeout, interval=1, what=f"{ticket} {'/'.join(statuses)} at intake")


def handle(deployment: Deployment, district: str, ticket: str) -> str:
    """The dispatched unit's handler signs in, accepts and resolves the case; returns the case id."""
    view = tracked(deployment, ticket, "dispatched")
    token = deployment.login(district, handler_of(district, view["unit"]))
    inbox = deployment.get("routing", "/api/v1/inbox", token).json()["cases"]
    (case,) = [c for c in inbox if c["ticket"] == ticket]
    accepted = deployment.post("routing", f"/api/v1/cases/{case['case_id']}/accept", token)
    assert accepted.status_code == 200, accepted.text
    resolved = deployment.post(
        "routing",
        f"/api/v1/cases/{case['case_id']}/resolve",
        token,
        json={"outcome": "reply", "reply": "已安排环卫车辆清运,并增加清运频次。"},
    )
    assert resolved.status_code == 200, resolved.text
    tracked(deployment, ticket, "resolved")
    return case["case_id"]


def rating_link(deployment: Deployment, ticket: str) -> str:
    """The follow-up link notify sent the resident (by e-mail: no SMTP server, so notify's spool)."""

    def link():
        for message in deployment.spool("email"):
            found = RATING_LINK.search(message["body"])
            if found and ticket in message["body"]:
                return found.group(0)
        return None

    return wait_for(link, timeout=90, interval=1, what=f"the follow-up link for {ticket} in notify's e-mail spool")
