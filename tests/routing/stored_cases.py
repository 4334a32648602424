"""A district's year of cases written straight to routing's tables in bulk (INSERT ... SELECT over
generate_series), with what a dispatch's statements meet in production: every case's trail, deadline
timers (the closed cases' done), joint parts, the history model's suggestion per case, three versions of
the responsibility catalogue, a trained history model, and the bus tables' rows within their retention.
For tests/routing/test_dispatch_plans.py (60,000 cases) and bench/routing_stored.py (10,000 and
1,000,000)."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from minqing_routing import catalogue, history_models
from minqing_routing.domain.history_model import HistoryModel, features
from minqing_routing.domain.learned_dispatch import Evaluation

from .history_seeding import COMMUNITY, HILLTOWN_KINDS

PLACES = (("HT-C1-G01", "ht-c1"), ("HT-C2-G01", "ht-c2"), ("HT-C3-G01", "ht-c3"))
CATEGORIES = ("environment", "municipal", "property", "elderly_care", "neighbour_dispute", "social_security")
# n is the case's number, 1 the oldest (a year ago) and :total the newest (now); the newest 3 % are open
# but a third of them, one case in 50 of the others was merged into the case before it, one in 100 is joint
CASES = """
INSERT INTO cases (id, district, ticket, category, urgent, content, address, grid_code, community_id,
  located_by, state, unit_id, level, stage, acceptance_deadline, response_deadline, resolution_deadline,
  return_count, returned_by, reopen_count, owner_id, resolved_by, duplicate_of, merged_into, joint,
  correlation_id, received_at, updated_at, dispatched_at, first_contact_id, request_type, contact_on_file)
SELECT 'stored-' || n, 'hilltown', 'HT-S-' || lpad(n::text, 8, '0'), category, n % 40 = 0,
  '居民反映第' || n || '号问题:楼下垃圾清运不及时,路灯不亮,请尽快处理', '山城区幸福路' || (n % 90) || '号',
  grid, community, 'grid_code', state, unit, 'community', 1,
  received + interval '2 hours', received + interval '1 day', received + interval '10 days',
  0, '[]', 0, CASE WHEN state <> 'dispatched' THEN unit || '-h1' END,
  CASE WHEN state = 'resolved' THEN unit END,
  CASE WHEN state = 'merged' THEN 'stored-' || (n - 1) END, CASE WHEN state = 'merged' THEN 'stored-' || (n - 1) END,
  n % 100 = 7, 'stored-' || n, received,
  CASE WHEN state IN ('resolved', 'merged') THEN received + interval '3 days' ELSE received END,
  received, CASE WHEN n % 10 = 0 THEN 'ht-hl' END, 'complaint', true
FROM (
  SELECT n, received, (ARRAY[{categories}])[1 + n % {n_categories}] AS category,
    (ARRAY['HT-C1-G01', 'HT-C2-G01', 'HT-C3-G01'])[1 + n % 3] AS grid,
    (ARRAY['ht-c1', 'ht-c2', 'ht-c3'])[1 + n % 3] AS community,
    (ARRAY['ht-c1', 'ht-c2', 'ht-c3'])[1 + n % 3] AS unit,
    CASE WHEN n > :total - :total * 3 / 100 AND n % 3 <> 0 THEN (ARRAY['dispatched', 'accepted'])[1 + n % 2]
         WHEN n % 50 = 7 THEN 'merged' ELSE 'resolved' END AS state
  FROM (SELECT n, now() - make_interval(secs => (:total - n) * 31536000.0 / :total) AS received
        FROM generate_series(1, :total) AS n) AS numbered
) AS seeded
"""
TRAILS = """
INSERT INTO case_history (case_id, at, action, actor_kind, actor_id, from_state, to_state, unit_id, reason)
SELECT id, received_at, 'dispatch', 'system', NULL, 'new', 'dispatched', unit_id, 'lowest_level' FROM cases
WHERE id LIKE 'stored-%';
INSERT INTO case_history (case_id, at, action, actor_kind, actor_id, from_state, to_state, unit_id, reason)
SELECT id, received_at + interval '1 hour', 'accept', 'person', unit_id || '-h1', 'dispatched', 'accepted', unit_id, ''
FROM cases WHERE id LIKE 'stored-%' AND state <> 'dispatched';
INSERT INTO case_history (case_id, at, action, actor_kind, actor_id, from_state, to_state, unit_id, reason)
SELECT id, updated_at, CASE WHEN state = 'merged' THEN 'merge' ELSE 'resolve' END, 'person', unit_id || '-h1',
  'accepted', state, unit_id, '已处理完毕'
FROM cases WHERE id LIKE 'stored-%' AND state IN ('resolved', 'merged');
INSERT INTO deadline_timers (case_id, stage, kind, deadline_kind, deadline, due_at, done_at, outcome)
SELECT id, 1, kind, deadline_kind, deadline, deadline - interval '1 hour',
  CASE WHEN state IN ('resolved', 'merged') OR (state = 'accepted' AND deadline_kind = 'response')
       THEN updated_at END,
  CASE WHEN state IN ('resolved', 'merged') OR (state = 'accepted' AND deadline_kind = 'response')
       THEN 'done' END
FROM cases CROSS JOIN LATERAL (VALUES ('remind', 'response', response_deadline),
  ('escalate', 'resolution', resolution_deadline)) AS t (kind, deadline_kind, deadline)
WHERE id LIKE 'stored-%';
INSERT INTO joint_parts (part_id, case_id, position, unit_id, task, deadline, lead, status, note)
SELECT 'lead-' || id, id, 0, unit_id, '牵头', resolution_deadline, true,
  CASE WHEN state IN ('resolved', 'merged') THEN 'done' ELSE 'open' END, ''
FROM cases WHERE id LIKE 'stored-%' AND joint;
INSERT INTO joint_parts (part_id, case_id, position, unit_id, task, deadline, lead, status, note)
SELECT 'part-' || id, id, 1, 'ht-cgj', '协办', resolution_deadline, false,
  CASE WHEN state IN ('resolved', 'merged') THEN 'done' ELSE 'open' END, ''
FROM cases WHERE id LIKE 'stored-%' AND joint;
INSERT INTO dispatch_suggestions (case_id, district, model_version, unit_id, confidence, rules_unit_id, used, at)
SELECT id, district, 1, unit_id, 0.5 + (length(id) % 5) / 10.0, unit_id, length(id) % 5 = 4, received_at
FROM cases WHERE id LIKE 'stored-%'
"""
# the bus tables hold what their retention keeps (inbox 14 days, published outbox 72 hours), whatever the
# cases stored: :inbox and :outbox rows
BUS = """
INSERT INTO inbox (consumer, event_id, event_type, processed_at)
SELECT 'routing', 'seen-' || n, (ARRAY['case.received.v1', 'case.closed.v1'])[1 + n % 2],
  now() - make_interval(secs => n * 1209600.0 / :inbox)
FROM generate_series(1, :inbox) AS n;
INSERT INTO outbox (event_id, event_type, routing_key, body, created_at, published_at, attempts, next_attempt_at)
SELECT 'sent-' || n, 'case.dispatched.v1', 'hilltown.case.dispatched.v1', '{{}}',
  now() - make_interval(secs => n * 259200.0 / :outbox), now() - make_interval(secs => n * 259200.0 / :outbox),
  1, now() - make_interval(secs => n * 259200.0 / :outbox)
FROM generate_series(1, :outbox) AS n
"""
CATALOGUE = (
    "item_id,matter,category,level,unit_id,street_duty,community_duty,legal_basis,effective_from,effective_to\n"
    "HT-HJ-001,生活垃圾清运不及时,environment,community,,督促整改,组织清运,《城市市容和环境卫生管理条例》,2026-01-01,\n"
    "HT-HJ-002,占道经营,environment,department,ht-cgj,配合执法,巡查上报,《城市市容和环境卫生管理条例》,2026-01-01,\n"
    "HT-HJ-000,旧的垃圾清运事项,environment,community,,,,《条例》,2025-01-01,2025-12-31\n"
    "HT-SZ-001,路灯不亮,municipal,department,ht-cgj,,,《城市照明管理规定》,2026-01-01,\n"
    "HT-WY-001,物业服务,property,department,ht-zjj,,,《物业管理条例》,2026-01-01,\n"
)


def seed_stored_cases(runtime, total: int, inbox: int = 20_000, outbox: int = 20_000) -> None:
    """``total`` cases of hilltown over the last year (``CASES``) with their dependent rows, the catalogue,
    a history model, and the bus tables' rows; ends with VACUUM ANALYZE, as autovacuum would have."""
    sql = CASES.format(categories=", ".join(f"'{c}'" for c in CATEGORIES), n_categories=len(CATEGORIES))
    engine = runtime.db.engine
    with engine.begin() as connection:
        connection.execute(text(sql), {"total": total})
        for statement in TRAILS.split(";\n"):
            connection.execute(text(statement))
        for statement in BUS.split(";\n"):
            connection.execute(text(statement.format()), {"inbox": inbox, "outbox": outbox})
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "hilltown.csv"
        path.write_text(CATALOGUE, encoding="utf-8")
        for _ in range(3):
            catalogue.load_file(runtime, "hilltown", path)
    store_model(runtime)
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")


def store_model(runtime) -> None:
    """A history model trained on the test district's kinds of request, measured better than the rules, so
    that a dispatch asks it and records its suggestion (and follows it when it is sure)."""
    samples = [
        (
            features(words, grid, community, kind.category),
            community if kind.final_unit == COMMUNITY else kind.final_unit,
        )
        for kind in HILLTOWN_KINDS
        for words in kind.texts
        for grid, community in PLACES
    ]
    model = HistoryModel.train(samples * 20)
    with runtime.db.transaction() as session:
        history_models.store(session, "hilltown", model, Evaluation(900, 100, 90, 60), len(samples) * 20, now())


def now() -> datetime:
    return datetime.now(UTC)
