"""One district's flood does not hold up another's events when the flooded district has its own consumer
group (``CONSUMER_GROUP`` + ``CONSUMER_DISTRICTS``, the rest ``CONSUMER_EXCLUDE_DISTRICTS``); with one
group for every district, the same events wait behind the flood. Ordering and progress are asserted,
the latencies printed."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from minqing_kit.settings import ServiceSettings, load_settings
from support.workers import running, wait_for

from .harness import delete_queues, make_service, payload

FLOOD, QUIET = "luwan", "xinlin"
KNOWN = [FLOOD, QUIET, "testville"]
FLOODED, WAITING = 150, 5


@pytest.fixture
def services(broker_url, postgres):
    made = {name: make_service(name, postgres.create(name)) for name in ("source", "alpha")}
    made["alpha"].work_seconds = 0.01  # the flood takes seconds to drain: long enough to see who goes first
    yield made
    for service in made.values():
        service.db.dispose()
    delete_queues(broker_url, "alpha")
    delete_queues(broker_url, "alpha", group=f"events-{FLOOD}")


def consumer_for(service, broker_url, **environ):
    """A consumer built the way ``minqing-<svc> consumer`` builds it from these environment variables."""
    settings = load_settings(ServiceSettings, {"DATABASE_URL": "sqlite://", **environ})
    return service.consumer(
        broker_url,
        districts=settings.serving_districts(KNOWN),
        group=settings.CONSUMER_GROUP,
        known_districts=KNOWN,
    )


def flood_then_quiet(source, broker_url):
    """FLOODED events of the flooded district, then WAITING of the quiet one, all on the broker."""
    source.emit(*[payload(ticket=f"LW-{n}") for n in range(FLOODED)], district=FLOOD)
    source.emit(*[payload(ticket=f"XL-{n}") for n in range(WAITING)], district=QUIET)
    relay = source.relay(broker_url, batch_size=500)
    assert relay.run_once() == FLOODED + WAITING
    return time.monotonic()


def handled(service, prefix):
    with service.db.engine.connect() as connection:
        rows = connection.execute(
            select(service.effects.c.handled_at).where(service.effects.c.ticket.like(f"{prefix}-%"))
        ).all()
    return sorted(r.handled_at for r in rows)


def test_a_flooded_district_with_its_own_group_does_not_delay_the_others(services, broker_url):
    source, alpha = services["source"], services["alpha"]
    dedicated = consumer_for(alpha, broker_url, CONSUMER_GROUP=f"events-{FLOOD}", CONSUMER_DISTRICTS=FLOOD)
    default = consumer_for(alpha, broker_url, CONSUMER_EXCLUDE_DISTRICTS=FLOOD)
    dedicated.declare(), default.declare()
    started = flood_then_quiet(source, broker_url)
    with running(dedicated, default):
        wait_for(lambda: len(handled(alpha, "XL")) == WAITING, what="the quiet district's events")
        quiet_latency = time.monotonic() - started
        flood_done_then = len(handled(alpha, "LW"))
        wait_for(lambda: len(handled(alpha, "LW")) == FLOODED, timeout=60, what="the flood")
        flood_latency = time.monotonic() - started
    print(
        f"\ndedicated group: {QUIET}'s {WAITING} events handled after {quiet_latency:.2f} s with "
        f"{flood_done_then}/{FLOODED} of {FLOOD}'s flood done; the flood drained after {flood_latency:.2f} s"
    )
    assert flood_done_then < FLOODED, "the quiet district's events were handled while the flood was still queued"
    assert handled(alpha, "XL")[-1] < handled(alpha, "LW")[-1]


def test_with_one_group_for_every_district_the_same_events_wait_behind_the_flood(services, broker_url):
    """The control: what the dedicated group changes."""
    source, alpha = services["source"], services["alpha"]
    shared = consumer_for(alpha, broker_url)
    shared.declare()
    started = flood_then_quiet(source, broker_url)
    with running(shared):
        wait_for(lambda: len(handled(alpha, "XL")) == WAITING, timeout=60, what="the quiet district's events")
        quiet_latency = time.monotonic() - started
    print(f"\none group: {QUIET}'s {WAITING} events handled after {quiet_latency:.2f} s, behind {FLOOD}'s flood")
    assert len(handled(alpha, "LW")) == FLOODED
    assert handled(alpha, "XL")[0] > handled(alpha, "LW")[-1]
