"""Signed tokens every service can verify without calling routing. No web framework here: the
domain and the consumer processes may import it; the Flask helpers are in ``minqing_kit.auth``.

Routing signs (Ed25519, JWT ``EdDSA``) with the current key; every service verifies with the public
keys in ``TOKEN_PUBLIC_KEYS`` (``kid=base64,kid=base64``), so a key can be rotated by publishing
the new public key first, then switching the signer, then retiring the old one.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from minqing_contracts.org import VOLUNTEER_ROLES

from .errors import ApiError

ISSUER = "minqing"
AUDIENCE = "minqing-handlers"
CONTACT_AUDIENCE = "minqing-contact"  # a contact grant: good for one case's contact, for a minute
CONTACT_GRANT_SECONDS = 60


@dataclass(frozen=True)
class Principal:
    """An authenticated person: which district and unit they act for, and in what roles."""

    person_id: str
    name: str
    district: str
    unit_id: str
    roles: tuple[str, ...] = field(default_factory=tuple)

    def has_any(self, *roles: str) -> bool:
        return bool(set(roles) & set(self.roles))

    @property
    def desk(self) -> str | None:
        """The unit whose work the person does: ``unit_id``; None for a volunteer holding no staff role
        (联户党员, 民情信使: ``VOLUNTEER_ROLES``), whose unit is the community they live in. Checks that let
        "anyone of the unit" act or read compare with this, not with ``unit_id``."""
        return self.unit_id if set(self.roles) - set(VOLUNTEER_ROLES) else None


@dataclass(frozen=True)
class ContactGrant:
    """Routing's word (the complainant firewall) that ``person_id`` may see case ``case_id``'s resident
    contact, in clear or masked: issued after routing checked the person's access and, for a clear view
    not their role's, recorded the reveal with its reason in the case's history."""

    person_id: str
    case_id: str
    clear: bool


def generate_keypair() -> tuple[str, str]:
    """(private, public) as base64 of the raw 32-byte keys."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(private).decode(), base64.b64encode(public).decode()


class TokenSigner:
    def __init__(self, key_id: str, private_key_b64: str, ttl: timedelta = timedelta(hours=12)):
        self.key_id = key_id
        self._key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(private_key_b64))
        self.ttl = ttl

    def issue(self, principal: Principal, now: datetime | None = None) -> str:
        now = now or datetime.now(UTC)
        claims = {
            "sub": principal.person_id,
            "name": principal.name,
            "district": principal.district,
            "unit": principal.unit_id,
            "roles": list(principal.roles),
            "iss": ISSUER,
            "aud": AUDIENCE,
            "iat": int(now.timestamp()),
            "exp": int((now + self.ttl).timestamp()),
        }
        return jwt.encode(claims, self._key, algorithm="EdDSA", headers={"kid": self.key_id})

    def grant_contact(self, grant: ContactGrant, now: datetime | None = None) -> str:
        now = now or datetime.now(UTC)
        claims = {
            "sub": grant.person_id,
            "case": grant.case_id,
            "clear": grant.clear,
            "iss": ISSUER,
            "aud": CONTACT_AUDIENCE,
            "iat": int(now.timestamp()),
            "exp": int((now + timedelta(seconds=CONTACT_GRANT_SECONDS)).timestamp()),
        }
        return jwt.encode(claims, self._key, algorithm="EdDSA", headers={"kid": self.key_id})


def parse_public_keys(spec: str) -> dict[str, Ed25519PublicKey]:
    keys = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        kid, _, encoded = item.partition("=")
        if not kid or not encoded:
            raise ValueError(f"TOKEN_PUBLIC_KEYS entry {item!r} is not kid=base64")
        keys[kid] = Ed25519PublicKey.from_public_bytes(base64.b64decode(encoded))
    return keys


class TokenVerifier:
    def __init__(self, public_keys: dict[str, Ed25519PublicKey]):
        self.public_keys = public_keys

    @classmethod
    def from_spec(cls, spec: str) -> TokenVerifier:
        return cls(parse_public_keys(spec))

    def _claims(self, token: str, audience: str, required: list[str]) -> dict[str, Any]:
        try:
            kid = jwt.get_unverified_header(token).get("kid")
            key = self.public_keys.get(kid) if isinstance(kid, str) else None
            if key is None:
                raise ApiError(401, "unknown_key", "token signed with an unknown key", "令牌签名密钥未知")
            claims: dict[str, Any] = jwt.decode(
                token, key, algorithms=["EdDSA"], audience=audience, issuer=ISSUER, options={"require": required}
            )
        except jwt.ExpiredSignatureError:
            raise ApiError(401, "token_expired", "the token has expired", "令牌已过期") from None
        except jwt.InvalidTokenError as exc:
            raise ApiError(401, "bad_token", f"invalid token: {exc}", "令牌无效") from None
        return claims

    def verify_contact_grant(self, token: str) -> ContactGrant:
        claims = self._claims(token, CONTACT_AUDIENCE, ["exp", "sub", "case", "clear"])
        return ContactGrant(person_id=claims["sub"], case_id=claims["case"], clear=claims["clear"] is True)

    def verify(self, token: str) -> Principal:
        claims = self._claims(token, AUDIENCE, ["exp", "sub", "district", "unit"])
        return Principal(
            person_id=claims["sub"],
            name=claims.get("name", ""),
            district=claims["district"],
            unit_id=claims["unit"],
            roles=tuple(claims.get("roles", ())),
        )
