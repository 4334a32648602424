"""``minqing-parked list`` on the real broker (issue 19 item 8): one JSON line per parked message on
stdout, and when nothing is parked it says so (on stderr, so a script reading stdout reads no line)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pika

from minqing_contracts import Envelope, topology
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


def test_replay_keeps_events_older_than_the_inbox_retention_parked_unless_told(broker_url, capsys):
    """An event older than INBOX_RETENTION_DAYS (less a day) may have been handled once already and its id
    pruned from the inbox since: replay leaves it parked and names it, until --older-than-retention."""
    parking, work = topology.parking_queue("notify"), topology.work_queue("notify")
    connection = pika.BlockingConnection(pika.URLParameters(broker_url))
    try:
        channel = connection.channel()
        channel.queue_declare(parking, durable=True)
        channel.queue_declare(work, durable=True)
        channel.queue_purge(parking)
        ids = {}
        for label, age in (("recent", timedelta(days=1)), ("old", timedelta(days=14))):
            envelope = Envelope(
                event_id=f"ev-{label}",
                type="case.received.v1",
                occurred_at=datetime.now(UTC) - age,
                district="testville",
                correlation_id=f"ev-{label}",
                producer="intake",
            )
            properties = pika.BasicProperties(message_id=envelope.event_id, type=envelope.type)
            channel.basic_publish("", parking, envelope.model_dump_json().encode(), properties)
            ids[label] = envelope.event_id
        replay = ["--amqp-url", broker_url, "--service", "notify", "replay", "--all"]
        assert main(replay) == 1  # INBOX_RETENTION_DAYS=14 by default: the 14-day-old event stays
        shown = json.loads(capsys.readouterr().out)
        assert shown == {"replayed": [ids["recent"]], "kept_older_than_retention": [ids["old"]]}
        assert main([*replay, "--older-than-retention"]) == 0
        assert json.loads(capsys.readouterr().out) == {"replayed": [ids["old"]], "kept_older_than_retention": []}
        assert channel.queue_declare(work, passive=True).method.message_count == 2
        channel.queue_delete(parking)
        channel.queue_delete(work)
    finally:
        connection.close()
