"""The responsibility catalogue (职责清单): the district's published list of matters, each with its
category, the level responsible (community, street, or a named department), what the street and the
community must do, the legal basis (法律依据) and when it is in force. A load of the district's file makes
a new version; an item keeps its dates. A dispatch by the catalogue records the item and the version it
used (``CatalogueRef``), so that what a case was sent by stays after the catalogue changes.

Plain Python: the file's rows come in as dictionaries, the problems go out as ``line N: field: reason``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from .dispatch import Assignment, CatalogueRef
from .org import DistrictOrg, Place

COLUMNS = (
    "item_id",
    "matter",
    "category",
    "level",
    "unit_id",
    "street_duty",
    "community_duty",
    "legal_basis",
    "effective_from",
    "effective_to",
)
LEVELS = ("community", "street", "department")
REQUIRED = ("item_id", "matter", "category", "level", "legal_basis", "effective_from")


@dataclass(frozen=True)
class CatalogueItem:
    item_id: str
    matter: str
    category: str
    level: str
    unit_id: str | None
    street_duty: str | None
    community_duty: str | None
    legal_basis: str
    effective_from: date
    effective_to: date | None = None

    def in_force(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


def parse(
    rows: Iterable[tuple[int, Mapping[str, str | None]]], org: DistrictOrg
) -> tuple[list[CatalogueItem], list[str]]:
    """The items of a file's (line number, row) pairs, and every problem found (nothing is loaded if any)."""
    items: list[CatalogueItem] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, row in rows:
        found = _problems(row, org)
        item_id = (row.get("item_id") or "").strip()
        if item_id in seen:
            found.append(("item_id", f"{item_id} appears twice"))
        seen.add(item_id)
        problems += [f"line {number}: {field}: {reason}" for field, reason in found]
        if not found:
            items.append(_item(row))
    if not items and not problems:
        problems.append("the file has no items")
    return items, problems


def _text(row: Mapping[str, str | None], name: str) -> str | None:
    return (row.get(name) or "").strip() or None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _problems(row: Mapping[str, str | None], org: DistrictOrg) -> list[tuple[str, str]]:
    found = [(name, "required") for name in REQUIRED if not _text(row, name)]
    item_id, level, unit = _text(row, "item_id"), _text(row, "level"), _text(row, "unit_id")
    if item_id and len(item_id) > 40:
        found.append(("item_id", "at most 40 characters"))
    category = _text(row, "category")
    if category and category not in {c.code for c in org.config.categories}:
        found.append(("category", f"{category} is not a category of {org.code}"))
    if level and level not in LEVELS:
        found.append(("level", f"must be one of {', '.join(LEVELS)}"))
    if level == "department" and not unit:
        found.append(("unit_id", "required for level department"))
    if unit and (unit not in org.units or org.unit(unit).level != "department"):
        found.append(("unit_id", f"{unit} is not a department or resident unit of {org.code}"))
    start, end = _text(row, "effective_from"), _text(row, "effective_to")
    if start and _date(start) is None:
        found.append(("effective_from", "must be a date YYYY-MM-DD"))
    if end and _date(end) is None:
        found.append(("effective_to", "must be a date YYYY-MM-DD"))
    elif end and start and _date(start) and (_date(end) or date.max) < (_date(start) or date.min):
        found.append(("effective_to", "must not be before effective_from"))
    return found


def _item(row: Mapping[str, str | None]) -> CatalogueItem:
    start = _date(_text(row, "effective_from"))
    assert start is not None  # checked by _problems
    return CatalogueItem(
        item_id=_text(row, "item_id") or "",
        matter=_text(row, "matter") or "",
        category=_text(row, "category") or "",
        level=_text(row, "level") or "",
        unit_id=_text(row, "unit_id"),
        street_duty=_text(row, "street_duty"),
        community_duty=_text(row, "community_duty"),
        legal_basis=_text(row, "legal_basis") or "",
        effective_from=start,
        effective_to=_date(_text(row, "effective_to")),
    )


def choose(items: Iterable[CatalogueItem], category: str, day: date) -> CatalogueItem | None:
    """The item in force on ``day`` for the category (the lowest item id when several are)."""
    matching = [i for i in items if i.category == category and i.in_force(day)]
    return min(matching, key=lambda i: i.item_id) if matching else None


def assignment(org: DistrictOrg, item: CatalogueItem, version: int, place: Place) -> Assignment | None:
    """Where the item sends a case at this place: its community, that community's street, or the
    department it names; None when the place has no community and the item needs one (triage)."""
    ref = CatalogueRef(item.item_id, version)
    if item.level == "department" and item.unit_id and item.unit_id in org.units:
        return Assignment(org.unit(item.unit_id), "catalogue", catalogue=ref)
    if place.community_id is None or item.level == "department":
        return None
    unit_id = place.community_id if item.level == "community" else org.street_of(place.community_id)
    return Assignment(org.unit(unit_id), "catalogue", catalogue=ref)


RIGHT_FIRST_TIME = (
    "right_first_time / dispatched: dispatched = cases whose first dispatch used the item (that version); "
    "right_first_time = those the unit dispatched to did not return (退单) afterwards"
)
Step = tuple[str, str, str, str | None, int | None]  # case id, action, unit id, catalogue item, version


@dataclass
class ItemRate:
    item_id: str
    version: int
    dispatched: int = 0
    right_first_time: int = 0

    def as_dict(self) -> dict[str, object]:
        rate = round(self.right_first_time / self.dispatched, 4) if self.dispatched else None
        return {**self.__dict__, "rate": rate}


def right_first_time(steps: Iterable[Step]) -> list[ItemRate]:
    """Each item's rate from the cases' dispatch, ruling and return steps in the order they happened:
    a case counts for the item its first dispatch used (if any), and counts as right first time unless
    that unit returned it later."""
    first: dict[str, tuple[str, CatalogueRef | None]] = {}
    returned: set[tuple[str, str]] = set()
    for case_id, action, unit_id, item_id, version in steps:
        if action in ("dispatch", "rule") and case_id not in first:
            first[case_id] = (unit_id, CatalogueRef(item_id, version) if item_id and version else None)
        elif action == "return":
            returned.add((case_id, unit_id))
    rates: dict[CatalogueRef, ItemRate] = {}
    for case_id, (unit_id, ref) in first.items():
        if ref is None:
            continue
        rate = rates.setdefault(ref, ItemRate(ref.item_id, ref.version))
        rate.dispatched += 1
        rate.right_first_time += (case_id, unit_id) not in returned
    return sorted(rates.values(), key=lambda r: (r.item_id, r.version))
