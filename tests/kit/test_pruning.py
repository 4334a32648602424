"""Pruning the bus tables (minqing_kit.pruning) on both databases: published outbox rows and inbox rows
older than their retention go, in batches; unsent outbox rows never, recent rows stay; a second run finds
nothing; the relay's pruner runs at its interval; ``minqing-<svc> prune`` prints what it deleted."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import MetaData, func, select, text

from minqing_kit.bus_tables import BusTables
from minqing_kit.db import Database
from minqing_kit.pruning import Pruned, Pruner, Retention, batch_statements, prune_bus_tables
from minqing_kit.service import ServiceDefinition, build_relay, main
from minqing_kit.settings import ServiceSettings, load_settings
from minqing_kit.statements import insert_ignoring_duplicates

NOW = datetime.now(UTC).replace(microsecond=0)  # the prune command reads the clock: rows are dated from it
RETENTION = Retention(outbox=timedelta(hours=72), inbox=timedelta(days=14), batch_rows=100)


@pytest.fixture(params=["postgresql", "sqlite"])
def bus(request, tmp_path):
    """(Database, BusTables) with empty bus tables on the parametrised backend, dropped after the test."""
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").create("pruning")
    else:
        url = f"sqlite:///{tmp_path}/pruning.db"
    tables = BusTables(metadata := MetaData())
    database = Database(url)
    metadata.create_all(database.engine)
    yield database, tables
    database.dispose()
    if request.param == "postgresql":
        request.getfixturevalue("postgres").drop_later(url)


def _outbox_row(n: int, created: datetime, published: datetime | None) -> dict:
    return {
        "event_id": f"e-{n}",
        "event_type": "case.received.v1",
        "routing_key": "testville.case.received.v1",
        "body": "{}",
        "created_at": created,
        "published_at": published,
        "next_attempt_at": created,
    }


def _fill(db: Database, tables: BusTables, *, old_published: int, old_inbox: int) -> None:
    """Old published rows, old unsent rows (a relay that failed for weeks), recent rows of each kind."""
    long_ago, lately = NOW - timedelta(days=30), NOW - timedelta(hours=1)
    outbox = [_outbox_row(n, long_ago, long_ago + timedelta(seconds=1)) for n in range(old_published)]
    outbox += [_outbox_row(10_000 + n, long_ago, None) for n in range(3)]  # unsent: never pruned
    outbox += [_outbox_row(20_000 + n, lately, lately) for n in range(4)]  # published within the retention
    inbox = [
        {"consumer": "c", "event_id": f"old-{n}", "event_type": "t", "processed_at": long_ago} for n in range(old_inbox)
    ]
    inbox += [{"consumer": "c", "event_id": f"new-{n}", "event_type": "t", "processed_at": lately} for n in range(5)]
    with db.transaction() as session:
        session.execute(tables.outbox.insert(), outbox)
        session.execute(tables.inbox.insert(), inbox)


def _left(db: Database, tables: BusTables) -> tuple[int, int, int]:
    """(published outbox rows, unsent outbox rows, inbox rows) still there."""
    with db.engine.connect() as connection:
        published = connection.scalar(
            select(func.count()).select_from(tables.outbox).where(tables.outbox.c.published_at.is_not(None))
        )
        unsent = connection.scalar(
            select(func.count()).select_from(tables.outbox).where(tables.outbox.c.published_at.is_(None))
        )
        inbox = connection.scalar(select(func.count()).select_from(tables.inbox))
    return published, unsent, inbox


def _pruned_metric(service: str, table: str) -> float:
    return REGISTRY.get_sample_value("minqing_bus_rows_pruned_total", {"service": service, "table": table}) or 0.0


def test_old_published_and_inbox_rows_go_in_batches_unsent_and_recent_rows_stay(bus):
    db, tables = bus
    _fill(db, tables, old_published=250, old_inbox=130)
    before = _pruned_metric("pruning-test", "outbox"), _pruned_metric("pruning-test", "inbox")
    assert prune_bus_tables(db, tables, RETENTION, service="pruning-test", now=NOW, max_batches=1) == Pruned(100, 100)
    assert _left(db, tables) == (154, 3, 35)  # one statement of 100 rows per table
    assert prune_bus_tables(db, tables, RETENTION, service="pruning-test", now=NOW) == Pruned(150, 30)
    assert _left(db, tables) == (4, 3, 5)  # the recent published rows, every unsent row, the recent inbox
    assert _pruned_metric("pruning-test", "outbox") - before[0] == 250
    assert _pruned_metric("pruning-test", "inbox") - before[1] == 130
    assert prune_bus_tables(db, tables, RETENTION, service="pruning-test", now=NOW) == Pruned(0, 0)  # idempotent
    years_later = NOW + timedelta(days=3650)
    prune_bus_tables(db, tables, RETENTION, service="pruning-test", now=years_later)
    assert _left(db, tables) == (0, 3, 0)  # an unsent row outlives any retention


def test_an_event_id_pruned_from_the_inbox_is_new_again(bus):
    """Documented (docs/SCALE.md section 5): after INBOX_RETENTION_DAYS an event id is forgotten, so a
    copy delivered later than that would be handled again; the retention outlives every redelivery."""
    db, tables = bus
    _fill(db, tables, old_published=0, old_inbox=1)
    claim = insert_ignoring_duplicates(db, tables.inbox).returning(tables.inbox.c.event_id)
    copy = {"consumer": "c", "event_id": "old-0", "event_type": "t", "processed_at": NOW}
    with db.transaction() as session:
        assert session.execute(claim, [copy]).scalars().all() == []  # within the retention: a duplicate
    prune_bus_tables(db, tables, RETENTION, service="pruning-test", now=NOW)
    with db.transaction() as session:
        assert session.execute(claim, [copy]).scalars().all() == ["old-0"]


def test_the_pruning_selects_can_use_their_indexes_on_postgresql(bus):
    db, tables = bus
    if db.dialect != "postgresql":
        pytest.skip("EXPLAIN's plan is PostgreSQL's")
    with db.engine.connect() as connection:
        connection.execute(text("SET enable_seqscan = off"))  # an empty table is scanned otherwise
        for name, statement in batch_statements(tables, RETENTION, NOW).items():
            compiled = statement.compile(dialect=db.engine.dialect)
            plan = "\n".join(connection.exec_driver_sql("EXPLAIN " + compiled.string, compiled.params).scalars())
            assert "SKIP LOCKED" in compiled.string
            assert {"outbox": "ix_outbox_published", "inbox": "ix_inbox_processed"}[name] in plan, plan


def test_the_relays_pruner_runs_at_its_interval_and_never_raises(bus, caplog):
    db, tables = bus
    clock = [1000.0]
    pruner = Pruner(db, tables, Retention(batch_rows=100), service="pruning-test", interval=900, clock=lambda: clock[0])
    assert pruner.run_if_due() == Pruned(0, 0)  # the first idle turn prunes
    clock[0] += 899
    assert pruner.run_if_due() is None
    clock[0] += 1
    db.dispose()
    pruner.db = Database("postgresql://nobody@127.0.0.1:1/none")  # nothing answers there
    assert pruner.run_if_due() is None
    assert "pruning the bus tables failed" in caplog.text
    assert Pruner(db, tables, Retention(), service="pruning-test", interval=0).run_if_due() is None  # 0: off


def _definition(tables: BusTables) -> ServiceDefinition:
    """A service of bus tables only: the prune command and the relay need nothing else."""
    return ServiceDefinition(
        name="pruning-test",
        settings_model=ServiceSettings,
        tables=tables,
        migrations="unused",
        bootstrap=lambda settings: None,
        subscriptions=lambda runtime: {},
    )


def test_the_prune_command_prints_what_it_deleted(bus, monkeypatch, capsys):
    db, tables = bus
    _fill(db, tables, old_published=7, old_inbox=2)
    definition = _definition(tables)
    url = db.engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("OUTBOX_RETENTION_HOURS", "24")
    assert main(definition, ["prune"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == {"outbox": 7, "inbox": 2}


def test_a_relay_built_from_settings_prunes_on_its_idle_turn(bus, monkeypatch):
    db, tables = bus
    _fill(db, tables, old_published=3, old_inbox=2)
    definition = _definition(tables)
    settings = load_settings(ServiceSettings, {"PRUNE_INTERVAL_SECONDS": "900"}, DATABASE_URL="sqlite://")
    relay = build_relay(definition, settings, db)  # nothing connects until it publishes
    try:
        relay._idle()
    finally:
        if relay.listener is not None:
            relay.listener.close()
    assert _left(db, tables) == (4, 3, 5)
    assert relay.pruner is not None and relay.pruner.interval == 900
