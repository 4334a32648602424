"""Contact cards (民情联系卡): the sheet to print for a grid, one card per building or one per household (as
many cards of a building as it has households on file: counted, never listed), the link their QR code
opens, and the public lookup "who looks after my building" (谁在服务我的楼) by address."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from sqlalchemy import func, select

from minqing_kit.errors import ApiError
from minqing_kit.qrcode import MAX_BYTES

from .adapters.grid_tables import households
from .bootstrap import Runtime
from .domain.cards import Card, card, find_grid, grid_of_building

PER = ("building", "household")


@dataclass(frozen=True)
class PrintedCard:
    card: Card
    link: str  # the resident form with the district, grid (and building address) filled in
    copies: int


def form_query(district: str, the_card: Card) -> dict[str, str]:
    """The resident form's query that fills in the card's district, grid and building address."""
    query = {"district": district, "grid_code": the_card.grid_code}
    if the_card.building is not None:
        query["address"] = the_card.building.address
    return query


def form_link(runtime: Runtime, district: str, the_card: Card) -> str:
    """The link the card's QR code carries; without the address when a long one would not fit the code."""
    query = form_query(district, the_card)
    link = runtime.settings.public_url("/?" + urlencode(query))
    if len(link.encode()) > MAX_BYTES:
        link = runtime.settings.public_url("/?" + urlencode({k: v for k, v in query.items() if k != "address"}))
    return link


def no_grid() -> ApiError:
    return ApiError(404, "not_found", "no such grid in the district", "该区没有这个网格")


def sheet(runtime: Runtime, district: str, grid_code: str, per: str) -> list[PrintedCard]:
    """The cards to print for a grid: one per building, or per household (a building's household count)."""
    config = runtime.districts.get(district)
    place = find_grid(config, grid_code) if config else None
    if config is None or place is None:
        raise no_grid()
    if per not in PER:
        raise ApiError(422, "invalid", "per is building or household", "请选择按楼栋或按户打印")
    counts: dict[str, int] = {}
    if per == "household":
        with runtime.db.engine.connect() as connection:
            counts = dict(
                connection.execute(
                    select(households.c.building_id, func.count())
                    .where(households.c.district == district, households.c.grid_code == grid_code)
                    .group_by(households.c.building_id)
                ).all()
            )
    found = []
    for building in place.grid.buildings or [None]:
        the_card = card(config, grid_code, building.id if building else None)
        copies = counts.get(building.id, 0) if per == "household" and building else 1
        if the_card is not None and copies:
            found.append(PrintedCard(the_card, form_link(runtime, district, the_card), copies))
    return found


def who_serves(runtime: Runtime, district: str, address: str) -> Card | None:
    """The card of the building an address names, matched as the resident form matches addresses."""
    config = runtime.districts.get(district)
    places = runtime.places.get(district)
    building_id = places.building_of(address) if places else None
    grid = grid_of_building(config, building_id) if config and building_id else None
    return card(config, grid.code, building_id) if config and grid else None
