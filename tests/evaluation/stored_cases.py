"""Many cases stored as evaluation's ingest leaves them, fast: a few template cases are ingested through
the real handlers (and their follow-ups expired by the real job), then ``clone`` copies every row of
theirs in SQL (``generate_series``), each copy under new ids and moved by whole days, and rebuilds the
day and month counters from the contributions, which is what ingest keeps them equal to
(``adapters.counters``). The inbox keeps 14 days' share of the copies' events, as its pruning would
(``minqing_kit.pruning``); published outbox rows are pruned after 72 hours and are left out.

For tests/evaluation/test_ingest_plans.py and bench/evaluation_ingest.py ``--stored``."""

from __future__ import annotations

from minqing_evaluation.adapters.tables import METRICS

INBOX_DAYS = 14  # minqing_kit.pruning's default retention of inbox rows

# %(copies)s: how many copies of each template case, the templates included (copy 0)
_NEW_ID = "md5({column} || '.' || k)::uuid::text"  # an event's or evaluation's new id, uuid-shaped and random
_SHIFT = "make_interval(days => k %% 365)"
CLONES = [
    f"""
    INSERT INTO cases (case_id, district, ticket, category, channel, grid_code, received_at, unit_id, unit_name,
      level, reply, outcome, satisfaction, reopen_requests, closed_at, supervised_at, public)
    SELECT case_id || '.' || k, district, ticket || '.' || k, category, channel, grid_code,
      received_at + {_SHIFT}, unit_id, unit_name, level, reply, outcome, satisfaction, reopen_requests,
      closed_at + {_SHIFT}, supervised_at + {_SHIFT}, public
    FROM cases, generate_series(1, %(copies)s - 1) AS k
    """,
    f"""
    INSERT INTO facts (event_id, case_id, event_type, occurred_at, data)
    SELECT {_NEW_ID.format(column="event_id")}, case_id || '.' || k, event_type, occurred_at + {_SHIFT},
      CASE WHEN data::jsonb ? 'ticket'
        THEN jsonb_set(data::jsonb, '{{ticket}}', to_jsonb((data ->> 'ticket') || '.' || k))::json ELSE data END
    FROM facts, generate_series(1, %(copies)s - 1) AS k
    """,
    """
    INSERT INTO case_contributions (case_id, day, subject, metric, n)
    SELECT case_id || '.' || k, day + k %% 365, subject, metric, n
    FROM case_contributions, generate_series(1, %(copies)s - 1) AS k
    """,
    f"""
    INSERT INTO evaluations (id, case_id, district, ticket, unit_id, resolved_event_id, resolved_at, token_hash,
      status, requested_at, expires_at, answered_at, solved, satisfaction, comment, via, delivery, delivery_note,
      correlation_id)
    SELECT {_NEW_ID.format(column="id")}, case_id || '.' || k, district,
      ticket || '.' || k, unit_id, {_NEW_ID.format(column="resolved_event_id")}, resolved_at + {_SHIFT},
      encode(sha256(convert_to(token_hash || '.' || k, 'UTF8')), 'hex'), status, requested_at + {_SHIFT},
      expires_at + {_SHIFT}, answered_at + {_SHIFT}, solved, satisfaction, comment, via, delivery, delivery_note,
      correlation_id
    FROM evaluations, generate_series(1, %(copies)s - 1) AS k
    """,
    f"""
    INSERT INTO inbox (consumer, event_id, event_type, processed_at)
    SELECT consumer, {_NEW_ID.format(column="event_id")}, event_type,
      now() - make_interval(secs => random() * 86400 * {INBOX_DAYS})
    FROM inbox, generate_series(1, %(copies)s - 1) AS k
    WHERE k * 365 < %(copies)s * {INBOX_DAYS}
    """,
]
_SUMS = ", ".join(f"coalesce(sum(n) FILTER (WHERE metric = '{m}'), 0)" for m in METRICS)
COUNTERS = [
    "DELETE FROM unit_day_counts",
    "DELETE FROM unit_month_counts",
    f"""
    INSERT INTO unit_day_counts (district, day, subject, {", ".join(METRICS)})
    SELECT district, day, subject, {_SUMS}
    FROM case_contributions JOIN cases USING (case_id) GROUP BY district, day, subject
    """,
    f"""
    INSERT INTO unit_month_counts (district, day, subject, {", ".join(METRICS)})
    SELECT district, date_trunc('month', day)::date, subject, {_SUMS}
    FROM case_contributions JOIN cases USING (case_id) GROUP BY district, date_trunc('month', day), subject
    """,
]
TABLES = ("cases", "facts", "case_contributions", "evaluations", "inbox", "unit_day_counts", "unit_month_counts")


def clone(connection, copies: int) -> None:
    """Make ``copies`` of every case stored (the stored one counts as the first), then rebuild the counters
    and ANALYZE. ``connection``: a SQLAlchemy connection in a transaction, on PostgreSQL."""
    for statement in CLONES:
        connection.exec_driver_sql(statement, {"copies": copies})
    rebuild_counters(connection)
    for table in TABLES:
        connection.exec_driver_sql(f"ANALYZE {table}")


def rebuild_counters(connection) -> None:
    """The day and month counters as the sums of the stored contributions."""
    for statement in COUNTERS:
        connection.exec_driver_sql(statement)
