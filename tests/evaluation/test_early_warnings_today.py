"""The early warning during the day on PostgreSQL: a burst today is warned of by the scheduler's pass
that counts it, with the count so far and when; a steady series is not; at most every
``intraday_minutes``; the next morning's judgement of the whole day does not raise it again (it raises
the others and sets the whole day's figures); two replicas counting at once raise it once."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select

from minqing_evaluation import early_warnings
from minqing_evaluation.adapters.warning_tables import early_warnings as warnings_table
from minqing_evaluation.day_so_far import DaySoFar
from minqing_evaluation.scheduler import Scheduler

from .conftest import T0
from .test_themes import received

BURST = ("TV-C1-G01", "municipal")
HISTORY = {d: 1 for d in range(2, 29, 3)}  # one request every third day: about 0.35 a day


def _file(service, grid: str, category: str, at, count: int, tag: str) -> None:
    for n in range(count):
        service.feed(received(f"{grid}-{category}-{tag}-{n}", at + timedelta(minutes=n), grid=grid, category=category))


def _history(service, grid: str, category: str, per_day: dict[int, int]) -> None:
    """``per_day``: days before T0's day -> requests that day (from 10:00 local)."""
    for days_before, count in per_day.items():
        _file(service, grid, category, T0 - timedelta(days=days_before), count, f"d{days_before}")


def _warned(service) -> dict[tuple[str, str], int]:
    with service.runtime.db.engine.connect() as connection:
        rows = connection.execute(select(warnings_table).where(warnings_table.c.grid_code != "")).all()
    return {(r.grid_code, r.category): r.count for r in rows}


def test_a_burst_today_is_warned_of_within_the_pass_that_counts_it_and_a_steady_series_is_not(service):
    _history(service, *BURST, HISTORY)
    _history(service, "TV-C2-G01", "environment", {d: 2 for d in range(1, 29)})  # steady: two a day
    _file(service, *BURST, T0 - timedelta(hours=2), 6, "today")  # 08:00-08:05 local today
    _file(service, "TV-C2-G01", "environment", T0 - timedelta(hours=1), 2, "today")
    service.runtime.clock.now = T0  # 10:00 local, the day still running
    Scheduler(service.runtime).run_once()
    [community, street] = service.emitted("warning.raised.v1")
    assert (community["payload"]["unit_id"], street["payload"]["unit_id"]) == ("tv-c1", "tv-s1")
    payload = community["payload"]
    assert (payload["grid_code"], payload["category"], payload["count"]) == (*BURST, 6)
    assert payload["day"] == T0.date().isoformat() and payload["as_of"].startswith("2026-11-02T02:00:00")
    assert sorted(payload["tickets"]) == [f"TV-TV-C1-G01-municipal-today-{n}" for n in range(6)]
    assert 0.3 < payload["baseline"] < 0.4 and payload["p_value"] < 0.0005
    assert _warned(service) == {BURST: 6}


def test_the_day_is_counted_at_most_every_intraday_minutes(service):
    counting = DaySoFar()
    service.runtime.clock.now = T0
    assert counting.raise_due(service.runtime) == 0  # nothing yet today
    _file(service, *BURST, T0, 4, "today")
    service.runtime.clock.now = T0 + timedelta(minutes=4)
    assert counting.raise_due(service.runtime) == 0  # counted 4 minutes ago: not due
    service.runtime.clock.now = T0 + timedelta(minutes=5)
    assert counting.raise_due(service.runtime) == 1
    service.runtime.clock.now = T0 + timedelta(minutes=10)
    assert counting.raise_due(service.runtime) == 0  # warned of once a day
    assert len(service.emitted("warning.raised.v1")) == 2


def test_the_next_mornings_judgement_of_the_day_raises_the_others_but_not_that_one_again(service):
    _history(service, *BURST, HISTORY)
    _file(service, *BURST, T0 - timedelta(hours=2), 6, "morning")
    service.runtime.clock.now = T0
    assert DaySoFar().raise_due(service.runtime) == 1
    _file(service, *BURST, T0 + timedelta(hours=3), 3, "afternoon")  # the day goes on: 9 in all
    _file(service, "TV-C2-G01", "environment", T0 + timedelta(hours=11), 5, "late")  # 21:00, after the last count
    service.runtime.clock.now = T0 + timedelta(days=1)  # the next morning: the whole day is judged
    assert early_warnings.raise_due(service.runtime) == 1
    raised = [(e["payload"]["grid_code"], e["payload"]["as_of"] is None) for e in service.emitted("warning.raised.v1")]
    assert raised == [(BURST[0], False)] * 2 + [("TV-C2-G01", True)] * 2  # during the day, then the whole day's
    assert _warned(service) == {BURST: 9, ("TV-C2-G01", "environment"): 5}  # the whole day's figures


def test_two_replicas_counting_at_once_raise_the_warning_once(service):
    _history(service, *BURST, HISTORY)
    _file(service, *BURST, T0 - timedelta(hours=2), 6, "today")
    service.runtime.clock.now = T0
    replicas, together, raised = [DaySoFar(), DaySoFar()], threading.Barrier(2), []

    def count(replica: DaySoFar) -> None:
        together.wait()
        raised.append(replica.raise_due(service.runtime))

    threads = [threading.Thread(target=count, args=(r,)) for r in replicas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(raised) == [0, 1]
    assert [e["payload"]["unit_id"] for e in service.emitted("warning.raised.v1")] == ["tv-c1", "tv-s1"]
