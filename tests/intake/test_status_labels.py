"""Every status intake's tracking can give a case has the one label that all pages show (the contract's),
and the contract labels no status intake never gives."""

from minqing_contracts.tracking import STATUS_LABELS
from minqing_intake.domain.tracking import CLOSED_STATUSES, OPEN_STATUSES


def test_the_contract_labels_exactly_the_statuses_intake_tracks():
    assert set(STATUS_LABELS) == set(OPEN_STATUSES) | set(CLOSED_STATUSES)
    assert all(label and not label.isascii() for label in STATUS_LABELS.values())
