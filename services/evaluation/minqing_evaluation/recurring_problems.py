"""Recurring problems of a district's month (``domain.recurring``): the month's cases read from the read
model (the request text of each case.received.v1 fact, the case's category and grid), segmented with
jieba, grouped, ranked and explained; stored per month in the reports table (kind ``recurring``) and
kept fresh by the scheduler. ``find`` serves the API, the dashboard and other pages (daily review)."""

from __future__ import annotations

import functools
import logging
import re
from datetime import UTC, date, datetime, time, timedelta

import jieba
from sqlalchemy import select

from minqing_kit.statements import dialect_insert

from .adapters.tables import cases, facts, reports
from .bootstrap import Runtime
from .domain import recurring, visit_rates
from .domain.facts import MERGED, RECEIVED

jieba.setLogLevel(logging.WARNING)
KIND = "recurring"  # stored in the reports table, one row per district and month
REFRESH = timedelta(hours=1)  # the current month is computed again when its stored result is older
METHOD = (
    "cases of one street and one category sharing a term (a jieba word or a pair of Chinese characters) that at "
    "least 5 of them have and that is over-represented there (its share of the street's cases of the category at "
    "least 3 times its share of the district's); growth = cases in the period's second half minus its first half; "
    "spread = grids with cases"
)
_CHINESE = re.compile(r"[\u4e00-\u9fff]{2,}")
_WORD = re.compile(r"^[^\W\d_]{2,}$")  # two letters or more, no digit or punctuation


@functools.cache
def _tokenizer() -> jieba.Tokenizer:
    """One jieba dictionary per process, built on first use (never at import: each worker its own)."""
    return jieba.Tokenizer()


def words(text: str) -> frozenset[str]:
    """The text's jieba words of two letters or more, and the character pairs of its runs of Chinese (so
    that 水压低 and 水压不够 share 水压 however jieba cuts them)."""
    found = {w for w in _tokenizer().lcut(text or "", HMM=False) if _WORD.match(w)}
    for run in _CHINESE.findall(text or ""):
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(found)


def month_requests(runtime: Runtime, district: str, first: date, last: date) -> list[recurring.Request]:
    """The cases received from ``first`` to ``last`` (local days) with a grid, not merged into another."""
    tz = runtime.tz(district)
    start = datetime.combine(first, time(), tz).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(), tz).astimezone(UTC)
    where = visit_rates.tree(runtime.districts[district])
    merged = select(facts.c.case_id).where(facts.c.event_type == MERGED)
    query = (
        select(cases.c.case_id, cases.c.ticket, cases.c.category, cases.c.grid_code, cases.c.received_at, facts.c.data)
        .join(facts, facts.c.case_id == cases.c.case_id)
        .where(
            cases.c.district == district,
            cases.c.received_at >= start,
            cases.c.received_at < end,
            cases.c.grid_code.is_not(None),
            facts.c.event_type == RECEIVED,
            cases.c.case_id.not_in(merged),
        )
    )
    with runtime.read_db.engine.connect() as connection:
        rows = connection.execute(query).all()
    return [
        recurring.Request(
            case_id=r.case_id,
            ticket=r.ticket or r.case_id,
            category=r.category or "other",
            grid_code=r.grid_code,
            street=where.street_of.get(r.grid_code, ""),
            day=r.received_at.astimezone(tz).date(),
            words=words(r.data.get("content", "")),
            public=r.data.get("public") is not False,  # case.received.v1's 公开; None: not asked, as before
        )
        for r in rows
    ]


def computed(runtime: Runtime, district: str, first: date, last: date) -> list[dict]:
    """The period's recurring problems, largest first, as the API and the pages show them."""
    config = runtime.districts[district]
    where, names = visit_rates.tree(config), {c.code: c.name for c in config.categories}
    return [
        {
            "category": p.category,
            "category_name": names.get(p.category, p.category),
            "street": p.street,
            "street_name": where.names.get(p.street, p.street),
            "size": p.size,
            "growth": p.growth,
            "spread": p.spread,
            "top_words": p.top_words,
            "grids": [{"grid_code": g, "grid_name": where.names.get(g, g), "cases": n} for g, n in p.grids],
            "sample_tickets": p.samples,
        }
        for p in recurring.find(month_requests(runtime, district, first, last), first, last)
    ]


def find(runtime: Runtime, district: str, first: date, order: str = "size", limit: int = 20) -> dict:
    """The month starting ``first``: as stored by the scheduler (computed and stored now if it is not),
    ranked by ``order``. A large district's month takes about a minute to compute (bench/clustering.py),
    so pages and the API read the stored result; the scheduler keeps the current month fresh."""
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    found = _stored(runtime, district, first)
    if found is None:
        found, at = computed(runtime, district, first, last), runtime.clock()
        _store(runtime, district, first, last, found, at)
    else:
        found, at = found
    problems = sorted(found, key=lambda p: (-p[order], -p["size"], p["sample_tickets"]))
    return {
        "district": district,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "order": order,
        "method": METHOD,
        "computed_at": at.isoformat(),
        "problems": problems[:limit],
    }


def refresh_due(runtime: Runtime) -> int:
    """The scheduler's part: each district's current month when its stored result is older than
    ``REFRESH``, and the month before once after it ended. Returns the months computed."""
    done = 0
    for district in runtime.districts:
        today = runtime.clock().astimezone(runtime.tz(district)).date()
        current = today.replace(day=1)
        previous = (current - timedelta(days=1)).replace(day=1)
        for first, stale in (
            (current, runtime.clock() - REFRESH),
            (previous, _local_midnight(runtime, district, current)),
        ):
            found = _stored(runtime, district, first)
            if found is not None and found[1] >= stale:
                continue
            last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            _store(runtime, district, first, last, computed(runtime, district, first, last), runtime.clock())
            done += 1
    return done


def _local_midnight(runtime: Runtime, district: str, day: date) -> datetime:
    return datetime.combine(day, time(), runtime.tz(district))


def _stored(runtime: Runtime, district: str, first: date) -> tuple[list[dict], datetime] | None:
    query = select(reports.c.body, reports.c.created_at).where(
        reports.c.district == district, reports.c.kind == KIND, reports.c.period_start == first
    )
    with runtime.read_db.engine.connect() as connection:
        row = connection.execute(query).first()
    return (row.body["problems"], row.created_at) if row else None


def _store(runtime: Runtime, district: str, first: date, last: date, problems: list[dict], at: datetime) -> None:
    with runtime.db.transaction() as session:
        values = {"district": district, "kind": KIND, "period_start": first, "period_end": last}
        statement = dialect_insert(session, reports).values(**values, body={"problems": problems}, created_at=at)
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["district", "kind", "period_start"],
                set_={"body": statement.excluded.body, "created_at": statement.excluded.created_at},
            )
        )
