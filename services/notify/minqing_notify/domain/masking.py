"""How an address is shown in the delivery log: enough to recognise it, never enough to use it."""
from __future__ import annotations

from urllib.parse import urlsplit


def mask_phone(phone: str) -> str:
    digits = "".join(c for c in phone if c.isdigit())
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def mask_webhook(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/…"


def mask(channel: str, address: str | None) -> str | None:
    if address is None:
        return None
    if channel == "sms":
        return mask_phone(address)
    if channel == "email":
        return mask_email(address)
    if channel in ("wecom", "dingtalk"):
        return mask_webhook(address)
    return address  # inapp: the person id, not contact data
