"""GET /themes/<district> (the district's themes) and /themes/<district>/<theme_id> (one theme: its
tasks, measures, linked requests counted and its effect): public pages, no resident's data."""

from __future__ import annotations

from flask import render_template

from minqing_kit.errors import ApiError

from .. import stats, theme_views
from ..current import runtime
from .common import blueprint, resident_error

STATUS_NAMES = {"open": "推进中", "closed": "已结题", "done": "已完成"}
KIND_NAMES = {"policy": "政策", "measure": "措施"}


@blueprint.get("/themes/<district>")
def themes(district: str):
    try:
        config = stats.district_config(runtime(), district)
    except ApiError as error:
        return resident_error(error)
    found = theme_views.listing(runtime(), district)
    return render_template("evaluation_pages/themes.html", district=config, themes=found, statuses=STATUS_NAMES)


@blueprint.get("/themes/<district>/<theme_id>")
def theme(district: str, theme_id: str):
    try:
        config = stats.district_config(runtime(), district)
        shown = theme_views.view(runtime(), theme_id)
        if shown["district"] != district:
            raise ApiError(404, "not_found", "no such theme", "未找到该专题")
    except ApiError as error:
        return resident_error(error)
    return render_template(
        "evaluation_pages/theme.html", district=config, theme=shown, statuses=STATUS_NAMES, kinds=KIND_NAMES
    )
