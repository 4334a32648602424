"""Whose fault a failure is (minqing_kit.faults), on errors raised by the real drivers where they can
be provoked cheaply, and what a web request gets while the database does not answer: 503 with the
reason in English and Chinese and Retry-After, where any other error stays a 500."""

from __future__ import annotations

import socket
from pathlib import Path

import psycopg
import pytest
from flask import Blueprint
from sqlalchemy import create_engine, exc, text

from minqing_kit.consumer import RetryPolicy
from minqing_kit.faults import DatabaseUnavailable, NotReadyYet, is_transient

DISTRICTS = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "districts"


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/nothing?connect_timeout=2"


def raised(action) -> BaseException:
    try:
        action()
    except BaseException as error:  # noqa: BLE001 - the error is the result
        return error
    raise AssertionError("nothing was raised")


def run(url: str, *statements: str, **options) -> None:
    engine = create_engine(url, **options)
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def test_real_driver_errors_are_classified(postgres, tmp_path):
    refused = raised(lambda: run(closed_port_url(), "SELECT 1"))
    url = postgres.create("faults")
    run(url, "CREATE TABLE t (id int PRIMARY KEY, n int)", "INSERT INTO t VALUES (1, 0)")
    duplicate = raised(lambda: run(url, "INSERT INTO t VALUES (1, 0)"))
    assert (is_transient(refused), is_transient(duplicate)) == (True, False)

    first, second = create_engine(url), create_engine(url)
    with first.connect() as a, second.connect() as b:
        for connection in (a, b):
            connection.execute(text("BEGIN ISOLATION LEVEL REPEATABLE READ"))
            connection.execute(text("SELECT n FROM t"))
        a.execute(text("UPDATE t SET n = 1"))
        a.commit()
        conflict = raised(lambda: b.execute(text("UPDATE t SET n = 2")))
    first.dispose()
    second.dispose()
    assert conflict.orig.sqlstate == "40001" and is_transient(conflict)

    database = f"sqlite:///{tmp_path}/locked.db"
    run(database, "CREATE TABLE t (id int)")
    holder = create_engine(database).connect()
    holder.exec_driver_sql("BEGIN IMMEDIATE")
    locked = raised(lambda: run(database, "INSERT INTO t VALUES (1)", connect_args={"timeout": 0}))
    holder.close()
    holder.engine.dispose()
    missing = raised(lambda: run(database, "SELECT * FROM no_such_table"))
    assert (is_transient(locked), is_transient(missing)) == (True, False)
    assert "database is locked" in str(locked) and isinstance(missing, exc.OperationalError)


@pytest.mark.parametrize(
    "driver_error, transient",
    [
        (psycopg.errors.DeadlockDetected("deadlock detected"), True),
        (psycopg.errors.AdminShutdown("terminating connection due to administrator command"), True),
        (psycopg.errors.CannotConnectNow("the database system is starting up"), True),
        (psycopg.errors.TooManyConnections("too many clients"), True),
        (psycopg.errors.QueryCanceled("canceling statement due to statement timeout"), False),
        (psycopg.errors.DivisionByZero("division by zero"), False),
    ],
)
def test_sqlstates_decide_for_errors_not_provoked_here(driver_error, transient):
    wrapped = exc.OperationalError("UPDATE cases SET ...", {}, driver_error)
    assert is_transient(wrapped) is transient


def test_what_caused_an_error_counts_and_handler_errors_do_not():
    try:
        try:
            raise exc.OperationalError("SELECT 1", {}, psycopg.OperationalError("server closed the connection"))
        except exc.OperationalError as cause:
            raise RuntimeError("could not load the case") from cause
    except RuntimeError as error:
        chained = error
    assert is_transient(chained) and is_transient(DatabaseUnavailable("down"))
    assert not any(is_transient(e) for e in (ValueError("bad"), LookupError("no unit"), NotReadyYet("no case")))


def test_retry_delays_grow_and_the_last_ones_fit_the_bound():
    policy = RetryPolicy(park_after=900, delays=(1, 5, 30, 120))
    assert [policy.next_delay(n, 0) for n in range(6)] == [1, 5, 30, 120, 120, 120]
    assert (policy.next_delay(6, 880), policy.next_delay(6, 899.5), policy.next_delay(6, 900)) == (5, 1, None)


@pytest.fixture
def client():
    """Evaluation's web app (any service's would do: the handler is the kit's) on a closed port."""
    from minqing_evaluation.definition import DEFINITION
    from minqing_evaluation.web import create_app

    settings = DEFINITION.settings(
        {"DATABASE_URL": closed_port_url(), "DISTRICTS_DIR": str(DISTRICTS), "MINQING_ENV": "development"}
    )
    app = create_app(settings)
    broken = Blueprint("broken", __name__)
    broken.add_url_rule("/api/v1/broken", "broken", lambda: 1 / 0)
    app.register_blueprint(broken)
    return app.test_client()


def test_a_request_while_the_database_is_down_gets_503_with_retry_after(client):
    response = client.get("/api/v1/districts/testville/notices/2026Q4")  # public: reads the database
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    error = response.get_json()["error"]
    assert error["code"] == "database_unavailable" and "database" in error["message"]
    assert error["message_zh"] == "数据库暂时无法访问，请稍后重试"
    broken = client.get("/api/v1/broken")
    assert broken.status_code == 500 and broken.get_json()["error"]["code"] == "internal"
    assert "Retry-After" not in broken.headers
