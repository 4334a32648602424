"""GET/POST / (submit), GET /receipt/<ticket>, GET /track, GET+POST /track/<ticket>.

The rating link (PUBLIC_BASE_URL + /rate/<token>) is evaluation's: the public gateway routes it there."""

from __future__ import annotations

import math
from zoneinfo import ZoneInfo

from flask import make_response, redirect, render_template, request, url_for

from minqing_contracts.request_types import REQUEST_TYPE_LABELS
from minqing_kit import qrcode
from minqing_kit.errors import ApiError, FieldError, invalid
from minqing_kit.pages import pages_blueprint
from minqing_kit.requests import float_query

from .. import held_photos, places_lookup, submit as submitting, views
from ..address_limit import limit_client_address
from ..case_photos import photo_ids
from ..current import runtime
from ..domain.district_inference import infer_district
from ..domain.submission import Contact, Submission
from ..similar_cases import similar_open_cases
from .labels import FIELDS, STATUS, field_errors, form_error, timeline
from .photo_field import allow_photo_upload, photo_response, photos_kept, photos_posted
from .place_picker import leaflet, map_settings, with_tile_policy

blueprint = pages_blueprint(
    "intake_pages", __name__, lambda: runtime().settings.INTAKE_SECRET_KEY.get_secret_value(), resident=True
)
# before the CSRF check reads the form: the submit form's body may hold photos
blueprint.before_request_funcs.setdefault(None, []).insert(0, allow_photo_upload)
RECEIPT_COOKIE = "minqing_receipt"
# what a 我也遇到了 form carries of what the resident typed, and the photos held meanwhile (held_photos.py)
CARRIED = (
    "district",
    "content",
    "request_type",
    "category",
    "address",
    "grid_code",
    "lat",
    "lon",
    "urgent",
    "name",
    "phone",
    "email",
    "public",
    "step_updates",
    "held_photos",
)
ECHO_WALL = "anonymous"  # the form's third 公开 choice: filed on the anonymous echo wall (回音墙)
NO_DISTRICT = "未能从您填写的地点确定所在区:请从下面的提示中选择地址,或直接选择所在区"


@blueprint.context_processor
def _page_context() -> dict:
    return {"public_url": runtime().settings.public_url, "field_labels": FIELDS}


def _districts() -> list:
    return sorted(runtime().districts.values(), key=lambda d: d.code)


def _form_page(values: dict, error: ApiError | None = None, status: int = 200, **similar):
    """The form of the place's district (its categories and grids only); without a known district the
    first step, where (an address, the resident's location, or the district chosen): never a default, so
    nothing is filed under a district by mistake."""
    body = form_error(error.to_dict()["error"] if error else None)
    district = runtime().districts.get(values.get("district") or "")
    if district is None:
        query = values.get("address") or ""
        return render_template(
            "intake_pages/submit_district.html",
            districts=_districts(),
            error=body,
            errors=field_errors(body),
            chosen=values.get("district"),
            values=values,
            suggestions=places_lookup.suggestions(runtime(), query) if query else [],
        ), status
    response = make_response(
        render_template(
            "intake_pages/submit.html",
            district=district,
            values=values,
            error=body,
            errors=field_errors(body),
            map=map_settings(district.code),
            status=STATUS,
            tz=ZoneInfo(district.timezone),
            carried=CARRIED,
            request_types=REQUEST_TYPE_LABELS,
            **similar,
        ),
        status,
    )
    return with_tile_policy(response)


@blueprint.get("/")
def submit_form():
    """``?district=`` chooses the district; ``grid_code`` and ``address`` fill the form in (a contact card's QR
    code carries them), a grid the district does not have is left out. Without a district, the place given
    (``address``, ``grid_code``, ``lat``/``lon`` from the resident's location) says which one it is."""
    chosen = request.args.get("district", "")
    if chosen and chosen not in runtime().districts:
        return _form_page({}, invalid([FieldError("district", "choose a district", "请选择所在区")]), 422)
    values = {"district": chosen, "address": (request.args.get("address") or "").strip()[:200]}
    grid = request.args.get("grid_code", "")
    lat, lon = float_query("lat", -90, 90), float_query("lon", -180, 180)
    if not chosen and (values["address"] or grid or (lat is not None and lon is not None)):
        inferred = infer_district(
            runtime().places,
            places_lookup.district_names(runtime()),
            grid_code=grid,
            address=values["address"],
            lat=lat,
            lon=lon,
        )
        if inferred.district is None:
            return _form_page(values, invalid([FieldError("district", "no district fits the place", NO_DISTRICT)]), 422)
        chosen = values["district"] = inferred.district
    if chosen and runtime().places[chosen].knows_grid(grid):
        values["grid_code"] = grid
    if chosen and lat is not None and lon is not None and runtime().places[chosen].covers(lat, lon):
        values.update(lat=str(lat), lon=str(lon))
        values.setdefault("grid_code", runtime().places[chosen].grid_at(lat, lon) or "")
    elif chosen and values["address"] and not values.get("grid_code"):
        values["grid_code"] = runtime().places[chosen].grid_of_address(values["address"]) or ""
    return _form_page(values)


def submission_from_form(form) -> Submission:
    text = lambda name: (form.get(name) or "").strip() or None  # noqa: E731
    return Submission(
        district=text("district") or "",
        channel="echo_wall" if form.get("public") == ECHO_WALL else "web",  # 回音墙: the anonymous public option
        content=(form.get("content") or "").strip(),
        category=text("category"),
        address=text("address"),
        grid_code=text("grid_code"),
        lat=_coordinate(form.get("lat")),
        lon=_coordinate(form.get("lon")),
        urgent=form.get("urgent") == "yes",
        contact=Contact(name=text("name"), phone=text("phone"), email=text("email")),
        request_type=(form.get("request_type") or "").strip(),  # asked on the form: "" is refused, not "not asked"
        joins_ticket=text("joins_ticket"),
        public=form.get("public") == "yes",  # 不公开 unless the resident chose 公开 (or the echo wall)
        step_updates=form.get("step_updates") == "yes",  # 办理有进展时短信通知我: off unless ticked
    )


def _coordinate(text: str | None) -> float | None:
    """A latitude or longitude from the form's hidden fields (the location or the pin); unreadable: none."""
    try:
        value = float(text or "")
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _elsewhere(form) -> ApiError | None:
    """The address names a building of another district than the form's: refused before anything is filed."""
    inferred = infer_district(
        runtime().places, places_lookup.district_names(runtime()), address=(form.get("address") or "").strip()
    )
    if inferred.how == "address" and inferred.district != form.get("district"):
        other = runtime().districts[inferred.district].name
        return invalid(
            [
                FieldError(
                    "location.address",
                    "the address is in another district",
                    f"该地址属于{other},请核对地址或重新选择所在区",
                )
            ]
        )
    return None


def _similar_unseen(submission: Submission) -> list[dict]:
    """我也遇到了: before a request is filed, the similar open cases the resident has not been shown yet
    (none once they chose one or went on); a request with problems is refused before the list."""
    if submission.joins_ticket or request.form.get("similar_seen") == "yes":
        return []
    submitting.check(runtime(), submission)
    return similar_open_cases(runtime(), submission)


@blueprint.post("/")
def submit_request():
    limit_client_address()
    values = request.form.to_dict()
    try:
        elsewhere = _elsewhere(request.form)
        if elsewhere:
            raise elsewhere
        photos = photos_posted()
        submission = submission_from_form(request.form)
        submission.attachments = [photo.attachment() for photo in photos]
        similar = _similar_unseen(submission)
        if photos:  # new photos replace any held before (those are swept when their hold ends)
            values["held_photos"] = held_photos.hold(runtime(), photos) if similar else ""
        if similar:
            return _form_page(values, similar=similar)
        with photos_kept(photos), held_photos.taken(runtime(), values.get("held_photos", "")) as held:
            submission.attachments = submission.attachments or held
            receipt = submitting.submit(runtime(), submission)
    except ApiError as error:
        if error.status != 422:
            raise
        if any(f.field == "photos" for f in error.fields or []):
            values.pop("held_photos", None)  # refused photos, or held ones gone: chosen again
        return _form_page(values, error, 422)  # otherwise the photos held stay held: the form carries them
    response = redirect(url_for(".receipt", ticket=receipt["ticket"]), 303)
    response.set_cookie(
        RECEIPT_COOKIE,
        f"{receipt['ticket']}:{receipt['tracking_secret']}",
        max_age=900,
        httponly=True,
        samesite="Lax",
        path="/receipt",
        secure=request.is_secure,
    )
    return response


blueprint.add_url_rule("/static/vendor/leaflet/<filename>", "leaflet", leaflet)


@blueprint.get("/photos/<photo_id>")
def photo(photo_id: str):
    """A request's photo (``?size=thumb``: its thumbnail), re-encoded without any metadata."""
    return photo_response(photo_id, thumb=request.args.get("size") == "thumb")


@blueprint.get("/receipt/<ticket>")
def receipt(ticket: str):
    """The tracking secret is shown once: it travels in a short-lived cookie that this page clears."""
    held_ticket, _, secret = (request.cookies.get(RECEIPT_COOKIE) or "").partition(":")
    try:
        view = views.case_view(runtime(), ticket, secret if held_ticket == ticket and secret else None)
    except ApiError as error:  # a 不公开 request's receipt seen again: its track page asks the secret
        if error.status != 404:
            raise
        return redirect(url_for(".track", ticket=ticket), 303)
    link = runtime().settings.public_url(url_for(".track", ticket=view["ticket"]))
    page = render_template(
        "intake_pages/receipt.html",
        case=view,
        status=STATUS,
        secret=secret if held_ticket == ticket else None,
        track_link=link,
        qr_svg=qrcode.svg(link, label="办理进度二维码"),  # the link only: the secret never goes into a picture
    )
    response = make_response(page)
    response.delete_cookie(RECEIPT_COOKIE, path="/receipt")
    return response


@blueprint.get("/track")
def track_form():
    ticket = (request.args.get("ticket") or "").strip().upper()
    if ticket:
        return redirect(url_for(".track", ticket=ticket), 303)
    return render_template("intake_pages/track_form.html")


@blueprint.route("/track/<ticket>", methods=["GET", "POST"])
def track(ticket: str):
    """Anyone sees the public timeline (公示); with the tracking secret (posted, never in the URL) the
    reporter also sees the request as filed."""
    secret = (request.form.get("secret") or "").strip() or None if request.method == "POST" else None
    try:
        view = views.case_view(runtime(), ticket, secret)
    except ApiError as error:
        if error.status not in (403, 404):
            raise
        return render_template(
            "intake_pages/track_form.html", ticket=ticket, error=error.to_dict()["error"]
        ), error.status
    photos = photo_ids(view.get("attachments", []))  # the full record's only: the public view has none yet
    return track_page(view, photos=photos, secret=secret)


def track_page(view: dict, **shown) -> str:
    """The tracking page of a case view (public or full), in its district's time; ``shown``: what else it shows."""
    tz = ZoneInfo(runtime().districts[view["district"]].timezone)
    return render_template("intake_pages/track.html", case=view, status=STATUS, steps=timeline(view), tz=tz, **shown)
