"""The courtyard file form (院落档案, the workbench's grid pages) as intake's PUT takes it: what is typed goes
as typed (numbers as numbers, anything else as text for intake to name the field), a building with nothing
typed and a blank or removed place row are left out, and each item's field path names its row on the form."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from minqing_routing.pages.grid_courtyard import file_from_form, values_of


def test_the_form_becomes_intake_s_body_and_each_item_keeps_its_row():
    form = MultiDict(
        {
            "version": "4",
            "building-0-id": "b1",
            "building-0-lon": "",  # nothing typed for b1: no facts on file
            "building-1-id": "b2",
            "building-1-lon": " 124.3962 ",
            "building-1-lat": "51.6809",
            "building-1-units": "3",
            "building-1-floors": "六",  # not a number: sent as typed, intake names buildings[0].floors
            "building-1-note": "无电梯",
            "place-0-ref": "sp1",
            "place-0-kind": "service_point",
            "place-0-name": "社区服务站",
            "place-0-remove": "yes",
            "place-1-ref": "f1",
            "place-1-kind": "facility",
            "place-1-name": "锅炉房",
            "place-1-lon": "nan",
            "place-2-ref": "p-new",
            "place-2-kind": "service_point",  # a blank new row
        }
    )
    body, where = file_from_form(form, rows=3)
    assert body == {
        "version": 4,
        "buildings": [
            {"id": "b2", "lon": 124.3962, "lat": 51.6809, "units": 3, "floors": "六", "structure": "", "note": "无电梯"}
        ],
        "places": [{"ref": "f1", "kind": "facility", "name": "锅炉房", "lon": "nan", "lat": None, "note": ""}],
    }
    assert where == {"buildings[0]": "building-1", "places[0]": "place-1"}


def test_the_file_read_fills_the_form_with_blank_rows_for_new_places():
    file = {
        "version": 2,
        "buildings": [
            {
                "id": "b1",
                "position": {"lon": 124.39, "lat": 51.68},
                "units": 3,
                "floors": None,
                "structure": "砖混",
                "note": "",
            }
        ],
        "places": [{"ref": "sp1", "kind": "service_point", "name": "服务站", "position": None, "note": "每月25日"}],
    }
    values = values_of(file)
    assert values["version"] == "2" and values["place_rows"] == "3"
    assert (values["building-0-lon"], values["building-0-units"], values["building-0-floors"]) == ("124.39", "3", "")
    assert (values["place-0-ref"], values["place-0-on_file"], values["place-0-note"]) == ("sp1", "yes", "每月25日")
    new = {values["place-1-ref"], values["place-2-ref"]}
    assert len(new) == 2 and all(r.startswith("p-") for r in new) and "place-1-on_file" not in values
    body, _ = file_from_form(MultiDict(values | {"building-0-id": "b1"}), rows=3)
    assert body["places"] == [
        {"ref": "sp1", "kind": "service_point", "name": "服务站", "lon": None, "lat": None, "note": "每月25日"}
    ]
    assert body["buildings"][0] == {
        "id": "b1",
        "lon": 124.39,
        "lat": 51.68,
        "units": 3,
        "floors": None,
        "structure": "砖混",
        "note": "",
    }
