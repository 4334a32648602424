"""What the simulator plants (scripts/simulator_patterns.py) through the e2e package's stack: a burst in
one grid x category, requests about one recurring cause across a street, and the steady mix, filed by the
simulator's Feeder and worked by its Handlers. Evaluation then has a duplicate cluster (the burst's
near-duplicates merged by the handlers), and the scheduler's next pass (its clock a day on, as tomorrow
morning's) raises a warning for the burst's grid x category and finds the recurring problem; a supervisor
opens a theme from it through the pages, with the forms the dashboard's 立为每月一题 link leads to."""

from __future__ import annotations

import html
import random
import re
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from minqing_evaluation import early_warnings, recurring_problems
from minqing_evaluation.adapters.tables import cases, facts
from minqing_evaluation.adapters.warning_tables import early_warnings as warnings_table
from minqing_evaluation.bootstrap import bootstrap, utc_now
from minqing_evaluation.definition import DEFINITION as EVALUATION
from minqing_evaluation.domain.facts import MERGED
from minqing_kit.orgconfig import load_districts
from support.workers import wait_for

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from simulator import BURST_CHANNEL, Feeder  # noqa: E402
from simulator_actors import Api, Behaviour, Handlers  # noqa: E402
from simulator_patterns import Patterns  # noqa: E402

DISTRICT = "xinlin"
SUPERVISOR = "xl-sv-1"  # 孙丽华, the district's supervisor (督查): opens themes


def evaluation_runtime(stack, clock):
    """Evaluation's runtime on the stack's own database, with its scheduler's clock at ``clock()``."""
    database = make_url(stack.env["DATABASE_URL"]).set(database=f"{stack.prefix}_evaluation")
    environ = {
        "MINQING_ENV": "development",
        "DATABASE_URL": database.render_as_string(hide_password=False),
        "AMQP_URL": stack.amqp_url,
        "DISTRICTS_DIR": str(ROOT / "config" / "districts"),
        "PAGES_SECRET_KEY": "e2e-pages-secret-key-0123",
    }
    return bootstrap(EVALUATION.settings(environ), clock=clock)


def _query(link: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(link).query)


def form_value(page: str, name: str) -> str:
    """What the form shows in ``name``: an input's value, a textarea's text, a select's chosen option."""
    for pattern in (
        rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"',
        rf'<textarea[^>]*name="{name}"[^>]*>([^<]*)</textarea>',
        rf'<select[^>]*name="{name}"[^>]*>.*?<option value="([^"]*)" selected',
    ):
        found = re.search(pattern, page, re.S)
        if found:
            return html.unescape(found.group(1))
    first = re.search(rf'<select[^>]*name="{name}"[^>]*>\s*<option value="([^"]*)"', page, re.S)
    return html.unescape(first.group(1)) if first else ""


@pytest.mark.slow
def test_the_simulator_leaves_a_cluster_a_warning_and_a_recurring_problem_a_supervisor_makes_a_theme(stack):
    districts = {DISTRICT: load_districts(ROOT / "config" / "districts")[DISTRICT]}
    counts, rng = Counter(), random.Random(16)
    api = Api({s: stack.url(s) for s in ("intake", "routing", "evaluation")}, counts)
    behaviour = Behaviour(return_share=0, miss_share=0, work_seconds=(1.0, 2.0))
    handlers = Handlers(api, districts, stack.demo_password, behaviour, rng)
    patterns = Patterns(districts, rng)
    feeder = Feeder(api, handlers, districts, rng, patterns)
    burst = feeder.burst(DISTRICT, requests_per_day=30)
    for n, drawn in enumerate(burst):
        assert feeder.file(DISTRICT, channel=BURST_CHANNEL, drawn=drawn)
        for _ in range(5):  # the steady mix around it, and the recurring cause a few times
            assert feeder.file(DISTRICT)
        if n < 6:
            assert feeder.file(DISTRICT, drawn=patterns.recurring_case(DISTRICT))
    deadline = time.monotonic() + 90
    while counts["merged into its cluster"] == 0 and time.monotonic() < deadline:
        handlers.work()
        time.sleep(0.5)
    assert counts["merged into its cluster"] > 0, counts

    later = evaluation_runtime(stack, lambda: utc_now() + timedelta(days=1))  # tomorrow morning's pass
    try:

        def merged() -> int:
            with later.db.engine.connect() as connection:
                return connection.execute(select(func.count()).where(facts.c.event_type == MERGED)).scalar_one()

        wait_for(merged, timeout=60, interval=0.5, what="a merge (a duplicate cluster) in evaluation")

        def received() -> int:
            with later.db.engine.connect() as connection:
                return connection.execute(select(func.count()).where(cases.c.ticket.in_(feeder.tickets))).scalar_one()

        wait_for(lambda: received() == len(feeder.tickets), timeout=60, interval=0.5, what="every filed case")
        assert early_warnings.raise_due(later) >= 1
        recurring_problems.refresh_due(later)
        with later.db.engine.connect() as connection:
            rows = connection.execute(
                select(warnings_table.c.grid_code, warnings_table.c.category, warnings_table.c.count).where(
                    warnings_table.c.district == DISTRICT, warnings_table.c.grid_code != ""
                )
            ).all()
            flagged = {(r.grid_code, r.category): r.count for r in rows}
    finally:
        later.db.dispose()
    # the burst's own requests behind its warning: on a stack with no history, any series with min_count
    # requests on the day is flagged, so being flagged alone would not show the burst was found
    assert flagged.get((burst[0].grid, burst[0].category), 0) >= len(burst), (burst[0], flagged)

    session = requests.Session()
    dashboard = session.get(stack.url("evaluation", f"/dashboard/{DISTRICT}"), timeout=10).text
    category, street, _, _ = patterns.recurring[DISTRICT]
    links = [html.unescape(h) for h in re.findall(r'href="(/staff/themes/new\?[^"]+)"', dashboard)]
    found = [h for h in links if _query(h).get("category") == [category] and _query(h).get("street") == [street]]
    assert len(found) == 1, (category, street, links)
    link = found[0]

    login = session.get(stack.url("evaluation", "/staff/login"), timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
    signed = session.post(
        stack.url("evaluation", "/staff/login"),
        data={"csrf_token": token, "district": DISTRICT, "person_id": SUPERVISOR, "password": stack.demo_password},
        allow_redirects=False,
        timeout=10,
    )
    assert signed.status_code in (302, 303), signed.text[:500]
    form = session.get(stack.url("evaluation", link), timeout=10).text
    fields = {
        name: form_value(form, name)
        for name in (
            "csrf_token",
            "source",
            "title",
            "problem",
            "category",
            "area",
            "keywords",
            "lead_unit_id",
            "task_period",
        )
    }
    assert fields["keywords"] and (fields["category"], fields["area"]) == (category, street)
    assert fields["source"].startswith("recurring:") and fields["source"].endswith(f":{category}:{street}")
    opened = session.post(
        stack.url("evaluation", "/staff/themes/new"),
        data={**fields, "task_description": "逐楼排查,限期整改", "task_unit_id": fields["lead_unit_id"]},
        allow_redirects=False,
        timeout=10,
    )
    assert opened.status_code == 303, re.sub(r"<[^>]+>", " ", opened.text.split("<h1>", 1)[-1])[:1500]
    theme = session.get(stack.url("evaluation", opened.headers["Location"]), timeout=10).text
    assert fields["title"] in theme and "逐楼排查,限期整改" in theme
