"""The staff page of a grid's courtyard/building file edits (院落档案修改记录, 14), signed in through routing:
the edits intake announced (courtyard.file_edited.v1) newest first, with the editor's name and each change
in words; read by the grid's staff (its grid worker), its community's and street's staff and the district's
supervisors, and by nobody else (another community's handler or grid worker: 404)."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
from evaluation.conftest import DISTRICTS, T0, event, make_service  # noqa: F401  (fixtures)

from minqing_contracts import new_envelope
from minqing_contracts.events.intake import CourtyardFileEdited

from .browser import available, navigate
from .served import checked
from .test_staff_pages import PASSWORD, keys, service, sign_in  # noqa: F401  (fixtures)

PAGE = "/staff/grids/TV-C1-G01/courtyard-edits"


def edited(grid: str, person: str, hour: int, changes: list[dict]):
    at = datetime(2026, 11, 2, hour, 0, tzinfo=UTC)
    payload = CourtyardFileEdited(grid_code=grid, edited_by=person, edited_at=at, changes=changes)
    return new_envelope(payload, district="testville", producer="intake", occurred_at=at)


def test_a_grids_courtyard_edits_are_read_newest_first_by_its_staff_and_supervisors(service):
    service.feed(
        edited(
            "TV-C1-G01",
            "building-file",
            1,
            [{"item": "building", "ref": "tv-b1", "change": "added", "values": {"floors": 6, "units": 3}}],
        ),
        edited(
            "TV-C1-G01",
            "tv-c1-g1",
            3,
            [
                {"item": "building", "ref": "tv-b1", "change": "changed", "values": {"floors": 7}},
                {"item": "place", "ref": "sp1", "change": "removed", "values": {}},
            ],
        ),
        edited(
            "TV-C2-G01", "tv-c2-g1", 4, [{"item": "place", "ref": "x", "change": "added", "values": {"name": "二号站"}}]
        ),
    )
    client = service.client
    sign_in(client, "tv-c1-g1")  # 孙七, the grid's worker
    assert PAGE in client.get("/staff").get_data(as_text=True)
    page = client.get(PAGE)
    shown = page.get_data(as_text=True)
    assert page.status_code == 200
    assert shown.index("2026-11-02 11:00") < shown.index("2026-11-02 09:00")  # newest first, local time
    assert "孙七" in shown and "修改楼栋 tv-b1:层数 7" in shown and "删除场所 sp1" in shown
    assert "全区院落档案导入" in shown and "新增楼栋 tv-b1:层数 6、单元数 3" in shown
    assert "二号站" not in shown  # another grid's edit
    for reader in ("tv-c1-h1", "tv-s1-h1", "tv-d-h1"):  # its community, its street, the district's supervisor
        sign_in(client, reader)
        assert client.get(PAGE).status_code == 200, reader
    for stranger in ("tv-c2-h1", "tv-c2-g1"):  # another community's handler and grid worker
        sign_in(client, stranger)
        assert client.get(PAGE).status_code == 404, stranger
    assert "TV-C1-G01" not in client.get("/staff").get_data(as_text=True)
    sign_in(client, "tv-c1-h1")
    assert client.get("/staff/grids/TV-NOPE/courtyard-edits").status_code == 404


@pytest.mark.browser
@pytest.mark.skipif(not available() and not os.environ.get("CI"), reason="needs playwright, chromium, web/node_modules")
def test_the_grid_worker_reads_the_edits_on_a_phone(service, phone_page):
    change = {"item": "building", "ref": "tv-b1", "change": "changed", "values": {"floors": 7, "note": "加装电梯"}}
    service.feed(edited("TV-C1-G01", "tv-c1-g1", 3, [change]))
    with phone_page(service.client.application) as phone:
        phone.goto(f"{phone.base}/staff")
        phone.fill("#person_id", "tv-c1-g1")
        phone.fill("#password", PASSWORD)
        navigate(phone, "button:has-text('登录')")
        navigate(phone, "#staff-grids a")
        assert phone.inner_text("h1").startswith("第一网格(TV-C1-G01)院落档案修改记录")
        assert "修改楼栋 tv-b1:层数 7、备注 加装电梯" in phone.inner_text("#courtyard-edits")
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        problems = checked(phone, "66-staff-courtyard-edits-phone")
    assert problems == []
