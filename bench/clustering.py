"""Recurring problems of a month of a large district: 60,000 cases segmented and grouped on one core.

    .venv/bin/python bench/clustering.py [--cases 60000] [--seed 16]

The month is synthetic: xinlin's streets and grids (config/districts/xinlin.yaml) scaled to 30 streets
of 8 grids; each case a resident's text from the labelled pairs (tests/fixtures/duplicate_pairs.yaml)
or the simulator's texts with a real building of xinlin, with one of a few everyday additions, in one
of eight categories, on a day of November; three planted causes (tests/fixtures/recurring_problems.yaml)
grow in three streets. Timed apart: jieba's dictionary load, segmentation (words and character pairs,
``recurring_problems.words``) and grouping (``domain.recurring.find``). One process, one core.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from simulator_texts import TEXTS  # noqa: E402

from minqing_evaluation import recurring_problems  # noqa: E402
from minqing_evaluation.domain.recurring import Request, find  # noqa: E402

FIRST, LAST = date(2026, 11, 1), date(2026, 11, 30)
ADDITIONS = (
    "",
    "已经好几天了。",
    "多次反映没有结果。",
    "希望尽快处理。",
    "家里有老人孩子,很着急。",
    "麻烦社区协调一下。",
)
CATEGORIES = ("environment", "property", "municipal", "public_safety", "elderly_care", "health", "other", "demolition")


def texts() -> list[str]:
    pairs = yaml.safe_load((ROOT / "tests/fixtures/duplicate_pairs.yaml").read_text(encoding="utf-8"))["pairs"]
    xinlin = yaml.safe_load((ROOT / "config/districts/xinlin.yaml").read_text(encoding="utf-8"))
    places = [
        b["address"]
        for s in xinlin["streets"]
        for c in s["communities"]
        for g in c["grids"]
        for b in g.get("buildings", [])
    ]
    found = sorted({side["text"] for pair in pairs for side in (pair["a"], pair["b"])})
    found += [t.format(place=p) for options in TEXTS.values() for t in options for p in places]
    return found


def month(cases: int, rng: random.Random) -> list[tuple[str, str, str, str, date]]:
    """(ticket, text, category, grid, street, day) rows: the ordinary month plus three planted causes."""
    base = texts()
    planted = yaml.safe_load((ROOT / "tests/fixtures/recurring_problems.yaml").read_text(encoding="utf-8"))["problems"]
    rows = []
    for n in range(cases):
        street = rng.randrange(30)
        day = FIRST + timedelta(days=rng.randrange(30))
        text = rng.choice(base) + rng.choice(ADDITIONS)
        rows.append((f"B-{n}", text, rng.choice(CATEGORIES), f"S{street}-G{rng.randrange(8)}", f"S{street}", day))
    for k, problem in enumerate(planted.values()):
        for n in range(40):
            day = FIRST + timedelta(days=min(29, int(rng.triangular(0, 30, 29))))
            text = rng.choice(problem["texts"]) + rng.choice(ADDITIONS)
            rows.append((f"P{k}-{n}", text, problem["category"], f"S{k}-G{rng.randrange(8)}", f"S{k}", day))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=60000)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    rows = month(args.cases, random.Random(args.seed))
    started = time.perf_counter()
    recurring_problems.words("预热")  # jieba's dictionary, once per process
    loaded = time.perf_counter()
    requests = [Request(t, t, c, g, s, d, recurring_problems.words(text)) for t, text, c, g, s, d in rows]
    segmented = time.perf_counter()
    problems = find(requests, FIRST, LAST)
    grouped = time.perf_counter()
    print(f"{len(rows)} cases, {len({r[4] for r in rows})} streets, {len(CATEGORIES)} categories, one core")
    print(f"jieba dictionary {loaded - started:.1f} s; segmentation {segmented - loaded:.1f} s; "
          f"grouping {grouped - segmented:.1f} s; total {grouped - started:.1f} s")  # fmt: skip
    print(f"{len(problems)} recurring problems; largest: {problems[0].size} cases, words {problems[0].top_words}")
    for k in range(3):
        mine = [p for p in problems if any(c.startswith(f"P{k}-") for c in p.case_ids)]
        best = max(mine, key=lambda p: sum(c.startswith(f"P{k}-") for c in p.case_ids), default=None)
        if best:
            found = sum(c.startswith(f"P{k}-") for c in best.case_ids)
            print(f"planted cause {k}: {found} of 40 cases in one problem of {best.size}, words {best.top_words}")
        else:
            print(f"planted cause {k}: not found")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
