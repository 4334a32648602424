"""Playwright on Debian's Chromium (never `playwright install`), screenshots, and the axe-core check."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "test-artifacts" / "screenshots"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)


def navigate(page, target) -> None:
    """Clicks ``target`` (a selector on ``page``, or a Locator) that loads another document: a link, a form's
    submit, the redirect after a POST. Returns once that document has loaded (Playwright's ``click`` returns
    without waiting for the navigation it starts). Reads that do not wait (``count()``, ``all_inner_texts()``,
    ``evaluate()``, ``page.url``, ``page.content()``, a screenshot, axe, or ``inner_text`` of what the page
    being left has too) then read the new page, not the old one; a click that loads nothing fails here, by the
    navigation's timeout."""
    with page.expect_navigation():
        if isinstance(target, str):
            page.click(target)
        else:
            target.click()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


# WCAG 2.2 AA and what it includes (2.0, 2.1 A and AA): runOnly by these tags also runs the rules axe
# leaves off by default, such as target-size (2.5.8, 24 px); best-practice keeps axe's default checks.
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def serious_violations(page, tags: list[str] | None = None) -> list[str]:
    """axe-core (from the npm registry, web/node_modules) on the page: serious and critical findings;
    ``tags``: only the rules of those tags (``WCAG_22_AA``), each one run even if off by default."""
    page.add_script_tag(path=str(AXE))
    options = {"resultTypes": ["violations"], **({"runOnly": {"type": "tag", "values": tags}} if tags else {})}
    result = page.evaluate("async (options) => await axe.run(document, options)", options)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def available() -> bool:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return CHROMIUM.exists() and AXE.exists()
