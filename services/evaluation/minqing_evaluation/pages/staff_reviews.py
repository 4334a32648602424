"""Staff form of the annual review's procedures (15): GET /staff/reviews/<id> shows each procedure the
conclusion opened with its steps, and POST /staff/reviews/<id>/steps marks the next one done (admins,
leaders, supervisors; in order, as the API's use case says)."""

from __future__ import annotations

from flask import g, redirect, render_template, request, url_for

from minqing_kit.errors import ApiError

from .. import reviews
from ..current import runtime
from ..web import bodies
from .annual_reviews import GRADES, POSTS, PROCEDURES
from .common import blueprint
from .staff import field_messages, form_model, refused_form, staff_only


def _review_page(review_id: str, error: ApiError | None = None):
    review = reviews.view(runtime(), review_id)
    if review["district"] != g.principal.district:
        raise reviews.not_found()
    return (
        render_template(
            "evaluation_pages/staff_review.html",
            who=g.principal,
            review=review,
            grades=GRADES,
            posts=POSTS,
            procedures=PROCEDURES,
            keeper=g.principal.has_any(*reviews.STEP_KEEPERS),
            values=request.form,
            error=error.to_dict()["error"] if error else None,
            errors=field_messages(error) if error else {},
        ),
        error.status if error else 200,
    )


@blueprint.get("/staff/reviews/<review_id>")
@staff_only
def staff_review(review_id: str):
    return _review_page(review_id)


@blueprint.post("/staff/reviews/<review_id>/steps")
@staff_only
def staff_complete_step(review_id: str):
    try:
        if not g.principal.has_any(*reviews.STEP_KEEPERS):
            raise ApiError(403, "forbidden", f"needs one of the roles {list(reviews.STEP_KEEPERS)}", "无权执行此操作")
        note = form_model(bodies.StepCompletion, {"note": (request.form.get("note") or "").strip() or None}).note
        kind, step = request.form.get("kind") or "", request.form.get("step") or ""
        reviews.complete_procedure_step(runtime(), g.principal, review_id, kind, step, note)
    except ApiError as error:
        if not refused_form(error) or error.code == "not_found":
            raise
        return _review_page(review_id, error)
    return redirect(url_for("evaluation_pages.staff_review", review_id=review_id), 303)
