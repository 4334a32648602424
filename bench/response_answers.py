"""What answering through a response model costs a hot view (issue 19 item 10): the step from the view's
data to the response's bytes, for routing's inbox (GET /api/v1/inbox: its cases built by
``queries.summary`` from rows like the database's), a handler action's result and intake's receipt (POST
/api/v1/cases, built by ``idempotency.receipt``) and evaluation's rankings (GET
/api/v1/districts/{d}/rankings: --units rows with their rates, score and bounce figures), done the way Flask
answered a returned dict (its JSON provider, as ``create_base_app`` sets it) and through
``minqing_kit.response_models.answer``. Prints microseconds per answer (best of --repeat runs of
--number calls).

    .venv/bin/python bench/response_answers.py [--cases 100] [--units 300] [--number 200] [--repeat 5]
"""

from __future__ import annotations

import argparse
import timeit
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from flask import Flask

from minqing_evaluation.domain.rates import RATES, composite, rates
from minqing_evaluation.web.answers.stats import Ranking
from minqing_intake.idempotency import receipt
from minqing_intake.web.answers import Receipt
from minqing_kit.response_models import answer
from minqing_routing.queries import summary
from minqing_routing.web.answers import ActionResult, Inbox


def case_row(number: int, now: datetime) -> SimpleNamespace:
    return SimpleNamespace(
        id=f"0c5e6a2e-0000-4000-8000-{number:012d}",
        ticket=f"XL-20261201-{number:06d}",
        category="环境卫生",
        request_type="complaint",
        urgent=number % 7 == 0,
        state="accepted",
        unit_id="xl-xy",
        level="community",
        content="小区门口垃圾堆放多日无人清理,气味很大,希望尽快处理。" * 2,
        address="新林区幸福路12号",
        grid_code="xl-xy-g3",
        located_by="map",
        acceptance_deadline=now - timedelta(hours=20),
        response_deadline=now - timedelta(hours=2),
        resolution_deadline=now + timedelta(days=number % 5),
        return_count=0,
        reopen_count=0,
        owner_id=None,
        first_contact_id="xl-hl-1",
        proxy_id=None,
        proxy_consent=None,
        rated_at=None,
        proposal=None,
        joint=False,
        duplicate_of=None,
        merged_into=None,
        received_at=now - timedelta(days=1),
    )


def ranking(units: int) -> dict:
    """A district's community ranking as ``stats.ranking`` writes it, from counters like a month's."""
    weights = dict.fromkeys(RATES, 1.0)
    rows = []
    for n in range(units):
        counts = {"dispatched": 40 + n % 9, "responded_on_time": 38, "rated": 30 - n % 25, "solved": 20}
        counts |= {"satisfied_or_basic": 18, "resolved": 35, "resolved_on_time": 30, "followups": 33}
        counts |= {"returned": n % 4, "reopened": n % 3, "repeat_requested": n % 5}
        found = rates(counts)
        rows.append(
            {
                "rank": n + 1 if counts["rated"] >= 10 else None,
                "status": "ranked" if counts["rated"] >= 10 else "too_few_cases",
                "unit_id": f"xl-c{n}",
                "unit_name": f"幸福社区{n}",
                "score": composite(found, weights),
                "sample": counts["rated"],
                "rates": found,
                "bounces": {"received": 41, "returns": n % 4, "bounce_rate": round(n % 4 / 41, 4)}
                | {"accept_p50": 1800, "accept_p90": 7200 + n, "rulings": n % 2},
            }
        )
    period = {"from": "2026-11-01", "to": "2026-11-30"}
    return {"district": "xinlin", "level": "community", "parent": None, **period, "min_sample": 10} | {
        "weights": weights,
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100, help="cases in the inbox (the view's default limit)")
    parser.add_argument("--units", type=int, default=300, help="units in evaluation's ranking")
    parser.add_argument("--number", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    now = datetime.now(UTC)
    inbox = {"cases": [summary(case_row(n, now), now) for n in range(args.cases)], "count": args.cases}
    action = {"case_id": inbox["cases"][0]["case_id"], "ticket": "XL-20261201-000000", "state": "accepted"}
    action |= {"unit_id": "xl-xy", "level": "community", "events": ["case.accepted.v1"]}
    app = Flask("bench")
    app.json.ensure_ascii = False  # as create_base_app sets it
    with app.app_context():
        assert app.make_response(inbox).get_json() == answer(Inbox, inbox).get_json()  # the same answer
        measure(app, f"inbox of {args.cases} cases", inbox, Inbox, args)
        measure(app, "action result", action, ActionResult, args)
        filed = receipt(action["case_id"], action["ticket"], "received", now, "k3x9-secret-7q2w", "环境卫生", None)
        measure(app, "intake receipt", filed, Receipt, args)
        ranked = ranking(args.units)
        assert app.make_response(ranked).get_json() == answer(Ranking, ranked).get_json()  # the same answer
        measure(app, f"ranking of {args.units} units", ranked, Ranking, args)


def measure(app: Flask, name: str, data: dict, model: type, args: argparse.Namespace) -> None:
    dict_times = timeit.repeat(lambda: app.make_response(data).get_data(), number=args.number, repeat=args.repeat)
    model_times = timeit.repeat(lambda: answer(model, data).get_data(), number=args.number, repeat=args.repeat)
    before, after = (min(t) / args.number * 1e6 for t in (dict_times, model_times))
    print(f"{name}: returned dict {before:.0f} us, answer({model.__name__}) {after:.0f} us")


if __name__ == "__main__":
    main()
