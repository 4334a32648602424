"""Use cases of the courtyard/building file (院落档案): load a district's building file, read and replace a
grid's file (grid staff, scoped like households), and the grid's file as the public map draws it. A change
replaces the grid's whole file in one transaction with a ``courtyard_edits`` row (who, when, the file after,
what changed) and, when anything changed, ``courtyard.file_edited.v1`` in the outbox.

Optimistic concurrency: each grid's file has a version (``courtyard_versions``: the edits saved). The file
read names it, an edit names the version it was made on, and the edit takes the grid's version row's lock,
so two edits made on the same version cannot both save: the second is 409 ``stale_version`` and writes
nothing (its sender keeps what it typed, reads the file again and reapplies). The district's file loader
replaces whatever stands and moves the version on too."""

from __future__ import annotations

import csv
import logging
from dataclasses import asdict, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, select, update
from sqlalchemy.orm import Session

from minqing_contracts import new_envelope
from minqing_contracts.events.intake import CourtyardFileEdited
from minqing_kit.errors import ApiError, invalid
from minqing_kit.statements import insert_ignoring_duplicates

from .adapters.place_tables import building_files, courtyard_edits, courtyard_versions, grid_places
from .bootstrap import Runtime
from .domain.cards import find_grid
from .domain.channels import Staff
from .domain.courtyard_changes import changes
from .domain.courtyards import BuildingFacts, CourtyardFile, PlaceFacts, from_row, item_problems, problems, repeated
from .domain.households import visible_grids

log = logging.getLogger(__name__)
SYSTEM = "building-file"


def _of_grid(table: Table, grid: dict[str, str]) -> list[ColumnElement[bool]]:
    return [table.c[k] == v for k, v in grid.items()]


def _on_file(session: Session, grid: dict[str, str]) -> CourtyardFile:
    """The grid's file as it stands, read in the edit's transaction."""
    buildings = session.execute(select(building_files).where(*_of_grid(building_files, grid)))
    places = session.execute(select(grid_places).where(*_of_grid(grid_places, grid)))
    return CourtyardFile(
        grid["grid_code"],
        tuple(BuildingFacts(**{f.name: getattr(r, f.name) for f in fields(BuildingFacts)}) for r in buildings),
        tuple(PlaceFacts(**{f.name: getattr(r, f.name) for f in fields(PlaceFacts)}) for r in places),
    )


def _next_version(session: Session, grid: dict[str, str], made_on: int | None) -> None:
    """Locks the grid's version row (made at 0 on the first edit) and moves it on; refuses an edit made on
    another version than the one on file (``made_on`` None: the loader, which replaces whatever stands)."""
    session.execute(insert_ignoring_duplicates(session, courtyard_versions).values(**grid, version=0))
    where = _of_grid(courtyard_versions, grid)
    current = session.execute(select(courtyard_versions.c.version).where(*where).with_for_update()).scalar_one()
    if made_on is not None and made_on != current:
        raise ApiError(
            409,
            "stale_version",
            f"the grid's file changed since you read it (you edited version {made_on}, it is now {current}): "
            "read it again and make your change on the file as it stands",
            f"您读取后该网格的院落档案已被他人修改(您修改的是第{made_on}版,现为第{current}版),"
            "请重新读取,在最新档案上修改后再保存",
        )
    session.execute(update(courtyard_versions).where(*where).values(version=current + 1))


def _write(
    runtime: Runtime, session: Session, district: str, file: CourtyardFile, person: str, made_on: int | None = None
) -> None:
    """Replace the grid's file; the audit row (courtyard_edits) keeps the file after and what changed, and a
    change publishes ``courtyard.file_edited.v1`` through the outbox in the same transaction."""
    now = datetime.now(UTC)
    who = {"updated_at": now, "updated_by": person}
    grid = {"district": district, "grid_code": file.grid_code}
    _next_version(session, grid, made_on)
    changed = [asdict(c) for c in changes(_on_file(session, grid), file)]
    session.execute(delete(building_files).where(*_of_grid(building_files, grid)))
    session.execute(delete(grid_places).where(*_of_grid(grid_places, grid)))
    if file.buildings:
        session.execute(building_files.insert(), [{**grid, **asdict(b), **who} for b in file.buildings])
    if file.places:
        session.execute(grid_places.insert(), [{**grid, **asdict(p), **who} for p in file.places])
    record = {
        "buildings": [asdict(b) for b in file.buildings],
        "places": [asdict(p) for p in file.places],
        "changes": changed,
    }
    session.execute(courtyard_edits.insert().values(**grid, person_id=person, edited_at=now, file=record))
    if changed:
        payload = CourtyardFileEdited(grid_code=file.grid_code, edited_by=person, edited_at=now, changes=changed)
        runtime.outbox.add(session, new_envelope(payload, district=district, producer="intake", occurred_at=now))


def load_file(runtime: Runtime, district: str, path: Path) -> int:
    """The grids whose file was replaced; any bad line refuses the whole file, each named by its line."""
    config = runtime.districts[district]
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    found: list[str] = []
    files: dict[str, tuple[list[BuildingFacts], list[PlaceFacts]]] = {}
    for number, row in enumerate(rows, start=2):
        try:
            grid_code, facts = from_row(row)
        except ValueError as error:
            found.append(f"line {number}: {error}")
            continue
        buildings, places = files.setdefault(grid_code, ([], []))
        if isinstance(facts, BuildingFacts):
            buildings.append(facts)
            one = CourtyardFile(grid_code, buildings=(facts,))
        else:
            places.append(facts)
            one = CourtyardFile(grid_code, places=(facts,))
        found += [f"line {number}: {p.field.split('.')[-1]}: {p.reason}" for p in item_problems(one, config)]
    whole = [CourtyardFile(g, tuple(b), tuple(p)) for g, (b, p) in files.items()]
    found += [f"grid {f.grid_code}: {p.reason}" for f in whole for p in repeated(f)]
    if found:
        raise ValueError("; ".join(found))
    with runtime.db.transaction() as session:
        for file in whole:
            _write(runtime, session, district, file, SYSTEM)
    log.info("building file loaded", extra={"fields": {"district": district, "grids": len(whole)}})
    return len(whole)


def _scoped(runtime: Runtime, staff: Staff, grid_code: str) -> None:
    config = runtime.districts.get(staff.district)
    if config is None or grid_code not in visible_grids(staff, config):
        raise ApiError(404, "not_found", "no such grid among yours", "您负责的网格中没有该网格")


def grid_file(runtime: Runtime, district: str, grid_code: str) -> dict[str, Any]:
    """The grid's buildings (the configuration's, with their facts when on file and the building messengers,
    民情信使, the team assigns them) and places."""
    config = runtime.districts[district]
    place = find_grid(config, grid_code)
    if place is None:
        raise ApiError(404, "not_found", "no such grid in the district", "该区没有这个网格")
    where = {"district": district, "grid_code": grid_code}
    with runtime.db.engine.connect() as connection:
        facts = {
            r.building_id: r for r in connection.execute(select(building_files).where(*_of_grid(building_files, where)))
        }
        places = connection.execute(
            select(grid_places).where(*_of_grid(grid_places, where)).order_by(grid_places.c.ref)
        ).all()
        version = connection.execute(
            select(courtyard_versions.c.version).where(*_of_grid(courtyard_versions, where))
        ).scalar()
    keys = ("units", "floors", "structure", "note")
    names = {p.id: p.name for p in config.people}
    messengers = {
        b.id: [names.get(m.person, m.person) for m in place.grid.team if m.role == "messenger" and b.id in m.buildings]
        for b in place.grid.buildings
    }
    return {
        **where,
        "grid_name": place.grid.name,
        "version": version or 0,
        "buildings": [
            {
                "id": b.id,
                "address": b.address,
                "position": _point(facts.get(b.id)),
                "messengers": messengers[b.id],
                **{k: getattr(facts[b.id], k) if b.id in facts else (None if k in keys[:2] else "") for k in keys},
            }
            for b in place.grid.buildings
        ],
        "places": [
            {"ref": p.ref, "kind": p.kind, "name": p.name, "position": _point(p), "note": p.note} for p in places
        ],
    }


def _point(row: Any) -> dict[str, float] | None:
    return {"lon": row.lon, "lat": row.lat} if row is not None and row.lon is not None else None


def show(runtime: Runtime, staff: Staff, grid_code: str) -> dict[str, Any]:
    _scoped(runtime, staff, grid_code)
    return grid_file(runtime, staff.district, grid_code)


def replace(runtime: Runtime, staff: Staff, file: CourtyardFile, made_on: int) -> dict[str, Any]:
    """The grid's whole file replaced by ``file``, made on the version ``made_on`` of the file read."""
    _scoped(runtime, staff, file.grid_code)
    found = problems(file, runtime.districts[staff.district])
    if found:
        raise invalid(found)
    with runtime.db.transaction() as session:
        _write(runtime, session, staff.district, file, staff.person_id, made_on)
    return grid_file(runtime, staff.district, file.grid_code)
