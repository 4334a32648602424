"""Dispatch with the history model loaded (issue 17 item 8 under issue 17's benchmark): a district of 303
communities with a 5,000-item catalogue and ``--history`` closed cases spread over them; the model is
trained (timed, with its JSON size), then each case.received.v1 is handled by the consumer's broker-free
core (inbox claim, locate, the catalogue's item, the model's suggestion and decision, dispatch, deadlines,
timers, audit, outbox), one per transaction and in batches of 50; first the same with no model trained;
last the model's suggestion alone, and the process's peak RSS.

    .venv/bin/python bench/routing_history_model.py [--history 20000] [--cases 1000]

Needs PostgreSQL on 127.0.0.1:5432 (a throwaway database). No broker.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))
from routing.history_seeding import HILLTOWN_KINDS, seed_closed  # noqa: E402
from routing_catalogue import batched, big_catalogue, big_district, cases, report, timed  # noqa: E402
from scratch_db import drop, fresh_database  # noqa: E402

from minqing_kit.handling import EventHandling  # noqa: E402
from minqing_routing import history_dispatch  # noqa: E402
from minqing_routing.adapters.tables import bus  # noqa: E402
from minqing_routing.bootstrap import bootstrap  # noqa: E402
from minqing_routing.catalogue import load_file  # noqa: E402
from minqing_routing.definition import DEFINITION  # noqa: E402
from minqing_routing.domain.history_model import features  # noqa: E402
from minqing_routing.history_models import ModelCache  # noqa: E402
from minqing_routing.subscriptions import subscriptions  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) / 1024


def with_texts(envelopes):
    """The benchmark's cases say what the history says (street lights, heating, rubbish), in turn."""
    for n, envelope in enumerate(envelopes):
        kind = HILLTOWN_KINDS[n % len(HILLTOWN_KINDS)]
        envelope.payload["content"] = f"{kind.texts[n % len(kind.texts)]},麻烦尽快来看看。"
        envelope.payload["classification"]["category"] = kind.category
    return envelopes


def suggestions_alone(model, count: int) -> list[float]:
    times = []
    for n in range(count):
        kind = HILLTOWN_KINDS[n % len(HILLTOWN_KINDS)]
        words = features(kind.texts[n % len(kind.texts)], "BX-S1-C1-G1", "bx-s1-c1", kind.category)
        started = time.perf_counter()
        model.suggest(words)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--history", type=int, default=20000)
    parser.add_argument("--cases", type=int, default=1000)
    args = parser.parse_args()
    url = fresh_database("bench_routing_history", DEFINITION.migrations)
    try:
        with tempfile.TemporaryDirectory() as folder:
            big_district(Path(folder), 20, 15)
            shutil.copy(ROOT / "tests/routing/districts/riverside.yaml", folder)  # hilltown's partner district
            big_catalogue(Path(folder) / "catalogue.csv", 5000)
            settings = DEFINITION.settings_model(DATABASE_URL=url, DISTRICTS_DIR=folder, LOG_LEVEL="WARNING")
            runtime = bootstrap(settings)
            load_file(runtime, "hilltown", Path(folder) / "catalogue.csv")
            config = runtime.districts["hilltown"].org.config
            places = tuple((g.code, c.id) for s in config.streets for c in s.communities for g in c.grids)
            grids = [grid for grid, _ in places]
            handling = EventHandling(DEFINITION.name, runtime.db, bus, subscriptions(runtime))
            print(f"{len(places)} communities, 5,000-item catalogue; RSS {peak_rss_mb():.0f} MB")
            timed(handling, with_texts(cases(50, "WARM", "hilltown", grids)))
            report("no model", timed(handling, with_texts(cases(args.cases, "RULES", "hilltown", grids))))
            seed_closed(runtime.db, args.history, places=places)
            with runtime.db.transaction() as session:
                session.execute(text("ANALYZE"))  # as autovacuum would after a day of cases
            started = time.perf_counter()
            trained = history_dispatch.train(runtime, "hilltown")
            measured, took = trained.evaluation, time.perf_counter() - started
            print(
                f"trained v{trained.version} on {trained.samples} closed cases in {took:.1f} s;"
                f" held out {measured.held_out}: model {measured.model_rate:.3f}, rules {measured.rules_rate:.3f}"
            )
            before = rss_mb()
            with runtime.db.transaction() as session:  # what a consumer does on the first case after training
                model = ModelCache().latest(session, "hilltown").model
                model.suggest(features("路灯", None, None, "municipal"))  # its scoring tables, built once
            print(f"loading the model in a consumer: RSS {before:.0f} -> {rss_mb():.0f} MB")
            size = len(json.dumps(model.to_json(), ensure_ascii=False).encode())
            print(f"model JSON {size / 1024:.0f} KiB, {len(model.counts)} words, {len(model.cases)} units")
            times = timed(handling, with_texts(cases(args.cases, "MODEL", "hilltown", grids)))
            report("with the model loaded, one per transaction", times)
            batches = batched(handling, with_texts(cases(args.cases, "BATCH", "hilltown", grids)), 50)
            report("with the model loaded, batches of 50, per case", batches)
            report("the model's suggestion alone", suggestions_alone(model, 2000))
            print(f"peak RSS {peak_rss_mb():.0f} MB (this process also seeded and trained)")
            runtime.db.dispose()
    finally:
        drop(url)


if __name__ == "__main__":
    main()
