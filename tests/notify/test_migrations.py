"""The migrations create exactly the tables the code declares."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from minqing_notify.adapters.tables import metadata
from minqing_notify.definition import DEFINITION


def test_migrated_schema_matches_the_tables_module(make_database):
    engine = create_engine(make_database(DEFINITION))
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), metadata)
    finally:
        engine.dispose()
    ours = {"case_contacts", "deliveries", "inbox_messages"}  # the bus tables are the kit's
    assert [d for d in differences if any(name in repr(d) for name in ours)] == []
