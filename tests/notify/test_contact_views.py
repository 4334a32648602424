"""The complainant firewall's notify side without a broker: a case's sealed contact is shown masked or in
clear only as routing's grant says, only to the person and for the case it names, within the district."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from pydantic import SecretStr
from sqlalchemy import create_engine

from minqing_kit.errors import ApiError
from minqing_kit.sealing import generate_contact_keypair, seal_contact
from minqing_kit.tokens import ContactGrant, Principal
from minqing_notify.adapters.tables import case_contacts, metadata
from minqing_notify.contact_views import shown

PRIVATE, PUBLIC = generate_contact_keypair()
HANDLER = Principal("xl-xf-h1", "李娜", "xinlin", "xl-xf", ("community_handler",))


@pytest.fixture
def runtime():
    engine = create_engine("sqlite://")
    metadata.create_all(engine, tables=[case_contacts])
    sealed = seal_contact({"name": "王先生", "phone": "13812345678", "email": "wang@example.com"}, PUBLIC)
    row = dict(district="xinlin", ticket="XL-1", anonymous=False, has_phone=True, has_email=True)
    with engine.begin() as connection:
        connection.execute(
            case_contacts.insert(),
            {"case_id": "c-1", "contact_sealed": sealed, "received_at": datetime.now(UTC), **row},
        )
    yield SimpleNamespace(
        db=SimpleNamespace(engine=engine), settings=SimpleNamespace(CONTACT_PRIVATE_KEY=SecretStr(PRIVATE))
    )
    engine.dispose()


def test_masked_unless_the_grant_says_clear(runtime):
    masked = shown(runtime, HANDLER, ContactGrant("xl-xf-h1", "c-1", clear=False), "c-1")
    assert (masked["phone"], masked["email"], masked["name"], masked["clear"]) == (
        "138****5678",
        "w***@example.com",
        "王**",
        False,
    )
    clear = shown(runtime, HANDLER, ContactGrant("xl-xf-h1", "c-1", clear=True), "c-1")
    assert (clear["phone"], clear["name"]) == ("13812345678", "王先生")


@pytest.mark.parametrize("grant", [ContactGrant("xl-xf-h2", "c-1", True), ContactGrant("xl-xf-h1", "c-2", True)])
def test_a_grant_for_another_person_or_case_shows_nothing(runtime, grant):
    with pytest.raises(ApiError) as refused:
        shown(runtime, HANDLER, grant, "c-1")
    assert (refused.value.status, refused.value.code) == (403, "grant_mismatch")


def test_another_district_s_person_finds_no_contact(runtime):
    stranger = Principal("lw-1", "某", "luwan", "lw", ("community_handler",))
    with pytest.raises(ApiError) as refused:
        shown(runtime, stranger, ContactGrant("lw-1", "c-1", True), "c-1")
    assert refused.value.status == 404
