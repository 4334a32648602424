"""What changed between two versions of a grid's courtyard/building file (院落档案): each building or place
added, removed, or changed with the fields that differ and their new values. Place facts only."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .courtyards import CourtyardFile

Value = float | int | str | None


@dataclass(frozen=True)
class Change:
    item: str  # building | place
    ref: str
    change: str  # added | changed | removed
    values: dict[str, Value] = field(default_factory=dict)


def _facts(file: CourtyardFile) -> dict[tuple[str, str], dict[str, Value]]:
    found: dict[tuple[str, str], dict[str, Value]] = {}
    for b in file.buildings:
        found[("building", b.building_id)] = {k: v for k, v in asdict(b).items() if k != "building_id"}
    for p in file.places:
        found[("place", p.ref)] = {k: v for k, v in asdict(p).items() if k != "ref"}
    return found


def changes(before: CourtyardFile, after: CourtyardFile) -> list[Change]:
    """The file's changes, buildings first, each kind in ref order; empty when the two hold the same facts."""
    old, new = _facts(before), _facts(after)
    found = []
    for key in sorted(old.keys() | new.keys()):
        item, ref = key
        if key not in new:
            found.append(Change(item, ref, "removed"))
        elif key not in old:
            found.append(Change(item, ref, "added", new[key]))
        elif differ := {k: v for k, v in new[key].items() if old[key].get(k) != v}:
            found.append(Change(item, ref, "changed", differ))
    return found
