"""Staff page of a grid's courtyard/building file edits (院落档案修改记录, 14): GET
/staff/grids/<grid_code>/courtyard-edits lists the newest edits intake announced (courtyard.file_edited.v1,
kept by ``courtyard_edits``): when, who, and each building or place added, changed (with the new values) or
removed. For the grid's staff and supervisors (``domain/grid_readers``); anyone else gets a 404."""

from __future__ import annotations

from flask import g, render_template

from minqing_kit.pages import local_time

from .. import courtyard_edits
from ..current import runtime
from .common import blueprint
from .staff import staff_only

ITEMS = {"building": "楼栋", "place": "场所"}
CHANGES = {"added": "新增", "changed": "修改", "removed": "删除"}
FIELDS = {
    "lon": "经度",
    "lat": "纬度",
    "units": "单元数",
    "floors": "层数",
    "structure": "结构",
    "note": "备注",
    "kind": "类型",
    "name": "名称",
}
LOADER = "building-file"  # intake's district file loader, as the event names it


def _line(change: dict) -> str:
    values = "、".join(f"{FIELDS.get(k, k)} {'—' if v in (None, '') else v}" for k, v in change["values"].items())
    head = (
        f"{CHANGES.get(change['change'], change['change'])}{ITEMS.get(change['item'], change['item'])} {change['ref']}"
    )
    return f"{head}:{values}" if values else head


@blueprint.get("/staff/grids/<grid_code>/courtyard-edits")
@staff_only
def staff_courtyard_edits(grid_code: str):
    district = g.principal.district
    found = courtyard_edits.history(runtime(), g.principal, grid_code)
    config, tz = runtime().districts[district], runtime().tz(district)
    names = {p.id: p.name for p in config.people}
    grid = next(gr for s in config.streets for c in s.communities for gr in c.grids if gr.code == grid_code)
    edits = [
        {
            "at": local_time(e["edited_at"].isoformat(), tz),
            "by": "全区院落档案导入" if e["edited_by"] == LOADER else names.get(e["edited_by"], e["edited_by"]),
            "changes": [_line(c) for c in e["changes"]],
        }
        for e in found["edits"]
    ]
    return render_template(
        "evaluation_pages/staff_courtyard_edits.html", who=g.principal, grid=grid, edits=edits, limit=found["limit"]
    )
