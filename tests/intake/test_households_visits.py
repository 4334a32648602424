"""Households (一户一档) and visits (走访) in intake, on PostgreSQL: the demo household file loads sealed,
each person sees only their grids' households and every read is audited, a visit replayed with its key
is one visit and one case, and no household detail reaches the logs or the clear-text event."""

from __future__ import annotations

import json
import logging
from argparse import Namespace
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from minqing_intake.adapters.grid_tables import household_reads, households, visits
from minqing_intake.adapters.tables import bus, cases
from minqing_intake.definition import load_households
from minqing_kit.sealing import open_contact

FILE = Path(__file__).resolve().parents[2] / "config" / "households" / "xinlin.csv"
G1, G2 = "XL-XF-01-G01", "XL-XF-01-G02"
WORKER = dict(person_id="xl-xf-g1", roles=("grid_worker",), unit="xl-xf", name="吴秀兰")


@pytest.fixture
def loaded(settings, runtime):
    assert load_households(settings, Namespace(district="xinlin", file=str(FILE))) == 0
    return runtime


def _rows(runtime, table, *where):
    with runtime.db.engine.connect() as connection:
        return connection.execute(select(table).where(*where)).all()


def _outbox(runtime, event_type: str) -> list[dict]:
    return [json.loads(r.body) for r in _rows(runtime, bus.outbox, bus.outbox.c.event_type == event_type)]


def test_the_household_file_loads_with_contacts_sealed_and_loads_again_as_updates(loaded, settings, keys, capsys):
    rows = _rows(loaded, households)
    assert len(rows) == 32 and all(r.contact_sealed.startswith("x25519:") for r in rows)
    first = next(r for r in rows if r.ref == "xi-h001")
    assert open_contact(first.contact_sealed, keys["notify_private"]) == {"name": "高淑珍", "phone": "18662856232"}
    clear = json.dumps([{k: v for k, v in r._mapping.items() if k != "contact_sealed"} for r in rows], default=str)
    assert "18662856232" not in clear and "高淑珍" not in clear
    assert load_households(settings, Namespace(district="xinlin", file=str(FILE))) == 0
    assert "0 households added, 32 updated" in capsys.readouterr().out
    assert len(_rows(loaded, households)) == 32


def test_a_bad_household_file_loads_nothing(settings, runtime, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(FILE.read_text(encoding="utf-8").replace("xl-xf-b1", "xl-xf-b9", 1), encoding="utf-8")
    assert load_households(settings, Namespace(district="xinlin", file=str(bad))) == 1
    assert "line 2: building_id: not a building of the grid" in capsys.readouterr().err
    assert _rows(runtime, households) == []


def test_each_person_sees_only_their_grids_and_every_read_is_audited(loaded, client, token):
    worker = client.get("/api/v1/households", headers=token(**WORKER)).json
    assert worker["grids"] == [G1] and {h["grid_code"] for h in worker["households"]} == {G1}
    assert len(worker["households"]) == 12 and worker["households"][0]["contact_on_file"] is True
    assert "contact" not in worker["households"][0] and "contact_sealed" not in worker["households"][0]
    community = client.get("/api/v1/households", headers=token("xl-xf-h1", ("community_handler",), unit="xl-xf")).json
    street = client.get("/api/v1/households", headers=token("xl-xl-h1", ("street_handler",), unit="xl-xl")).json
    assert len(community["households"]) == len(street["households"]) == 32
    other = token("lw-ss-h1", ("community_handler",), district="luwan", unit="lw-ss")
    assert client.get("/api/v1/households", headers=other).json["households"] == []
    one = worker["households"][0]["id"]
    assert client.get(f"/api/v1/households/{one}", headers=other).status_code == 404
    neighbour = token("xl-xf-g2", ("grid_worker",), unit="xl-xf")
    assert client.get(f"/api/v1/households/{one}", headers=neighbour).status_code == 404
    assert client.get(f"/api/v1/households/{one}", headers=token(**WORKER)).json["id"] == one
    reads = _rows(loaded, household_reads, household_reads.c.household_id == one)
    assert sorted((r.person_id, r.purpose) for r in reads) == [
        ("xl-xf-g1", "list"),
        ("xl-xf-g1", "show"),
        ("xl-xf-h1", "list"),
        ("xl-xl-h1", "list"),
    ]


def test_grid_staff_enter_and_edit_households_of_their_own_grids_only(loaded, client, token):
    body = {
        "district": "xinlin",
        "grid_code": G1,
        "building_id": "xl-xf-b2",
        "unit": "2",
        "door": "301",
        "size": 1,
        "flags": ["elderly_alone"],
        "contact": {"name": "独居的刘奶奶", "phone": "139 1234 5678"},
    }
    made = client.post("/api/v1/households", json=body, headers=token(**WORKER))
    assert made.status_code == 201 and made.json["flags"] == ["elderly_alone"] and made.json["contact_on_file"]
    stored = _rows(loaded, households, households.c.id == made.json["id"])[0]
    assert "刘奶奶" not in json.dumps(stored._mapping, default=str).replace(stored.contact_sealed, "")
    changed = client.put(
        f"/api/v1/households/{made.json['id']}", json={**body, "size": 2, "flags": []}, headers=token(**WORKER)
    )
    assert (changed.status_code, changed.json["size"], changed.json["flags"]) == (200, 2, [])
    assert (
        client.post(
            "/api/v1/households", json={**body, "grid_code": G2, "building_id": "xl-xf-b4"}, headers=token(**WORKER)
        ).status_code
        == 403
    )
    wrong = client.post("/api/v1/households", json={**body, "building_id": "xl-xf-b4"}, headers=token(**WORKER))
    assert wrong.status_code == 422 and wrong.json["error"]["fields"][0]["field"] == "building_id"


def _visit_body(runtime, **changes) -> dict:
    ids = [r.id for r in _rows(runtime, households, households.c.grid_code == G1)][:3]
    body = {
        "district": "xinlin",
        "grid_code": G1,
        "visited_at": "2026-11-24T10:30:00+08:00",
        "households": ids,
        "matters": [
            {"household_id": ids[0], "outcome": "case", "content": "3号楼楼道的路灯坏了一个月,老人晚上不敢下楼。"},
            {"household_id": ids[1], "outcome": "resolved", "content": "暖气不热,当场联系物业放了气。"},
            {"outcome": "opinion", "content": "希望小区多装几个健身器材。"},
        ],
    }
    return {**body, **changes}


def _cases(runtime) -> int:
    with runtime.db.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(cases)).scalar_one()


def test_a_visit_replayed_with_its_key_is_one_visit_and_one_case(loaded, client, token, caplog):
    caplog.set_level(logging.DEBUG)
    body, key = _visit_body(loaded), {"Idempotency-Key": "visit-0001-from-the-phone"}
    first = client.post("/api/v1/visits", json=body, headers={**token(**WORKER), **key})
    again = client.post("/api/v1/visits", json=body, headers={**token(**WORKER), **key})
    assert first.status_code == again.status_code == 201 and first.json == again.json
    assert len(_rows(loaded, visits)) == 1 and _cases(loaded) == 1
    [case] = _rows(loaded, cases)
    assert (case.channel, case.grid_code, json.loads(case.first_contact)["id"]) == ("grid_visit", G1, "xl-xf-g1")
    assert first.json["matters"][0]["case_id"] == case.id and first.json["matters"][0]["ticket"] == case.ticket
    [event] = _outbox(loaded, "visit.recorded.v1")
    assert event["payload"]["household_ids"] == sorted(body["households"])
    assert [m["outcome"] for m in event["payload"]["matters"]] == ["case", "resolved", "opinion"]
    assert len(_outbox(loaded, "case.received.v1")) == 1
    details = [
        (r.door, r.building_id, r.contact_sealed) for r in _rows(loaded, households) if r.id in body["households"]
    ]
    clear = json.dumps(event) + caplog.text
    for door, building, sealed in details:
        assert f'"{door}"' not in json.dumps(event) and building not in clear and sealed not in clear
    assert "路灯" not in json.dumps(event) and "暖气" not in clear and "健身" not in clear
    changed = client.post("/api/v1/visits", json={**body, "matters": []}, headers={**token(**WORKER), **key})
    assert changed.status_code == 422 and changed.json["error"]["code"] == "idempotency_key_reused"


def test_a_matter_filed_on_a_visit_keeps_the_public_choice_and_a_non_public_one_has_no_public_view(
    loaded, client, token
):
    """Staff filing asks 公开 / 不公开 (issue 18): the workbench's visit form sends ``public`` per matter."""
    body = _visit_body(loaded)
    hidden, shown = ({**body["matters"][0], "public": choice} for choice in (False, True))
    headers = {**token(**WORKER), "Idempotency-Key": "visit-0003-public-choice"}
    answer = client.post("/api/v1/visits", json={**body, "matters": [hidden, shown]}, headers=headers)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    tickets = [m["ticket"] for m in answer.json["matters"]]
    events = {e["payload"]["ticket"]: e["payload"] for e in _outbox(loaded, "case.received.v1")}
    assert [events[t]["public"] for t in tickets] == [False, True]
    assert [client.get(f"/api/v1/cases/{t}").status_code for t in tickets] == [404, 200]


def test_a_bad_visit_writes_nothing(loaded, client, token):
    key = {"Idempotency-Key": "visit-0002-from-the-phone"}
    other = _rows(loaded, households, households.c.grid_code == G2)[0].id
    body = _visit_body(loaded)
    bad = client.post(
        "/api/v1/visits", json={**body, "households": [*body["households"], other]}, headers={**token(**WORKER), **key}
    )
    assert bad.status_code == 422 and bad.json["error"]["fields"][0]["field"] == "households[3]"
    assert client.post("/api/v1/visits", json=body, headers=token(**WORKER)).status_code == 422  # no key
    assert (
        client.post("/api/v1/visits", json={**body, "grid_code": G2}, headers={**token(**WORKER), **key}).status_code
        == 403
    )
    hotline = token("xl-op-1", ("hotline_operator",))
    assert client.post("/api/v1/visits", json=body, headers={**hotline, **key}).status_code == 403
    assert _rows(loaded, visits) == [] and _cases(loaded) == 0 and _outbox(loaded, "case.received.v1") == []


def test_the_diary_is_the_persons_day_for_them_and_their_supervisors(loaded, client, token):
    body = _visit_body(loaded)
    client.post("/api/v1/visits", json=body, headers={**token(**WORKER), "Idempotency-Key": "visit-0003-phone"})
    url = "/api/v1/visits/diary?person=xl-xf-g1&date=2026-11-24"
    mine = client.get(url, headers=token(**WORKER)).json
    assert mine["counts"] == {"visits": 1, "households": 3, "case": 1, "resolved": 1, "opinion": 1}
    assert mine["visits"][0]["households"][0]["building_id"].startswith("xl-xf-b")
    [filed] = [m for m in mine["visits"][0]["matters"] if m["outcome"] == "case"]
    assert (filed["case_status"], filed["case_satisfaction"]) == ("received", None)  # as the case stands now
    with loaded.db.transaction() as session:
        session.execute(
            update(cases).where(cases.c.ticket == filed["ticket"]).values(status="resolved", satisfaction="satisfied")
        )
    again = client.get(url, headers=token(**WORKER)).json["visits"][0]["matters"]
    assert [(m["case_status"], m["case_satisfaction"]) for m in again if m.get("ticket")] == [("resolved", "satisfied")]
    assert all("case_status" not in m for m in again if not m.get("ticket"))
    assert client.get(url, headers=token("xl-xf-h1", ("community_handler",), unit="xl-xf")).status_code == 200
    assert client.get(url, headers=token("xl-xl-h1", ("street_handler",), unit="xl-xl")).status_code == 200
    assert client.get(url, headers=token("xl-lh-h1", ("community_handler",), unit="xl-lh")).status_code == 404
    assert client.get(url, headers=token("xl-xf-g2", ("grid_worker",), unit="xl-xf")).status_code == 404
    assert client.get(url.replace("24", "25"), headers=token(**WORKER)).json["visits"] == []
    reads = _rows(loaded, household_reads, household_reads.c.purpose == "diary")
    assert {r.person_id for r in reads} == {"xl-xf-g1", "xl-xf-h1", "xl-xl-h1"}


def test_a_station_cadre_records_visits_in_the_grids_of_their_teams(loaded, client, token):
    """xl-xl-z1 is the street's 驻站 cadre on the teams of 幸福社区's grids, with the grid_worker role."""
    cadre = token("xl-xl-z1", ("grid_worker",), unit="xl-xl", name="蒋卫东")
    ids = [r.id for r in _rows(loaded, households, households.c.grid_code == G2)][:2]
    body = {"district": "xinlin", "grid_code": G2, "visited_at": "2026-11-25T15:00:00+08:00", "households": ids}
    made = client.post("/api/v1/visits", json=body, headers={**cadre, "Idempotency-Key": "visit-cadre-0001-phone"})
    assert made.status_code == 201 and made.json["visitor_id"] == "xl-xl-z1"
    elsewhere = {**body, "grid_code": "XL-LH-01-G01", "households": ids}
    assert (
        client.post(
            "/api/v1/visits", json=elsewhere, headers={**cadre, "Idempotency-Key": "visit-cadre-0002-phone"}
        ).status_code
        == 403
    )


def test_the_household_list_says_when_each_was_last_visited_and_a_late_sent_visit_never_moves_it_back(
    loaded, client, token
):
    body = _visit_body(loaded, matters=[])
    late = {**body, "visited_at": "2026-11-20T09:00:00+08:00", "households": body["households"][:2]}
    for key, sent in (("visit-0004-phone", body), ("visit-0005-phone-was-offline", late)):
        assert (
            client.post("/api/v1/visits", json=sent, headers={**token(**WORKER), "Idempotency-Key": key}).status_code
            == 201
        )
    listed = {
        h["id"]: h["last_visited_on"]
        for h in client.get("/api/v1/households", headers=token(**WORKER)).json["households"]
    }
    assert {listed[h] for h in body["households"]} == {"2026-11-24"}
    assert sum(day is None for day in listed.values()) == len(listed) - 3
