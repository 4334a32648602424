"""The responsibility catalogue (职责清单) in routing's database: loading a district's file as a new
version, the items a dispatch chooses from, the current list for the public page, and each item's
right-first-time rate. The rules are in ``domain/catalogue.py``."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from minqing_kit.errors import FieldError, invalid
from minqing_kit.pipeline import Statement

from .adapters.tables import cases, catalogue_items, catalogue_versions, history
from .bootstrap import Runtime
from .domain.catalogue import (
    COLUMNS,
    RIGHT_FIRST_TIME,
    CatalogueItem,
    assignment,
    choose,
    parse,
    right_first_time as domain_right_first_time,
)
from .domain.dispatch import Assignment, CatalogueRef
from .domain.org import DistrictOrg, Place


def load_file(runtime: Runtime, district: str, path: Path) -> tuple[int, int]:
    """(version, items): the file becomes the district's next version; any bad line refuses it all
    (``ValueError`` naming every bad line)."""
    org = runtime.districts[district].org
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in ("item_id", "matter", "category", "level") if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"line 1: the header lacks {', '.join(missing)} (columns: {', '.join(COLUMNS)})")
        items, problems = parse(((n, row) for n, row in enumerate(reader, start=2)), org)
    if problems:
        raise ValueError("\n".join(problems))
    with runtime.db.transaction() as session:
        latest = session.execute(
            select(func.max(catalogue_versions.c.version)).where(catalogue_versions.c.district == district)
        ).scalar()
        version = (latest or 0) + 1
        session.execute(
            catalogue_versions.insert().values(
                district=district, version=version, loaded_at=runtime.now(), source=path.name[:200], items=len(items)
            )
        )
        rows = [{"district": district, "version": version, **_columns(i)} for i in items]
        session.execute(catalogue_items.insert(), rows)
    return version, len(items)


def _columns(item: CatalogueItem) -> dict:
    return {name: getattr(item, name) for name in COLUMNS}


def _public(item: CatalogueItem) -> dict:
    dates = {"effective_from": item.effective_from.isoformat(), "effective_to": None}
    if item.effective_to:
        dates["effective_to"] = item.effective_to.isoformat()
    return {**_columns(item), **dates}


def current_version(session: Session, district: str) -> int | None:
    return session.execute(
        select(func.max(catalogue_versions.c.version)).where(catalogue_versions.c.district == district)
    ).scalar()


def in_force(session: Session, district: str, category: str, day: date) -> tuple[int | None, list[CatalogueItem]]:
    """The current version and the item ``choose`` takes for the category on the day, in one statement
    (a dispatch's only added round trip): the database walks the category's items of the latest version
    in id order to the first in force."""
    return in_force_of(session.execute(*in_force_query(district, category, day)).first())


def _in_force_statement() -> Select:
    latest = select(func.max(catalogue_versions.c.version)).where(
        catalogue_versions.c.district == bindparam("district")
    )
    items, end = catalogue_items.c, catalogue_items.c.effective_to
    return (
        select(*(items[c] for c in COLUMNS), items.version)
        .where(
            items.district == bindparam("district"),
            items.version == latest.scalar_subquery(),
            items.category == bindparam("category"),
            items.effective_from <= bindparam("day"),
            end.is_(None) | (end >= bindparam("day")),
        )
        .order_by(items.item_id)
        .limit(1)
    )


IN_FORCE = _in_force_statement()  # built once, values bound per call: compiled and cache-keyed once per process


def in_force_query(district: str, category: str, day: date) -> Statement:
    """``in_force``'s statement and values: to send with others in one round trip (``minqing_kit.pipeline``)."""
    return IN_FORCE, {"district": district, "category": category, "day": day}


def in_force_of(row) -> tuple[int | None, list[CatalogueItem]]:
    """``in_force``'s answer from its statement's row (None: no item in force)."""
    if row is None:
        return None, []
    return row.version, [CatalogueItem(**{c: getattr(row, c) for c in COLUMNS})]


def assignment_for(
    session: Session, org: DistrictOrg, category: str, place: Place, now: datetime, seen: dict | None = None
) -> Assignment | None:
    """Where the current catalogue sends a case of this category and place: the item in force today (None:
    no catalogue, no item, or an item that needs a community the case lacks: the rules decide). ``seen``:
    what ``in_force`` answered earlier in the same transaction (a consumer batch's), by district, category
    and day, so that a batch asks once for each."""
    day = now.astimezone(ZoneInfo(org.config.timezone)).date()
    key = (org.code, category, day)
    found = seen.get(key) if seen is not None else None
    if found is None:
        found = in_force(session, org.code, category, day)
        if seen is not None:
            seen[key] = found
    version, items = found
    item = choose(items, category, day)
    return assignment(org, item, version, place) if item and version else None


def find_item(session: Session, district: str, item_id: str) -> tuple[int | None, CatalogueItem | None]:
    """An item of the current version by id (a return's or a ruling's citation)."""
    version = current_version(session, district)
    if version is None:
        return None, None
    found = _items(session, district, version, catalogue_items.c.item_id == item_id)
    return version, found[0] if found else None


def cited(runtime: Runtime, district: str, item_id: str | None) -> CatalogueRef | None:
    """The current version's item a return disputes or a ruling follows; 422 for one it lacks."""
    if item_id is None:
        return None
    with Session(runtime.db.engine) as session:
        version, item = find_item(session, district, item_id)
    if item is None or version is None:
        reason = f"the current catalogue of {district} has no item {item_id}"
        raise invalid([FieldError("catalogue_item", reason, f"本区现行职责清单中没有事项{item_id}")])
    return CatalogueRef(item.item_id, version)


def _items(session: Session, district: str, version: int, *where) -> list[CatalogueItem]:
    query = (
        select(*(catalogue_items.c[c] for c in COLUMNS))
        .where(catalogue_items.c.district == district, catalogue_items.c.version == version, *where)
        .order_by(catalogue_items.c.item_id)
    )
    return [CatalogueItem(**row._mapping) for row in session.execute(query)]


def local_today(runtime: Runtime, district: str) -> date:
    return runtime.now().astimezone(ZoneInfo(runtime.districts[district].org.config.timezone)).date()


def listing(runtime: Runtime, district: str, day: date) -> dict:
    """The current version's items in force on ``day`` (the public page and API)."""
    with Session(runtime.db.engine) as session:
        version = current_version(session, district)
        meta = session.execute(
            select(catalogue_versions).where(
                catalogue_versions.c.district == district, catalogue_versions.c.version == version
            )
        ).first()
        items = _items(session, district, version) if version is not None else []
    return {
        "district": district,
        "version": version,
        "loaded_at": meta.loaded_at.isoformat() if meta else None,
        "date": day.isoformat(),
        "items": [_public(i) for i in items if i.in_force(day)],
    }


def right_first_time(runtime: Runtime, district: str) -> dict:
    """``GET /catalogue/right-first-time``: per item and version, the cases first dispatched by it and
    how many of them the unit kept (``domain/catalogue.right_first_time``)."""
    query = (
        select(
            history.c.case_id,
            history.c.action,
            history.c.unit_id,
            history.c.catalogue_item,
            history.c.catalogue_version,
        )
        .join(cases, cases.c.id == history.c.case_id)
        .where(cases.c.district == district, history.c.action.in_(("dispatch", "rule", "return")))
        .order_by(history.c.id)
    )
    with runtime.db.engine.connect() as connection:
        steps = [tuple(row) for row in connection.execute(query)]
    return {
        "district": district,
        "formula": RIGHT_FIRST_TIME,
        "items": [rate.as_dict() for rate in domain_right_first_time(steps)],
    }
