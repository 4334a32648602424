"""The Flask side of sign-in: reading the bearer token of a JSON API request and a view decorator
that puts the verified ``Principal`` in ``g.principal``. Signing and verifying are in
``minqing_kit.tokens`` (no web imports).

The JSON APIs take ``Authorization: Bearer`` only, never the workbench's session cookie: a browser
attaches its cookies to a cross-site form post, so an API that took the cookie would act for whoever
is signed in. The pages read their own cookie (``cookie_principal``, ``signed_in_page``) and check CSRF
(``minqing_kit.pages``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import Response, g, make_response, redirect, request, url_for

from .errors import ApiError
from .tokens import Principal, TokenVerifier

View = TypeVar("View", bound=Callable[..., Any])


def bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer ") and header[7:].strip():
        return header[7:].strip()
    raise ApiError(
        401,
        "unauthenticated",
        "sign in first (Authorization: Bearer <token>)",
        "请先登录",
        headers={"WWW-Authenticate": "Bearer"},
    )


def authenticated(verifier_getter: Callable[[], TokenVerifier], *roles: str) -> Callable[[View], View]:
    """Flask view decorator: puts the Principal in ``g.principal``; with roles, one must match."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            verifier: TokenVerifier = verifier_getter()
            principal: Principal = verifier.verify(bearer_token())
            if roles and not principal.has_any(*roles):
                raise ApiError(403, "forbidden", f"needs one of the roles {list(roles)}", "无权执行此操作")
            g.principal = principal
            return view(*args, **kwargs)

        return cast(View, wrapper)

    return decorate


def cookie_principal(cookie: str, verifier: TokenVerifier) -> Principal | None:
    """The person the token in a pages cookie names, verified; None without one or with a bad one."""
    token = request.cookies.get(cookie)
    if not token:
        return None
    try:
        return verifier.verify(token)
    except ApiError:
        return None


def signed_in_page(
    cookie: str, verifier_getter: Callable[[], TokenVerifier], login_endpoint: str
) -> Callable[[View], View]:
    """Page view decorator: the cookie's Principal in ``g.principal``; without a valid one, a 303 to the
    sign-in page (``login_endpoint``) with ``next`` this page, to come back after signing in."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            who = cookie_principal(cookie, verifier_getter())
            if who is None:
                return redirect(url_for(login_endpoint, next=request.full_path.rstrip("?")), 303)
            g.principal = who
            return view(*args, **kwargs)

        return cast(View, wrapper)

    return decorate


def local_target(target: str | None, prefix: str) -> str | None:
    """``target`` when it is a path under ``prefix`` on this site (no scheme, no //host), else None: a
    sign-in's ``next`` must never be an open redirect, which would hand the session to another site."""
    if target and target.startswith(prefix) and not target.startswith("//"):
        return target
    return None


def start_session(cookie: str, token: str, max_age: int, to: str, path: str = "/") -> Response:
    """The 303 after a sign-in: the token in an HttpOnly, SameSite=Lax cookie (Secure over HTTPS) for
    ``path`` only, and on to ``to``."""
    response = make_response(redirect(to, 303))
    response.set_cookie(
        cookie, token, max_age=max_age, path=path, httponly=True, samesite="Lax", secure=request.is_secure
    )
    return response


def end_session(cookie: str, to: str, path: str = "/") -> Response:
    """The 303 after signing out: the cookie gone, on to ``to`` (the sign-in page)."""
    response = make_response(redirect(to, 303))
    response.delete_cookie(cookie, path=path)
    return response
