"""JSON logs carrying the service, case id and correlation id; contact data never reaches a line."""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import re
import sys
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

# read-only: log_context sets a new mapping, so the default is never shared by mutation
_context: contextvars.ContextVar[Mapping[str, Any]] = contextvars.ContextVar(
    "minqing_log_context", default=MappingProxyType({})
)
_service = "minqing"
# the request being served, if any (minqing_kit.web sets it): whatever holds its correlation_id attribute
_request_flow: contextvars.ContextVar[Any] = contextvars.ContextVar("minqing_request_flow", default=None)

MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def redact(text: str) -> str:
    """Mask mainland mobile numbers and e-mail addresses."""
    return EMAIL.sub("[email]", MOBILE.sub("[phone]", text))


@contextlib.contextmanager
def log_context(**fields: Any) -> Iterator[None]:
    """Add fields (case_id, correlation_id, event_id, ...) to every line logged inside."""
    token = _context.set({**_context.get(), **{k: v for k, v in fields.items() if v is not None}})
    try:
        yield
    finally:
        _context.reset(token)


def continue_flow(correlation_id: str | None) -> None:
    """A request acting on a case joins the case's flow: its answer's X-Correlation-ID, its access line
    and its request line carry the case's correlation id (lines logged inside the service's own
    ``log_context(correlation_id=...)`` too). Outside a request (a consumer, the scheduler), nothing.
    Here, not in ``minqing_kit.web``, so the use cases a consumer runs too import no web framework."""
    flow = _request_flow.get()
    if correlation_id and flow is not None:
        flow.correlation_id = correlation_id


def current_context() -> dict[str, Any]:
    return dict(_context.get())


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
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


# Access logs: the path and query of a request, with what names a resident or a secret masked.
SECRET_SEGMENT = re.compile(r"(/(?:receipt|track|rate|evaluations|project-ratings)/)[^/?#]+")
SECRET_KEY = re.compile(r"secret|token|key|pass|sig|auth|session|phone|mail|name|contact|address", re.IGNORECASE)
RANDOM_VALUE = re.compile(r"[A-Za-z0-9_.~%-]{20,}")


def mask_target(path: str, query: str = "") -> str:
    """The request target for an access line: the segment after /receipt/, /track/, /rate/ and
    /evaluations/ (tickets, rating tokens) and secret-looking query values become ``*``."""
    masked = redact(SECRET_SEGMENT.sub(r"\1*", path))
    if not query:
        return masked
    pairs = []
    for pair in query.split("&"):
        key, sep, value = pair.partition("=")
        hidden = sep and (SECRET_KEY.search(key) or RANDOM_VALUE.fullmatch(value))
        pairs.append(f"{key}=*" if hidden else redact(pair))
    return f"{masked}?{'&'.join(pairs)}"
