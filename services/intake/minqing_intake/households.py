"""Use cases of households (一户一档): load a district's household file, enter and edit a household, list
and show them. Every read of a household's detail is written to ``household_reads`` in the transaction
that reads it; the contact is sealed with notify's key before it is stored (dropped without the key)."""

from __future__ import annotations

import csv
import logging
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from minqing_kit.errors import ApiError, FieldError, invalid
from minqing_kit.sealing import seal_contact

from .adapters.grid_tables import household_reads, households
from .bootstrap import Runtime
from .domain.channels import Staff
from .domain.households import FLAGS, Household, from_row, problems, visible_grids

log = logging.getLogger(__name__)
SYSTEM = "household-file"


def not_found() -> ApiError:
    return ApiError(404, "not_found", "no such household in your grids", "您负责的网格中没有该户")


def not_your_grid() -> ApiError:
    """A grid the person's work does not cover, named as the ``grid_code`` field."""
    return ApiError(
        403,
        "forbidden",
        "not a grid of yours",
        "该网格不归您负责",
        [FieldError("grid_code", "not a grid of yours", "该网格不归您负责")],
    )


def _row(runtime: Runtime, household: Household, person: str) -> dict[str, Any]:
    contact = household.contact()
    key = runtime.settings.NOTIFY_PUBLIC_KEY
    return {
        "grid_code": household.grid_code,
        "building_id": household.building_id,
        "unit_no": household.unit_no,
        "door": household.door,
        "size": household.size,
        **{f: f in household.flags for f in FLAGS},
        "contact_sealed": seal_contact(contact, key) if contact and key else None,
        "updated_at": datetime.now(UTC),
        "updated_by": person,
    }


def view(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "district": row.district,
        "grid_code": row.grid_code,
        "building_id": row.building_id,
        "unit": row.unit_no,
        "door": row.door,
        "size": row.size,
        "flags": [f for f in FLAGS if row._mapping[f]],
        "contact_on_file": row.contact_sealed is not None,
        "last_visited_on": row.last_visited_on.isoformat() if row.last_visited_on else None,
    }


def audit(session: Session, district: str, person: str, ids: list[str], purpose: str) -> None:
    if ids:
        now = datetime.now(UTC)
        session.execute(
            household_reads.insert(),
            [
                {"household_id": i, "district": district, "person_id": person, "purpose": purpose, "read_at": now}
                for i in ids
            ],
        )


def load_file(runtime: Runtime, district: str, path: Path) -> tuple[int, int]:
    """(created, updated): rows keyed by their ``ref``; any bad row refuses the whole file."""
    config = runtime.districts[district]
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    parsed, found = [], []
    for number, row in enumerate(rows, start=2):
        try:
            household = from_row(row)
        except ValueError as error:
            found.append(f"line {number}: {error}")
            continue
        found += [f"line {number}: {p.field}: {p.reason}" for p in problems(household, config)]
        parsed.append((row.get("ref", "").strip() or f"line-{number}", household))
    if found:
        raise ValueError("; ".join(found))
    created = 0
    with runtime.db.transaction() as session:
        for ref, household in parsed:
            values = _row(runtime, household, SYSTEM)
            done = session.execute(
                update(households).where(households.c.district == district, households.c.ref == ref).values(**values)
            )
            if not done.rowcount:
                session.execute(households.insert().values(id=str(uuid.uuid4()), district=district, ref=ref, **values))
                created += 1
    log.info("household file loaded", extra={"fields": {"district": district, "rows": len(parsed)}})
    return created, len(parsed) - created


def _checked(runtime: Runtime, staff: Staff, district: str, household: Household) -> None:
    config = runtime.districts.get(district)
    if config is None or staff.district != district:
        raise ApiError(404, "not_found", f"no district {district} for you", "未找到该区")
    found = problems(household, config)
    if found:
        raise invalid(found)
    if household.grid_code not in visible_grids(staff, config):
        raise not_your_grid()


def create(runtime: Runtime, staff: Staff, district: str, household: Household) -> dict[str, Any]:
    _checked(runtime, staff, district, household)
    household_id = str(uuid.uuid4())
    with runtime.db.transaction() as session:
        session.execute(
            households.insert().values(id=household_id, district=district, **_row(runtime, household, staff.person_id))
        )
        audit(session, district, staff.person_id, [household_id], "edit")
        return view(session.execute(select(households).where(households.c.id == household_id)).one())


def edit(runtime: Runtime, staff: Staff, household_id: str, household: Household) -> dict[str, Any]:
    with runtime.db.transaction() as session:
        row = _own(runtime, session, staff, household_id)
        _checked(runtime, staff, row.district, household)
        session.execute(
            update(households)
            .where(households.c.id == household_id)
            .values(**_row(runtime, household, staff.person_id))
        )
        audit(session, row.district, staff.person_id, [household_id], "edit")
        return view(session.execute(select(households).where(households.c.id == household_id)).one())


def _own(runtime: Runtime, session: Session, staff: Staff, household_id: str) -> Any:
    row = session.execute(select(households).where(households.c.id == household_id)).first()
    config = runtime.districts.get(row.district) if row else None
    if row is None or config is None or row.grid_code not in visible_grids(staff, config):
        raise not_found()
    return row


def show(runtime: Runtime, staff: Staff, household_id: str) -> dict[str, Any]:
    with runtime.db.transaction() as session:
        row = _own(runtime, session, staff, household_id)
        audit(session, row.district, staff.person_id, [household_id], "show")
        return view(row)


def listed(runtime: Runtime, staff: Staff, district: str, grid: str | None) -> dict[str, Any]:
    """The households of the grids ``staff`` covers (or of one of them), each read recorded."""
    config = runtime.districts.get(district)
    grids = visible_grids(staff, config) if config else set()
    if grid is not None:
        grids &= {grid}
    with runtime.db.transaction() as session:
        rows = session.execute(
            select(households)
            .where(households.c.district == district, households.c.grid_code.in_(sorted(grids)))
            .order_by(households.c.grid_code, households.c.building_id, households.c.unit_no, households.c.door)
        ).all()
        audit(session, district, staff.person_id, [r.id for r in rows], "list")
    return {"district": district, "grids": sorted(grids), "households": [view(r) for r in rows]}
