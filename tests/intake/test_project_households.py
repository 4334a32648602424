"""Intake's answers on PostgreSQL to project.rating_opened.v1 (一事一评): the households of the named grids,
buildings or ids, in the event's district only, as ids and sealed contacts, never a door or a name; and
to review.opened.v1 (双述双评): the households of the community's grids, in the event's district, as ids."""

from __future__ import annotations

import json
import uuid
from argparse import Namespace

from minqing_contracts import new_envelope
from minqing_contracts.events.evaluation import ProjectRatingOpened, ReviewOpened
from minqing_intake.adapters.grid_tables import households
from minqing_intake.definition import load_households
from minqing_intake.project_households import list_for_project, list_for_review

from .test_households_visits import FILE, G1, G2, _outbox, _rows

LUWAN = FILE.with_name("luwan.csv")


def listed(runtime, district: str, **scope) -> list[dict]:
    opened = ProjectRatingOpened(project_id=str(uuid.uuid4()), round=1, **scope)
    envelope = new_envelope(opened, district=district, producer="evaluation")
    with runtime.db.transaction() as session:
        list_for_project(runtime, session, envelope, opened)
    return [
        e for e in _outbox(runtime, "project.households_listed.v1") if e["payload"]["project_id"] == opened.project_id
    ]


def test_the_households_of_a_grid_a_building_or_a_list_in_the_events_district_only(settings, runtime):
    for district, file in (("xinlin", FILE), ("luwan", LUWAN)):
        assert load_households(settings, Namespace(district=district, file=str(file))) == 0
    rows = _rows(runtime, households)
    xinlin = [r for r in rows if r.district == "xinlin"]
    [by_grid] = listed(runtime, "xinlin", grid_codes=[G1])
    ids = [h["household_id"] for h in by_grid["payload"]["households"]]
    assert sorted(ids) == sorted(r.id for r in xinlin if r.grid_code == G1)
    sealed = {h["household_id"]: h["contact_sealed"] for h in by_grid["payload"]["households"]}
    assert all(sealed[r.id] == r.contact_sealed for r in xinlin if r.grid_code == G1)
    building = xinlin[0].building_id
    [by_building] = listed(runtime, "xinlin", building_ids=[building])
    assert {h["household_id"] for h in by_building["payload"]["households"]} == {
        r.id for r in xinlin if r.building_id == building
    }
    luwan_one = next(r for r in rows if r.district == "luwan")
    chosen = [xinlin[0].id, next(r.id for r in xinlin if r.grid_code == G2), luwan_one.id]
    [by_list] = listed(runtime, "xinlin", household_ids=chosen)
    assert {h["household_id"] for h in by_list["payload"]["households"]} == set(chosen[:2])  # not luwan's
    [nothing] = listed(runtime, "luwan", grid_codes=[G1])  # xinlin's grid named in luwan's event
    assert nothing["payload"]["households"] == []
    clear = json.dumps([by_grid, by_building, by_list], ensure_ascii=False)
    for household in xinlin:
        assert f'"{household.door}"' not in clear and household.building_id not in clear


def listed_for_review(runtime, district: str, grid_codes: list[str]) -> dict:
    opened = ReviewOpened(review_id=str(uuid.uuid4()), year=2026, unit_id="xl-xf", grid_codes=grid_codes)
    envelope = new_envelope(opened, district=district, producer="evaluation")
    with runtime.db.transaction() as session:
        list_for_review(runtime, session, envelope, opened)
    [answer] = [
        e for e in _outbox(runtime, "review.households_listed.v1") if e["payload"]["review_id"] == opened.review_id
    ]
    assert answer["causation_id"] == envelope.event_id and answer["district"] == district
    return answer["payload"]


def test_a_reviews_voters_are_the_households_of_the_communitys_grids_in_the_events_district(settings, runtime):
    for district, file in (("xinlin", FILE), ("luwan", LUWAN)):
        assert load_households(settings, Namespace(district=district, file=str(file))) == 0
    xinlin = [r for r in _rows(runtime, households) if r.district == "xinlin"]
    answer = listed_for_review(runtime, "xinlin", [G1, G2])
    assert answer["household_ids"] == sorted(r.id for r in xinlin if r.grid_code in (G1, G2))
    assert len(answer["household_ids"]) == len({r.id for r in xinlin if r.grid_code in (G1, G2)}) > 0
    assert set(answer) == {"review_id", "household_ids"}  # no contact, door or name travels
    assert listed_for_review(runtime, "luwan", [G1])["household_ids"] == []  # xinlin's grids in luwan's event
    assert listed_for_review(runtime, "xinlin", [])["household_ids"] == []
