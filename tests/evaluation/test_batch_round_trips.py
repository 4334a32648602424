"""A consumer batch of case events costs the same few round trips on PostgreSQL whatever its size
(issue 20): BEGIN, the inbox claim, the reads (cases created and locked, their facts, contributions,
open themes, the follow-ups' cases and evaluations), the read model's writes, the follow-ups' writes
with their outbox rows, COMMIT. Counted from libpq's trace of the connection."""

from __future__ import annotations

from pathlib import Path

from .streams import stream


class RoundTrips:
    """The exchanges the engine's connection waits for, as libpq traces them (each ReadyForQuery the
    server sends ends one). The pool is emptied and given one connection, the one every batch takes."""

    def __init__(self, engine, trace: Path):
        engine.dispose()
        with engine.connect() as connection:
            self.pgconn = connection.connection.driver_connection.pgconn
        self.trace, self.handle = trace, trace.open("w")
        self.pgconn.trace(self.handle.fileno())

    def count(self) -> int:
        self.pgconn.untrace()  # flushes what libpq holds; tracing goes on below
        self.pgconn.trace(self.handle.fileno())
        return self.trace.read_text().count("\tReadyForQuery\t")


def _batch(service, envelopes: list) -> list[str]:
    items = [(e, service.handling.decode(e.to_json())[1]) for e in envelopes]
    return [outcome.status for outcome in service.handling.handle_batch(items)]


def test_a_batch_takes_six_round_trips_whatever_its_size(make_service, tmp_path):
    service = make_service()
    events = stream(12, seed=3)
    resolved = {"case.resolved.v1", "case.received.v1"}
    small, large = events[:8], events[8:]
    assert resolved <= {e.type for e in small} and resolved <= {e.type for e in large}
    trips = RoundTrips(service.runtime.db.engine, tmp_path / "trace.txt")

    counted = []
    for batch in (small, large):
        before = trips.count()
        assert set(_batch(service, batch)) == {"handled"}
        counted.append(trips.count() - before)

    assert len(large) > 5 * len(small)
    assert counted == [6, 6], counted  # before (statements one after the other, six per resolution): 25, 96
    assert len(service.emitted("evaluation.requested.v1")) == sum(e.type == "case.resolved.v1" for e in events)
