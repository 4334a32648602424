"""The early warning's false alarms and detections on the simulator's data (issue 16, item 4).

    .venv/bin/python bench/early_warning_rate.py [--per-day 20,100,500,2000] [--weeks 24] [--seed 16]

For each volume (requests per district per day), ``--weeks`` weeks of the simulator's requests in the demo
districts (config/districts: every grid x category), drawn by the simulator's own generators without a
stack (scripts/simulator_days.py: the steady mix, the planted recurring cause and neighbours' reports, no
burst). The first ``history_days`` (28) are history; every grid x category is judged on every later day
by the districts' rule (their ``early_warning`` policy): a flag there is a false alarm. Then ``--trials``
planted bursts of known sizes, and of the simulator's own size (3λ + 5√λ, at least 8), each on a random
judged day of a random grid x category: the share found. Then the same judged during the day, as the
scheduler counts the day so far every ``intraday_minutes`` (scripts/simulator_days.py: a series' requests at
random times of the day, the simulator's burst evenly over 2 hours from a random hour): the false alarms of
those counts, and for the simulator's burst the share warned of before midnight, the median hours from the
burst's first request to its warning, and the median hours that warning comes before the day's end (when
the whole day's judgement would raise it). Prints the figures; bench/README.md and the evaluation README
record them.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from simulator_days import (  # noqa: E402
    Seen,
    detections,
    detections_so_far,
    false_alarms,
    false_alarms_so_far,
    rate,
    simulate,
)

from minqing_kit.orgconfig import load_districts  # noqa: E402

SIZES = (3, 5, 8, 12)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-day", default="20,100,500,2000", help="requests per district per day, comma-separated")
    parser.add_argument("--weeks", type=int, default=24, help="simulated weeks, history included (default 24)")
    parser.add_argument("--trials", type=int, default=500, help="planted bursts per size (default 500)")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    districts = load_districts(os.environ.get("DISTRICTS_DIR", ROOT / "config" / "districts"))
    policy = next(iter(districts.values())).early_warning
    assert all(d.early_warning == policy for d in districts.values()), "one rule for every district here"
    seen = Seen(districts)
    print(f"districts {', '.join(sorted(districts))}; rule: {policy}; {args.weeks} weeks, seed {args.seed}")
    header = "per district-day | λ per series-day | false alarms / series-days | rate"
    print(header + "".join(f" | +{s} found" for s in SIZES) + " | simulator's burst (size) found | seconds")
    hours = []
    for per_day in (float(v) for v in args.per_day.split(",")):
        started = time.perf_counter()
        stream = simulate(districts, per_day, args.weeks * 7, args.seed, seen)
        flagged, judged = false_alarms(stream, policy)
        found = [detections(stream, policy, args.trials, args.seed, size) for size in SIZES]
        own = detections(stream, policy, args.trials, args.seed)
        lam = sum(stream.expected(d) for d in districts) / len(districts)
        own_size = max(8, math.ceil(3 * lam + 5 * math.sqrt(lam)))
        print(
            f"{per_day:g} | {lam:.2f} | {flagged} / {judged} | {rate((flagged, judged)):.5f}"
            + "".join(f" | {rate(f):.3f}" for f in found)
            + f" | {rate(own):.3f} (~{own_size}) | {time.perf_counter() - started:.1f}",
            flush=True,
        )
        hours.append((per_day, _so_far(stream, policy, args)))
    print(f"during the day, a count every {policy.intraday_minutes} minutes:")
    print("per district-day | false alarms / series-days | rate | burst warned before midnight | hours after its")
    print("first request (median, 90th percentile) | hours before the day's end (median)")
    for per_day, line in hours:
        print(f"{per_day:g} | {line}", flush=True)
    return 0


def _so_far(stream, policy, args) -> str:
    flagged, judged = false_alarms_so_far(stream, policy, args.seed)
    found = detections_so_far(stream, policy, args.trials, args.seed)
    warned = [f for f in found if f is not None]
    after = sorted(a for a, _ in warned)
    before = statistics.median(b for _, b in warned) if warned else float("nan")
    tail = after[int(0.9 * (len(after) - 1))] if after else float("nan")
    return (
        f"{flagged} / {judged} | {rate((flagged, judged)):.5f} | {len(warned) / len(found):.3f}"
        f" | {statistics.median(after) if after else float('nan'):.2f}, {tail:.2f} | {before:.1f}"
    )


if __name__ == "__main__":
    sys.exit(main())
