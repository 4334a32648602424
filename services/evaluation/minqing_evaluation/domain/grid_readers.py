"""Who reads a grid's staff records (the courtyard file's edits, 院落档案修改记录): the grid's own staff (its
team, 网格团队, and the grid workers whose grids name it), the staff of its community and of its street,
and the district's supervisors, leaders and admins. ``unit_id`` is the reader's desk (``Principal.desk``): a
volunteer (联户党员, 民情信使) has none, so reads their own team's grids only, not every grid of the community
they live in. Anyone else, and every other district, reads nothing."""

from __future__ import annotations

from collections.abc import Iterable

from minqing_contracts.org import DistrictConfig

DISTRICT_READERS = frozenset({"supervisor", "leader", "admin"})


def may_read(config: DistrictConfig, grid_code: str, person_id: str, unit_id: str | None, roles: Iterable[str]) -> bool:
    for street in config.streets:
        for community in street.communities:
            for grid in community.grids:
                if grid.code != grid_code:
                    continue
                if unit_id in (community.id, street.id) or any(m.person == person_id for m in grid.team):
                    return True
                if any(p.id == person_id and grid_code in p.grids for p in config.people):
                    return True
                return unit_id == config.code and bool(DISTRICT_READERS & set(roles))
    return False


def readable(
    config: DistrictConfig, person_id: str, unit_id: str | None, roles: Iterable[str]
) -> list[tuple[str, str]]:
    """(code, name) of the grids the person reads, in the configuration's order."""
    grids = [g for s in config.streets for c in s.communities for g in c.grids]
    return [(g.code, g.name) for g in grids if may_read(config, g.code, person_id, unit_id, roles)]
