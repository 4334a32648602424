from datetime import UTC, datetime, timedelta

import pytest

from minqing_kit.errors import ApiError
from minqing_kit.tokens import Principal, TokenSigner, TokenVerifier, generate_keypair, parse_public_keys

ALICE = Principal("xl-xf-h1", "李娜", "xinlin", "xl-xf", ("community_handler",))


def test_a_token_signed_by_routing_verifies_anywhere_with_the_public_key():
    private, public = generate_keypair()
    token = TokenSigner("k1", private).issue(ALICE)
    assert TokenVerifier.from_spec(f"k1={public}").verify(token) == ALICE


def test_rotation_old_and_new_keys_both_verify_until_the_old_is_retired():
    old_private, old_public = generate_keypair()
    new_private, new_public = generate_keypair()
    old_token = TokenSigner("old", old_private).issue(ALICE)
    new_token = TokenSigner("new", new_private).issue(ALICE)
    both = TokenVerifier.from_spec(f"old={old_public},new={new_public}")
    assert both.verify(old_token) == both.verify(new_token) == ALICE
    with pytest.raises(ApiError) as caught:
        TokenVerifier.from_spec(f"new={new_public}").verify(old_token)
    assert caught.value.code == "unknown_key"


def test_forged_and_expired_tokens_are_refused():
    private, public = generate_keypair()
    other_private, _ = generate_keypair()
    verifier = TokenVerifier.from_spec(f"k1={public}")
    with pytest.raises(ApiError) as caught:
        verifier.verify(TokenSigner("k1", other_private).issue(ALICE))
    assert caught.value.code == "bad_token"
    expired = TokenSigner("k1", private, ttl=timedelta(minutes=1)).issue(
        ALICE, now=datetime.now(UTC) - timedelta(hours=1)
    )
    with pytest.raises(ApiError) as caught:
        verifier.verify(expired)
    assert caught.value.code == "token_expired"


def test_bad_key_spec_is_named():
    with pytest.raises(ValueError, match="kid=base64"):
        parse_public_keys("justakey")


def test_contact_sealed_by_intake_opens_only_with_notifys_key():
    from nacl.exceptions import CryptoError

    from minqing_kit.sealing import generate_contact_keypair, open_contact, seal_contact

    private, public = generate_contact_keypair()
    other_private, _ = generate_contact_keypair()
    sealed = seal_contact({"name": "张伟", "phone": "13812345678"}, public)
    assert "13812345678" not in sealed
    assert open_contact(sealed, private) == {"name": "张伟", "phone": "13812345678"}
    with pytest.raises(CryptoError):
        open_contact(sealed, other_private)


def test_an_api_view_takes_the_bearer_header_and_never_the_session_cookie():
    """Every service's JSON API: a browser's cookie rides along on a cross-site form post, so it is no token."""
    from flask import Flask, g

    from minqing_kit.auth import authenticated

    private, public = generate_keypair()
    token, verifier = TokenSigner("k1", private).issue(ALICE), TokenVerifier.from_spec(f"k1={public}")
    app = Flask("kit-test")
    app.register_error_handler(ApiError, lambda error: (error.to_dict(), error.status))
    app.post("/act")(authenticated(lambda: verifier)(lambda: {"person": g.principal.person_id}))
    client = app.test_client()
    client.set_cookie("minqing_token", token)
    assert client.post("/act", data={"x": "1"}).status_code == 401
    assert client.post("/act", headers={"Authorization": "Bearer "}).status_code == 401
    assert client.post("/act", headers={"Authorization": f"Bearer {token}"}).get_json() == {"person": "xl-xf-h1"}


def test_a_page_takes_its_own_cookie_and_sends_a_stranger_to_sign_in_and_back():
    from flask import Flask, g

    from minqing_kit.auth import signed_in_page

    private, public = generate_keypair()
    token, verifier = TokenSigner("k1", private).issue(ALICE), TokenVerifier.from_spec(f"k1={public}")
    forged = TokenSigner("k1", generate_keypair()[0]).issue(ALICE)
    app = Flask("kit-test")
    app.get("/login", endpoint="login")(lambda: "sign in")
    app.get("/page")(signed_in_page("page_cookie", lambda: verifier, "login")(lambda: g.principal.name))
    client = app.test_client()
    away = client.get("/page?x=1")
    assert away.status_code == 303 and away.headers["Location"].endswith("/login?next=/page?x%3D1")
    client.set_cookie("page_cookie", forged)
    assert client.get("/page").status_code == 303
    client.set_cookie("other_cookie", token)
    assert client.get("/page").status_code == 303  # another page's cookie is not this one
    client.set_cookie("page_cookie", token)
    assert client.get("/page").get_data(as_text=True) == "李娜"


def test_a_volunteer_has_no_desk_and_staff_theirs_whatever_else_they_hold():
    def desk(*roles: str) -> str | None:
        return Principal("p", "某", "d", "community-1", roles).desk

    assert desk("party_member") is None and desk("messenger", "party_member") is None and desk() is None
    assert desk("community_handler") == desk("party_member", "grid_worker") == "community-1"
