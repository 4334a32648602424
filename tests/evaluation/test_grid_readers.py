"""Who reads a grid's courtyard-file edits (domain/grid_readers), on the demo districts: a 民情信使 reads the
grid whose team they are on, not every grid of the community they live in, which its staff read."""

from __future__ import annotations

from pathlib import Path

from minqing_evaluation.domain.grid_readers import may_read
from minqing_kit.orgconfig import load_districts
from minqing_kit.tokens import Principal

DEMO = Path(__file__).resolve().parents[2] / "config" / "districts"


def test_a_messenger_reads_their_own_grid_only_and_the_communitys_handler_every_grid():
    luwan = load_districts(DEMO)["luwan"]
    luwan = getattr(luwan, "config", luwan)

    def reads(grid: str, person: str, *roles: str) -> bool:
        who = Principal(person, "某", "luwan", "lw-ss", roles)
        return may_read(luwan, grid, who.person_id, who.desk, who.roles)

    assert reads("LW-SS-01-G01", "lw-ss-m1", "messenger")  # 陆阿姨, messenger of two buildings there
    assert not reads("LW-SS-01-G02", "lw-ss-m1", "messenger")  # her community's, not her team's
    assert reads("LW-SS-01-G02", "lw-ss-h1", "community_handler")
