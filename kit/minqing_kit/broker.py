"""Small broker checks for /readyz and metrics, with a short cache so probes stay cheap. With a cluster
(``;``-separated node URLs) the broker answers when any node does."""

from __future__ import annotations

import threading
import time

import kombu

from minqing_contracts import topology

from .brokers import broker_connection, connect_attempts


class BrokerProbe:
    def __init__(self, amqp_url: str, service: str, ttl: float = 5.0):
        self.amqp_url, self.service, self.ttl = amqp_url, service, ttl
        self._lock = threading.Lock()
        self._checked_at = 0.0
        self._state: tuple[bool, str, int | None] = (False, "not checked", None)
        self._consumers: int | None = None

    def _check(self) -> tuple[bool, str, int | None]:
        try:
            with broker_connection(self.amqp_url, connect_timeout=2) as connection:
                connection.ensure_connection(max_retries=connect_attempts(connection, rounds=2), timeout=2)
                channel = connection.channel()
                try:
                    _, depth, _ = channel.queue_declare(topology.parking_queue(self.service), passive=True)
                except Exception:  # queue not declared yet: no consumer has started
                    depth = None
                self._consumers = self._consumer_count(connection)
                return True, "ok", depth
        except Exception as exc:
            return False, f"broker unreachable: {type(exc).__name__}: {exc}", None

    def _consumer_count(self, connection: kombu.Connection) -> int | None:
        try:
            count: int = connection.channel().queue_declare(topology.work_queue(self.service), passive=True)[2]
            return count
        except Exception:  # not declared yet
            return None

    def warnings(self) -> list[str]:
        """A process type that is down, as the broker sees it: no consumer on the service's work queue.
        A warning, not a failed check: the web process still serves (what it accepts waits in the outbox
        and the queue), so taking it out of rotation would only add to the outage."""
        self.state()
        queue = topology.work_queue(self.service)
        return (
            [f"no consumer on {queue}: minqing-{self.service} consumer is not running"] if self._consumers == 0 else []
        )

    def state(self) -> tuple[bool, str, int | None]:
        with self._lock:
            if time.monotonic() - self._checked_at > self.ttl:
                self._state = self._check()
                self._checked_at = time.monotonic()
            return self._state

    def parked_depth(self) -> int | None:
        return self.state()[2]
