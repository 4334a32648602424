"""Passwords' scrypt cost is a setting (PASSWORD_HASH_COST) that applies to passwords set from then on:
each stored hash names its own parameters, and a hash stored before it did (bare hex) was made at n = 2**14."""

from __future__ import annotations

import hashlib

import pytest

from minqing_kit.settings import SettingsError
from minqing_routing.accounts import hash_password, stored_hash_matches
from minqing_routing.definition import DEFINITION

SALT = bytes(range(16))


def test_a_hash_names_its_cost_and_verifies_at_it():
    cheap = hash_password("correct horse battery", SALT, 4)
    assert cheap.startswith("scrypt$4$8$1$") and len(cheap) <= 128  # credentials.hash is String(128)
    assert cheap != hash_password("correct horse battery", SALT, 14)
    assert stored_hash_matches(cheap, "correct horse battery", SALT)
    assert not stored_hash_matches(cheap, "correct horse batterY", SALT)
    assert not stored_hash_matches(cheap, "correct horse battery", bytes(16))


def test_a_cost_above_the_old_one_hashes_and_verifies():
    dearer = hash_password("correct horse battery", SALT, 15)  # 32 MiB: past OpenSSL's default memory limit
    assert dearer.startswith("scrypt$15$") and stored_hash_matches(dearer, "correct horse battery", SALT)


def test_a_hash_stored_as_bare_hex_verifies_at_the_old_cost():
    stored = hashlib.scrypt(b"correct horse battery", salt=SALT, n=2**14, r=8, p=1, dklen=32).hex()
    assert stored_hash_matches(stored, "correct horse battery", SALT)
    assert not stored_hash_matches(stored, "wrong horse battery", SALT)


def test_a_low_cost_is_refused_outside_development():
    environ = {"DATABASE_URL": "sqlite://", "TOKEN_SIGNING_KEY": "x", "PASSWORD_HASH_COST": "4"}
    assert DEFINITION.settings({**environ, "MINQING_ENV": "development"}).PASSWORD_HASH_COST == 4
    assert DEFINITION.settings({"DATABASE_URL": "sqlite://", "MINQING_ENV": "development"}).PASSWORD_HASH_COST == 14
    with pytest.raises(SettingsError) as refused:
        DEFINITION.settings({**environ, "MINQING_ENV": "production"})
    assert any("PASSWORD_HASH_COST" in problem for problem in refused.value.problems)
