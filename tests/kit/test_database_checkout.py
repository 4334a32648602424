"""Taking a pooled PostgreSQL connection costs no round trip (no ``pool_pre_ping``), and a connection
the server ended while it sat in the pool is replaced at checkout instead of failing the caller."""

import psycopg
from sqlalchemy import event, text

from minqing_kit.db import Database


def test_a_checkout_sends_nothing_to_the_server(postgres, monkeypatch):
    db = Database(postgres.create("checkout_quiet"), pool_size=1)
    db.ping()  # the pool now holds one connection
    sent: list[str] = []
    pings: list[object] = []
    event.listen(db.engine, "before_cursor_execute", lambda _c, _cur, statement, *_: sent.append(statement))
    monkeypatch.setattr(db.engine.dialect, "do_ping", lambda connection: pings.append(connection) or True)
    for _ in range(3):
        with db.transaction() as session:
            assert session.execute(text("SELECT 41 + 1")).scalar_one() == 42
    assert sent == ["SELECT 41 + 1"] * 3
    assert pings == []  # pool_pre_ping would ping on every checkout
    db.dispose()


def test_a_connection_the_server_ended_is_replaced_at_checkout(postgres):
    url = postgres.create("checkout_ended")
    db = Database(url, pool_size=1)
    with db.engine.connect() as connection:
        backend = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s, 5000)", (backend,))
    with db.transaction() as session:  # no OperationalError: the dead connection never reached us
        assert session.execute(text("SELECT pg_backend_pid()")).scalar_one() != backend
    db.dispose()
