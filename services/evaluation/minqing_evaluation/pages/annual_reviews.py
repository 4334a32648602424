"""The review pages on the public board: a year's annual reviews (双述双评) of a district, one review
(both ballots with formula and denominator, grade, procedures and their steps, the inputs), and a
quarter's three-party panel (三方评事: members by party, results per unit)."""

from __future__ import annotations

from flask import render_template

from minqing_kit.errors import ApiError

from .. import panel, panel_members, reviews, stats
from ..current import local_today, runtime
from ..domain import orgtree
from .common import LABELS, blueprint, resident_error

GRADES = {"competent": "称职", "basically_competent": "基本称职", "incompetent": "不称职"}
POSTS = {"two_committees": "两委成员", "staff": "专职工作者"}
PROCEDURES = {
    "resign_or_recall": "责令辞职或启动罢免程序",
    "rectification": "限期整改",
    "no_bonus_no_renewal": "扣除绩效奖金、不予续聘",
}
BALLOT_NAMES = {"superior": "上级组织测评", "residents": "群众测评"}
PARTY_NAMES = {"community": "社区", "party_rep": "党员代表", "resident_rep": "居民代表"}


def _page(template: str, **context):
    names = dict(grades=GRADES, posts=POSTS, procedures=PROCEDURES, ballot_names=BALLOT_NAMES, party_names=PARTY_NAMES)
    return render_template(template, labels=LABELS, **names, **context)


@blueprint.get("/board/<district>/annual-reviews/<int:year>")
def annual_reviews(district: str, year: int):
    try:
        config = stats.district_config(runtime(), district)
        if not 2000 <= year <= 2099:
            raise ApiError(404, "not_found", "no reviews of that year", "没有该年度的评议")
    except ApiError as error:
        return resident_error(error)
    return _page(
        "evaluation_pages/annual_reviews.html",
        district=config,
        year=year,
        found=reviews.listed(runtime(), district, year),
    )


@blueprint.get("/board/<district>/annual-review/<review_id>")
def annual_review(district: str, review_id: str):
    try:
        config = stats.district_config(runtime(), district)
        review = reviews.view(runtime(), review_id)
        if review["district"] != district:
            raise reviews.not_found()
    except ApiError as error:
        return resident_error(error)
    return _page("evaluation_pages/annual_review.html", district=config, review=review)


@blueprint.get("/board/<district>/panel")
@blueprint.get("/board/<district>/panel/<quarter>")
def panel_page(district: str, quarter: str | None = None):
    try:
        config = stats.district_config(runtime(), district)
        if quarter is None:
            today = local_today(district)
            quarter = f"{today.year}Q{(today.month - 1) // 3 + 1}"
        members = panel_members.listed(runtime(), district, quarter)
        results = panel.by_unit(runtime(), district, quarter)
    except ApiError as error:
        return resident_error(error)
    names = {u.unit_id: u.name for u in orgtree.units(config).values()}
    return _page(
        "evaluation_pages/panel.html",
        district=config,
        quarter=quarter,
        members=members,
        results=results,
        unit_names=names,
    )
