"""The bare pipeline ``bench/pipeline.py`` compares Minqing with: the same hops, no business logic, no kit.

    web (Flask under gunicorn: case row + outbox row, one transaction)
      -> relay (claims unsent rows, publishes each with a publisher confirm, marks them sent)
      -> mid consumer (inbox row + case row + outbox row, one transaction per message, ack after commit)
      -> relay -> consumers a and b (inbox row + case row, one transaction per message, ack after commit)

Plain psycopg and kombu, quorum queues in the broker URL's vhost, one PostgreSQL database per hop
(``BARE_DB_<HOP>`` URLs). Run by the bench as ``bare_pipeline.py relay web`` / ``consumer mid`` ... and
``gunicorn bare_pipeline:app``; ``bare_pipeline.py setup`` creates the tables and queues.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
import uuid

import kombu
import psycopg

EXCHANGE = "bare"
HOPS = {"mid": "received", "a": "dispatched", "b": "dispatched"}  # consumer -> the routing key it binds
FORWARDS = {"mid": "dispatched"}  # consumer -> what it writes to its outbox
OUTBOX_SQL = (
    "CREATE TABLE IF NOT EXISTS outbox (id bigserial PRIMARY KEY, event_id text NOT NULL UNIQUE,"
    " routing_key text NOT NULL, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),"
    " published_at timestamptz);"
    "CREATE INDEX IF NOT EXISTS outbox_unsent ON outbox (id) WHERE published_at IS NULL;"
)
CASES_SQL = "CREATE TABLE IF NOT EXISTS cases (case_id text PRIMARY KEY, at timestamptz NOT NULL DEFAULT now());"
INBOX_SQL = "CREATE TABLE IF NOT EXISTS inbox (event_id text PRIMARY KEY, processed_at timestamptz NOT NULL);"


def database(hop: str) -> str:
    return os.environ[f"BARE_DB_{hop.upper()}"]


def queue(hop: str) -> kombu.Queue:
    exchange = kombu.Exchange(EXCHANGE, type="topic", durable=True)
    return kombu.Queue(
        f"bare.{hop}", exchange, routing_key=HOPS[hop], durable=True, queue_arguments={"x-queue-type": "quorum"}
    )


def setup() -> None:
    with psycopg.connect(database("web"), autocommit=True) as connection:
        connection.execute(CASES_SQL + OUTBOX_SQL)
    for hop in HOPS:
        with psycopg.connect(database(hop), autocommit=True) as connection:
            connection.execute(CASES_SQL + INBOX_SQL + (OUTBOX_SQL if hop in FORWARDS else ""))
    with kombu.Connection(os.environ["AMQP_URL"]) as connection:
        channel = connection.channel()
        for hop in HOPS:
            queue(hop)(channel).declare()


def envelope(case_id: str, key: str, data: object) -> tuple[str, str, str]:
    event_id = str(uuid.uuid4())
    return event_id, key, json.dumps({"event_id": event_id, "type": key, "case_id": case_id, "data": data})


def _outbox_insert(cursor: psycopg.Cursor, event: tuple[str, str, str]) -> None:
    cursor.execute("INSERT INTO outbox (event_id, routing_key, body) VALUES (%s, %s, %s)", event)


# -- web -----------------------------------------------------------------------------------------
def create_app():
    from flask import Flask, request

    app = Flask("bare")
    state: dict[str, psycopg.Connection] = {}

    def connection() -> psycopg.Connection:
        if "c" not in state or state["c"].closed:  # one connection per (sync) worker, opened after the fork
            state["c"] = psycopg.connect(database("web"))
        return state["c"]

    @app.post("/api/v1/cases")
    def submit():
        body = request.get_json()
        case_id = str(uuid.uuid4())
        with connection().transaction(), connection().cursor() as cursor:
            cursor.execute("INSERT INTO cases (case_id) VALUES (%s)", (case_id,))
            _outbox_insert(cursor, envelope(case_id, "received", body))
        return {"id": case_id}, 201

    @app.get("/healthz")
    def healthz():
        return {"status": "alive"}

    return app


# -- relay ---------------------------------------------------------------------------------------
def relay(hop: str, stopping: list[bool]) -> None:
    confirming = {"confirm_publish": True}  # each basic_publish waits for the broker's confirm
    with (
        psycopg.connect(database(hop)) as db,
        kombu.Connection(os.environ["AMQP_URL"], transport_options=confirming) as broker,
    ):
        producer = broker.Producer(exchange=kombu.Exchange(EXCHANGE, type="topic", durable=True))
        while not stopping:
            with db.transaction(), db.cursor() as cursor:
                cursor.execute(
                    "SELECT id, routing_key, body FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT 200"
                    " FOR UPDATE SKIP LOCKED"
                )
                rows = cursor.fetchall()
                for _id, key, body in rows:
                    producer.publish(body, routing_key=key, delivery_mode=2, content_type="application/json")
                if rows:
                    cursor.execute("UPDATE outbox SET published_at = now() WHERE id = ANY(%s)", ([r[0] for r in rows],))
            if len(rows) < 200:
                time.sleep(0.05)


# -- consumer ------------------------------------------------------------------------------------
def consumer(hop: str, stopping: list[bool]) -> None:
    db = psycopg.connect(database(hop))

    def on_message(body, message) -> None:
        event = json.loads(body) if isinstance(body, str | bytes) else body
        with db.transaction(), db.cursor() as cursor:
            cursor.execute(
                "INSERT INTO inbox (event_id, processed_at) VALUES (%s, now()) ON CONFLICT DO NOTHING",
                (event["event_id"],),
            )
            if cursor.rowcount:
                cursor.execute("INSERT INTO cases (case_id) VALUES (%s)", (event["case_id"],))
                if hop in FORWARDS:
                    _outbox_insert(cursor, envelope(event["case_id"], FORWARDS[hop], {"unit": "u1"}))
        message.ack()

    with kombu.Connection(os.environ["AMQP_URL"], heartbeat=15) as broker:
        with broker.Consumer(queue(hop), callbacks=[on_message], prefetch_count=50, accept=["json"]):
            while not stopping:
                try:
                    broker.drain_events(timeout=1)
                except TimeoutError:
                    broker.heartbeat_check()


def main() -> None:
    stopping: list[bool] = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    command = sys.argv[1]
    if command == "setup":
        setup()
    elif command == "relay":
        relay(sys.argv[2], stopping)
    elif command == "consumer":
        consumer(sys.argv[2], stopping)


if __name__ == "__main__":
    main()
else:
    app = create_app() if os.environ.get("BARE_DB_WEB") else None
