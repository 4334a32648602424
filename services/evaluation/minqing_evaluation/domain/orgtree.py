"""A district's units by level and parent, read from its configuration, for grouping rankings."""

from __future__ import annotations

from dataclasses import dataclass

from minqing_contracts.org import DistrictConfig


@dataclass(frozen=True)
class UnitInfo:
    unit_id: str
    name: str
    level: str  # district | street | community | department
    parent: str | None


def units(config: DistrictConfig) -> dict[str, UnitInfo]:
    found = {config.code: UnitInfo(config.code, config.name, "district", None)}
    for street in config.streets:
        found[street.id] = UnitInfo(street.id, street.name, "street", config.code)
        for community in street.communities:
            found[community.id] = UnitInfo(community.id, community.name, "community", street.id)
    for unit in config.units:
        found[unit.id] = UnitInfo(unit.id, unit.name, "department", config.code)
    return found


def peers(config: DistrictConfig, level: str, parent: str | None) -> list[UnitInfo]:
    """The units ranked against each other: communities within a street (``parent``; every street
    when omitted), streets within the district, departments within the district."""
    return [
        u
        for u in units(config).values()
        if u.level == level and (parent is None or level != "community" or u.parent == parent)
    ]
