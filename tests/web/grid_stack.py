"""Intake, evaluation and routing's workbench served on local ports over the real broker and PostgreSQL,
for the grid pages: the demo districts, xinlin's household file loaded, intake's relay and evaluation's
consumer running (so evaluation counts the visits), routing reading intake and evaluation over HTTP."""

from __future__ import annotations

import contextlib
from argparse import Namespace
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from minqing_evaluation.bootstrap import bootstrap as evaluation_bootstrap
from minqing_evaluation.definition import DEFINITION as EVALUATION
from minqing_evaluation.web import create_app as evaluation_app
from minqing_intake.adapters.grid_tables import households, visits
from minqing_intake.adapters.tables import cases
from minqing_intake.bootstrap import Runtime, bootstrap as intake_bootstrap
from minqing_intake.definition import DEFINITION as INTAKE, load_households
from minqing_intake.web import create_app as intake_app
from minqing_kit.sealing import generate_contact_keypair
from minqing_kit.service import build_consumer, build_relay
from minqing_kit.tokens import generate_keypair
from minqing_routing.bootstrap import bootstrap as routing_bootstrap
from minqing_routing.definition import DEFINITION as ROUTING
from minqing_routing.web import create_app as routing_app
from support.workers import running
from support.wsgi_server import serving

ROOT = Path(__file__).resolve().parents[2]
DISTRICTS = ROOT / "config" / "districts"
HOUSEHOLD_FILE = ROOT / "config" / "households" / "xinlin.csv"
PASSWORD = "grid-demo-password-1"
# How long routing's pages wait for intake: 20 s, not the 5 s default. The browser tests run beside two other
# test processes (make test TEST_WORKERS=3) on two cores, where intake has taken 8 s to record a visit; past the
# timeout the page is the 503 "暂时连不上" form, the test's next step fails on it, and intake records the visit
# anyway. Under the 30 s a browser test waits for a page (browser.navigate), so a slower intake still shows the
# 503 form, which test_proxy_filing_pages sends again. tests/routing/test_grid_pages_intake_down.py covers it.
INTAKE_TIMEOUT = "20"


@dataclass
class GridStack:
    workbench: str  # routing's base URL
    intake: Runtime

    def count(self, table) -> int:
        with self.intake.db.engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(table)).scalar_one()

    def visits(self) -> int:
        return self.count(visits)

    def cases(self) -> int:
        return self.count(cases)

    def last_visited(self) -> dict[str, object]:
        with self.intake.db.engine.connect() as connection:
            return dict(connection.execute(select(households.c.id, households.c.last_visited_on)).all())


@contextlib.contextmanager
def grid_stack(make_settings):
    private, public = generate_keypair()
    _, contact_public = generate_contact_keypair()
    common = {"DISTRICTS_DIR": str(DISTRICTS), "TOKEN_PUBLIC_KEYS": f"grid-1={public}"}
    intake_settings = make_settings(INTAKE, **common, NOTIFY_PUBLIC_KEY=contact_public, RATE_LIMIT_ADDRESS="1000/1m")
    assert load_households(intake_settings, Namespace(district="xinlin", file=str(HOUSEHOLD_FILE))) == 0
    evaluation_settings = make_settings(EVALUATION, **common)
    intake, evaluation = intake_bootstrap(intake_settings), evaluation_bootstrap(evaluation_settings)
    consumer = build_consumer(EVALUATION, evaluation_settings, evaluation)
    consumer.declare()
    relay = build_relay(INTAKE, intake_settings, intake.db)
    with (
        running(relay, consumer),
        serving(intake_app(intake_settings, intake)) as intake_url,
        serving(evaluation_app(evaluation_settings, evaluation)) as evaluation_url,
    ):
        routing_settings = make_settings(
            ROUTING,
            **common,
            TOKEN_SIGNING_KEY=private,
            TOKEN_KEY_ID="grid-1",
            DEMO_PASSWORD=PASSWORD,
            INTAKE_URL=intake_url,
            INTAKE_TIMEOUT_SECONDS=INTAKE_TIMEOUT,
            EVALUATION_URL=evaluation_url,
        )
        routing = routing_bootstrap(routing_settings)
        with serving(routing_app(routing_settings, routing)) as workbench:
            yield GridStack(workbench, intake)
        routing.db.dispose()
    intake.db.dispose()
    evaluation.db.dispose()
