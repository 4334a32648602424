"""The scheduler's early warning (未诉先办): judge each district's last ended local day once, and
tell the community and the street of every grid x category far above its own history
(``warning.raised.v1``, one per unit, with the day's tickets). The rule is ``domain.early_warning``;
``day_so_far`` judges the current day while it runs, with the same rule.

Once means once. The day's marker row is inserted in the transaction that writes its warnings and
events; a second pass or replica that finds it skips the day. A grid x category's row is the warning:
its events are written only by the transaction whose insert made it, so one raised during the day is
not raised again by the whole day's judgement (which only sets the whole day's figures on it), and two
replicas racing raise it once (the second insert waits for the first and is left out)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select, update

from minqing_contracts import new_envelope
from minqing_contracts.events.evaluation import WarningRaised
from minqing_kit.statements import insert_ignoring_duplicates

from .adapters.tables import cases
from .adapters.warning_tables import early_warnings
from .bootstrap import Runtime
from .domain import early_warning, visit_rates
from .domain.early_warning import Series

PRODUCER = "evaluation"


def raise_due(runtime: Runtime) -> int:
    """Judge every district's previous local day if nobody has; returns the warnings raised."""
    raised = 0
    for district in runtime.districts:
        day = runtime.clock().astimezone(runtime.tz(district)).date() - timedelta(days=1)
        if not _judged(runtime, district, day):
            raised += judge_day(runtime, district, day)
    return raised


def judge_day(runtime: Runtime, district: str, day: date) -> int:
    policy = runtime.districts[district].early_warning
    daily, tickets = count_requests(runtime, district, day - timedelta(days=policy.history_days), day)
    found = early_warning.scan(daily, day, policy)
    with runtime.db.transaction() as session:
        marker = {"district": district, "day": day, "raised_at": runtime.clock()}
        if not _insert(session, {**marker, "grid_code": "", "category": "", "count": 0, "baseline": 0, "p_value": 1}):
            return 0  # another replica judged the day first
        return _raise(runtime, session, district, found, tickets, as_of=None)


def raise_so_far(runtime: Runtime, district: str, found: list[early_warning.Warning], tickets) -> int:
    """The warnings found on the current day so far (counted up to ``runtime.clock()``) not raised yet."""
    with runtime.db.transaction() as session:
        return _raise(runtime, session, district, found, tickets, as_of=runtime.clock())


def _raise(runtime: Runtime, session, district: str, found, tickets, as_of: datetime | None) -> int:
    """Each warning's row and, where the row is new, its events; a row raised earlier in the day gets the
    whole day's figures (``as_of`` None) and no second event. Returns the warnings raised."""
    raised = 0
    for warning in found:
        row = {"district": district, "day": warning.day, "raised_at": runtime.clock(), **_row(warning)}
        if _insert(session, row):
            raised += 1
            for envelope in _events(runtime, district, warning, tickets[(warning.grid_code, warning.category)], as_of):
                runtime.outbox.add(session, envelope)
        elif as_of is None:
            session.execute(
                update(early_warnings)
                .where(*(early_warnings.c[k] == row[k] for k in ("district", "day", "grid_code", "category")))
                .values(count=warning.count, baseline=warning.baseline, p_value=warning.p_value)
            )
    return raised


def _events(runtime: Runtime, district: str, warning: early_warning.Warning, tickets: list[str], as_of):
    config = runtime.districts[district]
    where, policy = visit_rates.tree(config), config.early_warning
    names = {c.code: c.name for c in config.categories}
    rule = (
        f"{early_warning.RULE}; alpha={policy.alpha}, min_count={policy.min_count}, history_days={policy.history_days}"
    )
    for unit_id in dict.fromkeys((where.community_of.get(warning.grid_code), where.street_of.get(warning.grid_code))):
        if unit_id is None:
            continue
        payload = WarningRaised(
            unit_id=unit_id,
            grid_code=warning.grid_code,
            grid_name=where.names.get(warning.grid_code, warning.grid_code),
            category=warning.category,
            category_name=names.get(warning.category, warning.category),
            day=warning.day,
            count=warning.count,
            baseline=warning.baseline,
            p_value=warning.p_value,
            rule=rule,
            tickets=sorted(tickets),
            as_of=as_of,
        )
        yield new_envelope(payload, district=district, producer=PRODUCER, occurred_at=runtime.clock())


def count_requests(runtime: Runtime, district: str, first: date, last: date):
    """Requests per (grid, category) per local day from ``first`` to ``last``, and ``last``'s tickets: one
    range of the (district, received_at) index."""
    tz = runtime.tz(district)
    start = datetime.combine(first, time(), tz).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(), tz).astimezone(UTC)
    query = select(cases.c.ticket, cases.c.grid_code, cases.c.category, cases.c.received_at).where(
        cases.c.district == district,
        cases.c.grid_code.is_not(None),
        cases.c.received_at >= start,
        cases.c.received_at < end,
    )
    daily: dict[Series, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    tickets: dict[Series, list[str]] = defaultdict(list)
    with runtime.db.engine.connect() as connection:
        for row in connection.execute(query):
            series, on = (row.grid_code, row.category or "other"), row.received_at.astimezone(tz).date()
            daily[series][on] += 1
            if on == last:
                tickets[series].append(row.ticket)
    return daily, tickets


def _judged(runtime: Runtime, district: str, day: date) -> bool:
    marker = select(early_warnings.c.day).where(
        early_warnings.c.district == district, early_warnings.c.day == day, early_warnings.c.grid_code == ""
    )
    with runtime.db.engine.connect() as connection:
        return connection.execute(marker).first() is not None


def _row(warning: early_warning.Warning) -> dict:
    return {
        "grid_code": warning.grid_code,
        "category": warning.category,
        "count": warning.count,
        "baseline": warning.baseline,
        "p_value": warning.p_value,
    }


def _insert(session, row: dict) -> bool:
    statement = insert_ignoring_duplicates(session, early_warnings).values(**row).returning(early_warnings.c.day)
    return session.execute(statement).first() is not None
