"""The shared statements (minqing_kit.statements) on both databases: an insert that leaves duplicates
out and says which rows went in, built once and bound per call; a claim that never hands one row to
two claimers (PostgreSQL: SKIP LOCKED; SQLite: the second claimer waits for the first to commit)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, UniqueConstraint, select, text, update

from minqing_kit.db import Database
from minqing_kit.statements import claim_rows, dialect_insert, insert_ignoring_duplicates

metadata = MetaData()
jobs = Table("jobs", metadata, Column("id", Integer, primary_key=True), Column("owner", String(20)))
marks = Table(
    "marks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),
    Column("ref", String(20), nullable=False),
    Column("note", String(20)),
    UniqueConstraint("kind", "ref"),
)


@pytest.fixture
def make_db(request, tmp_path):
    """``make_db("postgresql" | "sqlite")`` → a Database with the tables above, dropped after the test."""
    made: list[tuple[Database, str]] = []

    def make(backend: str) -> Database:
        if backend == "postgresql":
            url = request.getfixturevalue("postgres").create("statements")
        else:
            url = f"sqlite:///{tmp_path}/statements.db"
        database = Database(url)
        metadata.create_all(database.engine)
        made.append((database, url))
        return database

    yield make
    for database, url in made:
        database.dispose()
        if database.dialect == "postgresql":
            request.getfixturevalue("postgres").drop_later(url)


@pytest.fixture(params=["postgresql", "sqlite"])
def db(request, make_db):
    return make_db(request.param)


def _add_jobs(db: Database, count: int) -> None:
    with db.transaction() as session:
        session.execute(jobs.insert(), [{"id": n, "owner": None} for n in range(1, count + 1)])


def test_a_statement_built_once_leaves_duplicates_out_and_returns_the_rows_it_inserted(db):
    statement = insert_ignoring_duplicates(db, marks, index_elements=["kind", "ref"]).returning(marks.c.ref)
    with db.transaction() as session:
        first = (
            session.execute(
                statement, [{"kind": "a", "ref": "1", "note": "first"}, {"kind": "a", "ref": "2", "note": "first"}]
            )
            .scalars()
            .all()
        )
    with db.transaction() as session:
        second = (
            session.execute(
                statement, [{"kind": "a", "ref": "2", "note": "second"}, {"kind": "b", "ref": "2", "note": "second"}]
            )
            .scalars()
            .all()
        )
        stored = session.execute(select(marks.c.kind, marks.c.ref, marks.c.note).order_by(marks.c.id)).all()
    assert sorted(first) == ["1", "2"]
    assert second == ["2"]  # only (b, 2) is new: (a, 2) keeps its first note
    assert [tuple(row) for row in stored] == [("a", "1", "first"), ("a", "2", "first"), ("b", "2", "second")]


def test_without_a_target_any_unique_conflict_is_left_out(db):
    with db.transaction() as session:
        statement = insert_ignoring_duplicates(session, jobs).values(id=1, owner="x").returning(jobs.c.id)
        assert session.execute(statement).first() is not None
        assert session.execute(statement).first() is None
        assert session.execute(select(jobs.c.owner)).scalars().all() == ["x"]


def test_an_unsupported_dialect_is_refused_by_name():
    with pytest.raises(ValueError, match="mysql"):
        dialect_insert("mysql", jobs)


def test_a_claim_keeps_the_query_order_and_limit(db):
    _add_jobs(db, 5)
    with db.transaction() as session:
        rows = claim_rows(session, select(jobs).where(jobs.c.id > 1).order_by(jobs.c.id.desc()).limit(2))
    assert [row.id for row in rows] == [5, 4]


def test_on_postgresql_a_second_claimer_skips_the_rows_the_first_holds(make_db):
    db = make_db("postgresql")
    _add_jobs(db, 4)
    query = select(jobs).order_by(jobs.c.id).limit(2)
    with db.transaction() as first, db.transaction() as second:
        held = claim_rows(first, query)
        second.execute(text("SET LOCAL lock_timeout = '2s'"))  # a claim that waits fails instead of hanging
        other = claim_rows(second, query)
    assert [row.id for row in held] == [1, 2]
    assert [row.id for row in other] == [3, 4]


def _claim_one(db: Database, owner: str) -> int | None:
    """Claim the first unowned job and take it, in one transaction."""
    with db.transaction() as session:
        rows = claim_rows(session, select(jobs.c.id).where(jobs.c.owner.is_(None)).order_by(jobs.c.id).limit(1))
        if rows:
            session.execute(update(jobs).where(jobs.c.id == rows[0].id).values(owner=owner))
        return rows[0].id if rows else None


def test_concurrent_claimers_never_take_the_same_row(db):
    _add_jobs(db, 40)
    taken: dict[str, list[int]] = {f"w{n}": [] for n in range(4)}

    def work(owner: str) -> None:
        while (job := _claim_one(db, owner)) is not None:
            taken[owner].append(job)

    workers = [threading.Thread(target=work, args=(owner,)) for owner in taken]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    every = sorted(job for jobs_of_one in taken.values() for job in jobs_of_one)
    assert every == list(range(1, 41))  # each job once: none twice, none left
    with db.transaction() as session:
        owners = dict(session.execute(select(jobs.c.id, jobs.c.owner)).all())
    assert all(owners[job] == owner for owner, mine in taken.items() for job in mine)


def test_on_sqlite_a_second_claimer_waits_and_then_sees_only_what_is_left(make_db):
    db = make_db("sqlite")
    _add_jobs(db, 3)
    query = select(jobs).where(jobs.c.owner.is_(None)).order_by(jobs.c.id).limit(2)
    second: list = []
    with db.transaction() as first:
        held = claim_rows(first, query)
        waiting = threading.Thread(target=lambda: second.extend(_claim_all(db, query)))
        waiting.start()
        waiting.join(timeout=0.5)
        assert waiting.is_alive() and second == []  # the write lock is the first claimer's
        first.execute(update(jobs).where(jobs.c.id.in_([row.id for row in held])).values(owner="first"))
    waiting.join(timeout=30)
    assert [row.id for row in held] == [1, 2]
    assert [row.id for row in second] == [3]


def _claim_all(db: Database, query) -> list:
    with db.transaction() as session:
        return claim_rows(session, query)
