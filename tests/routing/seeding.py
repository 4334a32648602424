"""Many open cases with a due escalation timer each, written straight to routing's tables (for the
two-scheduler test and the sweep benchmark)."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from minqing_routing.adapters.tables import cases, timers


def seed_due_cases(db, count: int, district: str = "hilltown", unit: str = "ht-c1", grid: str = "HT-C1-G01",
                   chunk: int = 5000) -> list[str]:
    past = datetime.now(UTC) - timedelta(hours=1)
    ids = [str(uuid.uuid4()) for _ in range(count)]
    for start in range(0, count, chunk):
        batch = ids[start:start + chunk]
        case_rows = [{"id": i, "district": district, "ticket": f"SEED-{start + n:07d}", "category": "environment",
                      "urgent": False, "content": "seeded", "address": None, "grid_code": grid,
                      "community_id": unit, "located_by": "grid_code", "state": "dispatched", "unit_id": unit,
                      "level": "community", "stage": 1, "response_deadline": past, "resolution_deadline": past,
                      "return_count": 0, "returned_by": "[]", "reopen_count": 0, "owner_id": None,
                      "resolved_by": None, "duplicate_of": None, "merged_into": None, "joint": False,
                      "correlation_id": i, "received_at": past, "updated_at": past} for n, i in enumerate(batch)]
        timer_rows = [{"case_id": i, "stage": 1, "kind": "escalate", "deadline_kind": "resolution",
                       "deadline": past, "due_at": past} for i in batch]
        with db.transaction() as session:
            session.execute(insert(cases), case_rows)
            session.execute(insert(timers), timer_rows)
    return ids
