"""Group robots: WeCom (企业微信) and DingTalk (钉钉) webhooks, markdown messages.

Both answer HTTP 200 with ``{"errcode": 0, "errmsg": "ok"}``; a non-zero errcode is the robot's
reason. Rate limits (WeCom 45009, DingTalk 130101) are retried; other errcodes are permanent.
DingTalk robots with 加签 get ``timestamp`` (ms) and ``sign`` = urlencoded base64
HMAC-SHA256(secret, timestamp + "\\n" + secret) on the URL.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from urllib.parse import quote_plus

import requests

from minqing_contracts.org import NotificationPolicy

from ..domain.masking import mask_webhook
from ..domain.recipients import Addressing
from . import Channel, Message, SendResult
from .http import post_json

RATE_LIMIT_ERRCODES = {45009, 130101}


def dingtalk_signed_url(url: str, secret: str, timestamp_ms: int | None = None) -> str:
    timestamp = str(timestamp_ms if timestamp_ms is not None else int(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}timestamp={timestamp}&sign={quote_plus(base64.b64encode(digest).decode())}"


class _Robot(Channel):
    label, kind = "robot", "webhook"
    mask = staticmethod(mask_webhook)

    def __init__(self, timeout: float = 10.0):
        self.timeout = timeout
        self._local = threading.local()

    def _session(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        return self._local.session

    def payload(self, message: Message) -> dict:
        raise NotImplementedError

    def url(self, message: Message) -> str:
        return message.address

    def send(self, message: Message) -> SendResult:
        body = json.dumps(self.payload(message), ensure_ascii=False).encode()
        response, failure = post_json(self._session(), self.url(message), body, {}, self.timeout, self.label)
        if failure:
            return failure
        try:
            answer = response.json()
        except ValueError:
            return SendResult.give_up(f"{self.label}: answer is not JSON")
        code = answer.get("errcode", 0)
        if code == 0:
            return SendResult.sent()
        reason = f"{self.label} errcode {code}: {answer.get('errmsg', '')}"
        return SendResult.retry(reason) if code in RATE_LIMIT_ERRCODES else SendResult.give_up(reason)


class WeComRobot(_Robot):
    name, label = "wecom", "wecom"
    addressing = Addressing(contact_field="wecom_webhook")

    def payload(self, message: Message) -> dict:
        return {"msgtype": "markdown", "markdown": {"content": f"**{message.title}**\n{message.body}"}}


class DingTalkRobot(_Robot):
    name, label = "dingtalk", "dingtalk"
    addressing = Addressing(contact_field="dingtalk_webhook")

    def address_secret(self, policy: NotificationPolicy | None, recipient_ref: str) -> str | None:
        """加签: the district's signing secret for this unit's or person's robot."""
        return (policy.dingtalk_secrets if policy else {}).get(recipient_ref)

    def payload(self, message: Message) -> dict:
        return {
            "msgtype": "markdown",
            "markdown": {"title": message.title, "text": f"### {message.title}\n\n{message.body}"},
        }

    def url(self, message: Message) -> str:
        return dingtalk_signed_url(message.address, message.secret) if message.secret else message.address
