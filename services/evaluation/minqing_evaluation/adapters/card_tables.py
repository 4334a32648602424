"""Evaluation's record of contact cards (民情联系卡) handed to households, from intake's ``card.delivered.v1``:
one row per household (its first card), with the grid, so that cards handed out per grid can be counted
(the ground of 知晓率, whose definition is the visit rates'). An opaque household id, no household detail."""

from sqlalchemy import Column, Date, Index, String, Table

from .tables import metadata

card_deliveries = Table(
    "card_deliveries",
    metadata,
    Column("household_id", String(64), primary_key=True),
    Column("district", String(32), nullable=False),
    Column("grid_code", String(40), nullable=False),
    Column("delivered_on", Date, nullable=False),
    Index("ix_card_deliveries_grid", "district", "grid_code", "delivered_on"),
)
