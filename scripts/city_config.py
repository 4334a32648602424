"""A Beijing-size city in the district-configuration format: 16 districts, 343 streets (街道/乡镇),
7,000 communities (社区/村), 50,000 grids, and for each district a 5,000-item responsibility catalogue
(职责清单) in the CSV format ``minqing-routing load-catalogue`` reads.

    .venv/bin/python scripts/city_config.py OUT_DIR [--communities 7000] [--grids 50000] [--items 5000]

Writes ``OUT_DIR/districts/<code>.json`` (one file per district: the format ``minqing_kit.orgconfig``
loads, JSON because the files are large) and ``OUT_DIR/catalogue/<code>.csv``. Point a service at the
city with ``DISTRICTS_DIR=OUT_DIR/districts``.

The districts are Beijing's sixteen with their street counts (the city's 343 in all); communities and
grids are spread evenly over the streets and communities. Everything else is generated: names, grid
outlines (a lattice of rectangles inside each district's box, so a point finds its grid), one building
per grid, one grid worker per grid, a handler per community and street, ten departments per district.
Rules (categories, deadlines, calendar) are the demo district xinlin's.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from minqing_contracts.org import CATEGORY_CODES as CATEGORIES

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "config/districts/xinlin.yaml"

# (code, name, ticket prefix, streets): Beijing's districts and their 街道 + 乡镇, 343 in all
DISTRICTS = (
    ("dongcheng", "东城区", "DC", 17),
    ("xicheng", "西城区", "XC", 15),
    ("chaoyang", "朝阳区", "CY", 43),
    ("haidian", "海淀区", "HD", 29),
    ("fengtai", "丰台区", "FT", 26),
    ("shijingshan", "石景山区", "SJS", 9),
    ("mentougou", "门头沟区", "MTG", 13),
    ("fangshan", "房山区", "FS", 28),
    ("tongzhou", "通州区", "TZ", 22),
    ("shunyi", "顺义区", "SY", 25),
    ("changping", "昌平区", "CP", 22),
    ("daxing", "大兴区", "DX", 22),
    ("huairou", "怀柔区", "HR", 16),
    ("pinggu", "平谷区", "PG", 18),
    ("miyun", "密云区", "MY", 20),
    ("yanqing", "延庆区", "YQ", 18),
)
STREETS = sum(d[3] for d in DISTRICTS)

# (unit suffix, name, categories): each district's departments
DEPARTMENTS = (
    ("cgw", "城管委", ["environment", "municipal"]),
    ("mzj", "民政局", ["elderly_care", "social_security"]),
    ("wjw", "卫健委", ["health"]),
    ("zjw", "住建委", ["property", "demolition", "municipal"]),
    ("gaj", "公安分局", ["public_safety"]),
    ("rsj", "人社局", ["social_security"]),
    ("sfj", "司法局", ["neighbour_dispute", "demolition"]),
    ("swj", "水务局", ["municipal"]),
    ("jtw", "交通委", ["municipal"]),
    ("scj", "市场监管局", ["other", "health"]),
)
CATALOGUE_LEVELS = ("community", "street", "department")

# the districts' boxes: a 4 × 4 lattice over the city, [lon, lat]
CITY_WEST, CITY_SOUTH = 115.7, 39.5
BOX_LON, BOX_LAT = 0.36, 0.27


@dataclass(frozen=True)
class Shape:
    """How many communities each street gets and how many grids each community gets, spread evenly."""

    communities: int
    grids: int

    def communities_of(self, street: int) -> int:
        return _share(self.communities, STREETS, street)

    def grids_of(self, community: int) -> int:
        return _share(self.grids, self.communities, community)


def _share(total: int, parts: int, index: int) -> int:
    """``total`` spread over ``parts``: the first ``total % parts`` get one more."""
    return total // parts + (1 if index < total % parts else 0)


def grid_code(prefix: str, street: int, community: int, grid: int) -> str:
    return f"{prefix}-S{street:02d}-C{community:02d}-G{grid:02d}"


def building_address(district_name: str, street: int, community: int, grid: int) -> str:
    return f"{district_name}第{street}街道第{community}社区{grid}号楼"


def district_config(index: int, shape: Shape, first_street: int, first_community: int) -> dict:
    """One district's configuration as plain data. ``first_street`` and ``first_community`` are the
    city-wide numbers of its first street and community (the shares are spread city-wide)."""
    code, name, prefix, streets = DISTRICTS[index]
    template = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    west, south = CITY_WEST + (index % 4) * BOX_LON, CITY_SOUTH + (index // 4) * BOX_LAT
    counts: list[list[int]] = []  # grids of each community of each street
    community_number = first_community
    for s in range(streets):
        per_street = shape.communities_of(first_street + s)
        counts.append([shape.grids_of(community_number + c) for c in range(per_street)])
        community_number += per_street
    columns = math.ceil(math.sqrt(sum(map(sum, counts))))
    cell_lon, cell_lat = BOX_LON / columns, BOX_LAT / columns
    cells = _cells(west, south, columns, cell_lon, cell_lat)
    units = [
        {"id": f"{code}-{suffix}", "name": f"{name}{unit}", "kind": "department", "categories": categories}
        for suffix, unit, categories in DEPARTMENTS
    ]
    people = [
        {"id": f"{code}-dp-1", "name": "派单员", "unit": code, "roles": ["dispatcher", "district_handler"]},
        {"id": f"{code}-op-1", "name": "话务员", "unit": code, "roles": ["hotline_operator"]},
        {"id": f"{code}-sv-1", "name": "督办员", "unit": code, "roles": ["supervisor"]},
        {"id": f"{code}-ld-1", "name": "区领导", "unit": code, "roles": ["leader"]},
        {"id": f"{code}-ad-1", "name": "管理员", "unit": code, "roles": ["admin"]},
        *({"id": f"{u['id']}-h1", "name": "签收人", "unit": u["id"], "roles": ["department_handler"]} for u in units),
    ]
    street_list = []
    for s, grid_counts in enumerate(counts, start=1):
        street_id = f"{code}-s{s}"
        people.append({"id": f"{street_id}-h1", "name": "街道接件人", "unit": street_id, "roles": ["street_handler"]})
        communities = []
        for c, grid_count in enumerate(grid_counts, start=1):
            community_id = f"{street_id}-c{c}"
            people.append(
                {"id": f"{community_id}-h1", "name": "社区接件人", "unit": community_id, "roles": ["community_handler"]}
            )
            grids = []
            for g in range(1, grid_count + 1):
                code_ = grid_code(prefix, s, c, g)
                grids.append(
                    {
                        "code": code_,
                        "name": f"第{g}网格",
                        "households": 100 + (s * 31 + c * 17 + g * 7) % 201,
                        "polygon": next(cells),
                        "buildings": [
                            {"id": f"{community_id}-b{g}", "address": building_address(name, s, c, g)},
                        ],
                    }
                )
                people.append(
                    {
                        "id": f"{community_id}-g{g}",
                        "name": "网格员",
                        "unit": community_id,
                        "roles": ["grid_worker"],
                        "grids": [code_],
                    }
                )
            communities.append({"id": community_id, "name": f"第{c}社区", "grids": grids})
        street_list.append({"id": street_id, "name": f"第{s}街道", "communities": communities})
    keep = ("categories", "deadlines", "calendar", "evaluation", "meetings", "acceptance", "returns")
    return {
        "code": code,
        "name": name,
        "ticket_prefix": prefix,
        "timezone": "Asia/Shanghai",
        "bounds": [[west, south], [west + BOX_LON, south], [west + BOX_LON, south + BOX_LAT], [west, south + BOX_LAT]],
        "streets": street_list,
        "units": units,
        "people": people,
        "dispatch_rules": [
            {"category": "demolition", "unit": f"{code}-zjw", "joint_with": [f"{code}-mzj", f"{code}-sfj"]},
            {"category": "public_safety", "unit": f"{code}-gaj"},
        ],
        "contact_card": {"service_hotline": "12345"},
        **{key: _plain(template[key]) for key in keep},
    }


def _cells(west: float, south: float, columns: int, width: float, height: float) -> Iterator[list[list[float]]]:
    """Rectangles row by row, each a little smaller than its cell so that neighbours never touch."""
    inset = 0.05
    for n in range(columns * columns):
        row, column = divmod(n, columns)
        x0, y0 = west + (column + inset) * width, south + (row + inset) * height
        x1, y1 = west + (column + 1 - inset) * width, south + (row + 1 - inset) * height
        yield [
            [round(x0, 7), round(y0, 7)],
            [round(x1, 7), round(y0, 7)],
            [round(x1, 7), round(y1, 7)],
            [round(x0, 7), round(y1, 7)],
        ]


def grid_centre(polygon: list[list[float]]) -> tuple[float, float]:
    """(lat, lon) of a generated grid's middle."""
    lon = (polygon[0][0] + polygon[2][0]) / 2
    lat = (polygon[0][1] + polygon[2][1]) / 2
    return lat, lon


def _plain(value):
    """YAML's dates as ISO strings, so the data is JSON."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def catalogue_rows(code: str, items: int) -> Iterator[list[str]]:
    """The header, then ``items`` items over every category and level; every fourth expired at the end of
    2021, so a dispatch has to look at the dates."""
    yield ["item_id", "matter", "category", "level", "unit_id", "street_duty", "community_duty", "legal_basis",
           "effective_from", "effective_to"]  # fmt: skip
    departments = [(f"{code}-{suffix}", categories) for suffix, _, categories in DEPARTMENTS]
    for n in range(items):
        category = CATEGORIES[n % len(CATEGORIES)]
        level = CATALOGUE_LEVELS[(n // len(CATEGORIES)) % len(CATALOGUE_LEVELS)]
        unit = next((u for u, handled in departments if category in handled), "") if level == "department" else ""
        expired = "2021-12-31" if n % 4 == 3 else ""
        yield [f"{code.upper()[:4]}-{n:05d}", f"{category}事项{n}", category, level, unit, "属地管理", "巡查上报",
               f"《北京市接诉即办工作条例》第{n % 48 + 1}条", "2020-01-01", expired]  # fmt: skip


def write_city(out: Path, communities: int = 7000, grids: int = 50000, items: int = 5000) -> dict[str, int]:
    """Write the city under ``out``; returns its counts."""
    if communities < STREETS or grids < communities:
        raise ValueError(f"need at least {STREETS} communities and as many grids as communities")
    shape = Shape(communities, grids)
    (out / "districts").mkdir(parents=True, exist_ok=True)
    (out / "catalogue").mkdir(parents=True, exist_ok=True)
    first_street = first_community = 0
    counts = {"districts": 0, "streets": 0, "communities": 0, "grids": 0, "catalogue_items": 0}
    for index, (code, _, _, streets) in enumerate(DISTRICTS):
        config = district_config(index, shape, first_street, first_community)
        path = out / "districts" / f"{code}.json"
        path.write_text(json.dumps(config, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        with (out / "catalogue" / f"{code}.csv").open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(catalogue_rows(code, items))
        made = sum(len(s["communities"]) for s in config["streets"])
        counts["districts"] += 1
        counts["streets"] += streets
        counts["communities"] += made
        counts["grids"] += sum(len(c["grids"]) for s in config["streets"] for c in s["communities"])
        counts["catalogue_items"] += items
        first_street += streets
        first_community += made
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--communities", type=int, default=7000)
    parser.add_argument("--grids", type=int, default=50000)
    parser.add_argument("--items", type=int, default=5000, help="catalogue items per district")
    args = parser.parse_args(argv)
    counts = write_city(args.out, args.communities, args.grids, args.items)
    print(", ".join(f"{v:,} {k}" for k, v in counts.items()), f"under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
