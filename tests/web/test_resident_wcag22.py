"""Every resident page of intake (issue 18 item 8) in Chromium at 320 px wide, JavaScript off: axe-core
with the WCAG 2.2 AA rules (wcag22aa with 2.0/2.1 A and AA, target-size among them), every tap target
at least 24 px, nothing wider than the screen (1.4.10 reflow: no sideways scrolling at 320 px), and no
English word shown (the labels were bilingual; a ticket number, a secret and file formats aside)."""

from __future__ import annotations

import re

import pytest

from minqing_intake.web import create_app

from .browser import WCAG_22_AA, navigate, serious_violations, shot
from .served import IN_BROWSER, SMALL_TARGETS, intake_runtime

NARROW = {"width": 320, "height": 640}
# the page's words outside machine values (the ticket, the secret, the link: letters by nature)
WORDS = """() => { const main = document.querySelector('main').cloneNode(true);
  main.querySelectorAll('#ticket, #secret, #track-link, code, kbd, samp').forEach(e => e.remove());
  return main.innerText; }"""
TICKET = re.compile(r"[A-Z]{2,4}-\d{8}-\d+")
NAMES = {"JPEG", "PNG", "HEIC", "MB", "QR"}  # file formats and units a resident reads as such
WIDER_THAN_SCREEN = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"

pytestmark = IN_BROWSER


@pytest.fixture
def narrow(make_settings, tmp_path, phone_page):
    with (
        intake_runtime(make_settings, PHOTO_DIR=str(tmp_path / "photos")) as runtime,
        phone_page(create_app(runtime=runtime)) as page,
    ):
        page.set_viewport_size(NARROW)
        yield page


def findings(page, name: str) -> list[str]:
    """WCAG 2.2 AA findings of the page as shown (a POST's answer too), its small targets and overflow."""
    shot(page, name)
    found = [f"{name}: small target {t}" for t in page.evaluate(SMALL_TARGETS)]
    overflow = page.evaluate(WIDER_THAN_SCREEN)
    if overflow > 0:
        found.append(f"{name}: {overflow} px wider than a 320 px screen")
    english = [w for w in re.findall(r"[A-Za-z]{2,}", TICKET.sub("", page.evaluate(WORDS))) if w not in NAMES]
    if english:
        found.append(f"{name}: English shown to residents: {english}")
    context = page.context.browser.new_context(viewport=NARROW, locale="zh-CN", bypass_csp=True)
    again = context.new_page()
    again.goto(page.url)
    again.set_content(page.content())
    found += [f"{name}: {v}" for v in serious_violations(again, WCAG_22_AA)]
    context.close()
    return found


def test_every_resident_page_meets_wcag_22_aa_at_320_px(narrow):
    page, problems = narrow, []
    for name, path in (("50-district-step", "/"), ("51-form", "/?district=xinlin"), ("52-track-form", "/track")):
        page.goto(page.base + path)
        problems += findings(page, name)
    page.goto(page.base + "/?district=xinlin")
    page.fill("#content", "短")
    page.check("#request_type-complaint")
    navigate(page, "button[type=submit]")
    problems += findings(page, "53-form-errors")
    page.fill("#content", "幸福小区1号楼楼道灯坏了一个星期,晚上看不见台阶")
    page.fill("#address", "新林镇幸福小区1号楼")
    page.check("#public-yes")  # 公开: 55 is the public track page
    navigate(page, "button[type=submit]")
    ticket, secret = page.inner_text("#ticket"), page.inner_text("#secret")
    assert re.fullmatch(r"XL-\d{8}-\d+", ticket)
    problems += findings(page, "54-receipt")
    page.goto(page.base + f"/track/{ticket}")
    problems += findings(page, "55-track-public")
    page.fill("#secret", secret)
    navigate(page, "form.card button[type=submit]")
    problems += findings(page, "56-track-full")
    for name, path in (("57-mine", "/mine"), ("58-not-found", "/no-such-page")):
        page.goto(page.base + path)
        problems += findings(page, name)
    assert problems == []
