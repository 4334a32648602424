"""The grid's map as seed 004 has it posted (公示网格示意图): the grid's outline with its buildings (居民楼),
service points (便民服务点), facilities (设施) and resident units (驻区单位) where the courtyard file places
them, drawn with ``minqing_kit.svgmap``; one building may be marked as the resident's."""

from __future__ import annotations

from typing import Any

from minqing_contracts.org import DistrictConfig
from minqing_kit.svgmap import fit

from ..domain.cards import find_grid
from ..domain.courtyards import PLACE_KINDS


def drawn(
    config: DistrictConfig, grid_code: str, file: dict[str, Any], mine: str | None = None
) -> dict[str, Any] | None:
    """Outline and marks fitted to a 400-wide box; None when nothing has a place to be drawn."""
    place = find_grid(config, grid_code)
    outline = [list(p) for p in place.grid.polygon] if place and place.grid.polygon else None
    marks = [
        {"kind": "building", "label": b["address"], "mine": b["id"] == mine, "at": b["position"]}
        for b in file["buildings"]
        if b["position"]
    ] + [
        {"kind": p["kind"], "label": f"{PLACE_KINDS[p['kind']]}:{p['name']}", "mine": False, "at": p["position"]}
        for p in file["places"]
        if p["position"]
    ]
    if not marks and not outline:
        return None
    rings = ([outline] if outline else []) + [[[m["at"]["lon"], m["at"]["lat"]]] for m in marks]
    strings, height = fit(rings)
    points = strings[1:] if outline else strings
    for mark, text in zip(marks, points, strict=True):
        mark["x"], mark["y"] = (float(v) for v in text.split(","))
    return {"height": height, "outline": strings[0] if outline else None, "marks": marks}
