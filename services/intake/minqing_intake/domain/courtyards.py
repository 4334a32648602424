"""The courtyard/building file (院落档案) of a grid: the place facts seeds 000 and 004 list, drawn on the grid's
map: where each building stands, its units (单元), floors and structure (房屋结构), and the grid's facilities
(道路设施, 主要市政设施), service points (便民服务点) and resident units (驻区单位). Place facts only: never a
household or a person. The buildings themselves (ids, addresses) are the district configuration's."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from shapely.geometry import Point, Polygon

from minqing_contracts.org import DistrictConfig
from minqing_kit.errors import FieldError

PLACE_KINDS = {"facility": "设施", "service_point": "便民服务点", "resident_unit": "驻区单位"}
MAX_UNITS, MAX_FLOORS = 50, 120


@dataclass(frozen=True)
class BuildingFacts:
    building_id: str
    lon: float | None = None
    lat: float | None = None
    units: int | None = None
    floors: int | None = None
    structure: str = ""
    note: str = ""


@dataclass(frozen=True)
class PlaceFacts:
    ref: str
    kind: str
    name: str
    lon: float | None = None
    lat: float | None = None
    note: str = ""


@dataclass(frozen=True)
class CourtyardFile:
    grid_code: str
    buildings: tuple[BuildingFacts, ...] = ()
    places: tuple[PlaceFacts, ...] = ()


def _position(lon: float | None, lat: float | None, where: str, config: DistrictConfig) -> list[FieldError]:
    if (lon is None) != (lat is None):
        return [FieldError(f"{where}lat", "give lon and lat together", "经度和纬度须同时填写")]
    if lon is None or lat is None:
        return []
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return [FieldError(f"{where}lon", "not a WGS84 position", "不是有效的经纬度")]
    if config.bounds and not Polygon(config.bounds).covers(Point(lon, lat)):
        return [FieldError(f"{where}lon", "outside the district", "不在本区范围内")]
    return []


def building_problems(facts: BuildingFacts, known: set[str], config: DistrictConfig, where: str) -> list[FieldError]:
    found = []
    if facts.building_id not in known:
        found.append(FieldError(f"{where}id", "not a building of the grid", "不是该网格的楼栋"))
    if facts.units is not None and not 1 <= facts.units <= MAX_UNITS:
        found.append(FieldError(f"{where}units", f"1 to {MAX_UNITS} units", f"单元数须为1至{MAX_UNITS}"))
    if facts.floors is not None and not 1 <= facts.floors <= MAX_FLOORS:
        found.append(FieldError(f"{where}floors", f"1 to {MAX_FLOORS} floors", f"层数须为1至{MAX_FLOORS}"))
    found += _length(facts.structure, 40, f"{where}structure") + _length(facts.note, 200, f"{where}note")
    return found + _position(facts.lon, facts.lat, where, config)


def _length(text: str, most: int, field: str) -> list[FieldError]:
    return [FieldError(field, f"at most {most} characters", f"不能超过{most}个字")] if len(text) > most else []


def place_problems(place: PlaceFacts, config: DistrictConfig, where: str) -> list[FieldError]:
    found = []
    if place.kind not in PLACE_KINDS:
        found.append(FieldError(f"{where}kind", f"one of {sorted(PLACE_KINDS)}", "类型须为设施、便民服务点或驻区单位"))
    if not place.name.strip():
        found.append(FieldError(f"{where}name", "required", "必填"))
    found += _length(place.ref, 64, f"{where}ref") + _length(place.name, 80, f"{where}name")
    found += _length(place.note, 200, f"{where}note")
    return found + _position(place.lon, place.lat, where, config)


def problems(file: CourtyardFile, config: DistrictConfig) -> list[FieldError]:
    """What is wrong with a grid's file in its district (empty when nothing is)."""
    return item_problems(file, config) + repeated(file)


def item_problems(file: CourtyardFile, config: DistrictConfig) -> list[FieldError]:
    grid = next((g for s in config.streets for c in s.communities for g in c.grids if g.code == file.grid_code), None)
    if grid is None:
        return [FieldError("grid_code", "not a grid of the district", "不是本区的网格")]
    known = {b.id for b in grid.buildings}
    found = []
    for n, facts in enumerate(file.buildings):
        found += building_problems(facts, known, config, f"buildings[{n}].")
    for n, place in enumerate(file.places):
        found += place_problems(place, config, f"places[{n}].")
    return found


def repeated(file: CourtyardFile) -> list[FieldError]:
    """A building or a place given twice in one grid's file."""
    buildings = Counter(f.building_id for f in file.buildings)
    places = Counter(p.ref for p in file.places)
    return [FieldError("buildings", f"building {b} given twice", "楼栋重复") for b, k in buildings.items() if k > 1] + [
        FieldError("places", f"place {r} given twice", "地点编号重复") for r, k in places.items() if k > 1
    ]


def _float(row: dict[str, str], name: str) -> float | None:
    text = (row.get(name) or "").strip()
    try:
        return float(text) if text else None
    except ValueError:
        raise ValueError(f"{name}: {text!r} is not a number") from None


def _whole(row: dict[str, str], name: str) -> int | None:
    text = (row.get(name) or "").strip()
    if text and not text.isdigit():
        raise ValueError(f"{name}: {text!r} is not a whole number")
    return int(text) if text else None


def from_row(row: dict[str, str]) -> tuple[str, BuildingFacts | PlaceFacts]:
    """(grid code, facts) from a row of a district's building file (``config/buildings/<district>.csv``):
    ``kind`` is ``building`` (``ref`` its building id) or a place kind (``ref`` the place's own id)."""
    kind, ref = (row.get("kind") or "").strip(), (row.get("ref") or "").strip()
    lon, lat, note = _float(row, "lon"), _float(row, "lat"), (row.get("note") or "").strip()
    if not ref:
        raise ValueError("ref: required")
    facts: BuildingFacts | PlaceFacts
    if kind == "building":
        structure = (row.get("structure") or "").strip()
        facts = BuildingFacts(ref, lon, lat, _whole(row, "units"), _whole(row, "floors"), structure, note)
    else:
        facts = PlaceFacts(ref, kind, (row.get("name") or "").strip(), lon, lat, note)
    return (row.get("grid_code") or "").strip(), facts
