"""Card receipts (民情联系卡) in intake, on PostgreSQL: grid staff record the households of their grid that got
a card, each household once, with card.delivered.v1 in the same transaction naming only the new ones by
opaque id; another grid, another district, a household of another grid or a day ahead writes nothing."""

from __future__ import annotations

import json
import logging
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from minqing_intake.adapters.grid_tables import households
from minqing_intake.adapters.place_tables import card_deliveries
from minqing_intake.adapters.tables import bus

FILE = Path(__file__).resolve().parents[2] / "config" / "households" / "xinlin.csv"
G1, G2 = "XL-XF-01-G01", "XL-XF-01-G02"
WORKER = dict(person_id="xl-xf-g1", roles=("grid_worker",), unit="xl-xf", name="吴秀兰")
TODAY = date.today()


def _ids(runtime, grid):
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(select(households).where(households.c.grid_code == grid)).all()
    return sorted(r.id for r in rows), rows


def _events(runtime):
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(select(bus.outbox).where(bus.outbox.c.event_type == "card.delivered.v1")).all()
    return [json.loads(r.body) for r in rows]


def _deliver(client, token, ids, grid=G1, on=TODAY, district="xinlin", **who):
    body = {"district": district, "grid_code": grid, "households": ids, "delivered_on": on.isoformat()}
    return client.post("/api/v1/card-deliveries", json=body, headers=token(**(who or WORKER)))


def test_each_household_counts_once_and_the_event_names_only_the_new_ones(households_loaded, client, token, caplog):
    caplog.set_level(logging.DEBUG)
    ids, rows = _ids(households_loaded, G1)
    first = _deliver(client, token, ids[:2])
    assert first.status_code == 201 and first.json["recorded"] == ids[:2] and first.json["already"] == []
    again = _deliver(client, token, ids[:3])
    assert again.status_code == 201 and again.json["recorded"] == [ids[2]] and again.json["already"] == ids[:2]
    assert _deliver(client, token, ids[:3]).status_code == 200  # nothing new: no event
    events = _events(households_loaded)
    assert [e["payload"]["household_ids"] for e in events] == [ids[:2], [ids[2]]]
    assert {e["payload"]["grid_code"] for e in events} == {G1} and events[0]["payload"]["delivered_by"] == "xl-xf-g1"
    clear = json.dumps(events, ensure_ascii=False) + caplog.text
    for row in rows:
        assert row.building_id not in clear and f'"{row.door}"' not in clear
    for line in FILE.read_text(encoding="utf-8").splitlines()[1:]:
        name, phone = line.split(",")[-2:]
        assert name not in clear and phone not in clear
    counted = client.get("/api/v1/card-deliveries", headers=token(**WORKER)).json
    assert counted["grids"] == [{"grid_code": G1, "households": len(ids), "cards_delivered": 3}]


def test_outside_ones_grids_or_district_nothing_is_written(households_loaded, client, token):
    ids, _ = _ids(households_loaded, G1)
    other, _ = _ids(households_loaded, G2)
    assert _deliver(client, token, other, grid=G2).status_code == 403  # g1 covers G1 only
    mixed = _deliver(client, token, [ids[0], other[0]])
    assert mixed.status_code == 422 and mixed.json["error"]["fields"][0]["field"] == "households[1]"
    assert _deliver(client, token, ids[:1], on=TODAY + timedelta(days=2)).status_code == 422
    luwan = dict(person_id="lw-ss-g1", roles=("grid_worker",), unit="lw-ss", name="x", district="luwan")
    assert _deliver(client, token, ids[:1], **luwan).status_code == 404
    theirs = client.get("/api/v1/card-deliveries", headers=token(**luwan)).json["grids"]
    assert theirs and all(g["grid_code"].startswith("LW-") for g in theirs)  # never xinlin's grids
    with households_loaded.db.engine.connect() as connection:
        assert connection.execute(select(card_deliveries)).all() == []
    assert _events(households_loaded) == []


def test_a_bad_body_is_a_structured_error(households_loaded, client, token):
    for body in (
        {},
        {"district": "xinlin", "grid_code": G1, "households": [], "delivered_on": "2026-11-24"},
        {"district": "xinlin", "grid_code": G1, "households": ["x"], "delivered_on": "24.11.2026"},
    ):
        answer = client.post("/api/v1/card-deliveries", json=body, headers=token(**WORKER))
        assert answer.status_code == 422 and answer.json["error"]["fields"]
    assert client.post("/api/v1/card-deliveries", json={}).status_code == 401
