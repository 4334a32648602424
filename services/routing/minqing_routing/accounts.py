"""Handlers' passwords (scrypt with a per-person salt) and sign-in: a signed token naming the person's
district, unit and roles, which every service verifies without calling routing. Failed sign-ins are
limited per person and per client address (``sign_in_limits``); a supervisor lifts a lockout."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import insert, select, update

from minqing_kit.errors import ApiError
from minqing_kit.tokens import Principal

from .adapters.tables import credentials
from .bootstrap import Runtime
from .domain import access
from .sign_in_limits import SignInLimits

SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
NO_SALT = bytes(16)  # hashed against when no credential is stored, so the answer takes as long either way
BAD_LOGIN = ApiError(401, "bad_credentials", "unknown person or wrong password", "账号或密码错误")


def hash_password(password: str, salt: bytes) -> str:
    return hashlib.scrypt(password.encode(), salt=salt, **SCRYPT).hex()


def set_password(runtime: Runtime, district: str, person_id: str, password: str) -> None:
    config = runtime.districts.get(district)
    if config is None or config.org.person(person_id) is None:
        raise LookupError(f"no person {person_id} in district {district}")
    if len(password) < 8:
        raise ValueError("a password needs at least 8 characters")
    salt = secrets.token_bytes(16)
    values = {"salt": salt.hex(), "hash": hash_password(password, salt), "updated_at": runtime.now()}
    key = (credentials.c.district == district) & (credentials.c.person_id == person_id)
    with runtime.db.transaction() as session:
        if session.execute(update(credentials).where(key).values(**values)).rowcount == 0:
            session.execute(insert(credentials).values(district=district, person_id=person_id, **values))


def _password_matches(runtime: Runtime, district: str, person_id: str, password: str) -> bool:
    with runtime.db.engine.connect() as connection:
        row = connection.execute(
            select(credentials).where(credentials.c.district == district, credentials.c.person_id == person_id)
        ).first()
    if row is not None:
        return hmac.compare_digest(row.hash, hash_password(password, bytes.fromhex(row.salt)))
    hash_password(password, NO_SALT)  # the same work as a stored credential: timing tells no one which ids exist
    demo = runtime.settings.DEMO_PASSWORD.get_secret_value()
    return bool(demo) and hmac.compare_digest(password.encode(), demo.encode())


def login(runtime: Runtime, district: str, person_id: str, password: str, address: str) -> dict:
    """A signed token for the right password; each failure counts towards the sign-in limits."""
    if runtime.signer is None:
        raise ApiError(503, "signing_disabled", "sign-in is not configured (TOKEN_SIGNING_KEY)", "登录功能未配置")
    limits = SignInLimits(runtime)
    attempt = limits.begin(district, person_id, address)
    config = runtime.districts.get(district)
    person = config.org.person(person_id) if config else None
    matches = bool(password) and _password_matches(runtime, district, person_id, password)  # unknown ids too
    if person is None or not matches:
        limits.failed(attempt, "unknown_person" if person is None else "wrong_password")
        raise BAD_LOGIN
    limits.succeeded(attempt)
    principal = Principal(
        person_id=person.id, name=person.name, district=district, unit_id=person.unit, roles=tuple(person.roles)
    )
    unit = config.org.unit(person.unit)
    return {
        "token": runtime.signer.issue(principal),
        "token_type": "Bearer",
        "expires_in": int(runtime.signer.ttl.total_seconds()),
        "person": {
            "id": person.id,
            "name": person.name,
            "roles": list(person.roles),
            "unit": {"id": unit.id, "name": unit.name, "level": unit.level},
        },
    }


def _org(runtime: Runtime, who: Principal):
    district = runtime.districts.get(who.district)
    return district.org if district else None


def lockouts(runtime: Runtime, who: Principal) -> list[dict]:
    """The people locked out of signing in whose lockout ``who`` may lift."""
    org = _org(runtime, who)
    if org is None or not who.has_any("supervisor", "admin"):
        raise ApiError(403, "forbidden", "only supervisors may see sign-in lockouts", "只有主管可以查看登录锁定")
    found = []
    for person_id, wait in sorted(SignInLimits(runtime).locked_out(who.district).items()):
        person = org.person(person_id)
        if person is not None and access.lifts_lockouts(org, who, person.unit):
            found.append({"person_id": person.id, "name": person.name, "unit_id": person.unit, "retry_after": wait})
    return found


def lift_lockout(runtime: Runtime, who: Principal, person_id: str) -> dict:
    """A supervisor lets a locked-out person sign in again at once (audited in sign_in_audit)."""
    org = _org(runtime, who)
    person = org.person(person_id) if org else None
    if person is None:
        raise ApiError(404, "not_found", f"no person {person_id} in your district", "本区没有该人员")
    if not access.lifts_lockouts(org, who, person.unit):
        raise ApiError(
            403,
            "forbidden",
            "only a supervisor of this person's unit or above may lift the lockout",
            "只有该人员所在单位或上级单位的主管可以解除锁定",
        )
    actor = {"kind": "person", "id": who.person_id, "name": who.name, "unit_id": who.unit_id}
    if not SignInLimits(runtime).lift(who.district, person_id, actor):
        raise ApiError(409, "not_locked", "this person is not locked out", "该账号未被锁定")
    return {"person_id": person_id, "lifted": True}
