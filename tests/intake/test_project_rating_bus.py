"""Through the real broker and PostgreSQL: evaluation opens a project's rating (一事一评) for a grid;
intake lists the grid's households (ids and sealed contacts only); evaluation gives each household with
a contact a single-use link that notify sends to the household; the household rates by it, once."""

from __future__ import annotations

import json
from argparse import Namespace

from sqlalchemy import select

from minqing_evaluation.bootstrap import bootstrap as evaluation_bootstrap
from minqing_evaluation.definition import DEFINITION as EVALUATION
from minqing_evaluation.web import create_app as evaluation_app
from minqing_intake.adapters.grid_tables import households
from minqing_intake.definition import DEFINITION as INTAKE, load_households
from minqing_kit.service import build_consumer, build_relay, declare
from minqing_notify.adapters.tables import deliveries
from minqing_notify.bootstrap import bootstrap as notify_bootstrap
from minqing_notify.definition import DEFINITION as NOTIFY
from support.workers import running, wait_for

from .helpers import DEMO_DISTRICTS
from .test_households_visits import FILE, G1, _outbox, _rows

LEADER = dict(person_id="xl-leader", roles=("leader",), unit="xinlin", name="区领导")


def _invitations(notify) -> list:
    with notify.db.engine.connect() as connection:
        return connection.execute(
            select(deliveries).where(deliveries.c.source_event_type == "project.rating_invited.v1")
        ).all()


def test_a_project_reaches_its_grids_households_through_intake_and_notify(
    settings, runtime, token, keys, make_settings, tmp_path
):
    assert load_households(settings, Namespace(district="xinlin", file=str(FILE))) == 0
    env = dict(DISTRICTS_DIR=DEMO_DISTRICTS, TOKEN_PUBLIC_KEYS=keys["token_keys"])
    evaluation = evaluation_bootstrap(make_settings(EVALUATION, **env))
    notify = notify_bootstrap(
        make_settings(
            NOTIFY,
            **env,
            CONTACT_PRIVATE_KEY=keys["notify_private"],
            SPOOL_DIR=str(tmp_path / "spool"),
            PUBLIC_BASE_URL="https://minqing.example.cn",
        )
    )
    try:
        for definition, rt in ((INTAKE, runtime), (EVALUATION, evaluation), (NOTIFY, notify)):
            declare(definition, rt.settings, rt)
        api = evaluation_app(runtime=evaluation).test_client()
        body = {"name": "幸福社区健身路径", "unit_id": "xl-xf", "funds_yuan": 3000, "affected": {"grid_codes": [G1]}}
        project = api.post("/api/v1/projects", json=body, headers=token(**LEADER)).json["id"]
        assert api.post(f"/api/v1/projects/{project}/rating", headers=token(**LEADER)).status_code == 201
        workers = [
            build_relay(EVALUATION, evaluation.settings, evaluation.db),
            build_relay(INTAKE, runtime.settings, runtime.db),
            build_consumer(INTAKE, runtime.settings, runtime),
            build_consumer(EVALUATION, evaluation.settings, evaluation),
            build_consumer(NOTIFY, notify.settings, notify),
        ]
        in_grid = [r for r in _rows(runtime, households) if r.grid_code == G1]
        with_contact = [r for r in in_grid if r.contact_sealed]
        assert with_contact
        with running(*workers):
            sent = wait_for(
                lambda: (lambda found: found if len(found) >= len(with_contact) else None)(_invitations(notify)),
                what="a rating link for each household with a contact",
                timeout=60,
            )
        shown = api.get(f"/api/v1/projects/{project}").json["rounds"][0]
        assert (shown["status"], shown["households"]) == ("open", len(in_grid))
        assert {d.recipient_kind for d in sent} == {"resident"}
        assert len({d.contact_case_id for d in sent}) == len(with_contact)  # one household, one link
        link = next(d.body for d in sent if d.channel == "sms")
        assert "https://minqing.example.cn/rate/" in link  # the follow-up's link shape: gateways route and mask it
        token_in_link = link.split("/rate/")[1].split("（")[0]
        assert api.post(f"/api/v1/project-ratings/{token_in_link}", json={"rating": "satisfied"}).status_code == 201
        again = api.post(f"/api/v1/project-ratings/{token_in_link}", json={"rating": "not_satisfied"})
        assert again.status_code == 409
        assert api.get(f"/api/v1/projects/{project}").json["rounds"][0]["counts"]["satisfied"] == 1
        clear = json.dumps(_outbox(runtime, "project.households_listed.v1"), ensure_ascii=False)
        for household in in_grid:
            assert f'"{household.door}"' not in clear and household.building_id not in clear
    finally:
        evaluation.db.dispose()
        notify.db.dispose()
