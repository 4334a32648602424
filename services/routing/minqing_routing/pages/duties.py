"""GET /workbench/mine/<duty>: a person's own lists — the requests they took first (首问负责, until the
resident rated the answer) and the cases they own (包案), each with where it stands and its countdown.
The same query as GET /api/v1/inbox?duty=…"""

from __future__ import annotations

from flask import abort, g, render_template

from .. import queries
from ..current import runtime
from .common import blueprint, common_context, rows, signed_in

TITLES = {"first_contact": "我首问的诉求", "owner": "我包案的诉求"}


@blueprint.get("/mine/<duty>")
@signed_in
def my_duty(duty: str):
    if duty not in queries.DUTIES:
        abort(404)
    found = queries.inbox(runtime(), g.principal, None, None, None, False, 200, duty)
    return render_template(
        "routing_pages/mine.html", duty=duty, title=TITLES[duty], cases=rows(found["cases"]), **common_context()
    )
