"""The residents' photos on a case page (照片): the case's own and those of the cases merged into it (我也遇到了
and duplicates: a co-reporter's photos reach the handler of the case they joined). Routing keeps none:
intake lists them for the signed-in person (``GET /api/v1/case-photos``, their token: their district's
cases only) and each one shown is read through intake's staff photo API, which audits the view
(``GET /workbench/cases/<case>/photos/<ticket>/<photo id>`` passes it on)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Response, g, request

from minqing_kit.errors import ApiError

from .. import lookup, queries
from ..current import runtime
from ..peers import PeerRefused, PeerUnavailable, call, fetch
from .common import blueprint, signed_in
from .grid import token

NOT_FOUND = ApiError(404, "not_found", "no such photo of this case", "未找到该诉求的这张照片")


def tickets_of(case: dict) -> list[str]:
    """The case's ticket and those of the cases merged into it (its cluster's merged members)."""
    return [case["ticket"], *(m["ticket"] for m in case.get("cluster", []) if m["merged"])]


def photos_of(case: dict) -> list[dict] | None:
    """``[{ticket, photo_id}]`` of the case and the cases merged into it, as intake listed them for the person's
    district within the last minute or so (``photo_lists``); None when intake does not answer."""
    tickets = tickets_of(case)
    return runtime().photo_lists.photos(g.principal.district, tickets, lambda: _listed(tickets))


def _listed(tickets: list[str]) -> list[dict] | None:
    settings, query = runtime().settings, urlencode([("ticket", t) for t in tickets])
    path, wait = f"/api/v1/case-photos?{query}", settings.INTAKE_TIMEOUT_SECONDS
    try:
        listed = call(settings.intake_base_url(), token(), path, wait)
    except (PeerRefused, PeerUnavailable):
        return None
    return [{"ticket": c["ticket"], "photo_id": p} for c in listed.get("cases", []) for p in c.get("photo_ids", [])]


@blueprint.get("/cases/<case_id>/photos/<ticket>/<photo_id>")
@signed_in
def case_photo(case_id: str, ticket: str, photo_id: str):
    """One photo of a case the person may read (or of a case merged into it), from intake, audited there."""
    case = queries.detail(runtime(), g.principal, lookup.case_id(runtime(), g.principal.district, case_id))
    if ticket not in tickets_of(case):
        raise NOT_FOUND
    settings, size = runtime().settings, "?size=thumb" if request.args.get("size") == "thumb" else ""
    try:
        data, content_type = fetch(
            settings.intake_base_url(),
            token(),
            f"/api/v1/cases/{quote(ticket, safe='')}/photos/{quote(photo_id, safe='')}{size}",
            settings.INTAKE_TIMEOUT_SECONDS,
        )
    except PeerRefused as refused:
        raise NOT_FOUND from refused
    except PeerUnavailable as down:
        raise ApiError(503, "unavailable", "intake does not answer", "照片服务暂时无法连接,请稍后再试") from down
    return Response(data, mimetype=content_type, headers={"Cache-Control": "private, no-store"})
