"""The annual review (双述双评): one review per person and year, its two ballots' votes (上级组织 and
residents, kept apart), the households that vote on its residents' ballot, and the procedures its
consequences open; the named three-party panel (三方评事)."""

from sqlalchemy import JSON, Column, Integer, String, Table, UniqueConstraint

from minqing_kit.timestamps import Timestamp

from .tables import metadata

panel_members = Table(
    "panel_members",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("district", String(32), nullable=False),
    Column("quarter", String(7), nullable=False),
    Column("party", String(24), nullable=False),  # community | party_rep | resident_rep
    Column("name", String(80), nullable=False),  # a representative's public name, as on the board
    Column("added_by", String(64), nullable=False),
    Column("added_at", Timestamp(), nullable=False),
    UniqueConstraint("district", "quarter", "party", "name", name="uq_panel_member"),
)

annual_reviews = Table(
    "annual_reviews",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("district", String(32), nullable=False),
    Column("year", Integer, nullable=False),
    Column("person_id", String(64), nullable=False),
    Column("person_name", String(80), nullable=False),
    Column("unit_id", String(64), nullable=False),  # the person's community
    Column("post", String(16), nullable=False),  # two_committees (两委成员) | staff (专职工作者)
    Column("status", String(16), nullable=False),  # open | concluded
    Column("grade", String(24)),  # competent | basically_competent | incompetent (称职 / 基本称职 / 不称职)
    Column("opened_at", Timestamp(), nullable=False),
    Column("opened_by", String(64), nullable=False),
    Column("concluded_at", Timestamp()),
    Column("concluded_by", String(64)),
    Column("households", Integer),  # the residents' ballot's voters intake listed (None: not listed yet)
    Column("households_asked_at", Timestamp()),  # when intake was last asked for them (None: never, before 0021)
    UniqueConstraint("district", "year", "person_id", name="uq_annual_review"),
)

annual_review_households = Table(  # the voters of a review's residents' ballot, as intake listed them
    "annual_review_households",
    metadata,
    Column("review_id", String(36), primary_key=True),
    Column("household_id", String(64), primary_key=True),
)

annual_review_votes = Table(
    "annual_review_votes",
    metadata,
    Column("review_id", String(36), primary_key=True),
    Column("ballot", String(16), primary_key=True),  # superior (上级组织) | residents (社区群众)
    Column("voter_key", String(64), primary_key=True),  # superior: the rater's person id; residents: a household id
    Column("rating", String(24), nullable=False),
    Column("entered_by", String(64), nullable=False),
    Column("cast_at", Timestamp(), nullable=False),
)

review_procedures = Table(
    "review_procedures",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("review_id", String(36), nullable=False, index=True),
    Column("kind", String(24), nullable=False),  # resign_or_recall | rectification | no_bonus_no_renewal
    Column("steps", JSON, nullable=False),  # [{"step": ..., "name": ..., "done_at": None}, ...]
    Column("due_at", Timestamp()),
    Column("opened_at", Timestamp(), nullable=False),
)
