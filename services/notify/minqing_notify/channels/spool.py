"""Local development without an SMS gateway or SMTP server: messages are appended to
``SPOOL_DIR/<channel>.jsonl`` with the address masked, and count as sent (provider "spool").

A spool stands in for one channel class and keeps everything that class says about itself (name,
kind, addressing, masking, pacing, segments), so planning and the delivery log cannot tell them apart.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path

from . import Channel, Message, SendResult


class SpoolChannel(Channel):
    def __init__(self, standing_in_for: type[Channel], directory: str):
        self.name, self.kind = standing_in_for.name, standing_in_for.kind
        self.addressing, self.paced = standing_in_for.addressing, standing_in_for.paced
        self.mask, self.segments = standing_in_for.mask, standing_in_for.segments  # type: ignore[method-assign]
        self.path = Path(directory) / f"{self.name}.jsonl"
        self._lock = threading.Lock()

    def send(self, message: Message) -> SendResult:
        line = {
            "at": datetime.now(UTC).isoformat(),
            "delivery_id": message.delivery_id,
            "to": self.mask(message.address),
            "title": message.title,
            "body": message.body,
        }
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as spool:
                spool.write(json.dumps(line, ensure_ascii=False) + "\n")
        return SendResult.sent("spool")
