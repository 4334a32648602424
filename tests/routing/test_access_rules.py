"""Who may read and act, as plain rules over the org tree (no broker, no database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from minqing_kit.orgconfig import load_districts
from minqing_kit.tokens import Principal
from minqing_routing.domain import access
from minqing_routing.domain.case import Case
from minqing_routing.domain.org import build_org

ORG = build_org(load_districts(Path(__file__).parent / "districts")["hilltown"])


def person(unit: str, *roles: str, district: str = "hilltown") -> Principal:
    return Principal(person_id=f"{unit}-p", name="某", district=district, unit_id=unit, roles=roles)


def case_at(unit: str, district: str = "hilltown") -> Case:
    return Case(
        id="c",
        district=district,
        ticket="T",
        category="environment",
        urgent=False,
        grid_code=None,
        community_id="ht-c1",
        located_by="grid_code",
        state="dispatched",
        unit_id=unit,
    )


@pytest.mark.parametrize(
    "who, unit, reads, acts",
    [
        (person("ht-c1", "community_handler"), "ht-c1", True, True),
        (person("ht-c2", "community_handler"), "ht-c1", False, False),
        (person("ht-s1", "supervisor"), "ht-c1", True, False),
        (person("ht-s1", "street_handler"), "ht-c1", False, False),  # a handler, not an overseer
        (person("ht-s2", "supervisor"), "ht-c1", False, False),  # another street
        (person("hilltown", "leader"), "ht-cgj", True, False),
        (person("hilltown", "dispatcher"), "hilltown-triage", True, True),
        (person("hilltown", "supervisor"), "hilltown-triage", True, False),
        (person("ht-c1", "community_handler", district="riverside"), "ht-c1", False, False),
    ],
)
def test_read_and_act(who, unit, reads, acts):
    case = case_at(unit)
    assert access.readable(ORG, who, case, set()) is reads
    assert access.handles(ORG, who, case) is acts


def test_a_co_handler_reads_through_its_part_and_the_lead_s_superior_coordinates():
    case = case_at("ht-zjj")
    assert access.readable(ORG, person("ht-mzj", "department_handler"), case, {"ht-mzj"})
    assert not access.readable(ORG, person("ht-mzj", "department_handler"), case, set())
    assert access.coordinates(ORG, person("hilltown", "dispatcher"), case)
    assert not access.coordinates(ORG, person("ht-zjj", "department_handler"), case)
    assert access.owns(ORG, person("hilltown", "leader"), case)
    assert not access.owns(ORG, person("ht-s1", "leader"), case)  # the department is not below the street


@pytest.mark.parametrize(
    "who, lifts",
    [
        (person("ht-s1", "supervisor"), True),  # the street above 东一社区
        (person("hilltown", "supervisor"), True),  # the district's supervisors, for everyone
        (person("hilltown", "admin"), True),
        (person("ht-c1", "community_handler"), False),  # the person's own colleague
        (person("hilltown", "dispatcher", "leader"), False),  # above, but no supervisor
        (person("ht-s2", "supervisor"), False),  # another street
        (person("riverside", "supervisor", district="riverside"), False),
    ],
)
def test_who_lifts_a_sign_in_lockout_of_a_community_handler(who, lifts):
    assert access.lifts_lockouts(ORG, who, "ht-c1") is lifts
