"""The responsibility catalogue (职责清单): a district's file validated line by line, loaded as versions;
dispatches by its items record the item and version, which stay after the catalogue changes; returns
and rulings cite items; the public list and each item's right-first-time rate. Rules without a
database first, then through the real broker and PostgreSQL."""

from __future__ import annotations

import csv
import io
from argparse import Namespace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from minqing_kit.orgconfig import load_districts
from minqing_routing.adapters.tables import cases, history
from minqing_routing.catalogue import load_file
from minqing_routing.definition import load_catalogue
from minqing_routing.domain.catalogue import choose, parse, right_first_time
from minqing_routing.domain.org import build_org

from .harness import received, reclassified
from .test_workbench_pages import Workbench, text_of

HEADER = "item_id,matter,category,level,unit_id,street_duty,community_duty,legal_basis,effective_from,effective_to\n"
DISTRICTS = Path(__file__).parent / "districts"


@pytest.fixture(scope="module")
def hilltown():
    return build_org(load_districts(DISTRICTS)["hilltown"])


def rows(text: str):
    return list(enumerate(csv.DictReader(io.StringIO(HEADER + text)), start=2))


def test_each_bad_line_is_named_and_nothing_is_parsed_from_it(hilltown):
    items, problems = parse(
        rows(
            "HT-001,生活垃圾清运,environment,community,,督促,组织清运,《城市市容和环境卫生管理条例》,2026-01-01,\n"
            "HT-002,占道经营,nosuch,department,ht-cgj,,,《条例》,2026-01-01,\n"
            "HT-003,路灯,municipal,department,,,,《条例》,2026-13-01,\n"
            "HT-001,重复,environment,street,ht-c1,,,,2026-01-01,2025-01-01\n"
        ),
        hilltown,
    )
    assert [i.item_id for i in items] == ["HT-001"]
    assert problems == [
        "line 3: category: nosuch is not a category of hilltown",
        "line 4: unit_id: required for level department",
        "line 4: effective_from: must be a date YYYY-MM-DD",
        "line 5: legal_basis: required",
        "line 5: unit_id: ht-c1 is not a department or resident unit of hilltown",
        "line 5: effective_to: must not be before effective_from",
        "line 5: item_id: HT-001 appears twice",
    ]


def test_the_item_in_force_on_the_day_is_chosen(hilltown):
    items, problems = parse(
        rows(
            "HT-010,旧规定,environment,street,,,,《旧条例》,2025-01-01,2026-06-30\n"
            "HT-011,新规定,environment,department,ht-cgj,,,《新条例》,2026-07-01,\n"
        ),
        hilltown,
    )
    assert problems == []
    assert choose(items, "environment", date(2026, 6, 30)).item_id == "HT-010"
    assert choose(items, "environment", date(2026, 7, 1)).item_id == "HT-011"
    assert choose(items, "environment", date(2024, 12, 31)) is None
    assert choose(items, "municipal", date(2026, 7, 1)) is None


def test_right_first_time_counts_a_case_for_the_item_of_its_first_dispatch():
    steps = [
        ("a", "dispatch", "c1", "I1", 1),  # kept: right first time
        ("b", "dispatch", "c1", "I1", 1),
        ("b", "return", "c1", "I1", 1),  # returned by the unit the item named
        ("b", "dispatch", "cgj", None, None),  # the re-dispatch does not count again
        ("c", "dispatch", "c2", "I1", 2),  # another version counts apart
        ("d", "dispatch", "c2", None, None),  # not dispatched by the catalogue
        ("d", "rule", "c2", "I1", 2),
    ]
    found = [r.as_dict() for r in right_first_time(steps)]
    assert found == [
        {"item_id": "I1", "version": 1, "dispatched": 2, "right_first_time": 1, "rate": 0.5},
        {"item_id": "I1", "version": 2, "dispatched": 1, "right_first_time": 1, "rate": 1.0},
    ]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(HEADER + text, encoding="utf-8")
    return path


def dispatch_steps(routing, case_id: str) -> list[tuple]:
    query = select(history.c.action, history.c.unit_id, history.c.catalogue_item, history.c.catalogue_version).where(
        history.c.case_id == case_id, history.c.action.in_(("dispatch", "rule", "return"))
    )
    with routing.runtime.db.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(query.order_by(history.c.id))]


def test_the_version_a_dispatch_used_stays_after_the_catalogue_changes(routing, tmp_path):
    first = write(tmp_path, "v1.csv", "HT-E1,垃圾清运,environment,street,,组织清运,,《条例》第十条,2020-01-01,\n")
    assert load_file(routing.runtime, "hilltown", first) == (1, 1)
    before = received("HT-CAT-1", grid="HT-C2-G01")
    routing.publish(before)
    [sent] = routing.capture.wait(before.case_id, "case.dispatched.v1")
    assert (sent["payload"]["unit_id"], sent["payload"]["reason"]) == ("ht-s1", "catalogue")
    assert (sent["payload"]["catalogue_item_id"], sent["payload"]["catalogue_version"]) == ("HT-E1", 1)

    second = write(tmp_path, "v2.csv", "HT-E1,垃圾清运,environment,department,ht-cgj,,,《条例》第十条,2020-01-01,\n")
    assert load_file(routing.runtime, "hilltown", second) == (2, 1)
    after = received("HT-CAT-2", grid="HT-C2-G01")
    routing.publish(after)
    [sent_after] = routing.capture.wait(after.case_id, "case.dispatched.v1")
    assert (sent_after["payload"]["unit_id"], sent_after["payload"]["catalogue_version"]) == ("ht-cgj", 2)

    with routing.runtime.db.engine.connect() as connection:
        row = connection.execute(select(cases).where(cases.c.id == before.case_id)).one()
    assert (row.unit_id, row.catalogue_item, row.catalogue_version) == ("ht-s1", "HT-E1", 1)
    assert dispatch_steps(routing, before.case_id) == [("dispatch", "ht-s1", "HT-E1", 1)]
    detail = routing.api.get("ht-s1-h1", f"/api/v1/cases/{before.case_id}").get_json()["history"]
    cited = [(h["action"], h["catalogue_item"], h["catalogue_version"]) for h in detail if h["action"] == "dispatch"]
    assert cited == [("dispatch", "HT-E1", 1)]
    page = text_of(Workbench(routing.api.client.application, "ht-s1-h1").case(before.case_id), "history")
    assert "按职责清单派单 · 职责清单事项 HT-E1(第1版)" in page
    listing = routing.api.client.get("/api/v1/districts/hilltown/catalogue").get_json()
    assert listing["version"] == 2 and [i["unit_id"] for i in listing["items"]] == ["ht-cgj"]


def test_a_bad_file_loads_nothing_and_names_its_lines(routing, tmp_path):
    bad = write(tmp_path, "bad.csv", "HT-X,事项,environment,department,,,,,2020-01-01,\n")
    with pytest.raises(ValueError) as refused:
        load_file(routing.runtime, "hilltown", bad)
    assert str(refused.value).splitlines() == [
        "line 2: legal_basis: required",
        "line 2: unit_id: required for level department",
    ]
    assert routing.api.client.get("/api/v1/districts/hilltown/catalogue").get_json()["version"] is None
    assert routing.api.client.get("/api/v1/districts/nowhere/catalogue").status_code == 404


def test_returns_and_rulings_cite_items_and_the_rate_counts_the_return(routing, tmp_path):
    items = (
        "HT-M1,路灯维修,municipal,community,,,巡查上报,《城市照明管理规定》,2020-01-01,\n"
        "HT-M2,路灯产权单位维修,municipal,department,ht-rl,,,《城市照明管理规定》第二十条,2020-01-01,\n"
    )
    load_file(routing.runtime, "hilltown", write(tmp_path, "m.csv", items))
    case = received("HT-CAT-3", category="municipal", grid="HT-C2-G01")
    kept = received("HT-CAT-4", category="municipal", grid="HT-C1-G01")
    routing.publish(case, kept)
    routing.capture.wait(case.case_id, "case.dispatched.v1")
    routing.capture.wait(kept.case_id, "case.dispatched.v1")
    path = f"/api/v1/cases/{case.case_id}/return"
    unknown = routing.api.post("ht-c2-h1", path, {"reason_code": "unclear_ownership", "catalogue_item": "HT-NO"})
    assert unknown.status_code == 422 and unknown.get_json()["error"]["fields"][0]["field"] == "catalogue_item"
    done = routing.api.post("ht-c2-h1", path, {"reason_code": "unclear_ownership", "catalogue_item": "HT-M2"})
    assert done.status_code == 200, done.get_json()
    [returned] = routing.capture.wait(case.case_id, "case.returned.v1")
    assert returned["payload"]["catalogue_item_id"] == "HT-M2"
    routing.api.post("ht-cgj-h1", path, {"reason_code": "not_our_duty"})  # wherever it went next: the district
    routing.capture.wait(case.case_id, "case.escalated.v1")
    ruled = routing.api.post(
        "ht-dp",
        f"/api/v1/cases/{case.case_id}/rule",
        {"unit_id": "ht-rl", "reason": "路灯属燃气热力公司产权", "catalogue_item": "HT-M2"},
    )
    assert ruled.status_code == 200, ruled.get_json()
    last = routing.capture.wait(case.case_id, "case.dispatched.v1", count=3)[-1]["payload"]
    assert (last["reason"], last["catalogue_item_id"], last["catalogue_version"]) == ("ruling", "HT-M2", 1)
    steps = dispatch_steps(routing, case.case_id)
    assert steps[0] == ("dispatch", "ht-c2", "HT-M1", 1) and steps[1] == ("return", "ht-c2", "HT-M2", 1)
    assert steps[-1] == ("rule", "ht-rl", "HT-M2", 1)

    rates = routing.api.client.get("/api/v1/districts/hilltown/catalogue/right-first-time").get_json()
    assert rates["formula"].startswith("right_first_time / dispatched")
    assert rates["items"] == [
        {"item_id": "HT-M1", "version": 1, "dispatched": 2, "right_first_time": 1, "rate": 0.5},
    ]
    page = routing.api.client.get("/workbench/catalogue/hilltown").get_data(as_text=True)
    assert "路灯产权单位维修" in page and "50.0%(1/2)" in page and "《城市照明管理规定》第二十条" in page


def test_the_subcommand_loads_a_file_and_refuses_bad_ones(routing_settings, routing, tmp_path, capsys):
    good = write(tmp_path, "good.csv", "HT-P1,物业服务,property,community,,,协调物业,《物业管理条例》,2020-01-01,\n")
    assert load_catalogue(routing_settings, Namespace(district="hilltown", file=str(good))) == 0
    assert "hilltown: catalogue version 1 with 1 items" in capsys.readouterr().out
    bad = write(tmp_path, "bad.csv", "HT-P2,物业服务,property,village,,,,《物业管理条例》,2020-01-01,\n")
    assert load_catalogue(routing_settings, Namespace(district="hilltown", file=str(bad))) == 1
    assert "line 2: level: must be one of community, street, department" in capsys.readouterr().err
    assert load_catalogue(routing_settings, Namespace(district="nowhere", file=str(good))) == 2


def test_the_demo_districts_catalogue_file_is_valid():
    root = Path(__file__).resolve().parents[2]
    org = build_org(load_districts(root / "config" / "districts")["xinlin"])
    with (root / "config" / "catalogue" / "xinlin.csv").open(encoding="utf-8-sig") as handle:
        items, problems = parse(enumerate(csv.DictReader(handle), start=2), org)
    assert problems == [] and len(items) == 12
    assert {i.category for i in items} == {c.code for c in org.config.categories}  # every category has an item


def test_a_reclassified_case_is_dispatched_by_the_item_of_its_new_category(routing, tmp_path):
    load_file(
        routing.runtime,
        "hilltown",
        write(tmp_path, "p.csv", "HT-P9,物业,property,street,,,,《物业管理条例》,2020-01-01,\n"),
    )
    case = received("HT-CAT-5", category="other", grid="HT-C2-G01")
    routing.publish(case)
    [first] = routing.capture.wait(case.case_id, "case.dispatched.v1")
    assert first["payload"]["catalogue_item_id"] is None  # no item for "other": the rules sent it
    routing.publish(reclassified(case, "property"))
    again = routing.capture.wait(case.case_id, "case.dispatched.v1", count=2)[-1]["payload"]
    assert (again["reason"], again["unit_id"], again["catalogue_item_id"]) == ("reclassified", "ht-s1", "HT-P9")


def test_the_workbench_return_form_cites_an_item(routing, tmp_path):
    item = "HT-E7,垃圾,environment,community,,,清运,《条例》,2020-01-01,\n"
    load_file(routing.runtime, "hilltown", write(tmp_path, "e.csv", item))
    case = received("HT-CAT-6", grid="HT-C2-G01")
    routing.publish(case)
    routing.capture.wait(case.case_id, "case.dispatched.v1")
    handler = Workbench(routing.api.client.application, "ht-c2-h1")
    assert 'name="catalogue_item"' in handler.case(case.case_id)
    form = {"csrf_token": handler.csrf, "reason_code": "wrong_place", "catalogue_item": "HT-NOPE"}
    unknown = handler.client.post(f"/workbench/cases/{case.case_id}/do/return", data=form)  # refused before confirming
    assert unknown.status_code == 422 and "本区现行职责清单中没有事项HT-NOPE" in unknown.get_data(as_text=True)
    done = handler.act(case.case_id, "return", reason_code="wrong_place", reason="不在本社区", catalogue_item="HT-E7")
    assert done.status_code == 303
    [returned] = routing.capture.wait(case.case_id, "case.returned.v1")
    assert returned["payload"]["catalogue_item_id"] == "HT-E7"
