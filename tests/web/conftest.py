"""The one `make up` stack of the web package, for the browser modules that need every process:
test_browser_flows' resident, handler and supervisor flows, then test_workbench_day's handler's day,
which seeds and files in a community of its own (向阳社区) so that neither module sees the other's cases.
Started by the first module that asks for it, stopped after the package's last test."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from e2e.stack import stack_on_its_own_vhost

DEMO_DISTRICTS = Path(__file__).resolve().parents[2] / "config" / "districts"


@pytest.fixture(scope="package")
def web_stack(_broker, postgres, tmp_path_factory):
    districts = without_quiet_hours(tmp_path_factory.mktemp("districts"))
    with stack_on_its_own_vhost(
        _broker, postgres, tmp_path_factory.mktemp("webstack"), {"DISTRICTS_DIR": str(districts)}
    ) as running:
        yield running


def without_quiet_hours(directory: Path) -> Path:
    """The demo districts, xinlin's residents' SMS quiet hours off: the rating SMS goes out at any hour."""
    for source in DEMO_DISTRICTS.glob("*.yaml"):
        config = yaml.safe_load(source.read_text(encoding="utf-8"))
        if config["code"] == "xinlin":
            config.setdefault("notifications", {}).update(quiet_start="00:00", quiet_end="00:00")
        (directory / source.name).write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return directory
