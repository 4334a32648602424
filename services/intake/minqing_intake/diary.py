"""The 民情日记 (a station cadre's or grid worker's diary of the people's conditions, seed 003): a person's
visits of a local day, read back from the visits intake recorded, for the person and for the handlers
and supervisors of their community and its street. Each household shown is an audited read; each case a
visit filed shows where it stands now (its status and the resident's rating, as intake follows them for
the tracking page), so the visit's outcome follows the case."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from minqing_kit.errors import ApiError

from .adapters.grid_tables import households, visits
from .adapters.tables import cases
from .bootstrap import Runtime
from .domain import channels
from .domain.households import supervises
from .households import audit


def diary(runtime: Runtime, staff: channels.Staff, person: str, day: date) -> dict[str, Any]:
    """民情日记: the person's visits of a local day, with each household's place; for the person and the
    handlers and supervisors of their community and street. Each household shown is an audited read."""
    config = runtime.districts.get(staff.district)
    if config is None or not supervises(staff, config, person):
        raise ApiError(404, "not_found", "no diary of that person for you", "无权查看该人员的民情日记")
    with runtime.db.transaction() as session:
        rows = (
            session.execute(
                select(visits.c.record)
                .where(visits.c.district == config.code, visits.c.visitor_id == person, visits.c.local_date == day)
                .order_by(visits.c.visited_at)
            )
            .scalars()
            .all()
        )
        ids = sorted({h for r in rows for h in r["households"]})
        places = {
            h.id: {"id": h.id, "building_id": h.building_id, "unit": h.unit_no, "door": h.door}
            for h in session.execute(select(households).where(households.c.id.in_(ids)))
        }
        audit(session, config.code, staff.person_id, list(places), "diary")
        tickets = sorted({m["ticket"] for r in rows for m in r["matters"] if m.get("ticket")})
        followed = {
            c.ticket: {"case_status": c.status, "case_satisfaction": c.satisfaction}
            for c in session.execute(
                select(cases.c.ticket, cases.c.status, cases.c.satisfaction).where(
                    cases.c.district == config.code, cases.c.ticket.in_(tickets)
                )
            )
        }
    entries = [
        {
            **r,
            "households": [places.get(h, {"id": h}) for h in r["households"]],
            "matters": [{**m, **followed.get(m.get("ticket") or "", {})} for m in r["matters"]],
        }
        for r in rows
    ]
    return {
        "district": config.code,
        "person": person,
        "date": day.isoformat(),
        "visits": entries,
        "counts": {
            "visits": len(entries),
            "households": len(ids),
            **{o: sum(m["outcome"] == o for r in rows for m in r["matters"]) for o in ("case", "resolved", "opinion")},
        },
    }
