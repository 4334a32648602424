"""Who may see and do what. A handler acts only on cases at their own unit (or on their part of a
joint case); supervisors, leaders and dispatchers see the levels below them; nobody sees another
district's cases but a partner district's co-handler (跨区联办), who reads the case its unit holds a
part of, as partners see it (``partner_view``). The hotline (12345's operators) reads every case of its
district: residents call it about any case, and it calls them back when a unit asks (热线回拨). A volunteer of a
grid's team (联户党员, 民情信使) has no desk: they read only the cases they follow (filed for a resident) and
handle none. Unreadable cases are reported as not found, never as forbidden."""

from __future__ import annotations

from minqing_kit.tokens import Principal

from .case import Case, Part
from .org import DistrictOrg

OVERSEERS = ("supervisor", "leader", "dispatcher", "admin")
HOTLINE = "hotline_operator"


def readable(org: DistrictOrg, who: Principal, case: Case, part_units: set[str]) -> bool:
    """``org``: the case's district; ``part_units``: the units of the reader's district holding a part
    of it (``part_units``)."""
    if org.code != case.district:
        return False
    if who.desk is None:
        return who.district == case.district and who.person_id in follows(case)
    if partner_view(who, case):
        return who.unit_id in part_units
    if case.unit_id == who.unit_id or who.unit_id in part_units or who.person_id in follows(case):
        return True
    if who.has_any(HOTLINE):
        return True
    return who.has_any(*OVERSEERS) and org.within(case.unit_id, who.unit_id)


def part_units(case: Case, parts: list[Part], district: str) -> set[str]:
    """The units of ``district`` holding a part of the case (not dropped, for a partner district)."""
    return {
        p.unit_id
        for p in parts
        if (p.district or case.district) == district and (p.district is None or p.status != "dropped")
    }


def partner_view(who: Principal, case: Case) -> bool:
    """The reader is of another district (a partner's co-handler): they see the case's public fields, its
    place, the lead's deadline and unit, and their own part, nothing else of the case's district."""
    return who.district != case.district


def follows(case: Case) -> set[str]:
    """The people a case follows besides its units: its 包案 owner, its first-contact owner (首问负责)
    and the resident's proxy (代理); each may read it."""
    return {p for p in (case.owner_id, case.first_contact_id, case.proxy_id) if p}


def owner_of(who: Principal, case: Case) -> bool:
    """The case's 包案 leader (who may tighten its deadline, reassign it and sign off its answer)."""
    return who.district == case.district and case.owner_id is not None and case.owner_id == who.person_id


def handles(org: DistrictOrg, who: Principal, case: Case) -> bool:
    """The case is at the person's unit; the district dispatcher works the triage queue."""
    if who.district != case.district or who.desk is None:
        return False
    if case.unit_id == who.unit_id:
        return True
    return case.unit_id == org.triage_id and who.unit_id == org.code and who.has_any("dispatcher")


def coordinates(org: DistrictOrg, who: Principal, case: Case) -> bool:
    """The dispatcher above: a unit strictly above the case's (lead) unit."""
    return who.district == case.district and who.desk in org.ancestors(case.unit_id)


def rules(org: DistrictOrg, who: Principal, case: Case) -> bool:
    """审定: the dispatcher above the case's unit, or the district's dispatcher for a case at the district."""
    at_the_top = case.unit_id == org.code and who.unit_id == org.code and who.has_any("dispatcher")
    return coordinates(org, who, case) or who.district == case.district and at_the_top


def owns(org: DistrictOrg, who: Principal, case: Case) -> bool:
    """包案: a leader may take a case at their unit or below."""
    return who.district == case.district and who.has_any("leader") and org.within(case.unit_id, who.unit_id)


def lifts_lockouts(org: DistrictOrg, who: Principal, person_unit_id: str) -> bool:
    """A supervisor or admin of the locked-out person's unit, or of a unit above it, may lift a
    sign-in lockout (the district's supervisors for everyone in the district)."""
    return who.district == org.code and who.has_any("supervisor", "admin") and org.within(person_unit_id, who.unit_id)
