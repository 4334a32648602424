"""Statements sent together (minqing_kit.pipeline) on both databases: each statement's rows in order, the
values SQLAlchemy would bind, an error as SQLAlchemy would raise it with nothing kept; on PostgreSQL all
of it in one round trip, counted from libpq's trace of the connection."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from minqing_contracts import PAYLOADS, new_envelope
from minqing_kit.bus_tables import BusTables
from minqing_kit.db import Database
from minqing_kit.outbox import Outbox
from minqing_kit.pipeline import pipelined
from minqing_kit.statements import dialect_insert
from minqing_kit.timestamps import Timestamp

metadata = MetaData()
counters = Table("counters", metadata, Column("name", String(20), primary_key=True), Column("last", Integer))
notes = Table(
    "notes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("text", String(20), unique=True),
    Column("at", Timestamp()),
)


@pytest.fixture(params=["postgresql", "sqlite"])
def db(request, tmp_path):
    url = request.getfixturevalue("postgres").create("pipeline") if request.param == "postgresql" else None
    database = Database(url or f"sqlite:///{tmp_path}/pipeline.db")
    metadata.create_all(database.engine)
    yield database
    database.dispose()
    if url:
        request.getfixturevalue("postgres").drop_later(url)


def _count_up(db: Database):
    statement = dialect_insert(db, counters).values(name=bindparam("of"), last=1)
    statement = statement.on_conflict_do_update(index_elements=[counters.c.name], set_={"last": counters.c.last + 1})
    return statement.returning(counters.c.last)


def test_each_statements_rows_come_back_in_order_and_the_writes_are_kept(db):
    from datetime import UTC, datetime

    at = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
    with db.transaction() as session:
        answers = pipelined(
            session,
            [
                (_count_up(db), {"of": "a"}),
                (insert(notes), {"text": "one", "at": at}),
                (insert(notes), [{"text": "two", "at": at}, {"text": "three", "at": at}]),
                (_count_up(db), {"of": "a"}),
                (
                    update(notes).where(notes.c.text == bindparam("was")).values(text=bindparam("now")),
                    [{"was": "one", "now": "uno"}, {"was": "two", "now": "dos"}],
                ),
                (select(notes.c.text).order_by(notes.c.text), None),
            ],
        )
    assert [[tuple(row) for row in rows] for rows in answers] == [
        [(1,)],
        [],
        [],
        [(2,)],
        [],
        [("dos",), ("three",), ("uno",)],
    ]
    assert answers[5][0].text == "dos"  # rows by name too
    with db.engine.connect() as connection:
        stored = connection.execute(select(notes.c.text, notes.c.at).order_by(notes.c.id)).all()
    assert stored == [("uno", at), ("dos", at), ("three", at)]


def test_a_failing_statement_raises_as_sqlalchemy_would_and_nothing_is_kept(db):
    with db.transaction() as session:
        session.execute(insert(notes), {"text": "taken"})
    with pytest.raises(IntegrityError), db.transaction() as session:
        pipelined(
            session, [(_count_up(db), {"of": "b"}), (insert(notes), {"text": "taken"}), (_count_up(db), {"of": "b"})]
        )
    with db.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(counters)).scalar_one() == 0
    with db.transaction() as session:  # the pool's connection is fine afterwards
        assert pipelined(session, [(_count_up(db), {"of": "b"})]) == [[(1,)]]


class Waits:
    """The exchanges a session's connection waited for, counted as libpq sees them: each ReadyForQuery
    the server sends ends one."""

    def __init__(self):
        self.trace = Path(tempfile.mkdtemp()) / "trace.txt"
        self.handle = self.trace.open("w")

    def __call__(self, session) -> int:
        pgconn = session.connection().connection.driver_connection.pgconn
        pgconn.untrace()  # flushes what libpq holds; tracing goes on below
        pgconn.trace(self.handle.fileno())
        return self.trace.read_text().count("\tReadyForQuery\t")


@pytest.fixture
def pg(request):
    url = request.getfixturevalue("postgres").create("pipeline")
    db = Database(url)
    metadata.create_all(db.engine)
    yield db
    db.dispose()
    request.getfixturevalue("postgres").drop_later(url)


def test_on_postgresql_the_begin_and_three_statements_take_two_round_trips(pg):
    waits = Waits()

    def statements(text: str) -> list:
        return [(_count_up(pg), {"of": "c"}), (insert(notes), {"text": text}), (_count_up(pg), {"of": "d"})]

    with pg.transaction() as session:
        started = waits(session)
        pipelined(session, statements("x"))
        together = waits(session) - started
    with pg.transaction() as session:
        started = waits(session)
        for statement, values in statements("y"):
            session.execute(statement, values)
        alone = waits(session) - started
    assert (together, alone) == (2, 4)  # BEGIN, then the three; BEGIN, then one each


def test_an_outbox_add_is_one_round_trip_with_its_notify(pg):
    bus = BusTables(MetaData())
    bus.outbox.create(pg.engine)
    outbox, waits = Outbox(bus.outbox), Waits()
    events = [
        new_envelope(
            PAYLOADS["case.received.v1"].model_validate(PAYLOADS["case.received.v1"].EXAMPLE),
            district="xinlin",
            producer="intake",
        )
        for _ in range(2)
    ]
    with pg.transaction() as session:
        session.execute(select(func.count()).select_from(bus.outbox))  # the transaction has begun
        started = waits(session)
        outbox.add(session, *events)
        added = waits(session) - started
    assert added == 1  # two rows and the NOTIFY: one exchange (it was two: the insert, then the NOTIFY)
    with pg.engine.connect() as connection:
        assert sorted(connection.execute(select(bus.outbox.c.event_id)).scalars()) == sorted(e.event_id for e in events)
