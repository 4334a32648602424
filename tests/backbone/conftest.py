"""Fixtures of the backbone tests."""

from __future__ import annotations

import pytest

from .private_postgres import private_server


@pytest.fixture
def private_postgres():
    """A PostgreSQL cluster of the test's own, which it may stop and start (never the shared one)."""
    with private_server() as server:
        yield server
