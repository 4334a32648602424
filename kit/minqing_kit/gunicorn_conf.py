"""The one gunicorn configuration of every web process (local stack, compose, Kubernetes, tests):

    gunicorn -c python:minqing_kit.gunicorn_conf minqing_<svc>.wsgi:app --bind ... --workers ...

- Access lines are JSON like every other log line (minqing_kit.logs): method, masked target, status,
  bytes, milliseconds and the correlation id the app answered with; never the client's address, its
  user agent or referrer, a ticket after /receipt/ or /track/, a rating token or a secret-looking
  query value. gunicorn's own messages are JSON lines too.
- Size limits are the app's (minqing_kit.request_limits answers 414/431 with the JSON error), so
  gunicorn lets longer request lines and header fields through instead of answering in HTML: no
  request-line limit (``0``; the sync worker's timeout still ends a client that never finishes a
  line), header fields up to 64 KiB (gunicorn 27 reads ``0`` as its 8 KiB default, not as unlimited).
- The master builds the app before forking (``preload_app``): the district configuration, intake's
  dictionaries and address index are loaded once and the workers share them copy-on-write (frozen out of
  the garbage collector's reach first, ``pre_fork``, so that a collection in a worker does not copy
  them); bad settings stop gunicorn there, before any worker starts (a worker failing on them would be
  respawned forever). Building the app connects to nothing: each worker opens its own database engine
  and broker connections on first use (``minqing_kit.db.Database.engine`` is per process).
"""

from __future__ import annotations

import gc
import json
import logging
import re
from collections.abc import MutableMapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from gunicorn.glogging import Logger

if TYPE_CHECKING:
    from gunicorn.config import Config
    from gunicorn.http import Request
    from gunicorn.http.wsgi import Response

from .logs import JsonFormatter, configure_logging, mask_target, redact

accesslog = "-"
errorlog = "-"
graceful_timeout = 20
limit_request_line = 0
limit_request_field_size = 64 * 1024
logger_class = "minqing_kit.gunicorn_conf.JsonAccessLogger"


preload_app = True


def pre_fork(server: Any, worker: Any) -> None:
    """What the master built moves to the collector's permanent generation before each fork: a worker's
    collections then never write to those objects' pages, which stay shared (bench/README.md, web memory)."""
    gc.freeze()


def service_of(proc_name: str) -> str:
    """``minqing_intake.wsgi:app`` -> ``intake``."""
    found = re.match(r"minqing_(\w+?)\.", proc_name or "")
    return found.group(1) if found else "minqing"


def access_line(
    service: str, method: str, target: str, status: str | int, sent: int | None, ms: float, correlation_id: str | None
) -> str:
    line: dict[str, Any] = {
        "ts": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "level": "INFO",
        "service": service,
        "logger": "gunicorn.access",
        "msg": f"{method} {target} {status}",
        "method": method,
        "target": target,
        "status": int(status),
        "bytes": sent,
        "ms": ms,
    }
    if correlation_id:
        line["correlation_id"] = redact(correlation_id[:100])
    return json.dumps(line, ensure_ascii=False)


class JsonAccessLogger(Logger):
    """gunicorn's logger with JSON lines and masked access lines (see the module's docstring)."""

    def setup(self, cfg: Config) -> None:
        super().setup(cfg)
        self.service = service_of(cfg.default_proc_name)
        configure_logging(self.service, cfg.loglevel.upper())
        for handler in self.error_log.handlers:
            handler.setFormatter(JsonFormatter())
        for handler in self.access_log.handlers:
            handler.setFormatter(logging.Formatter("%(message)s"))

    def access(self, resp: Response, req: Request, environ: MutableMapping[str, Any], request_time: timedelta) -> None:
        if not self.access_log_enabled:
            return
        status = str(resp.status).split(None, 1)[0]
        headers = dict((name.lower(), value) for name, value in resp.headers)
        target = mask_target(environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""))
        ms = round(request_time.total_seconds() * 1000, 1)
        correlation_id = headers.get("x-correlation-id") or environ.get("HTTP_X_CORRELATION_ID")
        self.access_log.info(
            access_line(
                getattr(self, "service", "minqing"),
                environ.get("REQUEST_METHOD", "-"),
                target,
                status,
                getattr(resp, "sent", None),
                ms,
                correlation_id,
            )
        )
