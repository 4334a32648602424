"""GET/POST /workbench/file: a hotline operator, grid worker, messenger or proxy filer enters a resident's
request (工作人员录入) on one of the staff channels their roles allow, with the place picker (grid and
address), the request type (诉求类型, required as on the resident form: none chosen, intake refuses it),
公开 / 不公开 (asked as the resident form asks it: 不公开 unless 公开 is chosen) and the resident's contact
if given; intake files it (``intake_cases``) with them as the first-contact owner (on the proxy channel, with
the resident's consent, the resident's proxy too: told of each step in 通知) and the duplicate check residents
get, and the receipt names a likely duplicate.
A refusal or an intake that does not answer shows the form again with everything typed; the form's one
``Idempotency-Key`` (hidden ``filing_key``) and its one consent time (hidden ``consent_given_at``, see
``filing_consent``) mean a second press sends the same body and files nothing twice."""

from __future__ import annotations

import uuid

from flask import g, render_template, request

from minqing_contracts.channels import INTAKE_CHANNELS
from minqing_contracts.org import VOLUNTEER_ROLES
from minqing_contracts.request_types import REQUEST_TYPE_LABELS
from minqing_kit.errors import ApiError

from .. import intake_cases
from ..current import runtime
from ..peers import PeerRefused, PeerUnavailable
from .common import blueprint, common_context, signed_in
from .filing_consent import CONSENT_WAYS, FIELD as CONSENT_TIME, recorded_consent, shown, stamp
from .grid import DOWN_ERROR, token

FIELD_LABELS = {
    "content": ("诉求内容", "content"),
    "channel": ("渠道", "channel"),
    "request_type": ("诉求类型", "request_type"),
    "category": ("类别", "category"),
    "location": ("地点", "address"),
    "location.address": ("地址", "address"),
    "location.grid_code": ("网格", "grid_code"),
    "contact.phone": ("来电人手机号", "phone"),
    "contact.name": ("来电人称呼", "name"),
    "filed_for": ("代办对象", "filed_for"),
    "proxy_consent": ("居民同意方式", "consent_how"),
    "proxy_consent.how": ("居民同意方式", "consent_how"),
    CONSENT_TIME: ("居民同意时间", "consent_how"),
    "step_updates": ("办理进展短信", "step_updates"),
}


def channels_for(roles: tuple[str, ...]) -> list:
    """The staff channels the person may file on (their roles), the hotline first when it is theirs; for a
    volunteer (联户党员, 民情信使), who files for the residents they look after, proxy filing (代办) first."""
    mine = [c for c in INTAKE_CHANNELS if c.access == "staff" and set(c.roles) & set(roles)]
    if not set(roles) - set(VOLUNTEER_ROLES):
        mine.sort(key=lambda c: not c.filed_for)
    return mine


def submission_from(form, district: str) -> dict:
    """The request as intake's API takes it; empty fields left out, so intake's checks name what is missing."""
    contact = {k: v for k in ("name", "phone") if (v := (form.get(k) or "").strip())}
    location = {k: v for k in ("address", "grid_code") if (v := (form.get(k) or "").strip())}
    body = {
        "district": district,
        "channel": form.get("channel", ""),
        "content": (form.get("content") or "").strip(),
        "request_type": form.get("request_type") or "",  # asked here: none chosen is intake's 请选择诉求类型
        "urgent": form.get("urgent") == "yes",
        "public": form.get("public") == "yes",  # 不公开 unless 公开 was chosen, as on the resident form
        "step_updates": form.get("step_updates") == "yes",  # 进展短信: only when the resident said yes to it
        **({"category": form["category"]} if form.get("category") else {}),
        **({"location": location} if location else {}),
        **({"contact": contact} if contact else {}),
        **({"filed_for": form["filed_for"].strip()} if (form.get("filed_for") or "").strip() else {}),
        **consent_from(form),
    }
    return body


def consent_from(form) -> dict:
    """代理: the resident's consent as the filer recorded it on this form (how, when the form was opened, a
    note); none chosen, none sent, so intake names it as missing on the proxy channel."""
    if not form.get("consent_how"):
        return {}
    return {"proxy_consent": recorded_consent(form, runtime().now())}


def new_form() -> dict:
    """A blank form's values: its Idempotency-Key and the time the consent is recorded at."""
    return {"filing_key": str(uuid.uuid4()), "consent_given_at": stamp(runtime().now())}


def _form(values: dict, error: dict | None = None, status: int = 200, receipt: dict | None = None):
    config = runtime().districts[g.principal.district].config
    common = common_context()
    grids = [(gr.code, f"{c.name} · {gr.name}") for s in config.streets for c in s.communities for gr in c.grids]
    return render_template(
        "routing_pages/file.html",
        channels=channels_for(g.principal.roles),
        categories=config.categories,
        request_types=REQUEST_TYPE_LABELS,
        grids=grids,
        values=values,
        error=error,
        labels=FIELD_LABELS,
        consent_ways=CONSENT_WAYS,
        consent_time=shown(values.get("consent_given_at") or "", common["tz"]),
        receipt=receipt,
        **common,
    ), status


@blueprint.get("/file")
@signed_in
def filing_form():
    return _form(new_form())


@blueprint.post("/file")
@signed_in
def file_case():
    form = request.form
    values = form.to_dict()
    key = (form.get("filing_key") or "").strip()[:200] or str(uuid.uuid4())
    try:
        submission = submission_from(form, g.principal.district)
    except ApiError as bad_time:  # the form's consent time does not hold: a fresh one, confirmed on the next press
        return _form({**values, "consent_given_at": stamp(runtime().now())}, bad_time.to_dict()["error"], 422)
    try:
        receipt = intake_cases.file_case(runtime().settings, token(), submission, key)
    except PeerRefused as refused:
        error = refused.body.get("error") or {"message_zh": "诉求未能受理", "message": "the request was not taken"}
        return _form(values, error, refused.status if refused.status in (401, 403, 409, 422) else 422)
    except PeerUnavailable:
        return _form(values, DOWN_ERROR, 503)
    return _form(new_form(), receipt={**receipt, "for_resident": form.get("channel") == "proxy"})
