"""Cases written straight to routing's tables: many open cases with a due escalation timer each (for the
two-scheduler test and the sweep benchmark), and a unit's working day of open and finished cases with
known deadlines (for the workbench's queue), and a street's queue of half a million cases in bulk (the inbox
benchmark and its query plans)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, text
from sqlalchemy.engine import Engine

from minqing_routing.adapters.tables import cases, history, timers


def seed_due_cases(
    db, count: int, district: str = "hilltown", unit: str = "ht-c1", grid: str = "HT-C1-G01", chunk: int = 5000
) -> list[str]:
    past = datetime.now(UTC) - timedelta(hours=1)
    ids = [str(uuid.uuid4()) for _ in range(count)]
    for start in range(0, count, chunk):
        batch = ids[start : start + chunk]
        case_rows = [
            {
                "id": i,
                "district": district,
                "ticket": f"SEED-{start + n:07d}",
                "category": "environment",
                "urgent": False,
                "content": "seeded",
                "address": None,
                "grid_code": grid,
                "community_id": unit,
                "located_by": "grid_code",
                "state": "dispatched",
                "unit_id": unit,
                "level": "community",
                "stage": 1,
                "response_deadline": past,
                "resolution_deadline": past,
                "return_count": 0,
                "returned_by": "[]",
                "reopen_count": 0,
                "owner_id": None,
                "resolved_by": None,
                "duplicate_of": None,
                "merged_into": None,
                "joint": False,
                "correlation_id": i,
                "received_at": past,
                "updated_at": past,
            }
            for n, i in enumerate(batch)
        ]
        timer_rows = [
            {
                "case_id": i,
                "stage": 1,
                "kind": "escalate",
                "deadline_kind": "resolution",
                "deadline": past,
                "due_at": past,
            }
            for i in batch
        ]
        with db.transaction() as session:
            session.execute(insert(cases), case_rows)
            session.execute(insert(timers), timer_rows)
    return ids


def case_row(case_id: str, ticket: str, state: str, unit: str, grid: str, when: datetime, **fields) -> dict:
    """One case row; ``fields`` override the defaults (category, content, deadlines, district ...)."""
    row = {
        "id": case_id,
        "district": "xinlin",
        "ticket": ticket,
        "category": "environment",
        "urgent": False,
        "content": "seeded",
        "address": None,
        "grid_code": grid,
        "community_id": unit,
        "located_by": "grid_code",
        "state": state,
        "unit_id": unit,
        "level": "community",
        "stage": 1,
        "response_deadline": when,
        "resolution_deadline": when,
        "return_count": 0,
        "returned_by": "[]",
        "reopen_count": 0,
        "owner_id": None,
        "resolved_by": unit if state == "resolved" else None,
        "duplicate_of": None,
        "merged_into": None,
        "joint": False,
        "correlation_id": case_id,
        "received_at": when,
        "updated_at": when,
        "acceptance_deadline": when,
    }
    return {**row, **fields}


def seed_day(
    engine: Engine,
    open_count: int,
    closed_count: int,
    unit: str,
    grids: tuple[str, str],
    prefix: str = "XL-20261201",
    district: str = "xinlin",
) -> list[dict]:
    """``open_count`` open cases of ``unit``, half waiting for 签收 (their acceptance deadline applies: the
    response deadline is a day later, the resolution deadline ten days) and half accepted (their resolution
    deadline applies: the acceptance and response deadlines passed long ago), the deadlines that apply spread
    from 10 hours ago to days ahead, never within 15 minutes of now; and ``closed_count`` resolved ones.
    Returns the open ones with ``due``, ``ticket`` and ``overdue``, in the order the inbox must show them."""
    now, seeded, rows = datetime.now(UTC), [], []
    for n in range(open_count + closed_count):
        case_id, ticket, grid = str(uuid.uuid4()), f"{prefix}-{n + 1:06d}", grids[n % 2]
        category = ("environment", "property", "municipal")[n % 3]
        if n >= open_count:
            done = now - timedelta(days=1, minutes=n)
            rows.append(
                case_row(
                    case_id,
                    ticket,
                    "resolved",
                    unit,
                    grid,
                    done,
                    category=category,
                    district=district,
                    content=f"已办结的第{n}件诉求,路灯已修复",
                )
            )
            continue
        due = now + timedelta(minutes=(n * 7919 % open_count) * 30 - 615)
        accepted = n % 2 == 1
        deadlines = (
            {
                "acceptance_deadline": now - timedelta(days=31),
                "response_deadline": now - timedelta(days=30),
                "resolution_deadline": due,
            }
            if accepted
            else {
                "acceptance_deadline": due,
                "response_deadline": due + timedelta(days=1),
                "resolution_deadline": due + timedelta(days=10),
            }
        )
        rows.append(
            case_row(
                case_id,
                ticket,
                "accepted" if accepted else "dispatched",
                unit,
                grid,
                now,
                category=category,
                content=f"第{n}件诉求:小区环境问题,请尽快处理",
                district=district,
                **deadlines,
            )
        )
        seeded.append(
            {
                "case_id": case_id,
                "ticket": ticket,
                "due": due,
                "overdue": due < now,
                "category": category,
                "state": rows[-1]["state"],
            }
        )
    with engine.begin() as connection:
        connection.execute(insert(cases), rows)
    return sorted(seeded, key=lambda c: (c["due"], c["case_id"]))


def supervise_soon(engine: Engine, case_id: str) -> None:
    """A due 督办 timer on an accepted seeded case: routing's scheduler supervises it (case.supervised.v1).
    The timer watches the case's own resolution deadline: a timer for another deadline is one the deadline
    has moved away from (extended or tightened), and the scheduler rightly lets it pass."""
    past = datetime.now(UTC) - timedelta(minutes=1)
    with engine.begin() as connection:
        watched = connection.execute(select(cases.c.resolution_deadline).where(cases.c.id == case_id)).scalar_one()
        connection.execute(
            insert(timers),
            [
                {
                    "case_id": case_id,
                    "stage": 1,
                    "kind": "supervise",
                    "deadline_kind": "resolution",
                    "deadline": watched,
                    "due_at": past,
                }
            ],
        )


def supervised_long_ago(engine: Engine, case_id: str, unit: str) -> None:
    """A 督办 step in the trail of a (finished) case, as the scheduler would have written it."""
    at = datetime.now(UTC) - timedelta(days=20)
    with engine.begin() as connection:
        connection.execute(
            insert(history),
            [
                {
                    "case_id": case_id,
                    "at": at,
                    "action": "supervise",
                    "actor_kind": "system",
                    "actor_id": "system",
                    "actor_name": None,
                    "actor_role": None,
                    "actor_unit": None,
                    "from_state": "accepted",
                    "to_state": "accepted",
                    "unit_id": unit,
                    "reason": "resolution deadline passed",
                }
            ],
        )


CATEGORIES = ("environment", "municipal", "property", "elderly_care", "neighbour_dispute", "other")
WORDS = ("路灯不亮", "垃圾堆放", "噪音扰民", "漏水", "停车占道", "电梯故障", "绿化", "违章搭建")
# n is the case's number; cases 1..open are open, the rest resolved. Every expression is plain SQL over n.
SEED_CASES = """
INSERT INTO cases (id, district, ticket, category, urgent, content, address, grid_code, community_id,
  located_by, state, unit_id, level, stage, acceptance_deadline, response_deadline, resolution_deadline,
  return_count, returned_by, reopen_count, joint, correlation_id, received_at, updated_at, dispatched_at)
SELECT 'case-' || n, 'hilltown', 'HT-20261202-' || lpad(n::text, 7, '0'),
  (ARRAY[{categories}])[1 + n % {n_categories}], false,
  '居民反映' || (ARRAY[{words}])[1 + (n / 7) % {n_words}] || ',第' || n || '号诉求,请尽快处理', NULL,
  CASE WHEN unit = 'ht-c2' THEN 'HT-C2-G01' ELSE 'HT-C1-G01' END,
  CASE WHEN unit = 'ht-s1' THEN NULL ELSE unit END, 'grid_code',
  CASE WHEN n > :open THEN 'resolved' WHEN n % 3 = 0 THEN 'dispatched' ELSE 'accepted' END,
  unit, CASE WHEN unit = 'ht-s1' THEN 'street' ELSE 'community' END, 1,
  received + interval '1 hour', received + interval '1 day',
  CASE WHEN n > :open THEN received + interval '10 days'
       ELSE now() - interval '2 days' + make_interval(mins => (n * 37) % 20160) END,
  0, '[]', 0, n % 100 = 7, 'case-' || n, received, received + interval '1 day', received
FROM (
  SELECT n, (ARRAY['ht-s1', 'ht-c1', 'ht-c2'])[1 + n % 3] AS unit,
    CASE WHEN n <= :open THEN now() - make_interval(mins => n % 10000)
         ELSE now() - make_interval(mins => (n - :open) * 2) END AS received
  FROM generate_series(1, :total) AS n
) AS seeded
"""
OTHER_STREET = """
INSERT INTO cases (id, district, ticket, category, urgent, content, grid_code, community_id, located_by,
  state, unit_id, level, stage, response_deadline, resolution_deadline, return_count, returned_by,
  reopen_count, joint, correlation_id, received_at, updated_at)
SELECT 'west-' || n, 'hilltown', 'HT-20261202-W' || lpad(n::text, 6, '0'), 'environment', false,
  '西街道的诉求' || n, 'HT-C3-G01', 'ht-c3', 'grid_code',
  CASE WHEN n % 10 = 0 THEN 'accepted' ELSE 'resolved' END, 'ht-c3', 'community', 1,
  now() + interval '1 day', now() + interval '3 days', 0, '[]', 0, false, 'west-' || n,
  now() - make_interval(mins => n), now() - make_interval(mins => n)
FROM generate_series(1, 50000) AS n
"""
SEED_STEPS = """
INSERT INTO case_history (case_id, at, action, actor_kind, from_state, to_state, unit_id, reason)
SELECT id, received_at, 'dispatch', 'system', 'received', 'dispatched', unit_id, '' FROM cases;
INSERT INTO case_history (case_id, at, action, actor_kind, from_state, to_state, unit_id, reason)
SELECT id, received_at + interval '2 hours', 'supervise', 'person', state, state, unit_id, '督办'
FROM cases WHERE id LIKE 'case-%' AND substr(id, 6)::int % 50 = 3;
INSERT INTO joint_parts (part_id, case_id, position, unit_id, task, deadline, lead, status, note)
SELECT 'lead-' || id, id, 0, unit_id, '牵头', resolution_deadline, true, 'open', '' FROM cases WHERE joint;
INSERT INTO joint_parts (part_id, case_id, position, unit_id, task, deadline, lead, status, note)
SELECT 'part-' || id, id, 1, 'ht-s1', '协办', resolution_deadline - interval '1 hour', false,
  CASE WHEN state = 'resolved' THEN 'done' ELSE 'open' END, '' FROM cases WHERE joint AND unit_id <> 'ht-s1';
ANALYZE;
"""


def seed_street_queue(engine: Engine, open_count: int, closed_count: int) -> None:
    """A street's queue in bulk (INSERT ... SELECT over generate_series, not through the API): hilltown's
    street ht-s1 and its communities ht-c1 and ht-c2 hold ``open_count`` open cases (a third waiting for
    签收, the deadline that applies spread over two weeks from two days ago) and ``closed_count`` resolved
    ones; 1 % are joint with a co-handler part at the street, 2 % have a 督办 step, every case a dispatch
    step; the other street holds 50,000 more (a tenth open). Ends with ANALYZE, as autovacuum would."""
    quoted = ", ".join
    sql = SEED_CASES.format(
        categories=quoted(f"'{c}'" for c in CATEGORIES),
        n_categories=len(CATEGORIES),
        words=quoted(f"'{w}'" for w in WORDS),
        n_words=len(WORDS),
    )
    with engine.begin() as connection:
        connection.execute(text(sql), {"open": open_count, "total": open_count + closed_count})
        connection.execute(text(OTHER_STREET))
    with engine.begin() as connection:
        for statement in SEED_STEPS.split(";\n"):
            if statement.strip():
                connection.execute(text(statement))
