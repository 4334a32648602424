"""Minqing's simulator: feeds realistic requests through intake and plays handlers and residents.

    python scripts/simulator.py --rate 30                      # 30 requests a minute until Ctrl-C
    python scripts/simulator.py --rate 60 --duration 120       # two minutes
    python scripts/simulator.py --scenario xinlin-quarter      # seed 002's quarter: 151 requests, 5 categories,
                                                               # 133 closed, ~98 % satisfied
Requests use the demo districts' categories, channels and addresses (DISTRICTS_DIR, default
config/districts). Handlers sign in at routing with the demo password (DEMO_PASSWORD, else
run/keys.json as written by `make up`, else "minqing"); they accept, record progress, resolve,
sometimes return a case and sometimes let its deadline pass. Besides the steady mix (categories and
buildings drawn evenly) it plants, seeded (scripts/simulator_patterns.py): a burst of requests about one
cause in one grid x category right away and then daily in each district (near-duplicates, merged into one
cluster, flagged by the next morning's early warning), one recurring cause across one street's buildings,
and neighbours reporting the same matter again. Grid workers record visits (走访) to
the least recently visited households of their grids through intake (some matters filed as cases,
now and then a visit sent twice under its Idempotency-Key, as a phone that lost the answer would; six
a minute, not in the xinlin-quarter scenario). Residents rate through evaluation's
API with the link tokens read from the broker (``*.evaluation.requested.v1`` on a queue of the
simulator's own). Service URLs: INTAKE_URL / ROUTING_URL / EVALUATION_URL, else 127.0.0.1 with
INTAKE_PORT / ROUTING_PORT / EVALUATION_PORT (8001-8003); AMQP_URL for the broker.
A progress line is printed every few seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from simulator_actors import Api, Behaviour, GridWorkers, Handlers, Residents  # noqa: E402
from simulator_meetings import Meetings  # noqa: E402
from simulator_patterns import BURST_CHANNEL, Draw, Patterns  # noqa: E402
from simulator_reviews import Boards  # noqa: E402
from simulator_texts import request_type_for, text_for  # noqa: E402

from minqing_contracts.channels import INTAKE_CHANNEL_BY_CODE  # noqa: E402
from minqing_contracts.events.intake import CONSENT_LABELS  # noqa: E402
from minqing_contracts.org import VOLUNTEER_ROLES  # noqa: E402
from minqing_kit.orgconfig import load_districts  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PORTS = {"intake": 8001, "routing": 8002, "evaluation": 8003}
# The traffic mix (how often each channel is used) and whom the simulator plays on a staff channel; what a
# channel is and who may use it is intake's channel table (minqing_contracts.channels).
CHANNEL_MIX = {
    "web": 0.42,
    "api": 0.15,
    "echo_wall": 0.1,
    "hotline": 0.12,
    "grid_visit": 0.1,
    "wechat_group": 0.05,
    "talk_room": 0.03,
    "proxy": 0.03,  # a grid's 联户党员 files for a resident who asked them (代办), with the resident's consent
}
UNTYPED_CHANNELS = ("api",)  # another system's feed that does not ask the type (an older producer: 未分类)
PLAYED_BY = {
    "hotline": "hotline_operator",
    "grid_visit": "grid_worker",
    "wechat_group": "community_handler",
    "talk_room": "community_handler",
    "proxy": "party_member",
}
XINLIN_QUARTER = {
    "district": "xinlin",
    "requests": 151,
    "closed": 133,
    "categories": ("environment", "elderly_care", "health", "municipal", "property"),
    "channels": ("talk_room", "wechat_group"),
    "not_satisfied": 3,
}


BURST_EVERY = 24 * 3600.0  # seconds between a district's planted bursts: the first right away, then daily


def takes_contact(channel: str) -> bool:
    """A public channel that keeps who filed (not the anonymous echo wall), or filing for a resident (代办):
    the resident's own contact, sealed by intake as a resident's."""
    known = INTAKE_CHANNEL_BY_CODE[channel]
    return known.access == "public" and not known.anonymous or known.filed_for


def service_urls() -> dict[str, str]:
    return {
        s: os.environ.get(f"{s.upper()}_URL") or f"http://127.0.0.1:{os.environ.get(f'{s.upper()}_PORT', p)}"
        for s, p in PORTS.items()
    }


def demo_password() -> str:
    if os.environ.get("DEMO_PASSWORD"):
        return os.environ["DEMO_PASSWORD"]
    keys = Path(os.environ.get("MINQING_RUN_DIR", ROOT / "run")) / "keys.json"
    return json.loads(keys.read_text()).get("demo_password", "minqing") if keys.exists() else "minqing"


class Feeder:
    """Files requests through intake: public channels anonymously, staff channels with a staff token."""

    def __init__(
        self, api: Api, handlers: Handlers, districts: dict, rng: random.Random, patterns: Patterns | None = None
    ):
        self.api, self.handlers, self.districts, self.rng = api, handlers, districts, rng
        self.patterns = patterns
        self.tickets: list[str] = []

    def places(self, district: str) -> list[tuple[str, str, str]]:
        config = self.districts[district]
        return [
            (b.address, g.code, c.id)
            for s in config.streets
            for c in s.communities
            for g in c.grids
            for b in g.buildings
        ]

    def staff(self, district: str, role: str, grid: str, community: str):
        """The grid's own worker, the community's handler, or the district's operator."""
        people = [
            p
            for p in self.districts[district].people
            if role in p.roles
            and (role != "grid_worker" or grid in (p.grids or []))
            and (role != "community_handler" or p.unit == community)
            and (role not in VOLUNTEER_ROLES or p.id in self.team(district, grid))
        ]
        return people[0] if people else None

    def team(self, district: str, grid: str) -> set[str]:
        """The people of the grid's team (网格团队)."""
        config = self.districts[district]
        return {
            m.person for s in config.streets for c in s.communities for g in c.grids if g.code == grid for m in g.team
        }

    def draw(self, district: str, category: str | None = None) -> Draw:
        """The next request of the steady mix: a category and a building drawn evenly, one of the category's
        texts; in the random scenario now and then a planted recurring cause or a neighbour's report."""
        config = self.districts[district]
        category = category or self.rng.choice([c.code for c in config.categories])
        address, grid, community = self.rng.choice(self.places(district))
        drawn = Draw(category, address, grid, community, text_for(category, address, self.rng))
        return self.patterns.steady(district, drawn) if self.patterns else drawn

    def burst(self, district: str, requests_per_day: float) -> list[Draw]:
        """A planted burst in one grid x category of ``district`` (simulator_patterns), sized against the
        grid x category's share of ``requests_per_day``."""
        config = self.districts[district]
        places = self.places(district)
        series = len({g for _, g, _ in places}) * len(config.categories)
        return self.patterns.burst(district, places, requests_per_day / series) if self.patterns else []

    def file(
        self, district: str, category: str | None = None, channel: str | None = None, drawn: Draw | None = None
    ) -> str | None:
        drawn = drawn or self.draw(district, category)
        category, address, grid, community = drawn.category, drawn.address, drawn.grid, drawn.community
        body = {
            "district": district,
            "content": drawn.content,
            "urgent": self.rng.random() < 0.05,
            "location": {"address": address} if self.rng.random() < 0.7 else {"grid_code": grid},
        }
        token = None
        channel = channel or self._channel()
        taken_by = INTAKE_CHANNEL_BY_CODE[channel]
        if taken_by.access == "staff":
            role = PLAYED_BY.get(channel, taken_by.roles[0])
            roles = VOLUNTEER_ROLES if role in VOLUNTEER_ROLES else (role,)  # the grid's 联户党员, else its 民情信使
            person = next(filter(None, (self.staff(district, r, grid, community) for r in roles)), None)
            token = self.handlers.token(district, person) if person else None
            if token is None:
                channel = "web"
            body["category"] = category  # staff classify what they take in
        body["channel"] = channel
        if INTAKE_CHANNEL_BY_CODE[channel].filed_for:
            consent = {"how": self.rng.choice(list(CONSENT_LABELS)), "given_at": datetime.now(UTC).isoformat()}
            body.update(filed_for="楼里的独居老人", proxy_consent=consent)
        if channel not in UNTYPED_CHANNELS:
            body["request_type"] = request_type_for(body["content"], self.rng)
        if takes_contact(channel) and self.rng.random() < 0.6:
            body["contact"] = {"name": "居民", "phone": f"139{self.rng.randrange(10**8):08d}"}
        response = self.api.call(
            "POST", "intake", "/api/v1/cases", token, json=body, headers={"Idempotency-Key": str(uuid.uuid4())}
        )
        if response is None or response.status_code != 201:
            return None
        self.api.counts["submitted"] += 1
        self.tickets.append(response.json()["ticket"])
        return self.tickets[-1]

    def _channel(self) -> str:
        return self.rng.choices(list(CHANNEL_MIX), list(CHANNEL_MIX.values()))[0]


def progress_line(started: float, counts: Counter) -> str:
    keys = (
        "submitted",
        "accepted",
        "returned",
        "resolved",
        "follow-ups requested",
        "rated",
        "left to go overdue",
        "visits",
        "cases from visits",
        "errors",
    )
    return f"[{time.monotonic() - started:6.0f}s] " + " · ".join(f"{k} {counts[k]}" for k in keys)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=20.0, help="requests per minute (default 20)")
    parser.add_argument("--duration", type=float, default=0, help="seconds to run (default: until Ctrl-C)")
    parser.add_argument("--districts", default="", help="comma-separated district codes (default: all)")
    parser.add_argument("--scenario", choices=("random", "xinlin-quarter"), default="random")
    parser.add_argument("--seed", type=int, default=None, help="random seed, for a repeatable run")
    parser.add_argument("--every", type=float, default=5.0, help="seconds between progress lines")
    args = parser.parse_args()
    return run(args)


def run(args) -> int:
    rng = random.Random(args.seed)
    districts = load_districts(os.environ.get("DISTRICTS_DIR", ROOT / "config" / "districts"))
    if args.districts:
        districts = {k: v for k, v in districts.items() if k in args.districts.split(",")}
    counts: Counter = Counter()
    api = Api(service_urls(), counts)
    behaviour = Behaviour()
    plan = scenario_plan(rng, behaviour) if args.scenario == "xinlin-quarter" else None
    if plan is not None:
        districts = {"xinlin": districts["xinlin"]}
        args.rate = args.rate if args.rate != 20.0 else 300.0
    handlers = Handlers(api, districts, demo_password(), behaviour, rng)
    residents = Residents(
        api, os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F"), behaviour, rng
    ).start()
    feeder = Feeder(api, handlers, districts, rng, Patterns(districts, rng) if plan is None else None)
    bursts: list[tuple[str, Draw]] = []
    next_bursts = time.monotonic()
    grid_workers = GridWorkers(api, handlers, districts, behaviour, rng)
    meetings = Meetings(api, handlers, districts, rng).start() if plan is None else None  # 三会, 六步
    boards = Boards(api, handlers, districts, rng).start() if plan is None else None  # 一事一评, 双述双评
    stopping = []
    signal.signal(signal.SIGINT, lambda *_: stopping.append(1))
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    print(f"simulating {', '.join(districts)} at {args.rate:g} requests/min against {api.urls}", flush=True)
    started = next_case = next_visit = last_line = last_work = time.monotonic()
    quiet = Quiet()
    while (
        not stopping
        and not (args.duration and time.monotonic() - started > args.duration)
        and not (plan == [] and scenario_done(counts, quiet))
    ):
        while time.monotonic() >= next_case and (plan is None or plan):
            if plan is not None:
                ticket = feeder.file("xinlin", *plan.pop(0))
                if ticket and len(feeder.tickets) > XINLIN_QUARTER["closed"]:
                    behaviour.leave_open.add(ticket)
            else:
                feeder.file(rng.choice(list(districts)))
                if bursts:  # a planted burst's next request, between the steady ones
                    district, drawn = bursts.pop(0)
                    feeder.file(district, channel=BURST_CHANNEL, drawn=drawn)
            next_case += 60.0 / args.rate
        if plan is None and time.monotonic() >= next_bursts:  # each district's burst of the day
            per_day = args.rate * 24 * 60 / len(districts)
            bursts += [(d, drawn) for d in districts for drawn in feeder.burst(d, per_day)]
            next_bursts += BURST_EVERY
        if plan is None and behaviour.visits_per_minute and time.monotonic() >= next_visit:
            grid_workers.visit()
            next_visit = time.monotonic() + 60.0 / behaviour.visits_per_minute
        if time.monotonic() - last_work >= 2:
            handlers.work()
            if boards and rng.random() < 0.2:  # about every 10 s: a few paper ballots, a few votes
                boards.work()
            if meetings and rng.random() < 0.2:  # about every 10 s: a meeting's next step, a matter's next step
                meetings.work()
            last_work = time.monotonic()
        residents.rate_due()
        if time.monotonic() - last_line >= args.every:
            print(progress_line(started, counts), flush=True)
            last_line = time.monotonic()
        time.sleep(0.2)
    residents.stop()
    print(progress_line(started, counts), flush=True)
    good = counts["rated satisfied"] + counts["rated basically_satisfied"]
    print(
        f"ratings: satisfied {counts['rated satisfied']}, basically {counts['rated basically_satisfied']}, "
        f"not satisfied {counts['rated not_satisfied']} ({100 * good / max(counts['rated'], 1):.1f} % satisfied "
        f"or basically satisfied)",
        flush=True,
    )
    problems = [f"{k} ×{n}" for k, n in sorted(counts.items()) if k.startswith("error ")]
    print("errors by kind: " + (", ".join(problems) or "none"), flush=True)
    return 0


class Quiet:
    """Whether the counts have stayed the same for ``seconds``."""

    def __init__(self, seconds: float = 20.0):
        self.seconds, self.last, self.since = seconds, None, time.monotonic()

    def __call__(self, counts: Counter) -> bool:
        snapshot = tuple(sorted(counts.items()))
        if snapshot != self.last:
            self.last, self.since = snapshot, time.monotonic()
        return time.monotonic() - self.since >= self.seconds


def scenario_done(counts: Counter, quiet: Quiet) -> bool:
    """Every closable case resolved, every follow-up answered (reopened cases included), nothing moving."""
    return (
        counts["resolved"] >= XINLIN_QUARTER["closed"]
        and counts["rated"] == counts["follow-ups requested"]
        and counts["rated"] >= XINLIN_QUARTER["closed"]
        and quiet(counts)
    )


def scenario_plan(rng: random.Random, behaviour: Behaviour) -> list[tuple[str, str]]:
    """Seed 002's quarter: 151 requests in 5 categories through the talk rooms and WeChat groups; 18 stay
    open (133 closed); residents rate ~98 % satisfied or basically satisfied, none left unanswered."""
    spec = XINLIN_QUARTER
    plan = [(spec["categories"][i % 5], spec["channels"][i % 3 == 0]) for i in range(spec["requests"])]
    rng.shuffle(plan)
    behaviour.return_share = behaviour.miss_share = behaviour.no_answer_share = 0.0
    behaviour.merge_flagged = False  # the quarter's 133 closed cases are each resolved, none merged
    share = spec["not_satisfied"] / spec["closed"]
    behaviour.ratings = (("satisfied", 0.9 - share), ("basically_satisfied", 0.1), ("not_satisfied", share))
    behaviour.work_seconds = (1.0, 5.0)
    return plan


if __name__ == "__main__":
    sys.exit(main())
