"""Contact grants (the complainant firewall): routing's signed word that one person may see one case's
resident contact, clear or masked, for a minute; never taken for a sign-in token, nor one for it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from minqing_kit.errors import ApiError
from minqing_kit.tokens import ContactGrant, Principal, TokenSigner, TokenVerifier, generate_keypair

PRIVATE, PUBLIC = generate_keypair()
SIGNER = TokenSigner("k1", PRIVATE)
VERIFIER = TokenVerifier.from_spec(f"k1={PUBLIC}")
GRANT = ContactGrant(person_id="xl-xf-h1", case_id="c-1", clear=True)


def test_a_grant_reads_back_as_issued():
    assert VERIFIER.verify_contact_grant(SIGNER.grant_contact(GRANT)) == GRANT


def test_a_grant_expires_after_a_minute():
    old = SIGNER.grant_contact(GRANT, now=datetime.now(UTC) - timedelta(seconds=61))
    with pytest.raises(ApiError) as refused:
        VERIFIER.verify_contact_grant(old)
    assert refused.value.code == "token_expired"


def test_a_sign_in_token_is_no_grant_and_a_grant_signs_no_one_in():
    token = SIGNER.issue(Principal("xl-xf-h1", "李娜", "xinlin", "xl-xf", ("community_handler",)))
    with pytest.raises(ApiError):
        VERIFIER.verify_contact_grant(token)
    with pytest.raises(ApiError):
        VERIFIER.verify(SIGNER.grant_contact(GRANT))
