"""A grid's courtyard/building file (院落档案) on the grid pages: GET /workbench/grid/<grid>/courtyard shows it
(each building's position, units, floors, structure and messengers; the facilities, service points and
resident units) with a link to its edit history on evaluation's staff pages, and GET/POST
/workbench/grid/<grid>/courtyard/edit edits it.

Intake owns the file and decides who edits which grid: both read and replace it through its API with the
person's own token (``grid_work``). The form carries the version it was read at, so an edit made on a file
someone changed since is intake's 409 ``stale_version``: its message is shown and every typed value kept, as
for a field error, which is shown beside its field. Place facts only: never a household or a resident."""

from __future__ import annotations

import math
import uuid
from typing import Any

from flask import redirect, render_template, request, url_for

from minqing_kit.errors import ApiError

from .. import grid_work
from ..current import runtime
from ..peers import PeerRefused, PeerUnavailable
from .common import blueprint, common_context, signed_in
from .grid import DOWN, DOWN_ERROR, grid_places, token

PLACE_KINDS = {"facility": "设施", "service_point": "便民服务点", "resident_unit": "驻区单位"}
NEW_PLACES = 2  # blank place rows the form offers
BUILDING_FIELDS = {
    "lon": "经度",
    "lat": "纬度",
    "units": "单元数",
    "floors": "层数",
    "structure": "结构",
    "note": "备注",
}
PLACE_FIELDS = {"kind": "类型", "name": "名称", "lon": "经度", "lat": "纬度", "note": "备注"}
NUMBERS = {"lon": float, "lat": float, "units": int, "floors": int}
NOT_SAVED = {"message_zh": "院落档案未能保存", "message": "the courtyard file was not saved"}


def _number(text: str, kind: type) -> Any:
    """The typed number, None when blank; what is not a finite number goes as typed, for intake to name."""
    if not text:
        return None
    try:
        value = kind(text)
    except ValueError:
        return text
    return value if math.isfinite(value) else text


def _item(form, prefix: str, names) -> dict[str, Any]:
    typed = {n: (form.get(f"{prefix}-{n}") or "").strip() for n in names}
    return {n: _number(v, NUMBERS[n]) if n in NUMBERS else v for n, v in typed.items()}


def file_from_form(form, rows: int) -> tuple[dict[str, Any], dict[str, str]]:
    """The file as intake's PUT takes it, and each of its items' field path -> the form's row (``building-2``).
    A building with nothing typed is left out (no facts on file), as are a place row left blank and a place
    ticked for removal."""
    body: dict[str, Any] = {"version": _number((form.get("version") or "").strip(), int), "buildings": [], "places": []}
    where: dict[str, str] = {}
    n = 0
    while (building := form.get(f"building-{n}-id")) is not None:
        facts = _item(form, f"building-{n}", BUILDING_FIELDS)
        if any(v not in (None, "") for v in facts.values()):
            where[f"buildings[{len(body['buildings'])}]"] = f"building-{n}"
            body["buildings"].append({"id": building, **facts})
        n += 1
    for n in range(rows):
        place = {"ref": (form.get(f"place-{n}-ref") or "").strip(), **_item(form, f"place-{n}", PLACE_FIELDS)}
        if form.get(f"place-{n}-remove") == "yes" or not any(place[k] for k in ("name", "lon", "lat", "note")):
            continue
        where[f"places[{len(body['places'])}]"] = f"place-{n}"
        body["places"].append(place)
    return body, where


def values_of(file: dict[str, Any]) -> dict[str, str]:
    """The form's fields filled from intake's file, with blank rows for new places (their refs made here)."""
    values = {"version": str(file["version"]), "place_rows": str(len(file["places"]) + NEW_PLACES)}
    for n, b in enumerate(file["buildings"]):
        values.update(_typed(f"building-{n}", b, BUILDING_FIELDS))
    for n, p in enumerate(file["places"]):
        values.update(
            {f"place-{n}-ref": p["ref"], f"place-{n}-on_file": "yes", **_typed(f"place-{n}", p, PLACE_FIELDS)}
        )
    for n in range(len(file["places"]), len(file["places"]) + NEW_PLACES):
        values.update({f"place-{n}-ref": f"p-{uuid.uuid4().hex[:8]}", f"place-{n}-kind": "service_point"})
    return values


def _typed(prefix: str, item: dict[str, Any], names) -> dict[str, str]:
    at = item.get("position") or {}
    found = {n: at.get(n) if n in ("lon", "lat") else item.get(n) for n in names}
    return {f"{prefix}-{n}": "" if v is None else str(v) for n, v in found.items()}


def _grid(grid_code: str):
    grids, buildings = grid_places()
    if grid_code not in grids:
        raise ApiError(404, "not_found", "no such grid in your district", "本区没有这个网格")
    return grids[grid_code], buildings


def _labels(where: dict[str, str], grid, values: dict) -> dict[str, tuple[str, str]]:
    """intake's field paths -> (the form's label, the control's id), for the error summary's links."""
    addresses = {f"building-{n}": b.address for n, b in enumerate(grid.buildings)}
    found = {
        "version": ("档案版本", "courtyard-form"),
        "buildings": ("楼栋", "buildings"),
        "places": ("场所", "places"),
    }
    for path, row in where.items():
        name = addresses.get(row) or values.get(f"{row}-name") or f"场所 {int(row.split('-')[1]) + 1}"
        fields = BUILDING_FIELDS if row.startswith("building") else PLACE_FIELDS
        found[path] = (name, row)
        found.update({f"{path}.{f}": (f"{name} {label}", f"{row}-{f}") for f, label in fields.items()})
        found[f"{path}.id"] = found[f"{path}.ref"] = (name, row)
    return found


def _edit_page(grid_code: str, values: dict, error: dict | None = None, where: dict | None = None, status=200):
    grid, _ = _grid(grid_code)
    labels = _labels(where or {}, grid, values)
    errors = {labels[f["field"]][1]: f["reason_zh"] for f in (error or {}).get("fields") or [] if f["field"] in labels}
    return render_template(
        "routing_pages/grid_courtyard_edit.html",
        grid=grid,
        values=values,
        place_rows=range(int(values.get("place_rows") or NEW_PLACES)),
        building_fields=BUILDING_FIELDS,
        kinds=PLACE_KINDS,
        error=error,
        errors=errors,
        labels=labels,
        **common_context(),
    ), status


def _read(grid_code: str) -> dict[str, Any] | None:
    """Intake's file of the grid (None: intake does not answer); its refusal (404: not yours) as an error."""
    try:
        return grid_work.courtyard(runtime().settings, token(), grid_code)
    except PeerUnavailable:
        return None
    except PeerRefused as refused:
        raise ApiError(404, "not_found", "not a grid of yours", "该网格不归您负责") from refused


@blueprint.get("/grid/<grid_code>/courtyard")
@signed_in
def courtyard_file(grid_code: str):
    grid, _ = _grid(grid_code)
    file = _read(grid_code)
    history = f"{runtime().settings.evaluation_pages_url()}/staff/grids/{grid_code}/courtyard-edits"
    page = render_template(
        "routing_pages/grid_courtyard.html",
        grid=grid,
        file=file,
        saved=request.args.get("saved"),
        history=history,
        kinds=PLACE_KINDS,
        down=DOWN if file is None else None,
        **common_context(),
    )
    return page, 200 if file is not None else 503


@blueprint.get("/grid/<grid_code>/courtyard/edit")
@signed_in
def courtyard_form(grid_code: str):
    file = _read(grid_code)
    if file is None:
        return _edit_page(grid_code, {"place_rows": "0"}, DOWN_ERROR, status=503)
    return _edit_page(grid_code, values_of(file))


@blueprint.post("/grid/<grid_code>/courtyard/edit")
@signed_in
def courtyard_save(grid_code: str):
    _grid(grid_code)
    form = request.form
    rows = min(int(form.get("place_rows", "0")) if form.get("place_rows", "").isdigit() else 0, 200 + NEW_PLACES)
    values = {**form.to_dict(), "place_rows": str(rows)}
    body, where = file_from_form(form, rows)
    try:
        saved = grid_work.replace_courtyard(runtime().settings, token(), grid_code, body)
    except PeerRefused as refused:
        error = refused.body.get("error") or NOT_SAVED
        return _edit_page(grid_code, values, error, where, refused.status if refused.status in (404, 409) else 422)
    except PeerUnavailable:
        return _edit_page(grid_code, values, DOWN_ERROR, where, 503)
    return redirect(url_for("routing_pages.courtyard_file", grid_code=grid_code, saved=saved["version"]), 303)
