"""The web package's two shared things, each started by the first test that asks for it and stopped after
the package's last test. The one `make up` stack, for the browser modules that need every process:
test_browser_flows' resident, handler and supervisor flows, then test_workbench_day's handler's day,
which seeds and files in a community of its own (向阳社区) so that neither module sees the other's cases.
And one Chromium (``browser``): a launch cost 1-3 s, once per module or test before; a test opens contexts
of its own (cookies, storage, pages), all closed after it, so no test sees another's."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import yaml
from e2e.stack import stack_on_its_own_vhost

from . import served
from .browser import launch

DEMO_DISTRICTS = Path(__file__).resolve().parents[2] / "config" / "districts"


@pytest.fixture(scope="package")
def web_stack(_broker, postgres, tmp_path_factory):
    districts = without_quiet_hours(tmp_path_factory.mktemp("districts"))
    with stack_on_its_own_vhost(
        _broker, postgres, tmp_path_factory.mktemp("webstack"), {"DISTRICTS_DIR": str(districts)}
    ) as running:
        yield running


@pytest.fixture(scope="package")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()


@pytest.fixture
def browser(chromium):
    """The package's Chromium; every context the test opened is closed after it."""
    yield chromium
    for context in chromium.contexts:
        context.close()


@pytest.fixture
def phone_page(browser):
    """``with phone_page(app) as page``: a phone-sized page with JavaScript off on the app served locally
    (``served.phone_page``)."""
    return functools.partial(served.phone_page, browser)


def without_quiet_hours(directory: Path) -> Path:
    """The demo districts, xinlin's residents' SMS quiet hours off: the rating SMS goes out at any hour."""
    for source in DEMO_DISTRICTS.glob("*.yaml"):
        config = yaml.safe_load(source.read_text(encoding="utf-8"))
        if config["code"] == "xinlin":
            config.setdefault("notifications", {}).update(quiet_start="00:00", quiet_end="00:00")
        (directory / source.name).write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return directory
