"""The event backbone on the real RabbitMQ and PostgreSQL."""

from __future__ import annotations

import json

import pika
import pytest
from sqlalchemy import select

from minqing_kit.metrics import BusCollector, render
from minqing_kit.parked import ParkingLot
from support.workers import running, wait_for

from .harness import EVENT, NEXT_EVENT, delete_queues, make_service, payload

SERVICES = ("source", "alpha", "beta")


@pytest.fixture
def services(broker_url, postgres):
    made = {name: make_service(name, postgres.create(name)) for name in SERVICES}
    yield made
    for service in made.values():
        service.db.dispose()
    delete_queues(broker_url, *SERVICES)


def declare(service, url, events=(EVENT,)):
    """Declare a consumer's queue and bindings, consuming nothing."""
    service.consumer(url, events).declare()


def test_event_reaches_each_subscribed_service_with_one_effect_each(services, broker_url):
    source, alpha, beta = services["source"], services["alpha"], services["beta"]
    declare(alpha, broker_url), declare(beta, broker_url)
    ids = source.emit(*[payload(ticket=f"TV-{i}") for i in range(20)])
    with running(source.relay(broker_url), alpha.consumer(broker_url), beta.consumer(broker_url)):
        wait_for(lambda: alpha.effect_count() == 20 and beta.effect_count() == 20, what="20 effects each")
    assert all(alpha.effect_count(i) == 1 and beta.effect_count(i) == 1 for i in ids)


def test_rolled_back_transaction_publishes_nothing(services, broker_url):
    source, alpha = services["source"], services["alpha"]
    declare(alpha, broker_url)
    from minqing_contracts import new_envelope

    doomed = new_envelope(payload(ticket="TV-doomed"), district="testville", producer="source")
    with pytest.raises(RuntimeError):
        with source.db.transaction() as session:
            source.outbox.add(session, doomed)
            raise RuntimeError("business rule failed after the event was written")
    [marker] = source.emit(payload(ticket="TV-marker"))
    with running(source.relay(broker_url), alpha.consumer(broker_url)):
        wait_for(lambda: alpha.effect_count(marker) == 1, what="marker event")
    assert alpha.effect_count(doomed.event_id) == 0
    assert alpha.effect_count() == 1


def test_duplicate_delivery_has_one_effect(services, broker_url):
    """The same message published twice by an independent client (pika) is handled once."""
    alpha = services["alpha"]
    declare(alpha, broker_url)
    source = services["source"]
    [event_id] = source.emit(payload(ticket="TV-dup"))
    with source.db.engine.connect() as connection:
        row = connection.execute(select(source.tables.outbox)).one()
    connection = pika.BlockingConnection(pika.URLParameters(broker_url))
    channel = connection.channel()
    channel.confirm_delivery()
    for _ in range(2):
        channel.basic_publish(
            "minqing.events",
            row.routing_key,
            row.body.encode(),
            pika.BasicProperties(
                message_id=event_id, type=EVENT.EVENT_TYPE, delivery_mode=2, content_type="application/json"
            ),
            mandatory=True,
        )
    connection.close()
    consumer = alpha.consumer(broker_url)
    with running(consumer):
        wait_for(lambda: consumer.counts["duplicate"] == 1, what="second copy seen as duplicate")
    assert alpha.effect_count(event_id) == 1
    assert consumer.counts["handled"] == 1


def test_poison_message_is_parked_while_the_rest_keep_flowing(services, broker_url):
    source, alpha = services["source"], services["alpha"]
    alpha.fail_tickets = {"TV-poison"}
    declare(alpha, broker_url)
    [poison] = source.emit(payload(ticket="TV-poison"))
    good = source.emit(*[payload(ticket=f"TV-good-{i}") for i in range(30)])
    consumer = alpha.consumer(broker_url, max_deliveries=3)
    with running(source.relay(broker_url), consumer):
        wait_for(lambda: alpha.effect_count() == 30 and consumer.counts["parked"] == 1, what="30 good, 1 parked")
    assert all(alpha.effect_count(i) == 1 for i in good)
    assert alpha.effect_count(poison) == 0
    lot = ParkingLot(broker_url, "alpha")
    [parked] = lot.list()
    assert parked.event_id == poison and parked.attempts == 3
    assert "cannot handle TV-poison" in parked.error
    with alpha.db.engine.connect() as connection:
        failure = connection.execute(select(alpha.tables.failures)).one()
    assert (failure.event_id, failure.attempts, failure.parked) == (poison, 3, 1)
    # Fixed, then replayed: handled once, and the parking lot is empty.
    alpha.fail_tickets = set()
    assert lot.replay({poison}) == [poison]
    with running(alpha.consumer(broker_url)):
        wait_for(lambda: alpha.effect_count(poison) == 1, what="replayed event handled")
    assert lot.list() == []


def test_undecodable_message_is_parked_at_once(services, broker_url):
    alpha = services["alpha"]
    declare(alpha, broker_url)
    connection = pika.BlockingConnection(pika.URLParameters(broker_url))
    channel = connection.channel()
    channel.basic_publish(
        "minqing.events",
        f"testville.{EVENT.EVENT_TYPE}",
        b"{not json",
        pika.BasicProperties(message_id="garbage-1", delivery_mode=2),
    )
    connection.close()
    consumer = alpha.consumer(broker_url)
    with running(consumer):
        wait_for(lambda: consumer.counts["parked"] == 1, what="garbage parked")
    [parked] = ParkingLot(broker_url, "alpha").list()
    assert parked.event_id == "garbage-1" and "ValidationError" in parked.error


def test_relay_killed_between_publish_and_mark_sent(services, broker_url):
    """A crash after the broker confirmed but before the row was marked: the row is sent again,
    the consumer sees a duplicate delivery, and the effect happens once."""
    source, alpha = services["source"], services["alpha"]
    declare(alpha, broker_url)
    [event_id] = source.emit(payload(ticket="TV-crash"))
    relay = source.relay(broker_url)

    class Crash(Exception):
        pass

    original = relay.publisher.publish_batch

    def publish_then_die(messages):
        result = original(messages)
        assert result.confirmed  # the broker has it
        raise Crash("killed before marking the batch sent")

    relay.publisher.publish_batch = publish_then_die
    with pytest.raises(Crash):
        relay.run_once()
    with source.db.engine.connect() as connection:
        assert connection.execute(select(source.tables.outbox.c.published_at)).scalar_one() is None
    relay.publisher.publish_batch = original
    consumer = alpha.consumer(broker_url)
    with running(relay, consumer):
        wait_for(lambda: consumer.counts["duplicate"] == 1, what="duplicate delivery")
    assert alpha.effect_count(event_id) == 1
    with source.db.engine.connect() as connection:
        assert connection.execute(select(source.tables.outbox.c.published_at)).scalar_one() is not None


def test_unroutable_publish_is_detected_and_the_row_stays_unsent(services, broker_url, caplog):
    source, alpha = services["source"], services["alpha"]
    declare(alpha, broker_url)  # alpha binds case.received only
    [routed] = source.emit(payload(ticket="TV-routed"))
    [lost] = source.emit(payload(NEXT_EVENT, ticket="TV-nobody-listens"))
    relay = source.relay(broker_url)
    assert relay.run_once() == 2
    with source.db.engine.connect() as connection:
        rows = {r.event_id: r for r in connection.execute(select(source.tables.outbox))}
    assert rows[routed].published_at is not None
    assert rows[lost].published_at is None and rows[lost].attempts == 1
    assert "unroutable" in rows[lost].last_error and "NO_ROUTE" in rows[lost].last_error
    said = [r.getMessage() for r in caplog.records if r.name == "minqing_kit.relay"]
    lost_type = NEXT_EVENT.EVENT_TYPE
    assert said == [
        f"event {lost_type} is unroutable: no queue is bound to testville.{lost_type}; "
        "it stays in the outbox (attempt 1)"
    ]
    scraped = render([BusCollector("source", source.db, source.tables, lambda: None)]).decode()
    assert f'minqing_outbox_unroutable{{event_type="{lost_type}",service="source"}} 1.0' in scraped


def test_two_hop_chain_keeps_correlation(services, broker_url):
    source, alpha, beta = services["source"], services["alpha"], services["beta"]
    alpha.forward = True
    declare(alpha, broker_url), declare(beta, broker_url, events=(NEXT_EVENT,))
    [first] = source.emit(payload(ticket="TV-chain"))
    with running(
        source.relay(broker_url),
        alpha.relay(broker_url),
        alpha.consumer(broker_url),
        beta.consumer(broker_url, events=(NEXT_EVENT,)),
    ):
        wait_for(lambda: beta.effect_count() == 1, what="second hop")
    with alpha.db.engine.connect() as connection:
        forwarded = json.loads(connection.execute(select(alpha.tables.outbox.c.body)).scalar_one())
    assert forwarded["causation_id"] == first and forwarded["correlation_id"] == first


def test_relay_replicas_never_publish_the_same_row(services, broker_url):
    """Three relays on one PostgreSQL outbox: every row published exactly once (SKIP LOCKED)."""
    source, alpha = services["source"], services["alpha"]
    declare(alpha, broker_url)
    ids = []
    for start in range(0, 1500, 250):
        ids += source.emit(*[payload(ticket=f"TV-r{n}") for n in range(start, start + 250)])
    consumer = alpha.consumer(broker_url, prefetch=200)
    relays = [source.relay(broker_url, batch_size=50) for _ in range(3)]
    with running(*relays, consumer):
        wait_for(lambda: alpha.effect_count() == 1500, timeout=60, what="1,500 events")
        wait_for(lambda: sum(r.published_total for r in relays) == 1500, what="all rows marked")
    assert consumer.counts["duplicate"] == 0
    assert sorted(r.published_total > 0 for r in relays) == [True, True, True], "work was shared"


def test_a_district_moved_to_its_own_consumer_group_leaves_the_default_group(services, broker_url):
    """Default group first binds every district; then xinlin gets a dedicated group and the default
    group is re-declared excluding it: xinlin's events go to the dedicated queue only."""
    import kombu

    from minqing_kit.consumer import declare_topology

    with kombu.Connection(broker_url) as connection:
        channel = connection.channel()
        declare_topology(channel, "alpha", [EVENT.EVENT_TYPE])  # '*' binding
        declare_topology(
            channel,
            "alpha",
            [EVENT.EVENT_TYPE],
            districts=("luwan", "testville"),
            known_districts=("xinlin", "luwan", "testville"),
        )
        declare_topology(
            channel,
            "alpha",
            [EVENT.EVENT_TYPE],
            districts=("xinlin",),
            group="events-xinlin",
            known_districts=("xinlin", "luwan", "testville"),
        )
    source = services["source"]
    source.emit(payload(ticket="TV-x1"), district="xinlin")
    source.emit(payload(ticket="TV-l1"), district="luwan")
    relay = source.relay(broker_url)
    assert relay.run_once() == 2
    with kombu.Connection(broker_url) as connection:
        channel = connection.channel()
        default = channel.queue_declare("alpha.events", passive=True).message_count
        dedicated = channel.queue_declare("alpha.events-xinlin", passive=True).message_count
        channel.queue_delete("alpha.events-xinlin")
    assert (default, dedicated) == (1, 1)


def test_exclusion_settings_compute_the_served_districts():
    from minqing_kit.settings import ServiceSettings, load_settings

    settings = load_settings(ServiceSettings, {"DATABASE_URL": "sqlite://", "CONSUMER_EXCLUDE_DISTRICTS": "xinlin"})
    assert settings.serving_districts(["luwan", "xinlin"]) == ("luwan",)
    assert load_settings(ServiceSettings, {"DATABASE_URL": "sqlite://"}).serving_districts(["luwan"]) == ("*",)


def test_the_consume_loop_runs_kombus_on_iteration_hook_each_turn(services, broker_url):
    """ConsumerMixin calls ``on_iteration`` on every turn of its loop; EventConsumer's own loop does too,
    with messages and without."""
    import kombu

    from minqing_kit.consumer import EventConsumer, EventHandling

    class CountingTurns(EventConsumer):
        turns = 0

        def on_iteration(self):
            self.turns += 1

    alpha, source = services["alpha"], services["source"]
    handling = EventHandling("alpha", alpha.db, alpha.tables, {EVENT: alpha.handle})
    consumer = CountingTurns(kombu.Connection(broker_url, heartbeat=15), handling)
    consumer.declare()
    [event_id] = source.emit(payload(ticket="TV-turn"))
    with running(source.relay(broker_url), consumer):
        wait_for(lambda: alpha.effect_count(event_id) == 1, what="the event handled")
        turns = consumer.turns
        wait_for(lambda: consumer.turns > turns, what="another turn without a message")
    assert turns >= 1


def test_handlers_are_keyed_by_the_contracts_payload_classes(tmp_path):
    """The mapping that dispatches also names the queue's bindings; a key that is not a contract payload
    class (a type string, a look-alike class with the same type) is refused when the consumer is built."""
    from minqing_kit.consumer import EventHandling

    class LookAlike(EVENT):
        EVENT_TYPE = EVENT.EVENT_TYPE

    service = make_service("alpha", f"sqlite:///{tmp_path}/a.db")
    handling = EventHandling("alpha", service.db, service.tables, dict.fromkeys((EVENT, NEXT_EVENT), service.handle))
    assert handling.event_types == ["case.dispatched.v1", "case.received.v1"]
    for stranger in (LookAlike, EVENT.EVENT_TYPE):
        with pytest.raises(TypeError, match="not event payload classes"):
            EventHandling("alpha", service.db, service.tables, {stranger: service.handle})
    service.db.dispose()


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
def test_a_batch_claims_each_event_once_in_order(services, tmp_path, backend):
    """One transaction for a batch: new events are handled in order, an event already seen and a
    second copy inside the same batch are duplicates, an event without a handler is ignored."""
    from minqing_contracts import new_envelope
    from minqing_kit.consumer import EventHandling

    service = services["alpha"] if backend == "postgresql" else make_service("alpha", f"sqlite:///{tmp_path}/a.db")
    order = []
    handling = EventHandling(
        "alpha",
        service.db,
        service.tables,
        {
            EVENT: lambda session, envelope, event: (
                order.append(event.ticket),
                service.handle(session, envelope, event),
            )
        },
    )
    a, b, c = (new_envelope(payload(ticket=t), district="testville", producer="source") for t in ("A", "B", "C"))
    other = new_envelope(payload(NEXT_EVENT, ticket="X"), district="testville", producer="source")
    assert [o.status for o in handling.handle_batch([(a, payload(ticket="A"))])] == ["handled"]
    items = [
        (e, payload(NEXT_EVENT if e is other else EVENT, ticket=t))
        for e, t in ((b, "B"), (a, "A"), (other, "X"), (c, "C"), (b, "B"))
    ]
    assert [o.status for o in handling.handle_batch(items)] == [
        "handled",
        "duplicate",
        "ignored",
        "handled",
        "duplicate",
    ]
    assert order == ["A", "B", "C"]
    assert [service.effect_count(e.event_id) for e in (a, b, c, other)] == [1, 1, 1, 0]
    if backend == "sqlite":
        service.db.dispose()


def test_a_batch_handler_takes_the_batchs_new_events_of_its_types_at_once(tmp_path):
    """A BatchHandler gets every newly claimed event of its types in one call, where the first of them
    stands, inside the batch's transaction; when the batch fails, each event is tried alone (a batch of
    one), so that the failure and a not-ready event stay the event's own."""
    from minqing_contracts import new_envelope
    from minqing_kit.consumer import BatchHandler, EventHandling

    service = make_service("alpha", f"sqlite:///{tmp_path}/a.db")
    service.fail_tickets, service.needs_first = {"BAD"}, True
    calls = []

    def many(session, items):
        calls.append([event.ticket for _, event in items])
        for envelope, event in items:
            service.handle(session, envelope, event)

    def one(session, envelope, event):
        calls.append(event.ticket)
        service.handle(session, envelope, event)

    handling = EventHandling("alpha", service.db, service.tables, {EVENT: BatchHandler(many), NEXT_EVENT: one})
    made = {t: new_envelope(payload(ticket=t), district="testville", producer="source") for t in "ABC"}
    made["X"] = new_envelope(payload(NEXT_EVENT, ticket="A"), district="testville", producer="source")
    items = [(made[k], payload(NEXT_EVENT if k == "X" else EVENT, ticket=made[k].payload["ticket"])) for k in "AXBA"]
    assert [o.status for o in handling.handle_batch(items)] == ["handled", "handled", "handled", "duplicate"]
    assert calls == [["A", "B"], "A"]  # A and B at A's place, before the dispatch that needs A

    calls.clear()
    bad = new_envelope(payload(ticket="BAD"), district="testville", producer="source")
    early = new_envelope(payload(NEXT_EVENT, ticket="D"), district="testville", producer="source")
    items = [(made["C"], payload(ticket="C")), (early, payload(NEXT_EVENT, ticket="D")), (bad, payload(ticket="BAD"))]
    assert [o.status for o in handling.handle_batch(items)] == ["handled", "not_ready", "failed"]
    assert calls == [["C", "BAD"], ["C"], "D", ["BAD"]]  # the batch, then each alone
    assert [service.effect_count(e.event_id) for e in (made["A"], made["B"], made["C"], bad, early)] == [1, 1, 1, 0, 0]
    service.db.dispose()
