"""A Flask app of ours served on a free local port in a thread, for a browser to load (no stack needed)."""

from __future__ import annotations

import contextlib
import os

import pytest

from minqing_intake.bootstrap import bootstrap
from minqing_intake.definition import DEFINITION
from support.wsgi_server import serving

from .browser import PHONE, ROOT, available, serious_violations, shot

# a browser test module's pytestmark: marked ``browser``, skipped without Chromium except in CI
IN_BROWSER = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not available() and not os.environ.get("CI"), reason="needs playwright, /usr/bin/chromium and web/node_modules"
    ),
]

# Every visible control a resident taps: at least 24 x 24 CSS px (WCAG 2.2 AA 2.5.8).
SMALL_TARGETS = """() => [...document.querySelectorAll('a, button, input, select, textarea, summary')]
  .filter(e => e.type !== 'hidden' && e.getClientRects().length)
  .map(e => [e, e.getBoundingClientRect()])
  .filter(([e, r]) => r.right > 0 && r.bottom > 0 && (r.width < 24 || r.height < 24))
  .map(([e, r]) => `${e.tagName.toLowerCase()}#${e.id} "${e.textContent.trim().slice(0, 12)}" `
                 + `${r.width}x${r.height}`)"""


def checked(page, name: str) -> list[str]:
    """axe-core's serious findings and the too-small tap targets of the page, after a screenshot."""
    shot(page, name)
    small = [f"small target {t}" for t in page.evaluate(SMALL_TARGETS)]
    return small + axe_findings(page)


def axe_findings(page) -> list[str]:
    """axe needs JavaScript: the same document (a POST's answer too) in a context that runs scripts."""
    context = page.context.browser.new_context(viewport=PHONE, locale="zh-CN", bypass_csp=True)
    again = context.new_page()
    again.goto(page.url)  # the page's address, so that its stylesheet loads
    again.set_content(page.content())
    found = serious_violations(again)
    context.close()
    return found


@contextlib.contextmanager
def phone_page(browser, app):
    """A Chromium page, phone-sized and with JavaScript off, on the app served locally (``page.base``);
    tests take it as the ``phone_page`` fixture (conftest.py), on the package's browser."""
    with serving(app) as base:
        context = browser.new_context(viewport=PHONE, locale="zh-CN", java_script_enabled=False)
        page = context.new_page()
        page.base = base
        try:
            yield page
        finally:
            context.close()


@contextlib.contextmanager
def intake_runtime(make_settings, **settings):
    """Intake's runtime on a fresh database with the repository's districts; ``settings`` add or override."""
    runtime = bootstrap(
        make_settings(
            DEFINITION,
            DISTRICTS_DIR=str(ROOT / "config" / "districts"),
            RATE_LIMIT_ADDRESS="1000/1m",
            INTAKE_SECRET_KEY="test-secret-key-0123456789",
            **settings,
        )
    )
    try:
        yield runtime
    finally:
        runtime.db.dispose()
