"""A case's later events continue its chain: the correlation id its case.received.v1 carried, kept in
``cases.correlation_id`` when it was filed (``submit``). A request acting on the case joins that chain
too (its answer's X-Correlation-ID and its log lines), as routing's and evaluation's do."""

from __future__ import annotations

from typing import Any

from minqing_contracts import Envelope, new_envelope
from minqing_contracts.events import Payload
from minqing_kit.logs import continue_flow


def later_event(payload: Payload, case: Any) -> Envelope:
    """``payload`` as an event of ``case`` (a row of ``cases`` with id, district and correlation_id). A case
    filed before the chain was kept (null) gets the current flow's id, as before."""
    continue_flow(case.correlation_id)
    return new_envelope(
        payload, district=case.district, producer="intake", case_id=case.id, correlation_id=case.correlation_id
    )
