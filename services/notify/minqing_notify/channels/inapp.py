"""The in-app inbox: a message is a row for the person, written once per delivery."""

from __future__ import annotations

from datetime import UTC, datetime

from minqing_kit.db import Database
from minqing_kit.statements import insert_ignoring_duplicates

from ..adapters.tables import inbox_messages
from ..domain.recipients import Addressing
from . import Channel, Message, SendResult


class InAppInbox(Channel):
    """Addressed by the person's id, which is not contact data: shown as it is."""

    name = kind = "inapp"
    addressing = Addressing(person_id=True)

    def __init__(self, db: Database):
        self.db = db

    def send(self, message: Message) -> SendResult:
        statement = insert_ignoring_duplicates(self.db, inbox_messages, index_elements=["delivery_id"]).values(
            delivery_id=message.delivery_id,
            district=message.district,
            person_id=message.address,
            case_id=message.case_id,
            ticket=message.ticket,
            title=message.title,
            body=message.body,
            created_at=datetime.now(UTC),
        )
        with self.db.transaction() as session:
            session.execute(statement)
        return SendResult.sent()
