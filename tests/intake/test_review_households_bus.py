"""Through the real broker and PostgreSQL: a leader opens 李娜's annual review (双述双评, community 幸福社区,
xl-xf); evaluation asks intake for the community's households (review.opened.v1 naming its grids); intake
lists them (review.households_listed.v1, ids only); the board then enters a listed household's paper
ballot once, and a household not on the list is refused. The review shows the participation's
denominator: the households listed."""

from __future__ import annotations

import json
from argparse import Namespace

from minqing_evaluation.bootstrap import bootstrap as evaluation_bootstrap
from minqing_evaluation.definition import DEFINITION as EVALUATION
from minqing_evaluation.web import create_app as evaluation_app
from minqing_intake.adapters.grid_tables import households
from minqing_intake.definition import DEFINITION as INTAKE, load_households
from minqing_kit.service import build_consumer, build_relay, declare
from support.workers import running, wait_for

from .helpers import DEMO_DISTRICTS
from .test_households_visits import FILE, _outbox, _rows

LEADER = dict(person_id="xl-leader", roles=("leader",), unit="xinlin", name="区领导")
BOARD = dict(person_id="xl-xf-h1", roles=("community_handler",), unit="xl-xf", name="李娜")


def test_a_reviews_residents_ballot_is_the_communitys_households_listed_by_intake(
    settings, runtime, token, keys, make_settings
):
    assert load_households(settings, Namespace(district="xinlin", file=str(FILE))) == 0
    evaluation = evaluation_bootstrap(
        make_settings(EVALUATION, DISTRICTS_DIR=DEMO_DISTRICTS, TOKEN_PUBLIC_KEYS=keys["token_keys"])
    )
    try:
        for definition, rt in ((INTAKE, runtime), (EVALUATION, evaluation)):
            declare(definition, rt.settings, rt)
        api = evaluation_app(runtime=evaluation).test_client()
        body = {"person_id": "xl-xf-g1", "year": 2026, "post": "staff"}  # BOARD enters, not the one reviewed
        review = api.post("/api/v1/reviews", json=body, headers=token(**LEADER)).json["id"]
        workers = [
            build_relay(EVALUATION, evaluation.settings, evaluation.db),
            build_relay(INTAKE, runtime.settings, runtime.db),
            build_consumer(INTAKE, runtime.settings, runtime),
            build_consumer(EVALUATION, evaluation.settings, evaluation),
        ]
        grids = {
            g.code
            for s in runtime.districts["xinlin"].streets
            for c in s.communities
            if c.id == "xl-xf"
            for g in c.grids
        }
        in_community = [r for r in _rows(runtime, households) if r.district == "xinlin" and r.grid_code in grids]
        assert in_community
        with running(*workers):
            shown = wait_for(
                lambda: (lambda r: r if r["participation"]["households"] is not None else None)(
                    api.get(f"/api/v1/reviews/{review}").json
                ),
                what="intake's list of the community's households",
                timeout=60,
            )
        assert shown["participation"]["denominator"] == len(in_community)

        def paper(household: str):
            ballot = {"ballot": "residents", "rating": "not_satisfied", "household_id": household}
            return api.post(f"/api/v1/reviews/{review}/votes", json=ballot, headers=token(**BOARD))

        assert paper(in_community[0].id).status_code == 201
        assert paper(in_community[0].id).status_code == 409  # once per household
        stranger = paper("hh-not-in-xl-xf")
        assert stranger.status_code == 422 and stranger.json["error"]["code"] == "household_not_listed"
        counted = api.get(f"/api/v1/reviews/{review}").json
        assert counted["ballots"]["residents"]["counts"]["not_satisfied"] == 1
        assert counted["participation"]["ratings"] == 1
        clear = json.dumps(_outbox(runtime, "review.households_listed.v1"), ensure_ascii=False)
        for household in in_community:
            assert f'"{household.door}"' not in clear and household.building_id not in clear
    finally:
        evaluation.db.dispose()
