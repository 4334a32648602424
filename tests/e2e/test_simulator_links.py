"""The simulator's rating-link queue lives only as long as the simulator (issue 12, item 14)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pika
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from simulator_actors import LEGACY_QUEUE, Behaviour, Residents, drop_legacy_queue  # noqa: E402


def queue_exists(amqp_url: str, name: str) -> bool:
    """Declared on the broker (405 RESOURCE_LOCKED: exists, exclusive to another connection)."""
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        connection.channel().queue_declare(name, passive=True)
        return True
    except pika.exceptions.ChannelClosedByBroker as closed:
        assert closed.reply_code in (404, 405), closed
        return closed.reply_code == 405
    finally:
        if connection.is_open:
            connection.close()


def test_the_link_queue_goes_away_with_the_simulator(broker_url):
    residents = Residents(None, broker_url, Behaviour(), random.Random(1)).start()
    assert queue_exists(broker_url, residents.queue)
    residents.stop()
    assert not residents.thread.is_alive()
    assert not queue_exists(broker_url, residents.queue)


def test_an_earlier_simulators_queue_is_dropped(broker_url):
    connection = pika.BlockingConnection(pika.URLParameters(broker_url))
    connection.channel().queue_declare(LEGACY_QUEUE, auto_delete=True)
    connection.close()
    assert queue_exists(broker_url, LEGACY_QUEUE)
    drop_legacy_queue(broker_url)
    assert not queue_exists(broker_url, LEGACY_QUEUE)
    drop_legacy_queue(broker_url)  # nothing left: no error


def test_no_other_connection_can_read_the_links(broker_url):
    residents = Residents(None, broker_url, Behaviour(), random.Random(1)).start()
    connection = pika.BlockingConnection(pika.URLParameters(broker_url))
    try:
        with pytest.raises(pika.exceptions.ChannelClosedByBroker) as refused:
            connection.channel().basic_get(residents.queue)
        assert refused.value.reply_code == 405  # RESOURCE_LOCKED: only the simulator's connection reads it
    finally:
        residents.stop()
        if connection.is_open:
            connection.close()
