"""One stack for the whole e2e package: test_local_stack's flows, test_routing_flows' handling, then
test_stack_hardening's faults, whose last test stops it (modules run in name order)."""

from __future__ import annotations

import pytest

from .stack import stack_on_its_own_vhost


@pytest.fixture(scope="package")
def stack(_broker, postgres, tmp_path_factory):
    with stack_on_its_own_vhost(_broker, postgres, tmp_path_factory.mktemp("stack")) as running:
        yield running
