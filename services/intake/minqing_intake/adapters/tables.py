"""Intake's tables (SQLAlchemy Core): cases and their public steps, ticket counters, idempotency keys,
Open311 clients, rate-limit windows, and the bus tables."""

from sqlalchemy import Boolean, Column, Date, Float, Index, Integer, MetaData, String, Table, Text

from minqing_kit.bus_tables import BusTables
from minqing_kit.timestamps import Timestamp

from ..domain.tracking import OPEN_STATUSES

metadata = MetaData()
bus = BusTables(metadata)

cases = Table(
    "cases",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("district", String(32), nullable=False, index=True),
    Column("ticket", String(40), nullable=False, unique=True),
    Column("channel", String(20), nullable=False),
    Column("content", Text, nullable=False),
    Column("category", String(32), nullable=False),
    Column("status", String(20), nullable=False),
    Column("unit_name", String(120)),
    Column("received_at", Timestamp(), nullable=False),
    Column("updated_at", Timestamp(), nullable=False),
    # added in 0002
    Column("confidence", Float, nullable=False, server_default="0"),
    Column("rule", String(200)),
    Column("address", String(300)),
    Column("grid_code", String(40)),
    Column("place_key", String(300)),
    Column("lat", Float),
    Column("lon", Float),
    Column("urgent", Boolean, nullable=False, server_default="false"),
    Column("anonymous", Boolean, nullable=False, server_default="false"),
    Column("first_contact", Text, nullable=False, server_default="{}"),  # JSON of the Actor (首问负责)
    Column("filed_for", String(120)),
    Column("attachments", Text, nullable=False, server_default="[]"),  # JSON list of references
    Column("contact_sealed", Text),
    Column("tracking_hash", String(64), nullable=False, server_default=""),
    Column("duplicate_of_ticket", String(40)),
    Column("unit_id", String(64)),
    Column("reply", Text),
    Column("status_at", Timestamp()),  # occurred_at of the event that set the status
    Column("reply_at", Timestamp()),
    Column("merged_into_ticket", String(40)),
    Column("satisfaction", String(32)),
    Column("words", Text, nullable=False, server_default=""),  # 0003: jieba words, space-separated
    Column("phone_hash", String(32)),  # 0008: keyed hash of the reporter's phone, for 我的诉求 (never the number)
    Column("proxy_consent", Text),  # 0009: JSON, proxy filing (代理): how and when the resident consented
    Column("proxy_withdrawn_at", Timestamp()),  # 0009: the resident took the case back from the proxy
    Column("request_type", String(20)),  # 0011: 咨询 / 求助 / 投诉 / 建议 / 表扬 (minqing_contracts.request_types)
    Column("public", Boolean),  # 0013: 公开 / 不公开 as chosen; None: filed before the choice, shown as before
    Column("correlation_id", String(36)),  # 0017: the case's chain, its later events' too; None: filed before
    Column("step_updates", Boolean, nullable=False, server_default="false"),  # 0018: an SMS on each public step
)
# 公开: a case any public surface may show (public fields only); null: filed before the choice, shown as before
PUBLICLY_SHOWN = cases.c.public.is_not(False)
Index("ix_cases_phone_hash", cases.c.phone_hash, cases.c.received_at)
Index("ix_cases_open_place", cases.c.district, cases.c.place_key, cases.c.status)
Index(  # migration 0007: the duplicate candidates, newest open cases at a place, read in order
    "ix_cases_open_place_received",
    cases.c.district,
    cases.c.place_key,
    cases.c.received_at,
    postgresql_where=cases.c.status.in_(OPEN_STATUSES),
    sqlite_where=cases.c.status.in_(OPEN_STATUSES),
)

case_steps = Table(
    "case_steps",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("case_id", String(36), nullable=False, index=True),
    Column("occurred_at", Timestamp(), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("unit_name", String(120)),
    Column("note", Text),
    Column("public", Boolean, nullable=False),
    Column("deadline", Timestamp()),  # by when the step's unit must act (签收, 办结, 督办's, 联办's)
)

photo_views = Table(  # 0013: the audit of staff viewing a case's photos (residents' own views are not audited)
    "photo_views",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(36), nullable=False, index=True),
    Column("district", String(32), nullable=False),
    Column("photo_id", String(64), nullable=False),
    Column("person_id", String(64), nullable=False),
    Column("viewed_at", Timestamp(), nullable=False),
)
Index("ix_photo_views_district_id", photo_views.c.district, photo_views.c.id)  # 0014: the audit's pages

step_update_changes = Table(  # 0018: the audit of the resident turning step SMS on or off after filing
    "step_update_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(36), nullable=False, index=True),
    Column("enabled", Boolean, nullable=False),
    Column("changed_at", Timestamp(), nullable=False),
    Column("how", String(20), nullable=False),  # tracking (the tracking secret) | mine (我的诉求, signed in)
)

held_photos = Table(  # 0015: photos stored while the resident is shown 我也遇到了's list, not yet any case's
    "held_photos",
    metadata,
    Column("photo_id", String(64), primary_key=True),
    Column("held_at", Timestamp(), nullable=False, index=True),
)

ticket_counters = Table(
    "ticket_counters",
    metadata,
    Column("district", String(32), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("last", Integer, nullable=False),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("scope", String(80), primary_key=True),  # who may reuse the key: a client address hash or a person
    Column("key", String(200), primary_key=True),
    Column("fingerprint", String(64), nullable=False),  # hash of the submission, to refuse a reused key
    Column("case_id", String(36), nullable=False),
    Column("created_at", Timestamp(), nullable=False),
)

open311_clients = Table(
    "open311_clients",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("created_at", Timestamp(), nullable=False),
    Column("revoked", Boolean, nullable=False, server_default="false"),
)

rate_windows = Table(
    "rate_windows",
    metadata,
    Column("bucket", String(100), primary_key=True),  # e.g. addr:<hash>, phone:<hash>
    Column("window_start", Timestamp(), primary_key=True),
    Column("hits", Integer, nullable=False),
)

sign_in_codes = Table(  # 0008: one-time codes of 我的诉求, hashed, expiring, with their attempts
    "sign_in_codes",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("phone_hash", String(32), nullable=False),
    Column("code_hash", String(64), nullable=False),
    Column("created_at", Timestamp(), nullable=False),
    Column("expires_at", Timestamp(), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("used", Boolean, nullable=False, server_default="false"),
)
