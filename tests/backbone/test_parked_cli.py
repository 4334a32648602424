"""``minqing-parked list`` on the real broker (issue 19 item 8): one JSON line per parked message on
stdout, and when nothing is parked it says so (on stderr, so a script reading stdout reads no line)."""

from __future__ import annotations

import json

import pika

from minqing_contracts import topology
from minqing_kit.parked_cli import main


def test_list_says_when_nothing_is_parked_and_prints_a_line_per_parked_message(broker_url, capsys):
    queue = topology.parking_queue("notify")
    connection = pika.BlockingConnection(pika.URLParameters(broker_url))
    try:
        channel = connection.channel()
        channel.queue_declare(queue, durable=True)
        channel.queue_purge(queue)

        assert main(["--amqp-url", broker_url, "--service", "notify", "list"]) == 0
        shown = capsys.readouterr()
        assert shown.out == "" and "nothing parked for notify" in shown.err

        properties = pika.BasicProperties(
            message_id="ev-parked-1",
            type="case.received.v1",
            headers={"x-minqing-error": "boom", "x-minqing-attempts": 5},
        )
        channel.basic_publish("", queue, b"{}", properties)
        assert main(["--amqp-url", broker_url, "--service", "notify", "list"]) == 0
        shown = capsys.readouterr()
        [line] = [json.loads(text) for text in shown.out.splitlines()]
        assert (line["event_id"], line["error"], line["attempts"]) == ("ev-parked-1", "boom", 5)
        assert "nothing parked" not in shown.err
        channel.queue_delete(queue)
    finally:
        connection.close()
