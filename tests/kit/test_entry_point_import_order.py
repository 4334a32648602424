"""Each service's entry points import on their own in a fresh interpreter, whichever comes first:
the pages and the JSON API share the request's runtime (``<service>.current``) without importing
each other."""

from __future__ import annotations

import subprocess
import sys

import pytest

FIRST_IMPORTS = {
    "minqing_routing": ["pages", "pages.actions", "web.fields", "web"],
    "minqing_intake": ["pages", "pages.residents", "web.cases_api", "web"],
    "minqing_evaluation": ["pages", "pages.routes", "web.common", "web"],
}


@pytest.mark.parametrize(
    "service, first",
    [(service, f"{service}.{module}") for service, modules in FIRST_IMPORTS.items() for module in modules],
)
def test_a_module_imported_first_in_a_fresh_interpreter_loads(service, first):
    done = subprocess.run(
        [sys.executable, "-c", f"import {first}; import {service}.web"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
