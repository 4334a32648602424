"""The in-app inbox: a message is a row for the person, written once per delivery.

It needs no gateway, so the consumer writes it in the transaction that plans the delivery
(``planning``), and the delivery is recorded sent there; ``send`` is for the rows the worker still
gets (planned before that, or for a recipient the consumer could not address).
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from minqing_kit.db import Database
from minqing_kit.statements import dialect_name, insert_ignoring_duplicates

from ..adapters.tables import inbox_messages
from ..domain.recipients import Addressing
from . import Channel, Message, SendResult


class InAppInbox(Channel):
    """Addressed by the person's id, which is not contact data: shown as it is."""

    name = kind = "inapp"
    addressing = Addressing(person_id=True)
    local = True

    def __init__(self, db: Database):
        self.db = db

    def send(self, message: Message) -> SendResult:
        with self.db.transaction() as session:
            self.write(session, [message])
        return SendResult.sent()

    def write(self, session: Session, messages: list[Message]) -> None:
        """The messages' inbox rows in one statement, each at most once per delivery (the statement is
        built once and its rows bound per call, so SQLAlchemy compiles it once, not per call)."""
        now = datetime.now(UTC)
        rows = [
            dict(
                delivery_id=m.delivery_id,
                district=m.district,
                person_id=m.address,
                case_id=m.case_id,
                ticket=m.ticket,
                title=m.title,
                body=m.body,
                created_at=now,
            )
            for m in messages
        ]
        if rows:
            session.execute(_insert(dialect_name(session)), rows)


@functools.cache
def _insert(dialect: str):
    return insert_ignoring_duplicates(dialect, inbox_messages, index_elements=["delivery_id"])
