"""JSON logs carrying the service, case id and correlation id; contact data never reaches a line."""
from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import re
import sys
from datetime import datetime, timezone

_context: contextvars.ContextVar[dict] = contextvars.ContextVar("minqing_log_context", default={})
_service = "minqing"

MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def redact(text: str) -> str:
    """Mask mainland mobile numbers and e-mail addresses."""
    return EMAIL.sub("[email]", MOBILE.sub("[phone]", text))


@contextlib.contextmanager
def log_context(**fields):
    """Add fields (case_id, correlation_id, event_id, ...) to every line logged inside."""
    token = _context.set({**_context.get(), **{k: v for k, v in fields.items() if v is not None}})
    try:
        yield
    finally:
        _context.reset(token)


def current_context() -> dict:
    return dict(_context.get())


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "service": _service,
            "logger": record.name,
            "msg": redact(record.getMessage()),
            **_context.get(),
        }
        for key, value in getattr(record, "fields", {}).items():
            line[key] = redact(value) if isinstance(value, str) else value
        if record.exc_info:
            line["exc"] = redact(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(service: str, level: str = "INFO") -> None:
    global _service
    _service = service
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("amqp", "kombu", "pika", "werkzeug", "alembic.runtime.migration"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
