"""Staff filing (工作人员录入) from the workbench: the case goes to intake's own ``POST /api/v1/cases`` with
the signed-in person's token, so intake checks the channel and the person's right to it, makes them the
first-contact owner (首问负责), runs the duplicate check every resident's request gets, seals the contact
for notify and tickets the case. Routing keeps nothing of it until case.received.v1 arrives."""

from __future__ import annotations

from typing import Any

from .peers import call
from .settings import RoutingSettings


def file_case(settings: RoutingSettings, token: str, submission: dict[str, Any], key: str) -> dict[str, Any]:
    """Intake's receipt (ticket, category, ``duplicate_of_ticket``); a replay of ``key`` answers the same."""
    return call(
        settings.intake_base_url(),
        token,
        "/api/v1/cases",
        settings.INTAKE_TIMEOUT_SECONDS,
        method="POST",
        body=submission,
        headers={"Idempotency-Key": key},
    )
