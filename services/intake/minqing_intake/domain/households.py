"""Households (一户一档) and who may see them: the least a visit must know about a household (its place in
the grid, its size, the flags a visitor must know), and the grids a signed-in person's work covers.

Grid workers see their own grids (``people[].grids`` and the grids whose team they are on); a community's
handlers and supervisors see the community's grids, a street's its communities' grids; nobody sees
another district's. A household's contact (name, phone) is sealed before it is stored: intake cannot open it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from minqing_contracts.org import DistrictConfig
from minqing_kit.errors import FieldError

from .channels import Staff
from .submission import MOBILE, normalise_phone

FLAGS = ("elderly_alone", "disability", "low_income", "rented")  # 独居老人, 残疾, 低保/低收入, 租户
COMMUNITY_ROLES = frozenset({"community_handler", "supervisor"})
STREET_ROLES = frozenset({"street_handler", "supervisor"})
MAX_SIZE = 30
TRUE, FALSE = frozenset({"1", "true", "yes", "是", "y"}), frozenset({"", "0", "false", "no", "否", "n"})


@dataclass(frozen=True)
class Household:
    grid_code: str
    building_id: str
    unit_no: str = ""
    door: str = ""
    size: int = 1
    flags: frozenset[str] = field(default_factory=frozenset)
    contact_name: str = ""
    contact_phone: str = ""

    def contact(self) -> dict[str, str]:
        found = {"name": self.contact_name.strip(), "phone": normalise_phone(self.contact_phone)}
        return {k: v for k, v in found.items() if v}


def problems(household: Household, config: DistrictConfig, where: str = "") -> list[FieldError]:
    """What is wrong with a household record in its district (empty when nothing is)."""
    grids = {g.code: g for s in config.streets for c in s.communities for g in c.grids}
    grid = grids.get(household.grid_code)
    found = []
    if grid is None:
        found.append(FieldError(f"{where}grid_code", "not a grid of the district", "不是本区的网格"))
    elif household.building_id not in {b.id for b in grid.buildings}:
        found.append(FieldError(f"{where}building_id", "not a building of the grid", "不是该网格的楼栋"))
    if not 1 <= household.size <= MAX_SIZE:
        found.append(FieldError(f"{where}size", f"1 to {MAX_SIZE} people", f"户人数须为1至{MAX_SIZE}"))
    if household.contact_phone and not MOBILE.fullmatch(normalise_phone(household.contact_phone)):
        found.append(FieldError(f"{where}contact.phone", "must be a mainland mobile number", "须为11位大陆手机号码"))
    found += [
        FieldError(f"{where}flags", f"unknown flag {f}", "未知的标记") for f in sorted(household.flags - set(FLAGS))
    ]
    return found


def from_row(row: dict[str, str]) -> Household:
    """A household from a row of a district's household file (``config/households/<district>.csv``)."""
    flags = frozenset(f for f in FLAGS if _yes(row.get(f, ""), f))
    size = row.get("size", "").strip()
    return Household(
        grid_code=row.get("grid_code", "").strip(),
        building_id=row.get("building_id", "").strip(),
        unit_no=row.get("unit", "").strip(),
        door=row.get("door", "").strip(),
        size=int(size) if size.isdigit() else 0,
        flags=flags,
        contact_name=row.get("contact_name", ""),
        contact_phone=row.get("contact_phone", ""),
    )


def _yes(value: str, name: str) -> bool:
    value = value.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValueError(f"{name}: {value!r} is neither yes nor no")


def grids_of_person(config: DistrictConfig, person_id: str) -> set[str]:
    own = {g for p in config.people if p.id == person_id for g in p.grids}
    return own | {
        g.code
        for s in config.streets
        for c in s.communities
        for g in c.grids
        if any(m.person == person_id for m in g.team)
    }


def visible_grids(staff: Staff, config: DistrictConfig) -> set[str]:
    """The grids whose households ``staff`` may see and edit; empty for another district."""
    if staff.district != config.code:
        return set()
    roles = set(staff.roles)
    found = grids_of_person(config, staff.person_id) if "grid_worker" in roles else set()
    for street in config.streets:
        street_grids = {g.code for c in street.communities for g in c.grids}
        if street.id == staff.unit_id and roles & STREET_ROLES:
            found |= street_grids
        for community in street.communities:
            if community.id == staff.unit_id and roles & COMMUNITY_ROLES:
                found |= {g.code for g in community.grids}
    return found


def supervises(staff: Staff, config: DistrictConfig, person_id: str) -> bool:
    """The person themselves, or a handler or supervisor of their community or of its street."""
    if staff.district != config.code:
        return False
    if staff.person_id == person_id:
        return True
    person = next((p for p in config.people if p.id == person_id), None)
    if person is None:
        return False
    roles = set(staff.roles)
    for street in config.streets:
        communities = {c.id for c in street.communities}
        if person.unit in communities | {street.id}:
            if staff.unit_id == street.id and roles & STREET_ROLES:
                return True
            if staff.unit_id == person.unit and staff.unit_id in communities and roles & COMMUNITY_ROLES:
                return True
    return False
