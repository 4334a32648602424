"""The Flask base every service's app factory starts from: ops endpoints, errors, request logs."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, g, request
from flask.json.provider import DefaultJSONProvider
from prometheus_client.registry import Collector
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from . import error_answers, probe_answers
from .broker import BrokerProbe
from .bus_tables import BusTables
from .db import Database
from .errors import ApiError, from_http
from .faults import describe, is_transient
from .logs import _context, _request_flow
from .metrics import LATENCY, REQUESTS, BusCollector, ReplicaCollector, render
from .pages import unmatched_error_page
from .replica import ReplicaDatabase
from .request_limits import init_app as check_request_sizes
from .requests import refuse_control_characters
from .response_models import answer
from .settings import ServiceSettings

log = logging.getLogger("minqing.http")
ReadyCheck = Callable[[], tuple[bool, str]]
RETRY_AFTER_SECONDS = 5
# A client's X-Correlation-ID is taken when it could be one of ours (a UUID's length: the events carry it
# and the services store it beside the case); anything else gets a fresh id.
CORRELATION_ID = re.compile(r"[A-Za-z0-9._:-]{1,36}")


def request_correlation_id() -> str:
    sent = request.headers.get("X-Correlation-ID", "")
    return sent if CORRELATION_ID.fullmatch(sent) else str(uuid.uuid4())


def database_unavailable() -> ApiError:
    """What a request gets while the database does not answer (a connection error, not a bug)."""
    return ApiError(
        503,
        "database_unavailable",
        "the database is not answering; try again in a few seconds",
        "数据库暂时无法访问，请稍后重试",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def create_base_app(
    service: str,
    settings: ServiceSettings,
    *,
    db: Database,
    read_db: Database | None = None,
    tables: BusTables,
    ready_checks: dict[str, ReadyCheck] | None = None,
    warnings: Callable[[], list[str]] | None = None,
) -> Flask:
    """``warnings`` are the service's own for /readyz; the settings' (development secrets) come first.
    ``read_db``: the runtime's stale-tolerant reads; a replica's lag is shown in /readyz and /metrics."""
    app = Flask(service)
    app.config["MAX_CONTENT_LENGTH"] = settings.MAX_BODY_BYTES
    if isinstance(app.json, DefaultJSONProvider):  # always, unless a service sets its own provider
        app.json.ensure_ascii = False
    if settings.TRUSTED_PROXY_HOPS:  # the client address comes from the proxies' X-Forwarded-For
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.TRUSTED_PROXY_HOPS)  # type: ignore[method-assign]
    for warning in settings.secret_warnings():
        log.warning(warning)
    probe = BrokerProbe(settings.AMQP_URL, service)
    collectors: list[Collector] = [BusCollector(service, db, tables, probe.parked_depth)]
    replica = read_db if isinstance(read_db, ReplicaDatabase) else None
    if replica is not None:
        collectors.append(ReplicaCollector(service, replica))
    app.extensions["minqing"] = {"db": db, "tables": tables, "broker": probe}

    @app.before_request
    def _begin() -> None:
        g.started = time.perf_counter()
        g.correlation_id = request_correlation_id()
        g.log_token = _context.set({**_context.get(), "correlation_id": g.correlation_id})
        g.flow_token = _request_flow.set(g._get_current_object())  # continue_flow changes g.correlation_id

    check_request_sizes(app)  # 414 / 431 as JSON (gunicorn lets long lines through)

    app.before_request(refuse_control_characters)  # NUL in a path, query or form never reaches a view

    @app.after_request
    def _end(response: Response) -> Response:
        endpoint = request.url_rule.rule if request.url_rule else "unmatched"
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        REQUESTS.labels(service, endpoint, request.method, str(response.status_code)).inc()
        LATENCY.labels(service, endpoint).observe(elapsed)
        response.headers["X-Correlation-ID"] = g.get("correlation_id", "")
        if endpoint not in ("/healthz", "/readyz", "/metrics"):
            log.info(
                "%s %s %s",
                request.method,
                endpoint,
                response.status_code,
                extra={
                    "fields": {
                        "status": response.status_code,
                        "ms": round(elapsed * 1000, 1),
                        "correlation_id": g.get("correlation_id"),
                    }
                },
            )
        return response

    @app.teardown_request
    def _reset(_exc: BaseException | None) -> None:
        token = g.pop("log_token", None)
        if token is not None:
            _context.reset(token)
        flow = g.pop("flow_token", None)
        if flow is not None:
            _request_flow.reset(flow)

    @app.errorhandler(ApiError)
    def _api_error(error: ApiError) -> Response:
        return answer(error_answers.Error, error.to_dict(), error.status, error.headers)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        """JSON, except the HTML error page for a browser's unknown page URL (see minqing_kit.pages)."""
        structured = from_http(error)
        page = unmatched_error_page(structured)
        return page if page is not None else _api_error(structured)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response | tuple[Response, int]:
        """500, except when the database (or broker) is down: that is 503 with Retry-After, as /readyz."""
        if is_transient(error):
            log.warning("database unavailable: %s", describe(error))
            return _api_error(database_unavailable())
        log.exception("unhandled error")
        internal = {"code": "internal", "message": "internal error", "message_zh": "服务器内部错误"}
        return answer(error_answers.Error, {"error": {**internal, "correlation_id": g.get("correlation_id")}}, 500)

    @app.get("/healthz")
    def healthz() -> Response:
        return answer(probe_answers.Alive, {"status": "alive", "service": service})

    @app.get("/readyz")
    def readyz() -> Response:
        checks: dict[str, dict[str, Any]] = {}
        try:
            db.ping()
            checks["database"] = {"ok": True}
        except Exception as exc:
            checks["database"] = {"ok": False, "reason": f"database unreachable: {type(exc).__name__}"}
        if replica is not None:  # never what makes the process unready: its reads fall back to the primary
            checks["read_replica"] = replica.readiness()
        ok, reason, _ = probe.state()
        checks["broker"] = {"ok": ok} if ok else {"ok": False, "reason": reason}
        for name, check in (ready_checks or {}).items():
            passed, why = check()
            checks[name] = {"ok": passed} if passed else {"ok": False, "reason": why}
        ready = all(c["ok"] for c in checks.values())
        body = {
            "status": "ready" if ready else "not ready",
            "service": service,
            "checks": checks,
            "warnings": settings.secret_warnings() + (warnings() if warnings else []) + probe.warnings(),
        }
        return answer(probe_answers.Readiness, body, 200 if ready else 503)

    @app.get("/metrics")
    def metrics() -> Response:
        return Response(
            render(collectors, multiprocess_dir=settings.PROMETHEUS_MULTIPROC_DIR),
            mimetype="text/plain; version=0.0.4",
        )

    return app
