"""What every service's server-rendered pages share: CSRF protection, security headers, one layout
and stylesheet, and HTML rendering of ``ApiError``. Knows no service's domain.

CSRF: a signed double-submit token. The browser holds ``minqing_csrf`` (a random value and its
HMAC under the service's secret, HttpOnly, SameSite=Lax); every form carries the same value in the
hidden field ``csrf_token``; a POST whose field is missing, differs from the cookie or is not
signed by us is refused before the view runs.

Errors: anything a pages blueprint's views raise (``ApiError`` or an HTTP error) is the shared HTML
error page. A request that matched no route (a mistyped URL, a wrong method) reached no blueprint,
so the client's Accept header decides (``unmatched_error_page``): a browser asks for text/html
before anything else and gets the page; API clients (no Accept, ``*/*``, ``application/json``) keep
the JSON error. The URL cannot decide: intake's pages live at ``/``, beside ``/api`` and ``/open311``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path

from flask import Blueprint, Response, current_app, g, make_response, render_template, request
from flask.sansio.app import App
from werkzeug.exceptions import HTTPException

from .errors import ApiError, FieldError, from_http, invalid

ASSETS = Path(__file__).parent / "page_assets"
COOKIE = "minqing_csrf"
FIELD = "csrf_token"
HOMES = "minqing_page_homes"  # app.extensions: (URL prefix, home, resident) of each pages blueprint
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # rating links carry a token in the path
    "Cache-Control": "no-store",
}


def _sign(secret: bytes, value: str) -> str:
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:32]


class Csrf:
    def __init__(self, secret: Callable[[], str]):
        self._secret = secret

    def _key(self) -> bytes:
        return hashlib.sha256(b"minqing-csrf:" + self._secret().encode()).digest()

    def _valid(self, token: str | None) -> bool:
        value, _, mac = (token or "").partition(".")
        return bool(value and mac) and hmac.compare_digest(mac, _sign(self._key(), value))

    def token(self) -> str:
        """The session's token (from the cookie, or a new one set on the response)."""
        if "csrf_token" not in g:
            current = request.cookies.get(COOKIE)
            if not self._valid(current):
                value = secrets.token_urlsafe(24)
                current = f"{value}.{_sign(self._key(), value)}"
                g.csrf_new = True
            g.csrf_token = current
        token: str = g.csrf_token
        return token

    def check(self) -> None:
        if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
            return
        sent, held = request.form.get(FIELD, ""), request.cookies.get(COOKIE, "")
        if not (self._valid(held) and hmac.compare_digest(sent.encode(), held.encode())):
            raise ApiError(
                400,
                "csrf_failed",
                "the form expired or did not come from this site; reload and retry",
                "表单已过期或来源不明,请刷新页面后重试",
            )

    def finish(self, response: Response) -> Response:
        if g.get("csrf_new"):
            response.set_cookie(COOKIE, g.csrf_token, httponly=True, samesite="Lax", secure=request.is_secure)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def pages_blueprint(
    name: str,
    import_name: str,
    secret: Callable[[], str],
    url_prefix: str = "",
    home: str = "/",
    resident: bool = False,
) -> Blueprint:
    """A blueprint for a service's pages with CSRF, headers, the shared layout and HTML errors.
    ``home`` is where the error page's 首页 link leads: the service's own start page. ``resident``:
    pages for residents, whose error page is in Chinese only (no English message, no field paths)."""
    blueprint = Blueprint(
        name,
        import_name,
        url_prefix=url_prefix or None,
        template_folder="templates",
        static_folder="static",
        static_url_path=f"/static/{name}",
    )
    csrf = Csrf(secret)
    blueprint.before_request(csrf.check)
    blueprint.after_request(csrf.finish)
    blueprint.record_once(lambda state: _install(state.app, state.url_prefix or "", home, resident))
    blueprint.context_processor(lambda: {"csrf_token": csrf.token, "local_time": local_time})
    blueprint.register_error_handler(ApiError, lambda error: error_page(error, home, resident))
    blueprint.register_error_handler(HTTPException, lambda error: error_page(from_http(error), home, resident))
    return blueprint


def error_page(error: ApiError, home: str, resident: bool = False) -> Response:
    """The shared error page; ``home`` is where its 首页 link leads; ``resident``: Chinese only."""
    response = make_response(
        render_template("minqing/error.html", error=error.to_dict()["error"], home=home, resident=resident),
        error.status,
    )
    response.headers.update(error.headers)
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def unmatched_error_page(error: ApiError) -> Response | None:
    """The error page for a browser's request that matched no route of an app serving pages, with
    the 首页 link of the pages blueprint whose URL prefix fits the path best; None: answer in JSON."""
    homes = current_app.extensions.get(HOMES)
    wants_html = request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html"
    if not homes or request.url_rule is not None or not wants_html:
        return None
    fitting = [
        entry for entry in homes if request.path == entry[0] or request.path.startswith(entry[0].rstrip("/") + "/")
    ]
    _, home, resident = max(fitting, default=homes[0], key=lambda entry: len(entry[0]))
    return error_page(error, home, resident)


def _install(app: App, url_prefix: str, home: str, resident: bool) -> None:
    """Notes the blueprint's home; the shared layout and stylesheet once per app (several pages
    blueprints may share an app)."""
    app.extensions.setdefault(HOMES, []).append((url_prefix, home, resident))
    if "minqing_pages" in app.blueprints:
        return
    shared = Blueprint(
        "minqing_pages",
        __name__,
        template_folder=str(ASSETS / "templates"),
        static_folder=str(ASSETS / "static"),
        static_url_path="/static/minqing",
    )
    app.register_blueprint(shared)


def form_text(name: str, max_length: int = 4000, required: bool = True) -> str | None:
    """A trimmed form field, with the same structured error as the JSON APIs when missing or too long."""
    value = (request.form.get(name) or "").strip()
    if not value:
        if required:
            raise invalid([FieldError(name, "required", "必填")])
        return None
    if len(value) > max_length:
        raise invalid([FieldError(name, f"at most {max_length} characters", f"不能超过{max_length}个字")])
    return value


def local_time(value: str | None, tz: tzinfo) -> str:
    """An ISO timestamp shown as ``YYYY-MM-DD HH:MM`` in the district's time zone (``—`` when absent)."""
    if not value:
        return "—"
    return datetime.fromisoformat(value).astimezone(tz).strftime("%Y-%m-%d %H:%M")
