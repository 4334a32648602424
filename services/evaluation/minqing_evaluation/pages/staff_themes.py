"""Staff form opening a theme (每月一题, 16) from a recurring problem: GET /staff/themes/new?category=&street=
&words=&source= (the dashboard's 反复出现的问题 links here with the problem filled in) and POST, which
runs the API's use case as the signed-in supervisor, leader or admin and leads to the theme's public page."""

from __future__ import annotations

from flask import g, redirect, render_template, request, url_for

from minqing_kit.errors import ApiError

from .. import themes
from ..current import runtime
from ..domain.themes import areas
from ..web import bodies
from .common import blueprint
from .staff import field_messages, form_model, refused_form, staff_only, unit_names


def _theme_page(error: ApiError | None = None):
    config = runtime().districts[g.principal.district]
    given = request.form if request.method == "POST" else request.args
    words = given.get("words") or given.get("keywords") or ""
    values = {
        "title": given.get("title") or "",
        "problem": given.get("problem") or "",
        "category": given.get("category") or "",
        "area": given.get("area") or given.get("street") or "",
        "keywords": " ".join(words.replace("、", " ").split()),
        "lead_unit_id": given.get("lead_unit_id") or "",
        "co_unit_ids": given.getlist("co_unit_ids"),
        "source": given.get("source") or "",
        "task_description": given.get("task_description") or "",
        "task_unit_id": given.get("task_unit_id") or "",
        "task_period": given.get("task_period") or "10wd",
    }
    return (
        render_template(
            "evaluation_pages/staff_theme_new.html",
            who=g.principal,
            opener=g.principal.has_any(*themes.OPENERS),
            categories={c.code: c.name for c in config.categories},
            areas=_area_names(config),
            units=unit_names(g.principal.district),
            values=values,
            error=error.to_dict()["error"] if error else None,
            errors=field_messages(error) if error else {},
        ),
        error.status if error else 200,
    )


def _area_names(config) -> dict[str, str]:
    kinds = {"street": "街道", "community": "社区", "grid": "网格"}
    return {code: f"{kinds.get(a.level, a.level)} · {a.name}" for code, a in sorted(areas(config).items())}


@blueprint.get("/staff/themes/new")
@staff_only
def staff_new_theme():
    return _theme_page()


@blueprint.post("/staff/themes/new")
@staff_only
def staff_open_theme():
    form = request.form
    task = {
        "description": (form.get("task_description") or "").strip(),
        "unit_id": form.get("task_unit_id"),
        "period": (form.get("task_period") or "").strip(),
    }
    try:
        if not g.principal.has_any(*themes.OPENERS):
            raise ApiError(403, "forbidden", f"needs one of the roles {list(themes.OPENERS)}", "无权执行此操作")
        given = form_model(
            bodies.Theme,
            {
                "title": (form.get("title") or "").strip(),
                "problem": (form.get("problem") or "").strip(),
                "category": form.get("category"),
                "area": form.get("area"),
                "keywords": (form.get("keywords") or "").replace("、", " ").split(),
                "lead_unit_id": form.get("lead_unit_id"),
                "co_unit_ids": [u for u in form.getlist("co_unit_ids") if u],
                "tasks": [task] if task["description"] else [],
                "source": (form.get("source") or "").strip() or None,
            },
        )
        theme_id = themes.open_theme(runtime(), g.principal, given)
    except ApiError as error:
        if not refused_form(error):
            raise
        return _theme_page(error)
    return redirect(url_for("evaluation_pages.theme", district=g.principal.district, theme_id=theme_id), 303)
