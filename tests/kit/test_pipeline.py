"""Statements sent together (minqing_kit.pipeline) on both databases: each statement's rows in order, the
values SQLAlchemy would bind, an error as SQLAlchemy would raise it with nothing kept; on PostgreSQL all
of it in one round trip, counted from libpq's trace of the connection."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from minqing_kit.db import Database
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
        request.getfixturevalue("postgres").drop(url)


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


def test_on_postgresql_the_begin_and_three_statements_take_two_round_trips(request):
    """Counted as libpq sees them: each ReadyForQuery the server sends ends an exchange the client waited for."""
    url = request.getfixturevalue("postgres").create("pipeline")
    db = Database(url)
    try:
        metadata.create_all(db.engine)
        trace = Path(tempfile.mkdtemp()) / "trace.txt"
        handle = trace.open("w")

        def waits(session) -> int:
            pgconn = session.connection().connection.driver_connection.pgconn
            pgconn.untrace()  # flushes what libpq holds; tracing goes on below
            pgconn.trace(handle.fileno())
            return trace.read_text().count("\tReadyForQuery\t")

        def statements(text: str) -> list:
            return [(_count_up(db), {"of": "c"}), (insert(notes), {"text": text}), (_count_up(db), {"of": "d"})]

        with db.transaction() as session:
            started = waits(session)
            pipelined(session, statements("x"))
            together = waits(session) - started
        with db.transaction() as session:
            started = waits(session)
            for statement, values in statements("y"):
                session.execute(statement, values)
            alone = waits(session) - started
        assert (together, alone) == (2, 4)  # BEGIN, then the three; BEGIN, then one each
    finally:
        db.dispose()
        request.getfixturevalue("postgres").drop(url)
