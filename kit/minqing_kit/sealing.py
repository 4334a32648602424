"""Residents' contact data travels sealed: intake seals with notify's public key, only notify opens.

Format of ``contact_sealed``: ``"x25519:" + base64(libsodium sealed box of the JSON object
{"name": ..., "phone": ..., "email": ..., "tracking_secret": ...})``; the tracking secret
rides along so that the receipt message can carry it (the receipt is the only place it is shown
besides the submitting page). Keys are base64 of the raw 32-byte X25519 keys.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from nacl.public import PrivateKey, PublicKey, SealedBox

PREFIX = "x25519:"


def generate_contact_keypair() -> tuple[str, str]:
    """(private, public), base64."""
    key = PrivateKey.generate()
    return base64.b64encode(bytes(key)).decode(), base64.b64encode(bytes(key.public_key)).decode()


def seal_contact(contact: dict[str, Any], public_key_b64: str) -> str:
    box = SealedBox(PublicKey(base64.b64decode(public_key_b64)))
    return PREFIX + base64.b64encode(box.encrypt(json.dumps(contact, ensure_ascii=False).encode())).decode()


def open_contact(sealed: str, private_key_b64: str) -> dict[str, Any]:
    if not sealed.startswith(PREFIX):
        raise ValueError("not a sealed contact")
    box = SealedBox(PrivateKey(base64.b64decode(private_key_b64)))
    contact: dict[str, Any] = json.loads(box.decrypt(base64.b64decode(sealed[len(PREFIX) :])))
    return contact
