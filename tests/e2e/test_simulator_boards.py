"""The simulator's boards (``make simulate``) through the real APIs on PostgreSQL: a leader opens a
project on a grid with households and opens its rating, every community handler gets this year's annual
review, and the superior organisation's and residents' ballots fill until a leader concludes it."""

from __future__ import annotations

import random
import sys
from argparse import Namespace
from collections import Counter

from sqlalchemy import func, select

from minqing_contracts import Envelope
from minqing_evaluation.adapters.project_tables import project_rounds
from minqing_evaluation.adapters.review_tables import annual_reviews
from minqing_evaluation.bootstrap import bootstrap as evaluation_bootstrap
from minqing_evaluation.definition import DEFINITION as EVALUATION
from minqing_evaluation.web import create_app as evaluation_app
from minqing_intake.bootstrap import bootstrap as intake_bootstrap
from minqing_intake.definition import DEFINITION as INTAKE, load_households
from minqing_intake.web import create_app as intake_app
from minqing_kit.consumer import EventHandling
from minqing_kit.orgconfig import load_districts
from minqing_kit.sealing import generate_contact_keypair
from minqing_kit.tokens import TokenSigner, generate_keypair
from support.wsgi_server import serving

from .test_simulator_grid_workers import ROOT, SignedStaff

sys.path.insert(0, str(ROOT / "scripts"))
from simulator_actors import Api  # noqa: E402
from simulator_reviews import Boards  # noqa: E402


def relay(source, source_definition, target, target_definition, event_type: str) -> None:
    """The bus's hop in-process: ``event_type`` from the source's outbox handled by the target's consumer."""
    with source.db.engine.connect() as connection:
        bodies = connection.execute(
            select(source_definition.tables.outbox.c.body).where(
                source_definition.tables.outbox.c.event_type == event_type
            )
        ).scalars()
        envelopes = [Envelope.model_validate_json(b) for b in bodies]
    handling = EventHandling(
        target_definition.name, target.db, target_definition.tables, target_definition.subscriptions(target)
    )
    for envelope in envelopes:
        handling.handle(envelope, handling.decode(envelope.to_json())[1])


def test_boards_open_a_project_and_annual_reviews_and_conclude_them(make_settings):
    private, public = generate_keypair()
    env = dict(DISTRICTS_DIR=str(ROOT / "config" / "districts"), TOKEN_PUBLIC_KEYS=f"sim-1={public}")
    intake_settings = make_settings(
        INTAKE, **env, NOTIFY_PUBLIC_KEY=generate_contact_keypair()[1], RATE_LIMIT_ADDRESS="1000/1m"
    )
    assert (
        load_households(intake_settings, Namespace(district="xinlin", file=str(ROOT / "config/households/xinlin.csv")))
        == 0
    )
    intake, evaluation = intake_bootstrap(intake_settings), evaluation_bootstrap(make_settings(EVALUATION, **env))
    districts = {"xinlin": load_districts(ROOT / "config" / "districts")["xinlin"]}
    counts = Counter()
    try:
        with (
            serving(intake_app(runtime=intake)) as intake_url,
            serving(evaluation_app(runtime=evaluation)) as evaluation_url,
        ):
            api = Api({"intake": intake_url, "evaluation": evaluation_url}, counts)
            boards = Boards(api, SignedStaff(TokenSigner("sim-1", private)), districts, random.Random(3)).start()
            boards.work()  # the round waits for intake's listing: no ballot is entered yet
            relay(evaluation, EVALUATION, intake, INTAKE, "project.rating_opened.v1")
            relay(intake, INTAKE, evaluation, EVALUATION, "project.households_listed.v1")
            relay(evaluation, EVALUATION, intake, INTAKE, "review.opened.v1")
            relay(intake, INTAKE, evaluation, EVALUATION, "review.households_listed.v1")
            for _ in range(40):
                boards.work()
        with evaluation.db.engine.connect() as connection:
            rounds = connection.execute(select(project_rounds.c.status)).scalars().all()
            concluded = connection.execute(
                select(func.count()).where(annual_reviews.c.status == "concluded")
            ).scalar_one()
        handlers = [p for p in districts["xinlin"].people if "community_handler" in p.roles]
        assert counts["errors"] == 0, counts
        assert rounds == ["open"] and counts["project ballots entered"] == len(boards.households["xinlin"]) > 0
        assert counts["annual reviews opened"] == len(handlers) > 0
        assert counts["annual reviews concluded"] == concluded > 0
    finally:
        intake.db.dispose()
        evaluation.db.dispose()
