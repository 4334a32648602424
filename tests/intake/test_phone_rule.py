"""The phone pattern intake's document gives (MOBILE_AS_SENT, what the request model checks) and the
domain's rule (normalise_phone, then MOBILE) are one rule: what one accepts, so does the other."""

from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from minqing_intake.domain.submission import MOBILE, MOBILE_AS_SENT, normalise_phone

AS_SENT = re.compile(MOBILE_AS_SENT)
NEAR_A_PHONE = st.text(alphabet="+86 -13579\t\u3000", min_size=9, max_size=18)


def domain_accepts(phone: str) -> bool:
    return MOBILE.fullmatch(normalise_phone(phone)) is not None


@settings(max_examples=300, deadline=None, database=None)
@given(st.from_regex(MOBILE_AS_SENT, fullmatch=True))
def test_every_phone_the_document_allows_the_domain_takes(phone):
    assert domain_accepts(phone)


@settings(max_examples=300, deadline=None, database=None)
@given(NEAR_A_PHONE)
def test_a_phone_the_document_refuses_the_domain_refuses(phone):
    assert domain_accepts(phone) == (AS_SENT.search(phone) is not None)


def test_the_forms_residents_write():
    for phone in ("13812345678", "138 1234 5678", "+86 138-1234-5678", "+86-13812345678"):
        assert domain_accepts(phone) and AS_SENT.search(phone)
    for phone in ("12345678901", "1391234567", "8613812345678", "+8613812345678x"):
        assert not domain_accepts(phone) and not AS_SENT.search(phone)
