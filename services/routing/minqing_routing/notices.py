"""The signed-in person's notices (督办, reminders, joint-part requests, bulletins), kept by notify's in-app
inbox and read through its JSON API with the person's own bearer token: routing stores no copy, and notify
answers only for the person the token names. A notify that is down or slow is reported, never waited on
past ``NOTIFY_TIMEOUT_SECONDS``."""

from __future__ import annotations

from typing import Any

from .peers import PeerRefused, PeerUnavailable, call
from .settings import RoutingSettings


class NotifyUnavailable(Exception):
    """Notify did not answer in time, or answered with something other than the inbox."""


def _call(settings: RoutingSettings, token: str, path: str, method: str = "GET") -> dict[str, Any]:
    try:
        return call(settings.notify_base_url(), token, path, settings.NOTIFY_TIMEOUT_SECONDS, method)
    except PeerRefused as refused:
        if refused.status == 404:
            raise LookupError(path) from refused
        raise NotifyUnavailable(f"notify answered {refused.status}") from refused
    except PeerUnavailable as error:
        raise NotifyUnavailable(str(error)) from error


def inbox(settings: RoutingSettings, token: str, limit: int = 100) -> dict[str, Any]:
    """``{"unread": n, "messages": [...]}``, newest first."""
    return _call(settings, token, f"/api/v1/inbox?limit={limit}")


def unread_count(settings: RoutingSettings, token: str) -> int:
    return int(_call(settings, token, "/api/v1/inbox?unread=true&limit=1")["unread"])


def mark_read(settings: RoutingSettings, token: str, message_id: int) -> None:
    """Raises LookupError when the message is not in this person's inbox."""
    _call(settings, token, f"/api/v1/inbox/{message_id}/read", method="POST")
