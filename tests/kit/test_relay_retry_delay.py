"""An outbox row that keeps failing (an unroutable event waits for a subscriber for as long as it
takes) is retried at the capped interval, however many attempts it has made."""

from minqing_kit.relay import MAX_BACKOFF_SECONDS, row_retry_seconds


def test_the_delay_doubles_from_half_a_second():
    assert [row_retry_seconds(n) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 4.0]


def test_the_delay_stays_at_the_cap_after_thousands_of_attempts():
    assert row_retry_seconds(11) == MAX_BACKOFF_SECONDS
    assert row_retry_seconds(1_100) == MAX_BACKOFF_SECONDS  # 2.0 ** 1099 overflowed a float
    assert row_retry_seconds(10**6) == MAX_BACKOFF_SECONDS
