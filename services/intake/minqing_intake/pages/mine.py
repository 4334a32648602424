"""我的诉求 (my requests): GET /mine (the phone form, or the list once signed in), POST /mine/code (send a
one-time SMS code), POST /mine/sign-in (the code), GET /mine/<ticket> (one of my cases, its full record),
POST /mine/sign-out. Signed in = a cookie holding the phone's keyed hash, signed and good for 30 minutes;
the tracking secret (/track) stays the other way in."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import redirect, render_template, request, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer

from minqing_kit.errors import ApiError

from .. import sign_in as signing, views
from ..address_limit import limit_client_address
from ..current import runtime
from .labels import STATUS
from .residents import blueprint, track_page

COOKIE, MAX_AGE = "minqing_mine", 30 * 60
FIELDS = {"phone": ("手机号", "phone"), "district": ("所在区", "district"), "code": ("验证码", "code")}


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(runtime().settings.INTAKE_SECRET_KEY.get_secret_value(), salt="minqing-mine")


def signed_in_phone() -> str | None:
    """The phone hash of the signed-in resident, or None (no cookie, a forged or an old one)."""
    try:
        return _signer().loads(request.cookies.get(COOKIE, ""), max_age=MAX_AGE)
    except BadSignature:
        return None


def _districts() -> list:
    return sorted(runtime().districts.values(), key=lambda d: d.code)


def _phone_form(error: ApiError | None = None, status: int = 200):
    body = error.to_dict()["error"] if error else None
    page = render_template(
        "intake_pages/mine_phone.html", districts=_districts(), error=body, fields=FIELDS, values=request.form
    )
    return page, status


@blueprint.get("/mine")
def mine():
    phone_hash = signed_in_phone()
    if phone_hash is None:
        return _phone_form()
    rows = signing.my_cases(runtime(), phone_hash)
    districts = runtime().districts
    listed = [
        {
            "ticket": r.ticket,
            "status": r.status,
            "district": districts[r.district].name,
            "day": r.received_at.astimezone(ZoneInfo(districts[r.district].timezone)).date(),
        }
        for r in rows
    ]
    return render_template("intake_pages/mine_list.html", rows=listed, status=STATUS)


@blueprint.post("/mine/code")
def send_code():
    limit_client_address()
    try:
        request_id = signing.request_code(
            runtime(), request.form.get("district", ""), request.form.get("phone", ""), request.remote_addr or ""
        )
    except ApiError as error:
        if error.status not in (422, 429, 503):
            raise
        return _phone_form(error, error.status)
    return render_template("intake_pages/mine_code.html", request_id=request_id, error=None, fields=FIELDS)


@blueprint.post("/mine/sign-in")
def sign_in():
    request_id = request.form.get("request_id", "")
    try:
        phone_hash = signing.sign_in(runtime(), request_id, request.form.get("code", ""))
    except ApiError as error:
        if error.status != 422:
            raise
        body = error.to_dict()["error"]
        return render_template("intake_pages/mine_code.html", request_id=request_id, error=body, fields=FIELDS), 422
    response = redirect(url_for(".mine"), 303)
    response.set_cookie(
        COOKIE, _signer().dumps(phone_hash), max_age=MAX_AGE, httponly=True, samesite="Lax", secure=request.is_secure
    )
    return response


@blueprint.post("/mine/sign-out")
def sign_out():
    response = redirect(url_for(".mine"), 303)
    response.delete_cookie(COOKIE)
    return response


@blueprint.get("/mine/<ticket>")
def my_case(ticket: str):
    """One of my cases with everything I filed; another's ticket is a 404, as if it did not exist."""
    phone_hash = signed_in_phone()
    if phone_hash is None:
        return redirect(url_for(".mine"), 303)
    view = views.case_view(runtime(), ticket, owner_phone_hash=phone_hash)
    if not view["full"]:  # not filed with this phone
        raise ApiError(404, "not_found", "no such case among yours", "您的诉求中没有这个编号")
    return track_page(view)
