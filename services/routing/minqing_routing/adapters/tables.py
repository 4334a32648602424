"""Routing's tables (SQLAlchemy Core): cases, audit trail, deadline timers, joint parts, credentials,
sign-in attempts and their audit, and the bus tables."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    case,
    func,
    literal_column,
)

from minqing_kit.bus_tables import BusTables
from minqing_kit.timestamps import Timestamp

metadata = MetaData()
bus = BusTables(metadata)
_ID = BigInteger().with_variant(Integer, "sqlite")


def case_columns() -> list:
    return [
        Column("id", String(36), primary_key=True),
        Column("district", String(32), nullable=False),
        Column("ticket", String(40), nullable=False),
        Column("category", String(32), nullable=False),
        Column("urgent", Boolean, nullable=False),
        Column("content", Text, nullable=False),
        Column("address", Text),
        Column("grid_code", String(40)),
        Column("community_id", String(40)),
        Column("located_by", String(20), nullable=False),
        Column("state", String(20), nullable=False),
        Column("unit_id", String(40), nullable=False),
        Column("level", String(20), nullable=False),
        Column("stage", Integer, nullable=False),
        Column("response_deadline", Timestamp()),
        Column("resolution_deadline", Timestamp()),
        Column("return_count", Integer, nullable=False),
        Column("returned_by", Text, nullable=False),
        Column("reopen_count", Integer, nullable=False),
        Column("owner_id", String(40)),
        Column("resolved_by", String(40)),
        Column("duplicate_of", String(36)),
        Column("merged_into", String(36)),
        Column("joint", Boolean, nullable=False),
        Column("correlation_id", String(36), nullable=False),
        Column("received_at", Timestamp(), nullable=False),
        Column("updated_at", Timestamp(), nullable=False),
    ]


def history_columns() -> list:
    return [
        Column("id", _ID, primary_key=True, autoincrement=True),
        Column("case_id", String(36), nullable=False, index=True),
        Column("at", Timestamp(), nullable=False),
        Column("action", String(30), nullable=False),
        Column("actor_kind", String(10), nullable=False),
        Column("actor_id", String(40)),
        Column("actor_name", String(80)),
        Column("actor_role", String(30)),
        Column("actor_unit", String(40)),
        Column("from_state", String(20), nullable=False),
        Column("to_state", String(20), nullable=False),
        Column("unit_id", String(40), nullable=False),
        Column("reason", Text, nullable=False),
    ]


def timer_columns() -> list:
    return [
        Column("id", _ID, primary_key=True, autoincrement=True),
        Column("case_id", String(36), nullable=False, index=True),
        Column("stage", Integer, nullable=False),
        Column("kind", String(12), nullable=False),
        Column("deadline_kind", String(12), nullable=False),
        Column("deadline", Timestamp(), nullable=False),
        Column("due_at", Timestamp(), nullable=False),
        Column("done_at", Timestamp()),
        Column("outcome", String(12)),
    ]


def part_columns() -> list:
    return [
        Column("part_id", String(36), primary_key=True),
        Column("case_id", String(36), nullable=False, index=True),
        Column("position", Integer, nullable=False),
        Column("unit_id", String(40), nullable=False),
        Column("task", Text, nullable=False),
        Column("deadline", Timestamp()),
        Column("lead", Boolean, nullable=False),
        Column("status", String(12), nullable=False),
        Column("note", Text, nullable=False),
    ]


def credential_columns() -> list:
    return [
        Column("district", String(32), primary_key=True),
        Column("person_id", String(40), primary_key=True),
        Column("salt", String(64), nullable=False),
        Column("hash", String(128), nullable=False),
        Column("updated_at", Timestamp(), nullable=False),
    ]


cases = Table(
    "cases",
    metadata,
    *case_columns(),  # migration 0004: acceptance clocks and rulings (审定)
    Column("acceptance_deadline", Timestamp()),
    Column("dispatched_at", Timestamp()),
    Column("ruled_unit", String(40)),
    Column("contact_deadline", Timestamp()),  # migration 0005: first contact with the resident
    Column("catalogue_item", String(40)),  # migration 0006: the catalogue item and version its dispatch used
    Column("catalogue_version", Integer),
    Column("first_contact_id", String(40)),  # migration 0008: duties that follow people (首问负责, 代理, 包案)
    Column("proxy_id", String(40)),
    Column("proxy_consent", Text),  # JSON: how and when the resident consented to the proxy
    Column("rated_at", Timestamp()),  # the resident rated the answer (销账): the first-contact duty ends
    Column("proposal", Text),  # JSON: a 包案 case's answer waiting for its leader's sign-off
    Column("request_type", String(20)),  # migration 0012: 诉求类型 from case.received.v1 (none from older producers)
    Column("contact_on_file", Boolean),  # migration 0013: case.received.v1 had a sealed contact (null: before)
)
Index("ix_cases_first_contact", cases.c.district, cases.c.first_contact_id)
Index("ix_cases_owner", cases.c.district, cases.c.owner_id)
Index("ix_cases_unit_state", cases.c.district, cases.c.unit_id, cases.c.state)
Index("ix_cases_ticket", cases.c.district, cases.c.ticket)
Index("ix_cases_merged_into", cases.c.merged_into)  # migration 0007: a case's duplicate cluster
Index("ix_cases_duplicate_of", cases.c.duplicate_of)
# migration 0014: a queue reads only the open cases (the inbox) or only the finished ones (已办结, newest first)
OPEN_STATES, FINISHED_STATES = ("dispatched", "accepted"), ("resolved", "merged")
Index(
    "ix_cases_open",
    cases.c.district,
    cases.c.unit_id,
    postgresql_where=cases.c.state.in_(OPEN_STATES),
    sqlite_where=cases.c.state.in_(OPEN_STATES),
)
Index(  # migration 0015: 已办结 newest first, a page a range of it (keyset on updated_at, id)
    "ix_cases_finished",
    cases.c.district,
    cases.c.updated_at,
    cases.c.id,
    postgresql_where=cases.c.state.in_(FINISHED_STATES),
    sqlite_where=cases.c.state.in_(FINISHED_STATES),
)
# an open case's own deadline that applies now (worklist.own_due): until it is accepted its acceptance
# deadline (签收时限), or the response deadline where the dispatch set none; then the resolution deadline
# (the state a literal, so that the planner matches the statement's expression with the index's)
OWN_DUE = case(
    (
        cases.c.state == literal_column("'dispatched'"),
        func.coalesce(cases.c.acceptance_deadline, cases.c.response_deadline),
    ),
    else_=cases.c.resolution_deadline,
)
Index(  # migration 0015: the inbox in its order, a page a range of it (keyset on the deadline, id)
    "ix_cases_open_due",
    cases.c.district,
    OWN_DUE,
    cases.c.id,
    postgresql_where=cases.c.state.in_(OPEN_STATES),
    sqlite_where=cases.c.state.in_(OPEN_STATES),
)
history = Table(
    "case_history",
    metadata,
    *history_columns(),
    Column("catalogue_item", String(40)),  # migration 0006: a dispatch's or ruling's catalogue item and version
    Column("catalogue_version", Integer),
)
SUPERVISION = ("supervise", "supervise_part")
Index(  # migration 0014: the queue's 督办 filter reads the supervised cases, not every case's trail
    "ix_case_history_supervised",
    history.c.case_id,
    postgresql_where=history.c.action.in_(SUPERVISION),
    sqlite_where=history.c.action.in_(SUPERVISION),
)
CALLBACK_STEPS = ("request_callback", "answer_callback")
Index(  # migration 0015: the hotline's call-back list reads these steps alone (callbacks.waiting)
    "ix_case_history_callbacks",
    history.c.case_id,
    postgresql_where=history.c.action.in_(CALLBACK_STEPS),
    sqlite_where=history.c.action.in_(CALLBACK_STEPS),
)
timers = Table(
    "deadline_timers", metadata, *timer_columns(), Column("part_id", String(36))
)  # migration 0002: a joint part's own deadline
Index(
    "ix_timers_due",
    timers.c.due_at,
    postgresql_where=timers.c.done_at.is_(None),
    sqlite_where=timers.c.done_at.is_(None),
)
parts = Table(
    "joint_parts", metadata, *part_columns(), Column("district", String(32))
)  # migration 0010: a partner district's part (跨区联办); null: the case's district
Index("ix_joint_parts_district_unit", parts.c.district, parts.c.unit_id)  # a partner handler's inbox
Index("ix_joint_parts_unit", parts.c.unit_id)  # migration 0014: the parts a unit holds, for its queue
credentials = Table("credentials", metadata, *credential_columns())

# migration 0003: failed sign-ins (and those in flight) count towards the per-person and per-address limits
sign_in_attempts = Table(
    "sign_in_attempts",
    metadata,
    Column("id", _ID, primary_key=True, autoincrement=True),
    Column("district", String(32), nullable=False),
    Column("person_id", String(40), nullable=False),
    Column("address_hash", String(64), nullable=False),  # keyed hash: no client address in clear
    Column("at", Timestamp(), nullable=False),
    Column("outcome", String(10), nullable=False),  # checking | failed (a success deletes its row)
    Column("cleared_at", Timestamp()),  # a later success or a supervisor's lift: no longer counts for the person
)
Index("ix_sign_in_attempts_person", sign_in_attempts.c.district, sign_in_attempts.c.person_id, sign_in_attempts.c.at)
Index("ix_sign_in_attempts_address", sign_in_attempts.c.address_hash, sign_in_attempts.c.at)
# migration 0006: the responsibility catalogue (职责清单); a load adds a version, items keep their dates
catalogue_versions = Table(
    "catalogue_versions",
    metadata,
    Column("district", String(32), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("loaded_at", Timestamp(), nullable=False),
    Column("source", String(200), nullable=False),
    Column("items", Integer, nullable=False),
)
catalogue_items = Table(
    "catalogue_items",
    metadata,
    Column("district", String(32), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("item_id", String(40), primary_key=True),
    Column("matter", Text, nullable=False),
    Column("category", String(32), nullable=False),
    Column("level", String(20), nullable=False),  # the responsible level: community | street | department
    Column("unit_id", String(40)),  # the department (or resident unit) for level department
    Column("street_duty", Text),
    Column("community_duty", Text),
    Column("legal_basis", Text, nullable=False),
    Column("effective_from", Date, nullable=False),
    Column("effective_to", Date),
)
Index(  # a dispatch walks one category's items in id order to the first in force
    "ix_catalogue_items_category",
    catalogue_items.c.district,
    catalogue_items.c.version,
    catalogue_items.c.category,
    catalogue_items.c.item_id,
)
sign_in_audit = Table(
    "sign_in_audit",
    metadata,
    Column("id", _ID, primary_key=True, autoincrement=True),
    Column("at", Timestamp(), nullable=False),
    Column("district", String(32), nullable=False),
    Column("action", String(20), nullable=False),  # person_locked | address_locked | lifted
    Column("person_id", String(40)),
    Column("address_hash", String(64)),
    Column("actor", Text, nullable=False),  # JSON: the system, or the supervisor who lifted the lockout
)
