"""The simulator files a realistic mix of request types (诉求类型): the type its text says where it says one,
mostly complaints and pleas for help otherwise, and none on the API channel (another system's feed, an
older producer whose cases show as 未分类)."""

from __future__ import annotations

import random
import sys
from collections import Counter
from pathlib import Path

from minqing_contracts.events.intake import CONSENT_LABELS
from minqing_contracts.request_types import REQUEST_TYPE_LABELS
from minqing_kit.orgconfig import load_districts

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from simulator import Feeder  # noqa: E402
from simulator_texts import TEXTS, request_type_for  # noqa: E402


class Answered:
    status_code = 201

    def __init__(self, ticket: str):
        self.ticket = ticket

    def json(self) -> dict:
        return {"ticket": self.ticket}


class RecordingApi:
    """Intake as the feeder sees it: every body it sent, each filed."""

    def __init__(self):
        self.counts, self.bodies, self.tokens = Counter(), [], []

    def call(self, method, service, path, token, json=None, headers=None):
        self.bodies.append(json)
        self.tokens.append(token)
        return Answered(f"T-{len(self.bodies)}")


def test_a_text_s_own_words_choose_its_type_and_the_rest_are_complaints_or_pleas_for_help():
    rng = random.Random(7)
    assert request_type_for("对社区工作人员的热心服务表示感谢,提一点建议", rng) == "praise"
    assert request_type_for("建议在小区附近增设一个便民服务点。", rng) == "suggestion"
    assert request_type_for("困难户想申请低保,需要准备哪些材料?", rng) == "consultation"
    mix = Counter(request_type_for(text, rng) for texts in TEXTS.values() for text in texts for _ in range(20))
    assert set(mix) == set(REQUEST_TYPE_LABELS)
    assert mix.most_common(1)[0][0] == "complaint" and mix["help"] > mix["consultation"] > mix["praise"]


def test_the_feeder_sends_a_type_on_every_channel_but_the_api():
    api = RecordingApi()
    feeder = Feeder(api, None, load_districts(ROOT / "tests" / "fixtures" / "districts"), random.Random(3))
    district = next(iter(feeder.districts))
    for channel in ("web", "echo_wall", "api"):
        assert feeder.file(district, channel=channel)
    web, wall, other = api.bodies
    assert web["request_type"] in REQUEST_TYPE_LABELS and wall["request_type"] in REQUEST_TYPE_LABELS
    assert "request_type" not in other


class SignedIn:
    """Routing's sign-in as the feeder sees it: every demo person gets a token naming them."""

    def token(self, district, person):
        return f"token-of-{person.id}"


def test_the_feeder_files_for_a_resident_as_a_party_member_of_the_grids_team_with_the_consent():
    api = RecordingApi()
    districts = load_districts(ROOT / "config" / "districts")
    feeder = Feeder(api, SignedIn(), districts, random.Random(5))
    for _ in range(12):
        assert feeder.file("xinlin", channel="proxy")
    volunteers = {"party_member", "messenger"}
    teams = {g.code: {m.person for m in g.team if m.role in volunteers} for g in xinlin_grids(districts)}
    for body, token in zip(api.bodies, api.tokens, strict=True):
        assert (body["channel"], body["filed_for"]) == ("proxy", "楼里的独居老人")
        assert body["proxy_consent"]["how"] in CONSENT_LABELS and body["proxy_consent"]["given_at"]
        grid = body["location"].get("grid_code") or feeder_grid_of(districts, body["location"]["address"])
        assert token.removeprefix("token-of-") in teams[grid]  # a volunteer of the request's own grid's team


def xinlin_grids(districts):
    config = districts["xinlin"]
    return [g for s in config.streets for c in s.communities for g in c.grids]


def feeder_grid_of(districts, address: str) -> str:
    return next(g.code for g in xinlin_grids(districts) for b in g.buildings if b.address == address)
