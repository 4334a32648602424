"""What a consumer round knows of its cases before it plans their deliveries: the residents' contact
rows and the people each case follows, each read in one statement for the whole round (``rounds``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from . import followers
from .contacts import contact_row, contact_rows


@dataclass
class Known:
    contacts: dict[str, Any]  # ``case_contacts`` rows by case (or household, sign-in) key; None: no receipt yet
    followers: dict[str, dict[str, str]]  # by case: duty -> person id

    @classmethod
    def read(cls, session: Session, envelopes: Iterable[Any]) -> Known:
        cases = {envelope.case_id for envelope in envelopes if envelope.case_id}
        found = contact_rows(session, cases)
        return cls({case: found.get(case) for case in cases}, followers.of_cases(session, cases))

    def contact(self, session: Session, key: str | None) -> Any:
        """The contact row of ``key``; a key outside the round's cases (a merge's other case, a project's
        household, a sign-in) is read on its own, once."""
        if not key:
            return None
        if key not in self.contacts:
            self.contacts[key] = contact_row(session, key)
        return self.contacts[key]

    def received(self) -> set[str]:
        """The keys whose receipt is stored (read or looked up): their waiting messages are due."""
        return {key for key, row in self.contacts.items() if row is not None}

    def followers_of(self, case_id: str | None) -> dict[str, str]:
        return self.followers.get(case_id, {}) if case_id else {}
