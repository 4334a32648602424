"""GET /building (谁在服务我的楼: who looks after my building, found by address) and GET /cards/<district>/<grid>
(the grid's contact cards, 民情联系卡, to print on A6). Both public: a card names the team and the hotlines,
never a resident (``domain.cards``)."""

from __future__ import annotations

from flask import render_template, request, url_for

from minqing_kit.errors import FieldError, invalid
from minqing_kit.qrcode import svg

from .. import contact_cards, courtyards
from ..current import runtime
from ..domain.courtyards import PLACE_KINDS
from .courtyard_map import drawn
from .labels import field_errors, form_error
from .residents import blueprint


@blueprint.get("/building")
def who_serves():
    district = (request.args.get("district") or "").strip()
    address = (request.args.get("address") or "").strip()[:200]
    districts = sorted(runtime().districts.values(), key=lambda d: d.code)
    values = {"district": district, "address": address}
    if not district and not address:
        return render_template("intake_pages/who_serves.html", districts=districts, values=values)
    problems = []
    if district not in runtime().districts:
        problems.append(FieldError("district", "choose a district", "请选择所在区"))
    if not address:
        problems.append(FieldError("address", "required", "请填写小区和楼号"))
    if problems:
        error = form_error(invalid(problems).to_dict()["error"])
        page = render_template(
            "intake_pages/who_serves.html", districts=districts, values=values, error=error, errors=field_errors(error)
        )
        return page, 422
    found = contact_cards.who_serves(runtime(), district, address)
    places = courtyards.grid_file(runtime(), district, found.grid_code) if found else None
    mine = found.building.id if found and found.building else None
    page = render_template(
        "intake_pages/who_serves.html",
        districts=districts,
        values=values,
        card=found,
        link=url_for(".submit_form", **contact_cards.form_query(district, found)) if found else None,
        places=places,
        mine=mine,
        place_kinds=PLACE_KINDS,
        map=drawn(runtime().districts[district], found.grid_code, places, mine) if found and places else None,
        searched=True,
    )
    return page, 200 if found else 404


@blueprint.get("/cards/<district>/<grid_code>")
def print_cards(district: str, grid_code: str):
    per = request.args.get("per") or "building"
    cards = contact_cards.sheet(runtime(), district, grid_code, per)
    codes = {c.link: svg(c.link, label="扫码反映问题") for c in cards}
    return render_template("intake_pages/cards_print.html", cards=cards, codes=codes, per=per, grid_code=grid_code)
