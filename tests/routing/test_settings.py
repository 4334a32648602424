"""Routing's own settings: the timeouts of its calls to intake and to evaluation, each its own, and their
former common name GRID_TIMEOUT_SECONDS still read where a deployment sets it."""

from __future__ import annotations

from minqing_kit.settings import load_settings
from minqing_routing.settings import RoutingSettings

BASE = {"DATABASE_URL": "sqlite://", "MINQING_ENV": "development"}


def timeouts(**env: str) -> tuple[float, float]:
    settings = load_settings(RoutingSettings, {**BASE, **env})
    return settings.INTAKE_TIMEOUT_SECONDS, settings.EVALUATION_TIMEOUT_SECONDS


def test_intake_and_evaluation_have_their_own_timeouts():
    assert timeouts() == (5.0, 5.0)
    assert timeouts(INTAKE_TIMEOUT_SECONDS="2", EVALUATION_TIMEOUT_SECONDS="8") == (2.0, 8.0)


def test_the_former_grid_timeout_still_sets_both_where_they_are_not_set():
    assert timeouts(GRID_TIMEOUT_SECONDS="3") == (3.0, 3.0)
    assert timeouts(GRID_TIMEOUT_SECONDS="3", INTAKE_TIMEOUT_SECONDS="1") == (1.0, 3.0)
    assert "GRID_TIMEOUT_SECONDS" not in load_settings(RoutingSettings, {**BASE, "GRID_TIMEOUT_SECONDS": "3"}).shown()
