"""The weekly bulletin (每周一通报): after each Monday-to-Sunday week, every community, street and
department gets its own figures and its rank through notify, once (``bulletins`` keys the district,
week and unit). Communities are ranked within their street, streets and departments within the
district, by the rankings' rules (composite score; below the minimum sample: unranked)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from minqing_contracts import new_envelope
from minqing_contracts.events.evaluation import BulletinIssued
from minqing_kit.statements import insert_ignoring_duplicates

from . import reports, stats
from .adapters.tables import bulletins
from .bootstrap import Runtime
from .domain import orgtree

PRODUCER = "evaluation"


def groups(config) -> list[tuple[str, str | None]]:
    """(level, parent) of each group of peers: each street's communities, the streets, the departments."""
    return [("community", s.id) for s in config.streets] + [("street", None), ("department", None)]


def issue_due(runtime: Runtime) -> int:
    """The last complete week's bulletins of every district not yet issued; how many were issued."""
    issued = 0
    for district, config in runtime.districts.items():
        today = runtime.clock().astimezone(runtime.tz(district)).date()
        start, end = reports.period("weekly", reports.last_complete("weekly", today))
        done = _issued(runtime, district, start)
        for level, parent in groups(config):
            if {u.unit_id for u in orgtree.peers(config, level, parent)} - done:  # else the group is done: no query
                issued += _issue(runtime, district, level, parent, start, end)
    return issued


def _issued(runtime: Runtime, district: str, week_start: date) -> set[str]:
    query = select(bulletins.c.unit_id).where(bulletins.c.district == district, bulletins.c.week_start == week_start)
    with runtime.db.engine.connect() as connection:
        return set(connection.execute(query).scalars())


def _issue(runtime: Runtime, district: str, level: str, parent: str | None, start: date, end: date) -> int:
    ranking = stats.ranking(runtime, district, start, end, level, parent)
    units = orgtree.units(runtime.districts[district])
    issued = 0
    with runtime.db.transaction() as session:
        for row in ranking["rows"]:
            fresh = session.execute(
                insert_ignoring_duplicates(session, bulletins)
                .values(
                    district=district,
                    week_start=start,
                    unit_id=row["unit_id"],
                    rank=row["rank"],
                    peers=len(ranking["rows"]),
                    issued_at=runtime.clock(),
                )
                .returning(bulletins.c.unit_id)
            ).first()
            if fresh is None:
                continue
            counts = stats.summed(runtime, district, start, end, [row["unit_id"]]).get(row["unit_id"], {})
            payload = BulletinIssued(
                unit_id=row["unit_id"],
                unit_name=units[row["unit_id"]].name,
                level=level,
                week_start=start,
                week_end=end,
                rank=row["rank"],
                peers=len(ranking["rows"]),
                score=row["score"],
                dispatched=counts.get("dispatched", 0),
                rated=counts.get("rated", 0),
                response_rate=row["rates"]["response"],
                resolution_rate=row["rates"]["resolution"],
                satisfaction_rate=row["rates"]["satisfaction"],
            )
            runtime.outbox.add(session, new_envelope(payload, district=district, producer=PRODUCER))
            issued += 1
    return issued
