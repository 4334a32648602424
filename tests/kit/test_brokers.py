"""AMQP_URL may name several broker nodes (``;``-separated): every client of the kit takes the list and
moves past a node that does not answer. The nodes here are the test's vhost on the real broker and a
loopback port nobody listens on (the three-node cluster itself: tests/backbone/test_broker_cluster.py)."""

from __future__ import annotations

import socket

import pika
import pytest
from sqlalchemy import MetaData

from minqing_contracts import topology
from minqing_kit.broker import BrokerProbe
from minqing_kit.brokers import broker_connection, broker_urls, connect_attempts, node_position, pika_parameters
from minqing_kit.bus_tables import BusTables
from minqing_kit.consumer import EventConsumer, EventHandling
from minqing_kit.db import Database
from minqing_kit.parked import ParkingLot
from minqing_kit.publisher import ConfirmingPublisher, Outgoing
from minqing_kit.settings import ServiceSettings, SettingsError, load_settings


def dead_node() -> str:
    """The URL of a loopback port that refuses connections (bound, then closed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"amqp://guest:guest@127.0.0.1:{port}/%2F"


def test_the_node_list_is_split_on_semicolons_and_blank_parts_are_dropped():
    assert broker_urls(" amqp://a/ ;amqp://b/;; amqp://c/;") == ["amqp://a/", "amqp://b/", "amqp://c/"]
    with pytest.raises(ValueError):
        broker_urls(" ; ")
    connection = broker_connection("amqp://g:p@h1:5672//;amqp://g:p@h2:5672//;amqp://g:p@h3:5672//")
    assert (connection.hostname, len(connection.alt)) == ("h1", 3)
    assert connection.clone().alt == connection.alt  # a consumer's reconnect keeps every node
    assert connect_attempts(connection, rounds=2) == 5  # kombu counts retries after the first try
    assert connect_attempts(broker_connection("amqp://g:p@h1//"), rounds=2) == 1
    assert [p.host for p in pika_parameters("amqp://g:p@h1//;amqp://g:p@h2//")] == ["h1", "h2"]


def test_a_consumer_reconnects_to_the_node_after_the_one_it_was_on_round_robin():
    """No cluster needed: which node each (re)connect tries first, and the order kombu fails over in."""
    nodes = "amqp://g:p@h1:5672/%2F;amqp://g:p@h2:5672/%2F;amqp://g:p@h3:5673/%2F"
    handling = EventHandling("rotation", Database("sqlite://"), BusTables(MetaData()), {})
    consumer = EventConsumer(broker_connection(nodes), handling)
    first = consumer.create_connection()
    assert (first.hostname, first.port) == ("h1", 5672)  # the first connect starts at the first node
    tried = [first.hostname]
    for _ in range(3):  # what ensure_connection switches to after each failed try
        first.maybe_switch_next()
        tried.append(first.hostname)
    assert tried == ["h1", "h2", "h3", "h1"]
    consumer._node = node_position(first, consumer.connection.alt)  # what consume() records once connected
    assert consumer._node == 0
    again = consumer.create_connection()
    assert (again.hostname, again.userid, again.password, again.virtual_host) == ("h2", "g", "p", "/")
    assert sorted(again.alt) == sorted(consumer.connection.alt)  # every node stays an alternate
    again.maybe_switch_next()
    assert (again.hostname, again.port) == ("h3", 5673)
    consumer._node = node_position(again, consumer.connection.alt)
    third = consumer.create_connection()
    assert third.hostname == "h1"  # after the last node, round to the first
    assert consumer.connection.hostname == "h1"  # the consumer's own connection is never switched
    single = EventConsumer(broker_connection("amqp://g:p@h1//"), handling)
    single._node = 0
    assert single.create_connection().hostname == "h1"


def test_settings_take_a_node_list_check_each_part_and_hide_every_password():
    many = "amqp://u:secret1@h1:5672/%2F;amqp://u:secret2@h2:5672/%2F"
    settings = load_settings(ServiceSettings, {"AMQP_URL": many}, DATABASE_URL="sqlite://")
    assert settings.shown()["AMQP_URL"] == "amqp://u:***@h1:5672/%2F;amqp://u:***@h2:5672/%2F"
    with pytest.raises(SettingsError) as bad:
        load_settings(ServiceSettings, {"AMQP_URL": "amqp://u:secret1@h1/;h2"}, DATABASE_URL="sqlite://")
    (problem,) = bad.value.problems
    assert problem.startswith("AMQP_URL=") and "each ';'-separated part must be a node's URL" in problem
    assert "secret1" not in problem


def test_the_publisher_probe_and_parking_lot_move_past_a_node_that_does_not_answer(broker_url):
    nodes = f"{dead_node()};{broker_url}"
    service = "failover"
    connection = pika.BlockingConnection(pika.URLParameters(broker_url))
    channel = connection.channel()
    channel.exchange_declare(topology.EXCHANGE, topology.EXCHANGE_TYPE, durable=True)
    channel.queue_declare(topology.parking_queue(service), durable=True, arguments=topology.PARKING_QUEUE_ARGUMENTS)
    channel.queue_declare(topology.work_queue(service), durable=True, arguments=topology.work_queue_arguments(service))
    channel.queue_bind(topology.work_queue(service), topology.EXCHANGE, "testville.failover.v1")
    publisher = ConfirmingPublisher(nodes, confirm_timeout=5)
    try:
        result = publisher.publish_batch(
            [Outgoing(key=1, event_id="e-1", event_type="failover.v1", routing_key="testville.failover.v1", body="{}")]
        )
        assert (result.confirmed, result.failed) == ([1], {})
        publisher.close()  # the next connect starts from the node that worked, not the dead one
        assert publisher.publish_batch([]).confirmed == [] and publisher.connected
        assert BrokerProbe(nodes, service, ttl=0).state()[:2] == (True, "ok")
        assert ParkingLot(nodes, service).list() == []
    finally:
        publisher.close()
        for queue in (topology.work_queue(service), topology.parking_queue(service)):
            channel.queue_delete(queue)
        connection.close()
