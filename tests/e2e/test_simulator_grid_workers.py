"""The simulator's grid workers (``make simulate``) record visits through intake's API on PostgreSQL: the
least recently visited households of their grids, matters filed as cases, and a visit sent again under
its key recorded once, so the visit figures fill."""

from __future__ import annotations

import random
import sys
from argparse import Namespace
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from minqing_intake.adapters.grid_tables import households, visits
from minqing_intake.adapters.tables import cases
from minqing_intake.bootstrap import bootstrap
from minqing_intake.definition import DEFINITION, load_households
from minqing_intake.web import create_app
from minqing_kit.orgconfig import load_districts
from minqing_kit.sealing import generate_contact_keypair
from minqing_kit.tokens import Principal, TokenSigner, generate_keypair
from support.wsgi_server import serving

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from simulator_actors import Api, Behaviour, GridWorkers  # noqa: E402


class SignedStaff:
    """The simulator's sign-in (Handlers.token), with tokens issued by a test key instead of routing."""

    def __init__(self, signer: TokenSigner):
        self.signer = signer

    def token(self, district: str, person) -> str:
        principal = Principal(person.id, person.name, district, person.unit, tuple(person.roles))
        return self.signer.issue(principal)


def count(runtime, table) -> int:
    with runtime.db.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def test_grid_workers_visit_their_grids_file_cases_and_a_replayed_visit_counts_once(make_settings):
    private, public = generate_keypair()
    settings = make_settings(
        DEFINITION,
        DISTRICTS_DIR=str(ROOT / "config" / "districts"),
        TOKEN_PUBLIC_KEYS=f"sim-1={public}",
        NOTIFY_PUBLIC_KEY=generate_contact_keypair()[1],
        RATE_LIMIT_ADDRESS="1000/1m",
    )
    assert load_households(settings, Namespace(district="xinlin", file=str(ROOT / "config/households/xinlin.csv"))) == 0
    districts = {"xinlin": load_districts(ROOT / "config" / "districts")["xinlin"]}
    runtime, counts = bootstrap(settings), Counter()
    behaviour = Behaviour(replay_share=0.5)
    with serving(create_app(settings, runtime)) as base:
        workers = GridWorkers(
            Api({"intake": base}, counts),
            SignedStaff(TokenSigner("sim-1", private)),
            districts,
            behaviour,
            random.Random(7),
        )
        workers.people = [
            (d, p) for d, p in workers.people if p.id in ("xl-xf-g1", "xl-xf-g2")
        ]  # grids with households
        for _ in range(12):
            workers.visit()
    assert counts["errors"] == 0, counts
    assert counts["visits"] == count(runtime, visits) == 12
    assert counts["visits replayed"] > 0  # sent twice, recorded once
    assert counts["cases from visits"] == count(runtime, cases) > 0
    with runtime.db.engine.connect() as connection:
        visited = connection.execute(select(func.count()).where(households.c.last_visited_on.is_not(None))).scalar_one()
    assert visited >= 12  # least recently visited first: twelve visits of 1-4 households reach that many
    runtime.db.dispose()
