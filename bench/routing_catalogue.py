"""Dispatch by the responsibility catalogue (职责清单) in routing's consumer: a district of 300 communities
with a 5,000-item catalogue, each case.received.v1 handled in its own transaction (inbox claim, locate,
the catalogue's item in force, dispatch, deadlines, timers, audit, outbox) and timed, then in batches of
50 as the consumer takes what is waiting; first the same cases with no catalogue loaded, for comparison;
last the catalogue's lookup alone.

    .venv/bin/python bench/routing_catalogue.py [--cases 2000] [--items 5000] [--streets 20] [--per-street 15]
    .venv/bin/python bench/routing_catalogue.py --city DIR   # a city from scripts/city_config.py

With ``--city`` every district of the city is loaded and the cases go to its largest district, 朝阳
(43 streets, 903 communities, 6,649 grids), dispatched by that district's generated catalogue.

Needs PostgreSQL on 127.0.0.1:5432 (a throwaway database). No broker: the consumer's broker-free core
(``EventHandling``) runs in this process, so the figures are the consumer's own time per case.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))
from routing.harness import received  # noqa: E402
from scratch_db import drop, fresh_database  # noqa: E402

from minqing_kit.handling import EventHandling  # noqa: E402
from minqing_routing.adapters.tables import bus  # noqa: E402
from minqing_routing.bootstrap import bootstrap  # noqa: E402
from minqing_routing.catalogue import in_force, load_file  # noqa: E402
from minqing_routing.definition import DEFINITION  # noqa: E402
from minqing_routing.subscriptions import subscriptions  # noqa: E402

CATEGORIES = ("environment", "municipal", "property", "elderly_care", "neighbour_dispute", "other")
LEVELS = ("community", "street", "department")


def big_district(folder: Path, streets: int, per_street: int) -> None:
    """hilltown's configuration with ``streets`` × ``per_street`` communities, one grid each."""
    config = yaml.safe_load((ROOT / "tests/routing/districts/hilltown.yaml").read_text(encoding="utf-8"))
    config.pop("agreements", None)  # hilltown alone: its agreement with riverside needs riverside's file
    for s in range(streets):
        config["streets"].append(
            {
                "id": f"bx-s{s}",
                "name": f"第{s}街道",
                "communities": [
                    {
                        "id": f"bx-s{s}-c{c}",
                        "name": f"第{s}街道第{c}社区",
                        "grids": [{"code": f"BX-S{s}-C{c}-G1", "name": f"第{c}网格", "households": 100}],
                    }
                    for c in range(per_street)
                ],
            }
        )
    (folder / "hilltown.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


def big_catalogue(path: Path, items: int) -> None:
    """``items`` items over the categories; a third expired, so the choice must look at the dates."""
    columns = ["item_id", "matter", "category", "level", "unit_id", "street_duty", "community_duty"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*columns, "legal_basis", "effective_from", "effective_to"])
        for n in range(items):
            level = LEVELS[n % 3]
            unit = "ht-cgj" if level == "department" else ""
            expired = "2021-12-31" if n % 3 == 1 else ""
            category = CATEGORIES[n % len(CATEGORIES)]
            row = [f"BX-{n:05d}", f"事项{n}", category, level, unit, "督促", "巡查", f"《条例》第{n % 90 + 1}条"]
            writer.writerow([*row, "2020-01-01", expired])


def timed(handling: EventHandling, envelopes) -> list[float]:
    times = []
    for envelope in envelopes:
        payload = handling.decode(envelope.to_json())[1]
        started = time.perf_counter()
        handling.handle(envelope, payload)
        times.append((time.perf_counter() - started) * 1000)
    return times


def batched(handling: EventHandling, envelopes, size: int) -> list[float]:
    """As the consumer runs them: up to ``size`` waiting events in one transaction; per case = the
    batch's time over its cases."""
    times = []
    for first in range(0, len(envelopes), size):
        batch = [(e, handling.decode(e.to_json())[1]) for e in envelopes[first : first + size]]
        started = time.perf_counter()
        handling.handle_batch(batch)
        times += [(time.perf_counter() - started) * 1000 / len(batch)] * len(batch)
    return times


def lookups(runtime, district: str, count: int) -> list[float]:
    """The statements a dispatch adds: the current version and the item in force for the category."""
    times, day = [], date(2026, 12, 1)
    with Session(runtime.db.engine) as session:
        for n in range(count):
            started = time.perf_counter()
            in_force(session, district, CATEGORIES[n % len(CATEGORIES)], day)
            times.append((time.perf_counter() - started) * 1000)
    return times


def cases(count: int, tag: str, district: str, grids: list[str]):
    """``count`` cases spread over the grids, each street in turn (the grids' order is street by street)."""
    step = max(1, len(grids) // 97)
    return [
        received(
            f"{district[:2].upper()}-{tag}-{n:06d}",
            category=CATEGORIES[n % len(CATEGORIES)],
            grid=grids[(n * step) % len(grids)],
            district=district,
        )
        for n in range(count)
    ]


def report(name: str, times: list[float]) -> None:
    ordered = sorted(times)
    p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)]
    print(
        f"{name}: {len(times)} cases, per case p50 {statistics.median(ordered):.1f} ms, "
        f"p99 {p99:.1f} ms, max {ordered[-1]:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--streets", type=int, default=20)
    parser.add_argument("--per-street", type=int, default=15)
    parser.add_argument("--city", type=Path, help="a city written by scripts/city_config.py")
    args = parser.parse_args()
    url = fresh_database("bench_routing_catalogue", DEFINITION.migrations)
    try:
        with tempfile.TemporaryDirectory() as folder:
            if args.city:
                districts_dir, district = args.city / "districts", "chaoyang"
                file = args.city / "catalogue" / "chaoyang.csv"
            else:
                districts_dir, district, file = Path(folder), "hilltown", Path(folder) / "catalogue.csv"
                big_district(districts_dir, args.streets, args.per_street)
                big_catalogue(file, args.items)
            settings = DEFINITION.settings_model(
                DATABASE_URL=url, DISTRICTS_DIR=str(districts_dir), LOG_LEVEL="WARNING"
            )
            started = time.perf_counter()
            runtime = bootstrap(settings)
            print(f"{len(runtime.districts)} districts loaded in {time.perf_counter() - started:.1f} s")
            handling = EventHandling(DEFINITION.name, runtime.db, bus, subscriptions(runtime))
            config = runtime.districts[district].org.config
            grids = [g.code for s in config.streets for c in s.communities for g in c.grids]
            communities = sum(len(s.communities) for s in config.streets)
            timed(handling, cases(50, "WARM", district, grids))
            report("no catalogue", timed(handling, cases(args.cases, "RULES", district, grids)))
            started = time.perf_counter()
            version, loaded = load_file(runtime, district, file)
            print(f"loaded {loaded} items as version {version} in {time.perf_counter() - started:.2f} s")
            times = timed(handling, cases(args.cases, "CAT", district, grids))
            report(f"{loaded}-item catalogue, {communities} communities, {len(grids)} grids", times)
            batches = batched(handling, cases(args.cases, "BATCH", district, grids), 50)
            report("the same in batches of 50 (the consumer's CONSUMER_BATCH), per case", batches)
            report("the catalogue's choice alone (in_force)", lookups(runtime, district, 500))
            runtime.db.dispose()
    finally:
        drop(url)


if __name__ == "__main__":
    main()
