"""The simulator's players: handlers working their inboxes through routing's API, grid workers
recording visits (走访) through intake's API, and residents rating through evaluation's API with the
link tokens read from the broker (evaluation.requested.v1 on a queue of the simulator's own)."""

from __future__ import annotations

import json
import queue
import random
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pika
import requests
from simulator_texts import COMMENTS, PROGRESS_NOTES, RESOLVE_REPLIES, RETURN_REASONS, VISIT_HEARD, text_for

HANDLER_ROLES = ("community_handler", "street_handler", "department_handler", "district_handler", "dispatcher")


@dataclass
class Behaviour:
    """How the simulated people act (probabilities per case)."""

    return_share: float = 0.05  # 退单: send back once as not ours
    miss_share: float = 0.04  # never act: the deadline passes and supervision follows
    explain_share: float = 0.1  # resolve with an explanation instead of a reply
    progress_share: float = 0.3  # record a progress note before resolving
    work_seconds: tuple[float, float] = (3.0, 15.0)  # from acceptance to resolution
    leave_open: set[str] = field(default_factory=set)  # tickets never resolved (a scenario's open cases)
    merge_flagged: bool = True  # merge a case intake flagged as a duplicate into its cluster's case
    no_answer_share: float = 0.08  # residents who never rate
    visits_per_minute: float = 6.0  # grid workers' visits (走访), across the districts
    visit_outcomes: tuple[tuple[str, float], ...] = (("case", 0.25), ("resolved", 0.35), ("opinion", 0.4))
    replay_share: float = 0.1  # a phone that lost the answer sends the visit again (same Idempotency-Key)
    ratings: tuple[tuple[str, float], ...] = (
        ("satisfied", 0.8),
        ("basically_satisfied", 0.13),
        ("not_satisfied", 0.07),
    )


class Api:
    def __init__(self, urls: dict[str, str], counts: Counter):
        self.urls, self.counts, self.http = urls, counts, requests.Session()

    def call(
        self, method: str, service: str, path: str, token: str | None = None, headers: dict | None = None, **kwargs
    ):
        headers = {**(headers or {}), **({"Authorization": f"Bearer {token}"} if token else {})}
        try:
            response = self.http.request(method, self.urls[service] + path, headers=headers, timeout=15, **kwargs)
        except requests.RequestException:
            self.counts["errors"] += 1
            return None
        if response.status_code >= 400 and response.status_code not in (409,):
            self.counts["errors"] += 1
            self.counts[f"error {service} {response.status_code}"] += 1
        return response


class Handlers:
    """Every handler person of the districts, signed in at routing with the demo password."""

    def __init__(self, api: Api, districts: dict, password: str, behaviour: Behaviour, rng: random.Random):
        self.api, self.password, self.behaviour, self.rng = api, password, behaviour, rng
        self.people = [
            (code, p) for code, d in districts.items() for p in d.people if set(p.roles) & set(HANDLER_ROLES)
        ]
        self.communities = {code: [c.id for s in d.streets for c in s.communities] for code, d in districts.items()}
        self.tokens: dict[str, str] = {}
        self.due: dict[str, float] = {}  # case id -> when to resolve
        self.ignored: set[str] = set()

    def token(self, district: str, person) -> str | None:
        if person.id not in self.tokens:
            response = self.api.call(
                "POST",
                "routing",
                "/api/v1/auth/login",
                json={"district": district, "person_id": person.id, "password": self.password},
            )
            if response is None or response.status_code != 200:
                return None
            self.tokens[person.id] = response.json()["token"]
        return self.tokens[person.id]

    def work(self) -> None:
        for district, person in self.people:
            token = self.token(district, person)
            if token:
                self._inbox(district, person, token)

    def _inbox(self, district: str, person, token: str) -> None:
        response = self.api.call("GET", "routing", "/api/v1/inbox?limit=200", token)
        if response is None or response.status_code != 200:
            self.tokens.pop(person.id, None)
            return
        for case in response.json()["cases"]:
            if case["case_id"] in self.ignored:
                continue
            if case["unit_id"] == f"{district}-triage":
                self._dispatch(district, case, token)
            elif case["unit_id"] == person.unit and case["state"] == "dispatched":
                self._answer(case, token)
            elif case["unit_id"] == person.unit and case["state"] == "accepted":
                self._resolve(case, token)
            elif case["joint"] and case["unit_id"] != person.unit:
                self._parts(case, person.unit, token)

    def _act(self, case: dict, action: str, token: str, body: dict | None = None) -> bool:
        response = self.api.call("POST", "routing", f"/api/v1/cases/{case['case_id']}/{action}", token, json=body or {})
        return response is not None and response.status_code == 200

    def _dispatch(self, district: str, case: dict, token: str) -> None:
        if self._act(case, "dispatch", token, {"unit_id": self.rng.choice(self.communities[district])}):
            self.api.counts["dispatched by hand"] += 1

    def _answer(self, case: dict, token: str) -> None:
        flagged = self.behaviour.merge_flagged and case.get("duplicate_of")  # intake's duplicate: one cluster
        if flagged and self._act(case, "merge", token):
            self.api.counts["merged into its cluster"] += 1
            return
        draw = self.rng.random()
        if draw < self.behaviour.miss_share:
            self.ignored.add(case["case_id"])
            self.api.counts["left to go overdue"] += 1
        elif (
            draw < self.behaviour.miss_share + self.behaviour.return_share
            and not case["return_count"]
            and not case["joint"]
        ):
            if self._act(case, "return", token, {"reason": self.rng.choice(RETURN_REASONS)}):
                self.api.counts["returned"] += 1
        elif self._act(case, "accept", token):
            self.api.counts["accepted"] += 1
            if case["ticket"] not in self.behaviour.leave_open:
                self.due[case["case_id"]] = time.monotonic() + self.rng.uniform(*self.behaviour.work_seconds)

    def _resolve(self, case: dict, token: str) -> None:
        if case["ticket"] in self.behaviour.leave_open:
            return
        due = self.due.setdefault(case["case_id"], time.monotonic() + self.rng.uniform(*self.behaviour.work_seconds))
        if time.monotonic() < due:
            return
        if self.rng.random() < self.behaviour.progress_share:
            self._act(case, "progress", token, {"note": self.rng.choice(PROGRESS_NOTES), "public": True})
        outcome = "explanation" if self.rng.random() < self.behaviour.explain_share else "reply"
        if self._act(case, "resolve", token, {"outcome": outcome, "reply": self.rng.choice(RESOLVE_REPLIES[outcome])}):
            self.api.counts["resolved"] += 1
            self.due.pop(case["case_id"], None)

    def _parts(self, case: dict, unit: str, token: str) -> None:
        response = self.api.call("GET", "routing", f"/api/v1/cases/{case['case_id']}", token)
        if response is None or response.status_code != 200:
            return
        for part in response.json()["parts"]:
            if part["unit_id"] != unit or part["lead"]:
                continue
            base = f"parts/{part['part_id']}"
            if part["status"] == "pending" and self._act(case, f"{base}/accept", token):
                self.api.counts["parts accepted"] += 1
            elif part["status"] == "accepted" and self._act(
                case, f"{base}/complete", token, {"summary": "协办部分已完成。"}
            ):
                self.api.counts["parts completed"] += 1


class GridWorkers:
    """The districts' grid workers visiting households (走访) through intake's API: the least recently visited
    households of one of their grids, and what they heard, each matter filed as a case, resolved on the
    spot or logged as an opinion; now and then a phone sends the same visit again under its key."""

    def __init__(self, api: Api, handlers: Handlers, districts: dict, behaviour: Behaviour, rng: random.Random):
        self.api, self.handlers, self.behaviour, self.rng = api, handlers, behaviour, rng
        self.people = [(code, p) for code, d in districts.items() for p in d.people if "grid_worker" in p.roles]
        self.categories = {code: [c.code for c in d.categories] for code, d in districts.items()}
        self.addresses = {
            code: {b.id: b.address for s in d.streets for c in s.communities for g in c.grids for b in g.buildings}
            for code, d in districts.items()
        }

    def visit(self) -> None:
        if not self.people:
            return
        district, person = self.rng.choice(self.people)
        token = self.handlers.token(district, person)
        found = self.api.call("GET", "intake", "/api/v1/households", token) if token else None
        if found is None or found.status_code != 200 or not found.json()["households"]:
            return
        households = found.json()["households"]
        grid = self.rng.choice(sorted({h["grid_code"] for h in households}))
        due = sorted((h for h in households if h["grid_code"] == grid), key=lambda h: h["last_visited_on"] or "")
        chosen = due[: self.rng.randint(1, 4)]
        body = {
            "district": district,
            "grid_code": grid,
            "visited_at": datetime.now(UTC).isoformat(),
            "households": [h["id"] for h in chosen],
            "matters": [self._matter(district, self.rng.choice(chosen)) for _ in range(self.rng.randint(0, 2))],
        }
        key = {"Idempotency-Key": str(uuid.uuid4())}
        sent = self.api.call("POST", "intake", "/api/v1/visits", token, headers=key, json=body)
        if sent is None or sent.status_code != 201:
            return
        self.api.counts["visits"] += 1
        self.api.counts["cases from visits"] += sum(m["outcome"] == "case" for m in body["matters"])
        if self.rng.random() < self.behaviour.replay_share:
            again = self.api.call("POST", "intake", "/api/v1/visits", token, headers=key, json=body)
            if again is not None and again.status_code == 201 and again.json()["visit_id"] == sent.json()["visit_id"]:
                self.api.counts["visits replayed"] += 1

    def _matter(self, district: str, household: dict) -> dict:
        outcomes, weights = zip(*self.behaviour.visit_outcomes, strict=True)
        outcome = self.rng.choices(outcomes, weights)[0]
        if outcome != "case":
            return {
                "outcome": outcome,
                "content": self.rng.choice(VISIT_HEARD[outcome]),
                "household_id": household["id"],
            }
        category = self.rng.choice(self.categories[district])
        place = self.addresses[district].get(household["building_id"], household["building_id"])
        content = text_for(category, place, self.rng)
        return {"outcome": "case", "content": content, "household_id": household["id"], "category": category}


LEGACY_QUEUE = "simulator.evaluation-links"  # named, auto-delete and polled, so it outlived every simulator


def drop_legacy_queue(amqp_url: str) -> None:
    """Delete the queue earlier simulators left behind, which kept collecting live rating tokens."""
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        connection.channel().queue_delete(LEGACY_QUEUE)
    except pika.exceptions.ChannelClosed:  # not there
        pass
    finally:
        if connection.is_open:
            connection.close()


class Residents:
    """Rate each follow-up (回访) through the link token, a few seconds after it is requested.

    The links arrive on a queue of this simulator's own: exclusive (the broker deletes it when the
    simulator's connection closes, a crash included) and expiring after a minute unused as well, so
    no rating token waits on the broker for anyone once the simulator is gone."""

    EXPIRES_MS = 60_000

    def __init__(self, api: Api, amqp_url: str, behaviour: Behaviour, rng: random.Random):
        self.api, self.amqp_url, self.behaviour, self.rng = api, amqp_url, behaviour, rng
        self.links: queue.Queue = queue.Queue()
        self.waiting: list[tuple[float, dict]] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._listen, name="simulator-links", daemon=True)

    def start(self) -> Residents:
        self.ready = threading.Event()
        self.thread.start()
        self.ready.wait(15)
        return self

    def _listen(self) -> None:
        connection = pika.BlockingConnection(pika.URLParameters(self.amqp_url))
        channel = connection.channel()
        channel.exchange_declare("minqing.events", "topic", durable=True)
        self.queue = channel.queue_declare("", exclusive=True, arguments={"x-expires": self.EXPIRES_MS}).method.queue
        channel.queue_bind(self.queue, "minqing.events", "*.evaluation.requested.v1")
        self.ready.set()
        while not self.stopping.is_set():
            method, _, body = channel.basic_get(self.queue, auto_ack=True)
            if method is None:
                connection.sleep(0.5)
                continue
            self.links.put(json.loads(body)["payload"])
        connection.close()

    def stop(self) -> None:
        """Stop listening; the connection closes and the broker deletes the queue."""
        self.stopping.set()
        self.thread.join(10)

    def rate_due(self) -> None:
        while not self.links.empty():
            link = self.links.get()
            self.api.counts["follow-ups requested"] += 1
            if self.rng.random() >= self.behaviour.no_answer_share:
                self.waiting.append((time.monotonic() + self.rng.uniform(1, 6), link))
        now, later = time.monotonic(), []
        for when, link in self.waiting:
            if when > now:
                later.append((when, link))
            else:
                self._rate(link)
        self.waiting = later

    def _rate(self, link: dict) -> None:
        names, weights = zip(*self.behaviour.ratings, strict=True)
        satisfaction = self.rng.choices(names, weights)[0]
        body = {
            "ticket": link["ticket"],
            "solved": satisfaction != "not_satisfied",
            "satisfaction": satisfaction,
            "comment": self.rng.choice(COMMENTS[satisfaction]),
        }
        response = self.api.call("POST", "evaluation", f"/api/v1/evaluations/{link['link_token']}", json=body)
        if response is not None and response.status_code == 201:
            self.api.counts["rated"] += 1
            self.api.counts[f"rated {satisfaction}"] += 1
