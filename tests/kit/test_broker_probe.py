"""/readyz's broker probe says when a service's consumers are down: no consumer on its work queue."""

from __future__ import annotations

import pika

from minqing_contracts import topology
from minqing_kit.broker import BrokerProbe


def test_a_work_queue_without_consumers_is_a_readiness_warning(broker_url):
    queue = topology.work_queue("probed")
    connection = pika.BlockingConnection(pika.URLParameters(broker_url))
    channel = connection.channel()
    channel.queue_declare(queue, durable=True, arguments=topology.work_queue_arguments("probed"))
    try:
        assert BrokerProbe(broker_url, "probed", ttl=0).warnings() == [
            "no consumer on probed.events: minqing-probed consumer is not running"
        ]
        channel.basic_consume(queue, lambda *_: None)
        assert BrokerProbe(broker_url, "probed", ttl=0).warnings() == []
        assert BrokerProbe(broker_url, "undeclared", ttl=0).warnings() == []  # no queue yet: nothing to say
    finally:
        channel.queue_delete(queue)
        connection.close()
