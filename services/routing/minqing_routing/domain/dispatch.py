"""Who gets a case (派单): the lowest level that can handle the category at that place
(一般问题不出社区), or the unit the district's rule table names; and who gets it next when a unit
sends it back (退单) or it goes up a level (上报)."""

from __future__ import annotations

from dataclasses import dataclass

from .org import DistrictOrg, OrgUnit, Place


@dataclass(frozen=True)
class CatalogueRef:
    """The responsibility catalogue's item (职责清单, ``catalogue.py``) and version a dispatch, ruling or
    return cited."""

    item_id: str
    version: int


@dataclass(frozen=True)
class Assignment:
    unit: OrgUnit
    reason: str  # lowest_level | rule_table | catalogue | triage | redispatch | returned_up | escalated
    joint_with: tuple[str, ...] = ()
    catalogue: CatalogueRef | None = None


def first_assignment(org: DistrictOrg, category: str, place: Place) -> Assignment:
    rule = next((r for r in org.config.dispatch_rules if r.category == category), None)
    if rule is not None:
        return Assignment(org.unit(rule.unit), "rule_table", tuple(rule.joint_with))
    if place.community_id is None:
        return Assignment(org.unit(org.triage_id), "triage")
    level = org.lowest_level(category)
    if level == "community":
        return Assignment(org.unit(place.community_id), "lowest_level")
    if level == "street":
        return Assignment(org.unit(org.street_of(place.community_id)), "lowest_level")
    departments = org.departments_for(category)
    return Assignment(departments[0] if departments else org.unit(org.code), "lowest_level")


def candidates(org: DistrictOrg, category: str, place: Place) -> list[str]:
    """Units that could take the case, in the order a dispatcher would try them: the first choice,
    then the departments and resident units that handle the category."""
    ordered = [first_assignment(org, category, place).unit.id]
    ordered += [u.id for u in org.departments_for(category) if u.id not in ordered]
    return ordered


def after_return(
    org: DistrictOrg, category: str, place: Place, current: str, returned_by: list[str], return_count: int
) -> Assignment:
    """The dispatcher above re-dispatches: the next candidate nobody has returned; a case returned
    twice (or with no candidate left) goes up a level."""
    if return_count < 2:
        for unit_id in candidates(org, category, place):
            if unit_id != current and unit_id not in returned_by and unit_id != org.triage_id:
                return Assignment(org.unit(unit_id), "redispatch")
    above = level_above(org, current)
    return Assignment(above, "returned_up") if above else Assignment(org.unit(org.code), "returned_up")


def level_above(org: DistrictOrg, unit_id: str) -> OrgUnit | None:
    """Next level up: community → street → district; departments and triage → district; none above the district."""
    return org.parent(unit_id)
