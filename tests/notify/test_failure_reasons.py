"""The reason label of minqing_notify_failures_total stays a short list and never holds an address."""

from __future__ import annotations

import pytest

from minqing_notify.sending import reason_label


@pytest.mark.parametrize(
    ("reason", "label"),
    [
        ("smtp 550: recipient refused: no such user", "smtp 550"),
        ("WeCom robot: answer is not JSON", "wecom robot"),
        ("no address", "no address"),
        ("zhang.wei@example.cn: mailbox full", "other"),  # an address is never a label
        ("a reason far longer than any label should ever be: detail", "other"),
        (None, "other"),
    ],
)
def test_a_failure_reason_becomes_a_short_label(reason, label):
    assert reason_label(reason) == label
