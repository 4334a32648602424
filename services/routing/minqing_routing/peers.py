"""Another service's JSON API called by the workbench with the signed-in person's own bearer token, so
the other service decides what the person may see or do and routing keeps no copy: notify's in-app inbox
(``notices.py``), intake's households and visits and evaluation's visit figures (``grid_work.py``).

A residents' photo is read the same way (``fetch``: intake's staff photo API, which audits the view).
A peer that is down, slow (past the timeout) or answers something other than JSON is ``PeerUnavailable``;
a peer's own refusal (4xx with its structured error) is ``PeerRefused``, carrying that error."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any


class PeerUnavailable(Exception):
    """The peer did not answer in time, answered 5xx, or answered something other than JSON."""


class PeerRefused(Exception):
    """A 4xx answer: ``status`` and the peer's error body (``{"error": {...}}``, empty when it sent none)."""

    def __init__(self, status: int, body: dict[str, Any]):
        super().__init__(f"answered {status}")
        self.status, self.body = status, body


def call(
    base_url: str,
    token: str,
    path: str,
    timeout: float,
    method: str = "GET",
    body: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The peer's JSON answer to ``method path`` (a body sent as JSON)."""
    request = urllib.request.Request(
        base_url + path,
        method=method,
        data=json.dumps(body, ensure_ascii=False).encode() if body is not None else None,
        headers={
            "Authorization": f"Bearer {token}",
            "Accept": "application/json",
            **({"Content-Type": "application/json"} if body is not None else {}),
            **(headers or {}),
        },
    )
    data, _ = _read(request, timeout)
    try:
        found: dict[str, Any] = json.loads(data)
    except ValueError as error:  # not JSON
        raise PeerUnavailable(str(error)) from error
    return found


def fetch(base_url: str, token: str, path: str, timeout: float) -> tuple[bytes, str]:
    """The peer's answer to ``GET path`` as it is (a photo): (its bytes, its content type)."""
    request = urllib.request.Request(base_url + path, headers={"Authorization": f"Bearer {token}"})
    return _read(request, timeout)


def _read(request: urllib.request.Request, timeout: float) -> tuple[bytes, str]:
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            return answer.read(), answer.headers.get_content_type()
    except urllib.error.HTTPError as error:
        if 400 <= error.code < 500:
            raise PeerRefused(error.code, _error_body(error)) from error
        raise PeerUnavailable(f"answered {error.code}") from error
    except OSError as error:  # refused, timed out
        raise PeerUnavailable(str(error)) from error


def _error_body(error: urllib.error.HTTPError) -> dict[str, Any]:
    try:
        found = json.loads(error.read())
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}
