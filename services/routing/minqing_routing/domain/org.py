"""One district's organisation as routing sees it: units in a tree, places, people.

District (区) → streets (街道/乡镇) → communities (社区/村) → grids (网格); departments (职能部门) and
resident units (驻区单位) hang under the district; the triage unit (分拨) is the district's queue for
cases that cannot be located, worked by the district dispatcher.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from minqing_contracts.events.routing import Level
from minqing_contracts.org import DistrictConfig, Person

LEVEL_RANK = {"community": 0, "street": 1, "department": 2, "triage": 2, "district": 3}


@dataclass(frozen=True)
class OrgUnit:
    id: str
    name: str
    level: Level  # community | street | district | department | triage
    parent_id: str | None
    categories: tuple[str, ...] = ()
    kind: str = "government"


@dataclass(frozen=True)
class Place:
    """Where a case is: a grid of a community, or nowhere known."""

    grid_code: str | None
    community_id: str | None
    how: str  # grid_code | address_exact | address_fuzzy | coordinates | unresolved


@dataclass
class DistrictOrg:
    config: DistrictConfig
    units: dict[str, OrgUnit] = field(default_factory=dict)
    grid_community: dict[str, str] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.config.code

    @property
    def triage_id(self) -> str:
        return f"{self.code}-triage"

    def unit(self, unit_id: str) -> OrgUnit:
        return self.units[unit_id]

    def parent(self, unit_id: str) -> OrgUnit | None:
        parent_id = self.units[unit_id].parent_id
        return self.units[parent_id] if parent_id else None

    def ancestors(self, unit_id: str) -> list[str]:
        chain, current = [], self.units[unit_id].parent_id
        while current:
            chain.append(current)
            current = self.units[current].parent_id
        return chain

    def within(self, unit_id: str, scope_id: str) -> bool:
        """Is ``unit_id`` the scope unit itself or one of its parts?"""
        return unit_id == scope_id or scope_id in self.ancestors(unit_id)

    def street_of(self, community_id: str) -> str:
        return self.units[community_id].parent_id  # type: ignore[return-value]

    def departments_for(self, category: str) -> list[OrgUnit]:
        return [u for u in self.units.values() if u.level == "department" and category in u.categories]

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.config.people if p.id == person_id), None)

    def lowest_level(self, category: str) -> str:
        found = next((c for c in self.config.categories if c.code == category), None)
        return found.lowest_level if found else "community"


def build_org(config: DistrictConfig) -> DistrictOrg:
    org = DistrictOrg(config)

    def add(unit: OrgUnit) -> None:
        org.units[unit.id] = unit

    add(OrgUnit(config.code, config.name, "district", None))
    add(OrgUnit(org.triage_id, f"{config.name}分拨中心", "triage", config.code))
    for street in config.streets:
        add(OrgUnit(street.id, street.name, "street", config.code))
        for community in street.communities:
            add(OrgUnit(community.id, community.name, "community", street.id))
            for grid in community.grids:
                org.grid_community[grid.code] = community.id
    for unit in config.units:
        add(OrgUnit(unit.id, unit.name, "department", config.code, tuple(unit.categories), unit.kind))
    return org
