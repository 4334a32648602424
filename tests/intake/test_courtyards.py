"""The courtyard/building file (院落档案) in intake, on PostgreSQL: the district's file loads (a bad line
refuses the whole file, each named by its line), grid staff read and replace their own grids' files only
(another grid or district: 404; a bad file: 422 and nothing written; each change in courtyard_edits), and
the public page draws the resident's building and the grid's service points on the grid's map. An edit
names the file's version it was made on: two edits of the same version cannot both save (409, nothing
written), even at the same moment."""

from __future__ import annotations

import json
import threading
from argparse import Namespace
from pathlib import Path

import pytest
from sqlalchemy import select, update

from minqing_intake.adapters.place_tables import building_files, courtyard_edits, courtyard_versions, grid_places
from minqing_intake.adapters.tables import bus
from minqing_intake.definition import load_buildings
from minqing_intake.domain.courtyard_changes import Change, changes
from minqing_intake.domain.courtyards import BuildingFacts, CourtyardFile, PlaceFacts, from_row

FILE = Path(__file__).resolve().parents[2] / "config" / "buildings" / "xinlin.csv"
G1, G2 = "XL-XF-01-G01", "XL-XF-01-G02"
WORKER = dict(person_id="xl-xf-g1", roles=("grid_worker",), unit="xl-xf", name="吴秀兰")


@pytest.fixture
def loaded(settings, runtime):
    assert load_buildings(settings, Namespace(district="xinlin", file=str(FILE))) == 0
    return runtime


def _rows(runtime, table):
    with runtime.db.engine.connect() as connection:
        return connection.execute(select(table)).all()


def _edited_events(runtime) -> list[dict]:
    query = select(bus.outbox.c.body).where(bus.outbox.c.event_type == "courtyard.file_edited.v1")
    with runtime.db.engine.connect() as connection:
        return [json.loads(body)["payload"] for (body,) in connection.execute(query.order_by(bus.outbox.c.id))]


def test_changes_name_what_was_added_removed_and_changed_with_the_new_values_only():
    before = CourtyardFile(
        G1,
        (BuildingFacts("b1", 124.39, 51.68, 3, 6, "砖混"), BuildingFacts("b2", floors=5)),
        (PlaceFacts("sp", "service_point", "服务站"), PlaceFacts("boiler", "facility", "锅炉房")),
    )
    after = CourtyardFile(
        G1,
        (BuildingFacts("b1", 124.39, 51.68, 3, 7, "砖混"), BuildingFacts("b3", units=2)),
        (PlaceFacts("sp", "service_point", "服务站"),),
    )
    assert changes(before, after) == [
        Change("building", "b1", "changed", {"floors": 7}),
        Change("building", "b2", "removed"),
        Change(
            "building",
            "b3",
            "added",
            {"lon": None, "lat": None, "units": 2, "floors": None, "structure": "", "note": ""},
        ),
        Change("place", "boiler", "removed"),
    ]
    assert changes(after, after) == []


def test_a_row_reads_as_building_or_place_facts_and_a_bad_number_names_its_column():
    row = {"kind": "building", "grid_code": G1, "ref": "xl-xf-b1", "lon": "124.3962", "lat": "51.6809"}
    assert from_row({**row, "units": "3", "floors": "6"}) == (G1, BuildingFacts("xl-xf-b1", 124.3962, 51.6809, 3, 6))
    place = {"kind": "service_point", "grid_code": G1, "ref": "sp", "name": "服务站"}
    assert from_row(place) == (G1, PlaceFacts("sp", "service_point", "服务站"))
    with pytest.raises(ValueError, match="floors: '六' is not a whole number"):
        from_row({**row, "floors": "六"})
    with pytest.raises(ValueError, match="lon: 'east' is not a number"):
        from_row({**row, "lon": "east"})


def test_the_demo_file_loads_and_a_bad_file_loads_nothing_naming_each_line(settings, runtime, tmp_path, capsys):
    text = FILE.read_text(encoding="utf-8")
    bad = tmp_path / "bad.csv"
    lines = text.splitlines()
    lines[2] = lines[2].replace("xl-xf-b2", "xl-xf-b9")  # line 3: not a building of the grid
    lines[3] = lines[3].replace(",4,6,", ",4,0,")  # line 4: floors
    lines[5] = lines[5].replace("小区锅炉房", "").replace("facility", "fountain")  # line 6: kind and name
    lines.append("building,XL-XF-01-G01,xl-xf-b1,,121.0,31.0,,,,")  # line 15: twice, and outside the district
    bad.write_text("\n".join(lines), encoding="utf-8")
    assert load_buildings(settings, Namespace(district="xinlin", file=str(bad))) == 1
    error = capsys.readouterr().err
    for expected in (
        "line 3: id: not a building of the grid",
        "line 4: floors: 1 to 120 floors",
        "line 6: kind: one of",
        "line 6: name: required",
        "line 15: lon: outside the district",
        "grid XL-XF-01-G01: building xl-xf-b1 given twice",
    ):
        assert expected in error
    assert _rows(runtime, building_files) == [] and _rows(runtime, grid_places) == []
    assert load_buildings(settings, Namespace(district="xinlin", file=str(FILE))) == 0
    assert "building files of 3 grids replaced" in capsys.readouterr().out
    assert len(_rows(runtime, building_files)) == 8 and len(_rows(runtime, grid_places)) == 5


def test_grid_staff_read_and_replace_only_their_own_grids_file(loaded, client, token):
    mine = client.get(f"/api/v1/grids/{G1}/courtyard", headers=token(**WORKER))
    assert mine.status_code == 200
    b1 = next(b for b in mine.json["buildings"] if b["id"] == "xl-xf-b1")
    assert (b1["position"], b1["units"], b1["floors"], b1["structure"]) == (
        {"lon": 124.3962, "lat": 51.6809},
        3,
        6,
        "砖混",
    )
    assert {p["kind"] for p in mine.json["places"]} == {"service_point", "facility"}
    assert [(b["id"], b["messengers"]) for b in mine.json["buildings"]] == [
        ("xl-xf-b1", ["葛春燕"]),
        ("xl-xf-b2", ["葛春燕"]),
        ("xl-xf-b3", []),
    ]
    assert client.get(f"/api/v1/grids/{G2}/courtyard", headers=token(**WORKER)).status_code == 404
    luwan = dict(person_id="lw-ss-g1", roles=("grid_worker",), unit="lw-ss", name="x", district="luwan")
    assert client.get(f"/api/v1/grids/{G1}/courtyard", headers=token(**luwan)).status_code == 404
    assert client.put(f"/api/v1/grids/{G1}/courtyard", json={"version": 1}, headers=token(**luwan)).status_code == 404
    assert mine.json["version"] == 1  # the district's file loaded once
    new = {
        "version": mine.json["version"],
        "buildings": [{"id": "xl-xf-b1", "lon": 124.3963, "lat": 51.681, "units": 3, "floors": 7, "structure": "砖混"}],
        "places": [
            {"ref": "sp2", "kind": "service_point", "name": "幸福小区党群服务点", "lon": 124.398, "lat": 51.681}
        ],
    }
    done = client.put(f"/api/v1/grids/{G1}/courtyard", json=new, headers=token(**WORKER))
    assert done.status_code == 200 and [p["name"] for p in done.json["places"]] == ["幸福小区党群服务点"]
    assert next(b for b in done.json["buildings"] if b["id"] == "xl-xf-b1")["floors"] == 7
    assert next(b for b in done.json["buildings"] if b["id"] == "xl-xf-b2")["position"] is None  # replaced whole
    edits = _rows(loaded, courtyard_edits)
    assert [(e.grid_code, e.person_id) for e in edits][-1] == (G1, "xl-xf-g1") and edits[-1].file["places"][0][
        "ref"
    ] == "sp2"
    assert ("building", "xl-xf-b2", "removed") in [
        (c["item"], c["ref"], c["change"]) for c in edits[-1].file["changes"]
    ]
    loads = _edited_events(loaded)
    event = loads[-1]
    assert [(e["grid_code"], e["edited_by"]) for e in loads[:3]] == [
        (G1, "building-file"),
        (G2, "building-file"),
        ("XL-XF-01-G03", "building-file"),
    ]  # the district's file loaded first: each grid's file new
    assert len(loads) == 4 and all(c["change"] == "added" for c in loads[0]["changes"])
    assert (event["grid_code"], event["edited_by"]) == (G1, "xl-xf-g1")
    by_ref = {(c["item"], c["ref"]): (c["change"], c["values"]) for c in event["changes"]}
    assert by_ref[("building", "xl-xf-b1")] == ("changed", {"lon": 124.3963, "lat": 51.681, "floors": 7, "note": ""})
    assert by_ref[("building", "xl-xf-b2")] == ("removed", {})
    assert by_ref[("place", "sp2")][0] == "added" and by_ref[("place", "sp2")][1]["name"] == "幸福小区党群服务点"
    assert done.json["version"] == 2
    again = client.put(f"/api/v1/grids/{G1}/courtyard", json={**new, "version": 2}, headers=token(**WORKER))
    assert again.status_code == 200 and again.json["version"] == 3
    assert len(_edited_events(loaded)) == len(loads)  # the same facts again: an audit row, no event
    assert len(_rows(loaded, courtyard_edits)) == len(edits) + 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"buildings": [{"id": "xl-xf-b4"}]}, "buildings[0].id"),  # a building of G2
        ({"buildings": [{"id": "xl-xf-b1", "floors": 0}]}, "buildings[0].floors"),
        ({"buildings": [{"id": "xl-xf-b1", "lon": 121.47, "lat": 31.22}]}, "buildings[0].lon"),  # in Luwan
        ({"buildings": [{"id": "xl-xf-b1", "lon": 124.396}]}, "buildings[0].lat"),
        ({"places": [{"ref": "a", "kind": "shop", "name": "x"}]}, "places[0].kind"),
        ({"places": [{"ref": "a", "kind": "facility", "name": "x"}] * 2}, "places"),
    ],
)
def test_a_bad_file_is_a_field_error_and_writes_nothing(loaded, client, token, change, field):
    before = _rows(loaded, building_files), _rows(loaded, grid_places), len(_rows(loaded, courtyard_edits))
    answer = client.put(f"/api/v1/grids/{G1}/courtyard", json={"version": 1, **change}, headers=token(**WORKER))
    assert answer.status_code == 422 and field in [f["field"] for f in answer.json["error"]["fields"]]
    assert (_rows(loaded, building_files), _rows(loaded, grid_places), len(_rows(loaded, courtyard_edits))) == before


def test_the_public_page_draws_the_residents_building_and_the_service_points(loaded, client):
    page = client.get("/building?district=xinlin&address=新林镇幸福小区3号楼").get_data(as_text=True)
    assert "幸福小区第一网格示意图" in page and page.count('fill="#a50f15"') == 1  # the resident's building
    assert "便民服务点:幸福社区服务站(群众工作站)" in page and "4个单元,6层,砖混" in page


def test_two_edits_made_on_the_same_version_cannot_both_save(loaded, client, token):
    read = client.get(f"/api/v1/grids/{G1}/courtyard", headers=token(**WORKER)).json
    first = {"version": read["version"], "buildings": [{"id": "xl-xf-b1", "floors": 7}]}
    second = {"version": read["version"], "buildings": [{"id": "xl-xf-b1", "floors": 9}]}
    assert client.put(f"/api/v1/grids/{G1}/courtyard", json=first, headers=token(**WORKER)).status_code == 200
    before = _rows(loaded, building_files), len(_rows(loaded, courtyard_edits)), len(_edited_events(loaded))
    stale = client.put(f"/api/v1/grids/{G1}/courtyard", json=second, headers=token(**WORKER))
    assert stale.status_code == 409 and stale.json["error"]["code"] == "stale_version"
    assert "您修改的是第1版,现为第2版" in stale.json["error"]["message_zh"]
    after = _rows(loaded, building_files), len(_rows(loaded, courtyard_edits)), len(_edited_events(loaded))
    assert after == before  # nothing written: the first edit's floors stand
    assert next(b for b in _rows(loaded, building_files) if b.building_id == "xl-xf-b1").floors == 7
    current = client.get(f"/api/v1/grids/{G1}/courtyard", headers=token(**WORKER)).json["version"]
    redone = client.put(f"/api/v1/grids/{G1}/courtyard", json={**second, "version": current}, headers=token(**WORKER))
    assert redone.status_code == 200 and redone.json["version"] == current + 1


def test_an_edit_waits_for_one_saving_on_the_same_version_and_is_then_refused(loaded, client, token):
    """An edit in progress holds the grid's version row's lock: one made on the same version meanwhile waits
    for it to commit, and then finds the file moved on. The other edit has only taken the lock when the racing
    one starts (its new version is written after), so only the lock keeps the racing one from reading the old
    version: without it, it reads that and saves (200; checked by taking ``with_for_update`` out)."""
    version = client.get(f"/api/v1/grids/{G1}/courtyard", headers=token(**WORKER)).json["version"]
    answers = []

    def edit() -> None:
        body = {"version": version, "buildings": [{"id": "xl-xf-b1", "floors": 9}]}
        answers.append(
            client.application.test_client().put(f"/api/v1/grids/{G1}/courtyard", json=body, headers=token(**WORKER))
        )

    where = (courtyard_versions.c.district == "xinlin") & (courtyard_versions.c.grid_code == G1)
    with loaded.db.transaction() as session:  # another edit of the same version, saving
        session.execute(select(courtyard_versions).where(where).with_for_update())  # it has read the version
        racing = threading.Thread(target=edit)
        racing.start()
        racing.join(timeout=1.0)
        assert racing.is_alive() and not answers  # it waits for the edit in progress
        session.execute(update(courtyard_versions).where(where).values(version=version + 1))  # which saves
    racing.join()
    [answer] = answers
    assert answer.status_code == 409 and answer.json["error"]["code"] == "stale_version"
