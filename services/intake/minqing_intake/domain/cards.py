"""The contact card (民情联系卡 / 便民联系卡): who looks after a grid or one of its buildings and how to reach
them, as printed on the card and shown on the public page "who looks after my building" (谁在服务我的楼).

Nothing on a card is personal data of residents: it names the team (staff, party members, messengers), and
reaches each member through the district's masked relay number and the member's extension, or the service
hotline; a member's own mobile only when they opted in (``mobile_on_card``). Seed 004 has the card's
content published on notice boards as well, so a card is public."""

from __future__ import annotations

from dataclasses import dataclass

from minqing_contracts.org import Building, DistrictConfig, Grid, TeamMember

ROLE_NAMES = {
    "grid_leader": "网格长",
    "grid_worker": "网格员",
    "party_member": "联户党员",
    "messenger": "民情信使",
    "community_cadre": "片长(社区两委)",
    "station_cadre": "驻站干部",
}
ROLE_ORDER = tuple(ROLE_NAMES)


@dataclass(frozen=True)
class Member:
    name: str
    role: str  # the Chinese role name
    reach: str  # what to dial: the relay number and extension, an opted-in mobile, or the hotline
    note: str = ""  # e.g. a station cadre's days in the station


@dataclass(frozen=True)
class Card:
    district_name: str
    street_name: str
    community_name: str
    grid_code: str
    grid_name: str
    building: Building | None
    members: tuple[Member, ...]
    service_hotline: str
    supervision_hotline: str | None


@dataclass(frozen=True)
class GridPlace:
    street_name: str
    community_name: str
    grid: Grid


def find_grid(config: DistrictConfig, grid_code: str) -> GridPlace | None:
    for street in config.streets:
        for community in street.communities:
            for grid in community.grids:
                if grid.code == grid_code:
                    return GridPlace(street.name, community.name, grid)
    return None


def grid_of_building(config: DistrictConfig, building_id: str) -> Grid | None:
    return next(
        (
            g
            for s in config.streets
            for c in s.communities
            for g in c.grids
            if any(b.id == building_id for b in g.buildings)
        ),
        None,
    )


def reach(config: DistrictConfig, member: TeamMember) -> str:
    """How the card lets residents reach ``member``: never a personal mobile without their consent."""
    person = next((p for p in config.people if p.id == member.person), None)
    phone = person.contact.phone if person and person.contact else None
    if member.mobile_on_card and phone:
        return phone
    relay = config.contact_card.relay_number
    if relay and member.relay_extension:
        return f"{relay} 转 {member.relay_extension}"
    return config.contact_card.service_hotline


def _note(member: TeamMember) -> str:
    if member.station_days:
        return "每月" + "、".join(str(d) for d in sorted(member.station_days)) + "日在站"
    return ""


def card(config: DistrictConfig, grid_code: str, building_id: str | None = None) -> Card | None:
    """The card of a grid, or of one of its buildings (then only that building's messengers); None for a grid
    or building the district does not have."""
    place = find_grid(config, grid_code)
    if place is None:
        return None
    building = next((b for b in place.grid.buildings if b.id == building_id), None)
    if building_id is not None and building is None:
        return None
    names = {p.id: p.name for p in config.people}
    team = [
        m
        for m in place.grid.team
        if m.role != "messenger" or building is None or building.id in m.buildings or not m.buildings
    ]
    team.sort(key=lambda m: ROLE_ORDER.index(m.role))
    members = tuple(Member(names.get(m.person, m.person), ROLE_NAMES[m.role], reach(config, m), _note(m)) for m in team)
    return Card(
        district_name=config.name,
        street_name=place.street_name,
        community_name=place.community_name,
        grid_code=place.grid.code,
        grid_name=place.grid.name,
        building=building,
        members=members,
        service_hotline=config.contact_card.service_hotline,
        supervision_hotline=config.contact_card.supervision_hotline,
    )
