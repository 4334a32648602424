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

SCRYPT_R, SCRYPT_P, SCRYPT_BYTES = 8, 1, 32
UNMARKED_COST = 14  # a hash stored as bare hex (before the cost was written into it) was made with n = 2**14
NO_SALT = bytes(16)  # hashed against when no credential is stored, so the answer takes as long either way
BAD_LOGIN = ApiError(401, "bad_credentials", "unknown person or wrong password", "账号或密码错误")


def _scrypt(password: str, salt: bytes, cost: int, r: int, p: int) -> str:
    memory = 2 * 128 * r * 2**cost  # scrypt needs 128·r·n bytes; OpenSSL refuses above 32 MiB unless told
    return hashlib.scrypt(password.encode(), salt=salt, n=2**cost, r=r, p=p, dklen=SCRYPT_BYTES, maxmem=memory).hex()


def hash_password(password: str, salt: bytes, cost: int) -> str:
    """``scrypt$<log2 n>$<r>$<p>$<hex>``: the hash keeps its own parameters, so a changed
    PASSWORD_HASH_COST applies to passwords set from then on and every stored one still verifies."""
    return f"scrypt${cost}${SCRYPT_R}${SCRYPT_P}${_scrypt(password, salt, cost, SCRYPT_R, SCRYPT_P)}"


def stored_hash_matches(stored: str, password: str, salt: bytes) -> bool:
    """Whether ``password`` hashes to ``stored``, with the parameters ``stored`` was made with."""
    if "$" not in stored:
        return hmac.compare_digest(stored, _scrypt(password, salt, UNMARKED_COST, SCRYPT_R, SCRYPT_P))
    _, cost, r, p, digest = stored.split("$")
    return hmac.compare_digest(digest, _scrypt(password, salt, int(cost), int(r), int(p)))


def set_password(runtime: Runtime, district: str, person_id: str, password: str) -> None:
    config = runtime.districts.get(district)
    if config is None or config.org.person(person_id) is None:
        raise LookupError(f"no person {person_id} in district {district}")
    if len(password) < 8:
        raise ValueError("a password needs at least 8 characters")
    salt = secrets.token_bytes(16)
    cost = runtime.settings.PASSWORD_HASH_COST
    values = {"salt": salt.hex(), "hash": hash_password(password, salt, cost), "updated_at": runtime.now()}
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
        return stored_hash_matches(row.hash, password, bytes.fromhex(row.salt))
    # the same work as a credential set now: timing tells no one which ids exist
    hash_password(password, NO_SALT, runtime.settings.PASSWORD_HASH_COST)
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
