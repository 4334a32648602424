"""A synthetic but varied stream of intake's and routing's events for a handful of cases."""

from __future__ import annotations

import random
from datetime import timedelta

from .conftest import T0, event, unit

UNITS = ("tv-c1", "tv-c2", "tv-cgj")


def case_events(case_id: str, rng: random.Random) -> list:
    """received, dispatched, maybe returned and re-dispatched, accepted (in time or not), resolved,
    sometimes reopened and resolved again; sometimes a later duplicate request merged into it."""
    ticket, day = f"TV-{case_id}", T0 + timedelta(days=rng.randrange(20), minutes=rng.randrange(600))
    at = lambda hours: day + timedelta(hours=hours)  # noqa: E731
    first = rng.choice(UNITS)
    handler = first
    out = [
        event("case.received.v1", case_id, at(0), ticket=ticket, channel=rng.choice(["web", "hotline"])),
        event("case.dispatched.v1", case_id, at(1), ticket=ticket, **unit(first)),
    ]
    if rng.random() < 0.3:
        handler = rng.choice([u for u in UNITS if u != first])
        out += [
            event("case.returned.v1", case_id, at(2), ticket=ticket, **unit(first)),
            event("case.dispatched.v1", case_id, at(3), ticket=ticket, **unit(handler)),
        ]
    out += [
        event(
            "case.accepted.v1",
            case_id,
            at(4),
            ticket=ticket,
            within_response_deadline=rng.random() < 0.7,
            **unit(handler),
        )
    ]
    if rng.random() < 0.2:
        out.append(event("case.supervised.v1", case_id, at(30), ticket=ticket, **unit(handler)))
    out.append(event("case.resolved.v1", case_id, at(40), ticket=ticket, on_time=rng.random() < 0.6, **unit(handler)))
    if rng.random() < 0.3:
        out += [
            event("case.reopened.v1", case_id, at(60), ticket=ticket, reopen_count=1, **unit(handler)),
            event("case.resolved.v1", case_id, at(80), ticket=ticket, reopen_count=1, **unit(handler)),
        ]
    if rng.random() < 0.3:
        out.append(
            event(
                "case.merged.v1",
                f"{case_id}-dup",
                at(50),
                ticket=f"{ticket}-dup",
                into_case_id=case_id,
                into_ticket=ticket,
            )
        )
    return out


def stream(cases: int, seed: int = 7) -> list:
    rng = random.Random(seed)
    return [e for i in range(cases) for e in case_events(f"s{i}", rng)]


def shuffled_with_duplicates(events: list, seed: int = 11) -> list:
    rng = random.Random(seed)
    mixed = events + rng.sample(events, len(events) // 3)
    rng.shuffle(mixed)
    return mixed
