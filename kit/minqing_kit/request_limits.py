"""Request-size limits answered by the app with the JSON error, not by gunicorn in HTML.

gunicorn (minqing_kit.gunicorn_conf) lets long request lines and header fields through; here a URL
(path and query) over 16 KiB gets ``414 uri_too_long`` (the gateway's nginx passes up to 32 KiB), a
header field (name and value) over 8 KiB, gunicorn's usual limit, ``431 header_too_large``."""

from __future__ import annotations

from typing import Any

from flask import Flask, request

from .errors import ApiError

MAX_URL_BYTES = 16 * 1024
MAX_HEADER_BYTES = 8 * 1024


def url_bytes(environ: dict[str, Any]) -> int:
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        return len(raw.encode("latin-1", "replace"))
    query = environ.get("QUERY_STRING", "")
    return len(environ.get("PATH_INFO", "").encode("latin-1", "replace")) + (len(query) + 1 if query else 0)


def check_request_size(
    environ: dict[str, Any], max_url: int = MAX_URL_BYTES, max_header: int = MAX_HEADER_BYTES
) -> None:
    """Raise the 414 or 431 ApiError for an over-long URL or header field."""
    if url_bytes(environ) > max_url:
        raise ApiError(414, "uri_too_long", f"the URL is longer than {max_url} bytes", f"请求地址超过{max_url}字节")
    for key, value in environ.items():
        if key.startswith("HTTP_") or key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            if len(key) - 5 + len(str(value)) > max_header:
                name = key[5:].replace("_", "-").title() if key.startswith("HTTP_") else key.title()
                raise ApiError(
                    431,
                    "header_too_large",
                    f"the header {name} is longer than {max_header} bytes",
                    f"请求头{name}超过{max_header}字节",
                )


def init_app(app: Flask, max_url: int = MAX_URL_BYTES, max_header: int = MAX_HEADER_BYTES) -> None:
    """Check every request before its view (after the correlation id is set)."""
    app.before_request(lambda: check_request_size(request.environ, max_url, max_header))
