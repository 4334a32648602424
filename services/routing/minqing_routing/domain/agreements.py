"""Joint handling across districts (跨区联办): a case at a place two districts share (a boundary grid or
community an agreement covers, ``minqing_contracts.org.Agreement``) may have parts at the partner's units
the agreement names. Such a part runs by its own district: its deadline on that district's calendar and
rules, its supervision up that district's tree. A part's ``district`` is None for the case's own."""

from __future__ import annotations

from typing import NamedTuple

from minqing_contracts.org import Agreement

from .case import Case, Part, Refused
from .casework import Casework
from .org import OrgUnit


def covering(work: Casework, grid_code: str | None, community_id: str | None) -> list[Agreement]:
    """The agreements with a configured partner that cover a place (its grid, or its community)."""
    return [
        a
        for a in work.org.config.agreements
        if (grid_code in a.grids or community_id in a.communities) and a.partner in work.peers
    ]


def partner_for(work: Casework, case: Case, unit_id: str) -> str | None:
    """The partner district whose agreement covers the case's place and names the unit, or None."""
    found = (a.partner for a in covering(work, case.grid_code, case.community_id) if unit_id in a.units)
    return next(found, None)


class PartnerUnits(NamedTuple):
    name: str  # the partner district's
    district: str  # its code
    units: list[OrgUnit]


def partner_units(work: Casework, grid_code: str | None) -> list[PartnerUnits]:
    """What a case at ``grid_code`` may ask of partner districts: each partner and the units its agreement
    names (every located case has a grid, and its community is the grid's)."""
    community = work.org.grid_community.get(grid_code) if grid_code else None
    offered = []
    for agreement in covering(work, grid_code, community):
        partner = work.peers[agreement.partner].org
        offered.append(PartnerUnits(partner.config.name, partner.code, [partner.unit(u) for u in agreement.units]))
    return offered


def work_for_unit(work: Casework, case: Case, unit_id: str) -> Casework:
    """The district whose rules a part at ``unit_id`` runs by: the case's own, or the partner whose
    agreement allows asking that unit at the case's place; any other unit is refused."""
    if unit_id in work.org.units and work.org.unit(unit_id).level != "triage":
        return work
    partner = partner_for(work, case, unit_id)
    if partner is not None:
        return work.peers[partner]
    if any(unit_id in peer.org.units for code, peer in work.peers.items() if code != work.org.code):
        raise Refused(
            "no_agreement",
            f"unit {unit_id} is another district's, and no agreement covers this case's place and that unit",
            f"单位{unit_id}属于其他区,且没有跨区联办协议涵盖该诉求所在地和该单位",
            422,
        )
    raise Refused("unknown_unit", f"unknown unit {unit_id}", f"未知单位{unit_id}", 422)


def work_of(work: Casework, part: Part) -> Casework:
    """The district a part runs by (``work`` is the case's)."""
    return work if part.district is None else work.peers[part.district]


def unit_of(work: Casework, part: Part) -> OrgUnit:
    return work_of(work, part).org.unit(part.unit_id)


def districts_of(case: Case, parts: list[Part]) -> list[str]:
    """An event's ``districts``: the case's, then each partner district holding one of ``parts``; empty
    when every part is the case's district's."""
    partners = sorted({p.district for p in parts if p.district})
    return [case.district, *partners] if partners else []
