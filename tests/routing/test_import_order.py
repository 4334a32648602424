"""Each routing entry point imports on its own in a fresh interpreter, whichever comes first: the
workbench pages and the JSON API share the request's runtime without importing each other."""
from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("first", ["minqing_routing.pages", "minqing_routing.pages.actions",
                                   "minqing_routing.web.fields", "minqing_routing.web"])
def test_a_module_imported_first_in_a_fresh_interpreter_loads(first):
    done = subprocess.run([sys.executable, "-c", f"import {first}; import minqing_routing.web"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
