"""SMS through an HTTP gateway.

Request: ``POST SMS_GATEWAY_URL`` with JSON ``{"to", "text", "sign_name", "client_ref"}`` and the
headers ``X-Minqing-Key`` (key id), ``X-Minqing-Timestamp`` (unix seconds) and
``X-Minqing-Signature`` = hex HMAC-SHA256(secret, timestamp + "\\n" + body). A 2xx answer may name
the provider's ``message_id``; 408/429/5xx and network errors are retried; any other status is a
permanent failure with the provider's reason.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time

import requests

from ..domain import sms
from ..domain.masking import mask_phone
from ..domain.recipients import Addressing
from . import Channel, Message, SendResult
from .http import post_json


def sign(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"\n" + body, hashlib.sha256).hexdigest()


class SmsGateway(Channel):
    name, kind, paced = "sms", "sms", True
    addressing = Addressing(contact_field="phone", resident_field="phone")
    mask = staticmethod(mask_phone)
    segments = staticmethod(sms.segments)

    def __init__(self, url: str, key_id: str, secret: str, sign_name: str, timeout: float = 10.0):
        self.url, self.key_id, self.secret, self.sign_name, self.timeout = url, key_id, secret, sign_name, timeout
        self._local = threading.local()

    def _session(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        return self._local.session

    def send(self, message: Message) -> SendResult:
        body = json.dumps(
            {
                "to": message.address,
                "text": message.body,
                "sign_name": self.sign_name,
                "client_ref": message.delivery_id,
            },
            ensure_ascii=False,
        ).encode()
        timestamp = str(int(time.time()))
        headers = {
            "X-Minqing-Key": self.key_id,
            "X-Minqing-Timestamp": timestamp,
            "X-Minqing-Signature": sign(self.secret, timestamp, body),
        }
        response, failure = post_json(self._session(), self.url, body, headers, self.timeout, "gateway")
        if failure:
            return failure
        try:
            reference = response.json().get("message_id")
        except ValueError:
            reference = None
        return SendResult.sent(str(reference) if reference else None)
