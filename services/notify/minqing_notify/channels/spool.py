"""Local development without an SMS gateway or SMTP server: messages are appended to
``SPOOL_DIR/<channel>.jsonl`` with the address masked, and count as sent (provider "spool")."""
from __future__ import annotations

import json
import threading
from datetime import datetime, timezone
from pathlib import Path

from ..domain.masking import mask
from . import Channel, Message, SendResult


class SpoolChannel(Channel):
    def __init__(self, name: str, directory: str):
        self.name = name
        self.path = Path(directory) / f"{name}.jsonl"
        self._lock = threading.Lock()

    def send(self, message: Message) -> SendResult:
        line = {"at": datetime.now(timezone.utc).isoformat(), "delivery_id": message.delivery_id,
                "to": mask(self.name, message.address), "title": message.title, "body": message.body}
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as spool:
                spool.write(json.dumps(line, ensure_ascii=False) + "\n")
        return SendResult.sent("spool")
