"""The delivery worker reads a batch's residents' sealed contacts in one statement, not one per SMS:
five reporters' receipts (an SMS and an e-mail each) go out with one read of ``case_contacts``."""

from __future__ import annotations

from sqlalchemy import event

from minqing_contracts import PAYLOADS
from minqing_notify.delivery import DeliveryWorker
from minqing_notify.subscriptions import subscriptions

from .conftest import sealed


def test_a_batch_reads_its_residents_contacts_once(notify):
    handlers = subscriptions(notify.runtime)
    for n in range(5):
        received = notify.envelope(
            "case.received.v1", case_id=f"c-{n}", ticket=f"NV-{n}", contact_sealed=sealed(f"1381234000{n}")
        )
        with notify.runtime.db.transaction() as session:
            handlers[PAYLOADS[received.type]].handle(
                session, [(received, PAYLOADS[received.type].model_validate(received.payload))]
            )
    reads: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        if "FROM case_contacts" in statement:
            reads.append(statement)

    event.listen(notify.runtime.db.engine, "before_cursor_execute", seen)
    worker = DeliveryWorker(notify.runtime)
    assert worker.run_once() == 10
    assert worker.counts["sent"] == 10
    assert len(reads) == 1
    assert sorted(r.json["to"] for r in notify.http.on("/sms")) == [f"1381234000{n}" for n in range(5)]
