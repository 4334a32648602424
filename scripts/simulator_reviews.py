"""The simulator's boards: in each district a leader opens a public project (一事一评) on a grid with
households, records its progress and opens its rating; the supervisory board enters the households' paper
ballots a few at a time (the demo grids hold fewer than the 100 a result needs, so the rating shows its
progress towards 100); every community handler gets an annual review (双述双评) of this year, the
superior organisation's raters and the paper ballots of the community's households (as the community's
grid workers see them in intake, which lists the same households to evaluation) vote on it, and a leader concludes it
once both ballots have the district's minimum."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from simulator_actors import Api, Handlers

SUPERIOR = ("leader", "admin", "street_handler", "supervisor")


class Boards:
    def __init__(self, api: Api, handlers: Handlers, districts: dict, rng: random.Random):
        self.api, self.handlers, self.districts, self.rng = api, handlers, districts, rng
        self.projects: dict[str, str] = {}  # district -> project id
        self.reviews: dict[str, list[str]] = {}  # district -> review ids
        self.households: dict[str, list[str]] = {}  # district -> the project's grid's household ids
        self.entered: dict[str, int] = {}
        self.voters: dict[str, list[str]] = {}  # review id -> its community's households not voted yet
        self.reviewed: dict[str, str] = {}  # review id -> the person under review, who enters no vote on it

    def _person(self, district: str, roles: tuple[str, ...], besides: str | None = None):
        found = [p for p in self.districts[district].people if set(p.roles) & set(roles) and p.id != besides]
        return self.rng.choice(found) if found else None

    def _token(self, district: str, roles: tuple[str, ...], besides: str | None = None) -> str | None:
        """A token of someone with one of ``roles`` (never the person ``besides``)."""
        person = self._person(district, roles, besides)
        return self.handlers.token(district, person) if person else None

    def start(self) -> Boards:
        for district, config in self.districts.items():
            self._open_project(district, config)
            self._open_reviews(district, config)
        return self

    def _open_project(self, district: str, config) -> None:
        worker, leader = self._token(district, ("grid_worker",)), self._token(district, ("leader",))
        listed = self.api.call("GET", "intake", "/api/v1/households", worker) if worker and leader else None
        if listed is None or listed.status_code != 200 or not listed.json()["households"]:
            return
        grid = listed.json()["households"][0]["grid_code"]
        self.households[district] = [h["id"] for h in listed.json()["households"] if h["grid_code"] == grid]
        community = next(c.id for s in config.streets for c in s.communities if any(g.code == grid for g in c.grids))
        body = {
            "name": "小区健身路径改造",
            "unit_id": community,
            "plan": "更换健身器材,铺设塑胶地面",
            "funds_yuan": 30000,
        }
        made = self.api.call(
            "POST", "evaluation", "/api/v1/projects", leader, json={**body, "affected": {"grid_codes": [grid]}}
        )
        if made is None or made.status_code != 201:
            return
        project = made.json()["id"]
        self.api.call("POST", "evaluation", f"/api/v1/projects/{project}/progress", leader, json={"note": "器材已安装"})
        if self.api.call("POST", "evaluation", f"/api/v1/projects/{project}/rating", leader) is not None:
            self.projects[district] = project
            self.api.counts["projects opened"] += 1

    def _open_reviews(self, district: str, config) -> None:
        leader = self._token(district, ("leader",))
        year = datetime.now(UTC).year
        for i, person in enumerate(p for p in config.people if "community_handler" in p.roles):
            body = {"person_id": person.id, "year": year, "post": "two_committees" if i % 2 == 0 else "staff"}
            made = self.api.call("POST", "evaluation", "/api/v1/reviews", leader, json=body) if leader else None
            if made is not None and made.status_code == 201:
                self.reviews.setdefault(district, []).append(made.json()["id"])
                self.reviewed[made.json()["id"]] = person.id
                self.voters[made.json()["id"]] = self._community_households(district, config, person.unit)
                self.api.counts["annual reviews opened"] += 1

    def _community_households(self, district: str, config, community: str) -> list[str]:
        """The households the community's grid workers hold: the ones intake lists as the review's voters."""
        found: set[str] = set()
        for worker in (p for p in config.people if p.unit == community and p.grids):
            token = self.handlers.token(district, worker)
            listed = self.api.call("GET", "intake", "/api/v1/households", token) if token else None
            if listed is not None and listed.status_code == 200:
                found.update(h["id"] for h in listed.json()["households"])
        return sorted(found)

    def work(self) -> None:
        for district, project in self.projects.items():
            shown = self.api.call("GET", "evaluation", f"/api/v1/projects/{project}")
            if shown is None or shown.status_code != 200 or shown.json()["rounds"][-1]["status"] != "open":
                continue  # intake has not listed the households yet, or the round is closed
            households = self.households.get(district, [])
            done = self.entered.get(district, 0)
            board = self._token(district, ("community_handler",))
            for household in households[done : done + 2]:
                rating = self.rng.choices(("satisfied", "basically_satisfied", "not_satisfied"), (0.7, 0.2, 0.1))[0]
                body = {"household_id": household, "rating": rating}
                sent = self.api.call(
                    "POST", "evaluation", f"/api/v1/projects/{project}/paper-ratings", board, json=body
                )
                if sent is not None and sent.status_code in (201, 409):
                    self.api.counts["project ballots entered"] += sent.status_code == 201
            self.entered[district] = done + 2
        for district, reviews in self.reviews.items():
            for review in reviews:
                self._vote(district, review)

    def _vote(self, district: str, review: str) -> None:
        rating = self.rng.choices(("satisfied", "basically_satisfied", "not_satisfied"), (0.75, 0.15, 0.1))[0]
        superior = self._token(district, SUPERIOR, besides=self.reviewed.get(review))
        board = self._token(district, ("community_handler",), besides=self.reviewed.get(review))
        ballots = [(superior, {"ballot": "superior", "rating": rating})]
        voters = self.voters.get(review, [])
        if voters:  # the board's paper ballot names a household of the community
            ballots.append((board, {"ballot": "residents", "rating": rating, "household_id": voters[0]}))
        for token, body in ballots:
            if not token:
                continue
            sent = self.api.call("POST", "evaluation", f"/api/v1/reviews/{review}/votes", token, json=body)
            if body["ballot"] == "residents" and sent is not None and sent.status_code == 201:
                voters.pop(0)  # 409 before intake has listed the households: the ballot waits
        shown = self.api.call("GET", "evaluation", f"/api/v1/reviews/{review}")
        if shown is None or shown.status_code != 200 or shown.json()["status"] != "open":
            return
        found = shown.json()
        if all(b["ratings"] >= found["min_ratings"] for b in found["ballots"].values()):
            grade = self.rng.choices(("competent", "basically_competent", "incompetent"), (0.8, 0.15, 0.05))[0]
            leader = self._token(district, ("leader",))
            done = self.api.call(
                "POST", "evaluation", f"/api/v1/reviews/{review}/conclusion", leader, json={"grade": grade}
            )
            if done is not None and done.status_code == 200:
                self.api.counts["annual reviews concluded"] += 1
