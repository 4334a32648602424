"""GET /workbench/catalogue/<district>: the district's current responsibility catalogue (职责清单), public
and read-only, with each item's right-first-time rate. Routing serves it because the catalogue lives in
routing's database and decides its dispatches: a page in intake would need a second copy or a call to
routing for every view, with one more way to fail."""

from __future__ import annotations

from flask import abort, render_template

from .. import catalogue
from ..current import runtime
from .common import blueprint


@blueprint.get("/catalogue/<district>")
def catalogue_page(district: str):
    if district not in runtime().districts:
        abort(404)
    config = runtime().districts[district].org.config
    listing = catalogue.listing(runtime(), district, catalogue.local_today(runtime(), district))
    rates = {(r["item_id"], r["version"]): r for r in catalogue.right_first_time(runtime(), district)["items"]}
    return render_template(
        "routing_pages/catalogue.html",
        district=config,
        listing=listing,
        rates={i["item_id"]: rates.get((i["item_id"], listing["version"])) for i in listing["items"]},
        categories={c.code: c.name for c in config.categories},
        units={u.id: u.name for u in config.units},
        levels={"community": "社区", "street": "街道", "department": "职能部门"},
        who=None,
    )
