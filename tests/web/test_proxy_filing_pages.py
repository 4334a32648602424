"""A 联户党员 files for a resident from a phone (390x844) in Chromium, over intake and routing's workbench on the
real broker and PostgreSQL (issue 17, proxy filing): signed in, the workbench offers 录入诉求 with 代办 first;
the filing records the channel, the party member as first contact and proxy with the resident's consent,
不公开 as chosen, and the resident's phone sealed, not in intake's row. axe-core finds nothing serious and every
target is >= 24 px."""

from __future__ import annotations

import json

from sqlalchemy import select

from minqing_intake.adapters.tables import cases

from .browser import navigate
from .served import checked
from .test_grid_worker_pages import browser, pytestmark, signed_in, stack  # noqa: F401 (fixtures, markers)

MEMBER = "xl-xf-p1"  # 石国梁, party member of 幸福社区's grids in the demo file
RESIDENT_PHONE = "13700001111"


def test_a_party_member_files_for_a_resident_from_a_phone(browser, stack):  # noqa: F811
    page = signed_in(browser, stack, person=MEMBER)
    assert page.locator("#grid-link").count() == 0  # a volunteer has no grid work pages
    navigate(page, "#file-link")
    assert page.input_value("#channel") == "proxy" and page.is_checked("#public-no")
    page.fill("#content", "3号楼独居的刘大爷家厨房水管漏水,他行动不便,托我代为反映。")
    page.select_option("#request_type", "help")
    page.select_option("#grid_code", "XL-XF-01-G01")
    page.fill("#name", "刘大爷")
    page.fill("#phone", RESIDENT_PHONE)
    page.fill("#filed_for", "3号楼刘大爷")
    page.select_option("#consent_how", "in_person")
    page.fill("#consent_note", "当面口头同意")
    for _ in range(3):  # intake slower than routing waits (a loaded machine): the form is kept, press again
        navigate(page, "#file-submit")  # filed, or the form again with why
        if page.locator("#filed-ticket").count():
            break
        assert "暂时" in page.inner_text(".alert") and page.input_value("#filed_for") == "3号楼刘大爷"
    ticket = page.inner_text("#filed-ticket")
    assert "代理人" in page.inner_text("#filed-proxy")
    problems = checked(page, "proxy-filed-phone")

    with stack.intake.db.engine.connect() as connection:
        [row] = connection.execute(select(cases)).all()  # pressed again, filed once (the form's Idempotency-Key)
    assert row.ticket == ticket
    first_contact = json.loads(row.first_contact)
    assert (row.channel, row.filed_for, row.public) == ("proxy", "3号楼刘大爷", False)
    assert (first_contact["id"], first_contact["role"]) == (MEMBER, "party_member")
    assert json.loads(row.proxy_consent)["how"] == "in_person"
    assert RESIDENT_PHONE not in json.dumps([str(v) for v in row]) and row.contact_sealed
    assert problems == []
