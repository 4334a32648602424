"""Parked messages, through pika (operator tools do not depend on the services' client).

Listing takes each message without acking and closes the channel, so the broker puts them all
back. Replay sends a parked message straight to the service's work queue (the default exchange,
not the topic exchange, so other services do not get a second copy), confirmed, then acks it. An event
older than the inbox's retention may have been handled once already and forgotten since (a second copy
handled while this one waited here): ``minqing-parked replay`` keeps those parked unless told otherwise.
"""

from __future__ import annotations

import builtins
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pika

from minqing_contracts import Envelope, topology

from .brokers import pika_parameters


@dataclass
class ParkedMessage:
    event_id: str
    event_type: str
    error: str
    attempts: int
    parked_at: str
    routing_key: str
    body: bytes
    delivery_tag: int
    properties: pika.BasicProperties

    def summary(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "type": self.event_type,
            "attempts": self.attempts,
            "parked_at": self.parked_at,
            "routing_key": self.routing_key,
            "error": self.error,
        }


def occurred_before(message: ParkedMessage, moment: datetime) -> bool:
    """Whether the parked event happened before ``moment`` (its envelope's ``occurred_at``); a body that
    is no envelope (a poison message) has no age and is never too old."""
    try:
        occurred = Envelope.from_json(message.body).occurred_at
    except ValueError:
        return False
    return occurred < moment


def _read(channel: Any, queue: str) -> list[ParkedMessage]:
    found: list[ParkedMessage] = []
    while True:
        method, props, body = channel.basic_get(queue, auto_ack=False)
        if method is None:
            return found
        headers = props.headers or {}
        found.append(
            ParkedMessage(
                event_id=props.message_id or "",
                event_type=props.type or "",
                error=str(headers.get("x-minqing-error", _death_reason(headers))),
                attempts=int(headers.get("x-minqing-attempts", headers.get("x-delivery-count", 0)) or 0),
                parked_at=str(headers.get("x-minqing-parked-at", "")),
                routing_key=str(headers.get("x-original-routing-key", method.routing_key)),
                body=body,
                delivery_tag=method.delivery_tag,
                properties=props,
            )
        )


def _death_reason(headers: dict[str, Any]) -> str:
    deaths = headers.get("x-death") or []
    return f"dead-lettered by broker: {deaths[0].get('reason')}" if deaths else "unknown"


class ParkingLot:
    def __init__(self, amqp_url: str, service: str, group: str = topology.DEFAULT_GROUP):
        self.params = pika_parameters(amqp_url)  # one per cluster node, tried in turn
        self.service, self.group = service, group

    def _open(self) -> tuple[Any, Any]:
        connection = pika.BlockingConnection(self.params)
        return connection, connection.channel()

    def list(self) -> builtins.list[ParkedMessage]:  # builtins: in this class, list is this method
        connection, channel = self._open()
        try:
            return _read(channel, topology.parking_queue(self.service))
        finally:
            connection.close()  # unacked messages go back to the queue

    def show(self, event_id: str) -> dict[str, Any] | None:
        for message in self.list():
            if message.event_id == event_id:
                return {**message.summary(), "body": json.loads(message.body)}
        return None

    def replay(
        self, event_ids: set[str] | None = None, *, occurred_since: datetime | None = None
    ) -> builtins.list[str]:
        """Replay the named parked messages (all when None), except events that occurred before
        ``occurred_since``, which stay parked. Returns the replayed event ids."""
        connection, channel = self._open()
        replayed: builtins.list[str] = []
        try:
            channel.confirm_delivery()
            for message in _read(channel, topology.parking_queue(self.service)):
                if event_ids is not None and message.event_id not in event_ids:
                    continue
                if occurred_since is not None and occurred_before(message, occurred_since):
                    continue
                props = message.properties
                headers = {
                    k: v
                    for k, v in (props.headers or {}).items()
                    if not k.startswith("x-minqing-")
                    and k
                    not in (
                        "x-death",
                        "x-delivery-count",
                        "x-first-death-exchange",
                        "x-first-death-queue",
                        "x-first-death-reason",
                        "x-original-routing-key",
                    )
                }
                headers["x-minqing-replayed"] = True
                channel.basic_publish(
                    "",
                    topology.work_queue(self.service, self.group),
                    message.body,
                    pika.BasicProperties(
                        content_type=props.content_type,
                        delivery_mode=2,
                        message_id=props.message_id,
                        type=props.type,
                        correlation_id=props.correlation_id,
                        headers=headers,
                    ),
                    mandatory=True,
                )
                channel.basic_ack(message.delivery_tag)
                replayed.append(message.event_id)
        finally:
            connection.close()
        return replayed
