"""我的诉求 (my requests): a resident signs in with their phone and a one-time SMS code, then sees their
own cases, found by the keyed hash of the phone (cases.phone_hash). The code goes out through notify:
the phone and the code travel sealed in resident.sign_in_code_requested.v1, never in clear."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update

from minqing_contracts import new_envelope
from minqing_contracts.events.intake import SignInCodeRequested
from minqing_kit.errors import ApiError, FieldError, invalid
from minqing_kit.sealing import seal_contact

from .adapters import ratelimit
from .adapters.tables import cases, sign_in_codes
from .bootstrap import Runtime
from .domain import sign_in as rules
from .domain.submission import MOBILE, normalise_phone
from .receipts import keyed_hash
from .submit import phone_key, too_many

PER_PHONE = (3, 15 * 60)  # codes per phone per 15 minutes
PER_ADDRESS = (10, 15 * 60)  # codes per client address per 15 minutes
REFUSALS = {
    "unknown": ("no such sign-in request", "验证码无效,请重新获取"),
    "used": ("this code was used already", "验证码已使用,请重新获取"),
    "expired": ("the code has expired", "验证码已过期(5分钟内有效),请重新获取"),
    "too_many_attempts": ("too many wrong codes", "错误次数过多,请重新获取验证码"),
    "wrong": ("wrong code", "验证码不正确"),
}


def _phone(phone: str) -> str:
    number = normalise_phone(phone)
    if not MOBILE.fullmatch(number):
        raise invalid([FieldError("phone", "a mainland mobile number", "请填写11位手机号")])
    return number


def request_code(runtime: Runtime, district: str, phone: str, client_address: str) -> str:
    """Send a code to ``phone`` (through notify, in ``district``'s name); returns the request's id."""
    if district not in runtime.districts:
        raise invalid([FieldError("district", "choose your district", "请选择所在区")])
    if not runtime.settings.NOTIFY_PUBLIC_KEY:  # nothing could be sealed for notify: no SMS can go out
        raise ApiError(
            503, "sign_in_unavailable", "SMS sign-in is not configured", "短信登录暂不可用,请用编号和查询密码查询"
        )
    number, key = _phone(phone), runtime.settings.INTAKE_SECRET_KEY.get_secret_value()
    request_id, code, now = str(uuid.uuid4()), rules.new_code(), datetime.now(UTC)
    sealed = seal_contact({"phone": number, "sign_in_code": code}, runtime.settings.NOTIFY_PUBLIC_KEY)
    with runtime.db.transaction() as session:
        buckets = [("sign-in-phone:" + phone_key(runtime, number), PER_PHONE)]
        if client_address not in runtime.settings.rate_limit_exempt:  # as for submissions (the simulator)
            buckets.append(("sign-in-addr:" + keyed_hash(key, "addr", client_address), PER_ADDRESS))
        for bucket, (limit, window) in buckets:
            wait = ratelimit.hit(session, bucket, limit, window, now)
            if wait is not None:
                raise too_many(wait)
        session.execute(
            sign_in_codes.insert().values(
                id=request_id,
                phone_hash=phone_key(runtime, number),
                code_hash=rules.code_hash(key, request_id, code),
                created_at=now,
                expires_at=now + rules.CODE_TTL,
            )
        )
        if random.random() < 0.01:  # now and then, as the rate windows are swept
            sweep_spent(session, now)
        payload = SignInCodeRequested(request_id=request_id, expires_at=now + rules.CODE_TTL, contact_sealed=sealed)
        runtime.outbox.add(session, new_envelope(payload, district=district, producer="intake"))
    return request_id


def sweep_spent(session, now: datetime) -> int:
    """Forget codes that expired more than a day ago (their hashes serve nothing after that)."""
    return session.execute(delete(sign_in_codes).where(sign_in_codes.c.expires_at < now - timedelta(days=1))).rowcount


def sign_in(runtime: Runtime, request_id: str, code: str) -> str:
    """The phone's keyed hash when ``code`` is right; each wrong code counts, a right one is spent."""
    key, now = runtime.settings.INTAKE_SECRET_KEY.get_secret_value(), datetime.now(UTC)
    with runtime.db.transaction() as session:
        row = session.execute(select(sign_in_codes).where(sign_in_codes.c.id == request_id).with_for_update()).first()
        state = rules.CodeState(row.code_hash, row.expires_at, row.attempts, row.used) if row else None
        reason = rules.refusal(state, rules.code_hash(key, request_id, code.strip()), now)
        if row is not None:
            spent = {"used": True} if reason is None else {"attempts": row.attempts + 1}
            session.execute(update(sign_in_codes).where(sign_in_codes.c.id == request_id).values(**spent))
    if reason is not None:
        english, chinese = REFUSALS[reason]
        raise invalid([FieldError("code", english, chinese)])
    return row.phone_hash


def my_cases(runtime: Runtime, phone_hash: str) -> list:
    """The resident's own cases, newest first (every district: the phone is theirs)."""
    with runtime.db.engine.connect() as connection:
        return connection.execute(
            select(cases.c.ticket, cases.c.district, cases.c.category, cases.c.status, cases.c.received_at)
            .where(cases.c.phone_hash == phone_hash)
            .order_by(cases.c.received_at.desc())
            .limit(200)
        ).all()
