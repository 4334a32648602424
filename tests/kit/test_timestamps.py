"""On SQLite (the embedded default) moments come back timezone-aware and compare correctly."""

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import Column, Integer, MetaData, Table, insert, select

from minqing_kit.db import Database
from minqing_kit.timestamps import Timestamp

SHANGHAI = timezone(timedelta(hours=8))


def test_sqlite_gives_back_aware_utc_and_compares_across_offsets(tmp_path):
    metadata = MetaData()
    table = Table("moments", metadata, Column("id", Integer, primary_key=True), Column("at", Timestamp()))
    db = Database(f"sqlite:///{tmp_path / 'moments.sqlite'}")
    metadata.create_all(db.engine)
    local = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)  # 01:00 UTC
    with db.transaction() as session:
        session.execute(insert(table).values(id=1, at=local))
    with db.engine.connect() as connection:
        stored = connection.execute(select(table.c.at)).scalar_one()
        later = (
            connection.execute(select(table.c.id).where(table.c.at < datetime(2026, 11, 23, 1, 30, tzinfo=UTC)))
            .scalars()
            .all()
        )
        earlier = (
            connection.execute(select(table.c.id).where(table.c.at < datetime(2026, 11, 23, 8, 30, tzinfo=SHANGHAI)))
            .scalars()
            .all()
        )
    assert stored == local and stored.tzinfo is not None
    assert stored > datetime(2026, 1, 1, tzinfo=UTC)  # comparing with an aware value raises if naive
    assert (later, earlier) == ([1], [])
    db.dispose()
