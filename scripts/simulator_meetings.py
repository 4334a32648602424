"""The simulator's meetings: in each district a community's staff convene one meeting of each kind — a
hearing (听证会) 31 days ahead with its three notices given at once (so in time, and on the calendar), an
evaluation meeting (评议会), a three-party review (三方评事) and an analysis meeting (民情分析会) today, and a
coordination meeting (协调会) on a case their unit has accepted — then, a step per turn, hold each one due,
draft and publish its minutes and record its decision (the coordination meeting's answers its case:
routing resolves it and the resident rates it); and they walk one matter through the six steps (六步)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from simulator_actors import Api

TODAY_KINDS = {"evaluation": "社区服务评议会", "three_party": "本季度三方评事", "analysis": "民情分析例会"}
STEPS = (
    {"step": "opinions", "summary": "入户征求意见,多数居民赞成"},
    {"step": "agenda", "summary": "社区党委审议同意列入议题"},
    {"step": "vote", "summary": "议事会表决", "votes_for": 21, "votes_against": 5, "votes_abstaining": 3},
    {"step": "implementation", "summary": "居委会按决议组织实施"},
    {"step": "supervision", "summary": "居务监督委员会全程监督,账目公开"},
    {"step": "evaluation", "summary": "居民评议,满意率九成"},
)


class Meetings:
    def __init__(self, api: Api, handlers, districts: dict, rng: random.Random):
        self.api, self.handlers, self.districts, self.rng = api, handlers, districts, rng
        self.conveners: dict[str, tuple] = {}  # district -> (person, community id)
        self.pending: dict[str, list[dict]] = {}  # district -> meetings still to hold, minute and decide
        self.matters: dict[str, tuple[str, int]] = {}  # district -> (six-step matter id, steps recorded)
        self.coordinated: set[str] = set()  # districts whose coordination meeting is planned

    def _call(self, method: str, path: str, district: str, **kwargs):
        person, _ = self.conveners[district]
        token = self.handlers.token(district, person)
        return self.api.call(method, "evaluation", path, token, **kwargs) if token else None

    def start(self) -> Meetings:
        for district, config in self.districts.items():
            person = next((p for p in config.people if "community_handler" in p.roles), None)
            if person is None:
                continue
            self.conveners[district] = (person, person.unit)
            now = datetime.now(UTC)
            hearing = self._plan(district, "hearing", "加装电梯方案听证会", now + timedelta(days=31))
            for notice in ("recruitment", "schedule", "materials") if hearing else ():
                self._call("POST", f"/api/v1/meetings/{hearing['id']}/notices", district, json={"notice": notice})
            for kind, title in TODAY_KINDS.items():
                self._plan(district, kind, title, now)
            opened = self._call(
                "POST", "/api/v1/deliberations", district, json={"title": "小区公益金使用方案", "unit_id": person.unit}
            )
            if opened is not None and opened.status_code == 201:
                self.matters[district] = (opened.json()["id"], 0)
        return self

    def _plan(self, district: str, kind: str, title: str, starts_at: datetime, matters=()) -> dict | None:
        person, unit = self.conveners[district]
        body = {
            "kind": kind,
            "title": title,
            "unit_id": unit,
            "starts_at": starts_at.isoformat(),
            "place": "社区党群服务中心",
            "agenda": [title],
            "matters": list(matters),
            "invitees": [
                {"group": "resident_rep", "name": "居民代表"},
                {"group": "staff", "name": person.name, "person_id": person.id, "unit_id": unit},
            ],
        }
        made = self._call("POST", "/api/v1/meetings", district, json=body)
        if made is None or made.status_code != 201:
            return None
        self.api.counts[f"meetings planned ({kind})"] += 1
        if kind != "hearing":
            self.pending.setdefault(district, []).append(made.json())
        return made.json()

    def work(self) -> None:
        for district in self.conveners:
            if district not in self.coordinated:
                self._coordinate(district)
            if self.pending.get(district):
                self._advance(district, self.pending[district][0])
            self._deliberate(district)

    def _coordinate(self, district: str) -> None:
        """A coordination meeting on a case the convener's unit has accepted (in routing's inbox)."""
        person, unit = self.conveners[district]
        token = self.handlers.token(district, person)
        inbox = self.api.call("GET", "routing", "/api/v1/inbox?limit=200", token) if token else None
        if inbox is None or inbox.status_code != 200:
            return
        case = next((c for c in inbox.json()["cases"] if c["unit_id"] == unit and c["state"] == "accepted"), None)
        if case is None:
            return
        matter = {"kind": "case", "ref": case["ticket"]}
        if self._plan(district, "coordination", f"{case['ticket']}协调会", datetime.now(UTC), [matter]):
            self.coordinated.add(district)
            self.handlers.ignored.add(case["case_id"])  # the meeting answers it, not the handler

    def _advance(self, district: str, meeting: dict) -> None:
        """One step of a meeting: hold it, draft its minutes, publish them, record its decision."""
        base = f"/api/v1/meetings/{meeting['id']}"
        state = meeting.get("_next", "hold")
        if state == "hold":
            present = [i["invitee_id"] for i in meeting["invitees"]]
            done = self._call("POST", f"{base}/attendance", district, json={"attended": present})
        elif state == "draft":
            done = self._call(
                "PUT", f"{base}/minutes", district, json={"text": f"{meeting['title']}纪要：与会人员充分讨论。"}
            )
        elif state == "publish":
            done = self._call("POST", f"{base}/minutes/publication", district)
        else:
            cases = [m["ref"] for m in meeting["matters"] if m["kind"] == "case"]
            body = {"text": "按会议意见限期办理,结果向居民公示", "adopted": True, "case_ids": cases}
            done = self._call("POST", f"{base}/decisions", district, json=body)
        if done is None or done.status_code not in (200, 201):
            return
        following = {"hold": "draft", "draft": "publish", "publish": "decide"}
        if state in following:
            meeting["_next"] = following[state]
        else:
            self.pending[district].pop(0)
            self.api.counts[f"meetings decided ({meeting['kind']})"] += 1

    def _deliberate(self, district: str) -> None:
        if district not in self.matters or self.matters[district][1] >= len(STEPS):
            return
        matter, done = self.matters[district]
        recorded = self._call("POST", f"/api/v1/deliberations/{matter}/steps", district, json=STEPS[done])
        if recorded is not None and recorded.status_code == 201:
            self.matters[district] = (matter, done + 1)
            self.api.counts["six-step steps published"] += 1
