"""Shared HTTP handling for the gateway and the robots: which failures are worth a retry."""

from __future__ import annotations

import json

import requests

from . import SendResult

RETRY_STATUSES = {408, 425, 429, 500, 502, 503, 504}


def provider_reason(response: requests.Response) -> str:
    """The provider's own words: a JSON message/error/reason field, else the start of the body."""
    try:
        data = response.json()
    except (ValueError, json.JSONDecodeError):
        return response.text.strip()[:200] or response.reason or ""
    if isinstance(data, dict):
        for key in ("message", "error", "reason", "errmsg", "msg"):
            if data.get(key):
                return str(data[key])[:200]
    return json.dumps(data, ensure_ascii=False)[:200]


def post_json(
    session: requests.Session, url: str, body: bytes, headers: dict, timeout: float, label: str
) -> tuple[requests.Response | None, SendResult | None]:
    """POST; returns (response, None) on a 2xx, or (None, result) for a failure."""
    try:
        response = session.post(
            url, data=body, headers={"Content-Type": "application/json; charset=utf-8", **headers}, timeout=timeout
        )
    except requests.Timeout:
        return None, SendResult.retry(f"{label} timed out after {timeout}s")
    except requests.RequestException as exc:
        return None, SendResult.retry(f"{label} unreachable: {type(exc).__name__}")
    if 200 <= response.status_code < 300:
        return response, None
    reason = f"{label} {response.status_code}: {provider_reason(response)}"
    if response.status_code in RETRY_STATUSES:
        return None, SendResult.retry(reason)
    return None, SendResult.give_up(reason)
