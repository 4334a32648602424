"""The domain knows no framework, and the bus processes no web framework: each service's ``domain``
modules, and what its consumer, relay and scheduler commands build, are imported in a fresh
interpreter and the frameworks that ended up loaded are listed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SERVICES = ("routing", "intake", "evaluation", "notify")
DISTRICTS = Path(__file__).resolve().parents[2] / "config" / "districts"
FRAMEWORKS = {"flask", "werkzeug", "jinja2", "sqlalchemy", "kombu"}
WEB = {"flask", "werkzeug"}

LOADED = "import json, sys; print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))"
DOMAIN = (
    """
import importlib, pkgutil, sys
package = importlib.import_module(sys.argv[1])
names = [info.name for info in pkgutil.iter_modules(package.__path__, package.__name__ + ".")]
for name in names:
    importlib.import_module(name)
print(len(names))
"""
    + LOADED
)
BUS_PROCESSES = (
    """
import sys
from minqing_kit.service import build_consumer, build_relay
definition = __import__(sys.argv[1] + ".definition", fromlist=["DEFINITION"]).DEFINITION
settings = definition.settings({"MINQING_ENV": "development", "DATABASE_URL": "sqlite://",
                               "DISTRICTS_DIR": sys.argv[2]})
runtime = definition.bootstrap(settings)
build_consumer(definition, settings, runtime), build_relay(definition, settings, runtime.db)
if definition.scheduler is not None:
    definition.scheduler(runtime)
"""
    + LOADED
)


def run(script: str, *args: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.mark.parametrize("service", SERVICES)
def test_every_domain_module_loads_no_framework(service):
    count, loaded = run(DOMAIN, f"minqing_{service}.domain")
    assert int(count) >= 3  # the modules were found and imported
    assert FRAMEWORKS & set(json.loads(loaded)) == set()


@pytest.mark.parametrize("service", SERVICES)
def test_consumer_relay_and_scheduler_load_no_web_framework(service):
    (loaded,) = run(BUS_PROCESSES, f"minqing_{service}", str(DISTRICTS))
    modules = set(json.loads(loaded))
    assert "kombu" in modules  # the consumer was built
    assert WEB & modules == set()
