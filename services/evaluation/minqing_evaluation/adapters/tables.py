"""Evaluation's tables (SQLAlchemy Core) and the bus tables.

The read model keeps every fact (one row per event) and, per case, the counter contributions
derived from its facts; ``unit_day_counts`` holds their sums per district, day, subject and metric,
and ``unit_month_counts`` the same per month, so that rates and rankings read a few thousand
pre-aggregated rows instead of a million cases.
"""

from sqlalchemy import JSON, Boolean, Column, Date, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

from minqing_kit.bus_tables import BusTables
from minqing_kit.timestamps import Timestamp

metadata = MetaData()
bus = BusTables(metadata)

cases = Table(
    "cases",
    metadata,
    Column("case_id", String(64), primary_key=True),
    Column("district", String(32), nullable=False),
    Column("ticket", String(40)),
    Column("category", String(32)),
    Column("channel", String(20)),
    Column("grid_code", String(40)),
    Column("received_at", Timestamp()),
    Column("unit_id", String(64)),
    Column("unit_name", String(120)),
    Column("level", String(16)),
    Column("reply", Text),
    Column("outcome", String(16)),
    Column("satisfaction", String(24)),
    Column("reopen_requests", Integer, nullable=False, server_default="0"),
    Column("closed_at", Timestamp()),
    Column("supervised_at", Timestamp()),  # the latest supervision notice (督办) no answer has followed
    Column("public", Boolean),  # 0019: 公开 / 不公开 as case.received.v1 says; None: not said, shown as before
    Index("ix_cases_district_received", "district", "received_at"),
    Index("ix_cases_district_closed", "district", "closed_at"),
    Index("ix_cases_district_grid", "district", "grid_code", "received_at"),  # a street's cases (daily review)
    Index("ix_cases_district_supervised", "district", "supervised_at"),
)

facts = Table(
    "facts",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("case_id", String(64), nullable=False, index=True),
    Column("event_type", String(80), nullable=False),
    Column("occurred_at", Timestamp(), nullable=False),
    Column("data", JSON, nullable=False),
    Index("ix_facts_type_occurred", "event_type", "occurred_at"),  # the daily review: a day's returns, reopenings
)

contributions = Table(
    "case_contributions",
    metadata,
    Column("case_id", String(64), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("subject", String(80), primary_key=True),
    Column("metric", String(40), primary_key=True),
    Column("n", Integer, nullable=False),
)

METRICS = (
    "received",
    "dispatched",
    "responded_on_time",
    "returned",
    "repeat_requested",
    "resolved",
    "resolved_on_time",
    "reopened",
    "supervised",
    "followups",
    "rated",
    "solved",
    "satisfied",
    "basically_satisfied",
    "not_satisfied",
    "satisfied_or_basic",
    "unanswered",
)


def _counter_table(name: str) -> Table:
    """One row per (district, day or month, subject) with a column per metric: a month of rates for
    hundreds of units reads a few thousand rows."""
    return Table(
        name,
        metadata,
        Column("district", String(32), primary_key=True),
        Column("day", Date, primary_key=True),
        Column("subject", String(80), primary_key=True),
        *(Column(m, Integer, nullable=False, server_default="0") for m in METRICS),
    )


unit_day_counts = _counter_table("unit_day_counts")
unit_month_counts = _counter_table("unit_month_counts")  # day = the first of the month

evaluations = Table(
    "evaluations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("case_id", String(64), nullable=False, index=True),
    Column("district", String(32), nullable=False),
    Column("ticket", String(40), nullable=False),
    Column("unit_id", String(64), nullable=False),
    Column("resolved_event_id", String(64), nullable=False, unique=True),
    Column("resolved_at", Timestamp(), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("status", String(16), nullable=False),  # open | answered | unanswered | superseded
    Column("requested_at", Timestamp(), nullable=False),
    Column("expires_at", Timestamp(), nullable=False),
    Column("answered_at", Timestamp()),
    Column("solved", Boolean),
    Column("satisfaction", String(24)),
    Column("comment", Text),
    Column("via", String(16)),
    Column("delivery", String(16)),  # None (not yet known) | sent | failed: did the rating link reach the resident?
    Column("delivery_note", Text),
    Column("correlation_id", String(36)),  # the case's chain (its resolution's); None when opened before 0015
    Index("ix_evaluations_open_due", "status", "expires_at"),
    Index("ix_evaluations_district_answered", "district", "answered_at"),  # the daily review's answers of a day
)

ballots = Table(
    "ballots",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(16), nullable=False),  # project (一事一评) | review (双述双评)
    Column("district", String(32), nullable=False),
    Column("name", String(200), nullable=False),
    Column("subject_id", String(64), nullable=False),
    Column("subject_kind", String(16), nullable=False),  # unit | cadre
    Column("description", Text),
    Column("year", Integer),  # the review year (双述双评)
    Column("status", String(24), nullable=False),  # open | final_passed | rectification_required
    Column("opened_at", Timestamp(), nullable=False),
    Column("opened_by", String(64), nullable=False),
    Column("finalised_at", Timestamp()),
    Column("rectify_by", Timestamp()),
    Column("satisfied", Integer, nullable=False, server_default="0"),
    Column("basically_satisfied", Integer, nullable=False, server_default="0"),
    Column("not_satisfied", Integer, nullable=False, server_default="0"),
)

ballot_votes = Table(
    "ballot_votes",
    metadata,
    Column("ballot_id", String(36), primary_key=True),
    Column("voter_hash", String(64), primary_key=True),
    Column("rating", String(24), nullable=False),
    Column("cast_at", Timestamp(), nullable=False),
)

panel_ratings = Table(
    "panel_ratings",
    metadata,
    Column("case_id", String(64), primary_key=True),
    Column("quarter", String(7), primary_key=True),  # 2026Q4
    Column("party", String(24), primary_key=True),  # community | party_rep | resident_rep
    Column("district", String(32), nullable=False),
    Column("unit_id", String(64), nullable=False),
    Column("rating", String(24), nullable=False),
    Column("measures", Text),
    Column("rated_by", String(64), nullable=False),
    Column("rated_at", Timestamp(), nullable=False),
    Column("member_id", String(36)),  # which named member of the party (panel_members) rated
    Index("ix_panel_district_quarter", "district", "quarter"),
)

reports = Table(
    "reports",
    metadata,
    Column("district", String(32), primary_key=True),
    Column("kind", String(16), primary_key=True),  # daily | weekly | monthly
    Column("period_start", Date, primary_key=True),
    Column("period_end", Date, nullable=False),
    Column("body", JSON, nullable=False),
    Column("created_at", Timestamp(), nullable=False),
    UniqueConstraint("district", "kind", "period_start", name="uq_report"),
)

bulletins = Table(  # each unit's weekly bulletin (每周一通报), issued once per (district, week, unit)
    "bulletins",
    metadata,
    Column("district", String(32), primary_key=True),
    Column("week_start", Date, primary_key=True),
    Column("unit_id", String(64), primary_key=True),
    Column("rank", Integer),
    Column("peers", Integer, nullable=False),
    Column("issued_at", Timestamp(), nullable=False),
)
