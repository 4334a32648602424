"""Sign-in limits kept in routing's database, so every gunicorn worker and every replica shares them.

An attempt is written (``checking``) and committed before the password is checked, so concurrent
attempts see each other. A person with ``SIGN_IN_PERSON_FAILURES`` failed or in-flight attempts in
the last ``SIGN_IN_WINDOW_MINUTES`` is locked out (429 with Retry-After) until the oldest of them
leaves the window or a supervisor lifts the lockout; a client address with
``SIGN_IN_ADDRESS_FAILURES`` likewise. A refused attempt leaves no row, so hammering a locked
account does not prolong its lockout; a success deletes its row and clears the person's failures
(not the address's). Worst case: an attempt whose process died before the answer counts as a
failure until it leaves the window. Client addresses are kept and logged only as a keyed hash.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select, update

from minqing_kit.errors import ApiError
from minqing_kit.metrics import counter

from .adapters.tables import sign_in_attempts as attempts, sign_in_audit as audit
from .bootstrap import Runtime

log = logging.getLogger(__name__)
FAILURES = counter("minqing_sign_in_failures_total", "failed or refused sign-ins", ["service", "reason"])
LOCKOUTS = counter("minqing_sign_in_lockouts_total", "sign-in lockouts begun", ["service", "scope"])
SYSTEM = json.dumps({"kind": "system", "id": "routing", "name": None})


@dataclass(frozen=True)
class Attempt:
    id: int
    district: str
    person_id: str
    address_hash: str


class SignInLimits:
    def __init__(self, runtime: Runtime):
        self.runtime, settings = runtime, runtime.settings
        self.window = timedelta(minutes=settings.SIGN_IN_WINDOW_MINUTES)
        self.per_person, self.per_address = settings.SIGN_IN_PERSON_FAILURES, settings.SIGN_IN_ADDRESS_FAILURES
        secret = settings.TOKEN_SIGNING_KEY.get_secret_value()
        self._key = hashlib.sha256(b"sign-in-address:" + secret.encode()).digest()

    def _person(self, district: str, person_id: str) -> list:
        return [attempts.c.district == district, attempts.c.person_id == person_id, attempts.c.cleared_at.is_(None)]

    def _wait(self, session, where: list, limit: int, now: datetime) -> int | None:
        """Seconds until fewer than ``limit`` attempts matching ``where`` remain in the window; None: not locked."""
        found = (
            session.execute(
                select(attempts.c.at)
                .where(*where, attempts.c.at > now - self.window)
                .order_by(attempts.c.at.desc())
                .limit(limit)
            )
            .scalars()
            .all()
        )
        if len(found) < limit:
            return None
        return max(1, math.ceil((found[-1] + self.window - now).total_seconds()))

    def begin(self, district: str, person_id: str, address: str) -> Attempt:
        """Record the attempt, or refuse it (429) when the person or the address is locked out."""
        now, digest = self.runtime.now(), hmac.new(self._key, address.encode(), hashlib.sha256).hexdigest()
        with self.runtime.db.transaction() as session:
            row = session.execute(
                insert(attempts).values(
                    district=district, person_id=person_id, address_hash=digest, at=now, outcome="checking"
                )
            )
        attempt = Attempt(row.inserted_primary_key[0], district, person_id, digest)
        others = attempts.c.id != attempt.id
        with self.runtime.db.transaction() as session:
            person = self._wait(session, [*self._person(district, person_id), others], self.per_person, now)
            address = self._wait(session, [attempts.c.address_hash == digest, others], self.per_address, now)
            if person or address:
                session.execute(delete(attempts).where(attempts.c.id == attempt.id))
            if random.random() < 0.01:  # now and then, forget attempts long out of every window
                session.execute(delete(attempts).where(attempts.c.at < now - max(self.window, timedelta(days=1))))
        if person or address:
            self._note(attempt, "locked_out")
            raise too_many(person or address, person is not None)
        return attempt

    def failed(self, attempt: Attempt, reason: str) -> None:
        """A wrong password or an unknown person; the failure that reaches a limit begins a lockout."""
        now = self.runtime.now()
        with self.runtime.db.transaction() as session:
            session.execute(update(attempts).where(attempts.c.id == attempt.id).values(outcome="failed"))
            for scope, where, limit in (
                ("person", self._person(attempt.district, attempt.person_id), self.per_person),
                ("address", [attempts.c.address_hash == attempt.address_hash], self.per_address),
            ):
                if self._count(session, where, limit + 1, now) == limit:
                    session.execute(
                        insert(audit).values(
                            at=now,
                            district=attempt.district,
                            action=f"{scope}_locked",
                            person_id=attempt.person_id if scope == "person" else None,
                            address_hash=attempt.address_hash,
                            actor=SYSTEM,
                        )
                    )
                    LOCKOUTS.labels("routing", scope).inc()
                    log.warning("sign-in lockout begun", extra={"fields": self._fields(attempt, scope=scope)})
        self._note(attempt, reason)

    def succeeded(self, attempt: Attempt) -> None:
        with self.runtime.db.transaction() as session:
            session.execute(delete(attempts).where(attempts.c.id == attempt.id))
            session.execute(
                update(attempts)
                .where(*self._person(attempt.district, attempt.person_id))
                .values(cleared_at=self.runtime.now())
            )

    def _count(self, session, where: list, at_most: int, now: datetime) -> int:
        inner = select(attempts.c.id).where(*where, attempts.c.at > now - self.window).limit(at_most).subquery()
        return session.execute(select(func.count()).select_from(inner)).scalar_one()

    def _note(self, attempt: Attempt, reason: str) -> None:
        FAILURES.labels("routing", reason).inc()
        log.warning("sign-in refused", extra={"fields": self._fields(attempt, reason=reason)})

    @staticmethod
    def _fields(attempt: Attempt, **more) -> dict:
        return {
            "district": attempt.district,
            "person_id": attempt.person_id,
            "client": attempt.address_hash[:16],
            **more,
        }  # never the password, never the address

    def locked_out(self, district: str) -> dict[str, int]:
        """person id -> seconds until their lockout ends, for the district's people locked out now."""
        now, where = self.runtime.now(), [attempts.c.district == district, attempts.c.cleared_at.is_(None)]
        with self.runtime.db.engine.connect() as connection:
            people = (
                connection.execute(
                    select(attempts.c.person_id)
                    .where(*where, attempts.c.at > now - self.window)
                    .group_by(attempts.c.person_id)
                    .having(func.count() >= self.per_person)
                )
                .scalars()
                .all()
            )
            return {
                person: self._wait(connection, [*where, attempts.c.person_id == person], self.per_person, now)
                for person in people
            }

    def lift(self, district: str, person_id: str, actor: dict) -> bool:
        """Clear the person's failures, audited with the supervisor who lifted the lockout; False if none."""
        now = self.runtime.now()
        with self.runtime.db.transaction() as session:
            if self._wait(session, self._person(district, person_id), self.per_person, now) is None:
                return False
            session.execute(update(attempts).where(*self._person(district, person_id)).values(cleared_at=now))
            session.execute(
                insert(audit).values(
                    at=now,
                    district=district,
                    action="lifted",
                    person_id=person_id,
                    actor=json.dumps(actor, ensure_ascii=False),
                )
            )
        log.info(
            "sign-in lockout lifted",
            extra={"fields": {"district": district, "person_id": person_id, "by": actor["id"]}},
        )
        return True


def too_many(wait: int, person: bool) -> ApiError:
    minutes = max(1, math.ceil(wait / 60))
    if person:
        return ApiError(
            429,
            "locked_out",
            f"too many failed sign-ins for this person: try again in {minutes} "
            "minutes, or ask a supervisor to lift the lockout",
            f"该账号登录失败次数过多,已暂时锁定。请{minutes}分钟后再试,或请主管解除锁定",
            headers={"Retry-After": str(wait)},
        )
    return ApiError(
        429,
        "too_many_attempts",
        f"too many failed sign-ins from this address: try again in {minutes} minutes",
        f"此网络地址登录失败次数过多,请{minutes}分钟后再试",
        headers={"Retry-After": str(wait)},
    )
