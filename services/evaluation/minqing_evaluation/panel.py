"""Three-party review (三方评事): each quarter the panel's members are named by party (community, party
representatives, resident representatives, ``panel_members.py``); every matter closed in the quarter is
rated by a named member of each party. The three are kept apart, combined per unit, and a matter counts
as reviewed once all three have rated it."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime, time

from sqlalchemy import select

from minqing_kit.errors import ApiError, FieldError, invalid
from minqing_kit.statements import dialect_insert

from .adapters.review_tables import panel_members
from .adapters.tables import cases, panel_ratings
from .bootstrap import Runtime
from .domain.verdict import RATINGS

PARTIES = ("community", "party_rep", "resident_rep")


def quarter_bounds(quarter: str) -> tuple[date, date]:
    match = re.fullmatch(r"(20[0-9]{2})Q([1-4])", quarter or "")
    if not match:
        raise invalid([FieldError("quarter", "must look like 2026Q4", "须为如2026Q4的季度")])
    year, q = int(match.group(1)), int(match.group(2))
    start = date(year, 3 * q - 2, 1)
    end = date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
    return start, end  # end is exclusive


def quarter_span(runtime: Runtime, district: str, quarter: str) -> tuple[datetime, datetime]:
    start, end = quarter_bounds(quarter)
    tz = runtime.tz(district)
    return datetime.combine(start, time.min, tzinfo=tz), datetime.combine(end, time.min, tzinfo=tz)


def record(runtime: Runtime, principal, district: str, body: dict) -> dict:
    problems = []
    if body.get("rating") not in RATINGS:
        problems.append(FieldError("rating", f"must be one of {list(RATINGS)}", "须为满意、基本满意或不满意"))
    quarter = str(body.get("quarter", ""))
    since, until = quarter_span(runtime, district, quarter)
    if problems:
        raise invalid(problems)
    with runtime.db.transaction() as session:
        member = session.execute(
            select(panel_members).where(
                panel_members.c.id == str(body.get("member_id")),
                panel_members.c.district == district,
                panel_members.c.quarter == quarter,
            )
        ).first()
        if member is None:
            raise invalid([FieldError("member_id", "not a panel member of this quarter", "不是本季度评议小组成员")])
        if body.get("party") not in (None, member.party):
            raise invalid([FieldError("party", "not the member's party", "与该成员所属方不符")])
        case = session.execute(
            select(cases).where(cases.c.case_id == str(body.get("case_id")), cases.c.district == district)
        ).first()
        if case is None or case.closed_at is None or not since <= case.closed_at < until:
            raise ApiError(
                409,
                "not_closed_in_quarter",
                "only matters closed in that quarter can be reviewed",
                "只能评议该季度已办结的事项",
            )
        values = {
            "case_id": case.case_id,
            "quarter": quarter,
            "party": member.party,
            "member_id": member.id,
            "district": district,
            "unit_id": case.unit_id or "",
            "rating": body["rating"],
            "measures": body.get("measures"),
            "rated_by": principal.person_id,
            "rated_at": runtime.clock(),
        }
        statement = dialect_insert(session, panel_ratings).values(**values)
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["case_id", "quarter", "party"],
                set_={k: statement.excluded[k] for k in ("rating", "measures", "rated_by", "rated_at", "member_id")},
            )
        )
    return {"case_id": case.case_id, "quarter": quarter, "party": member.party, "rating": body["rating"]}


def by_unit(runtime: Runtime, district: str, quarter: str) -> dict:
    """Per unit: each party's counts and satisfaction rate, and the combined rate (the mean of the
    parties that rated, each party weighing the same however many matters it rated)."""
    quarter_bounds(quarter)
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(
            select(panel_ratings).where(panel_ratings.c.district == district, panel_ratings.c.quarter == quarter)
        ).all()
    table: dict = defaultdict(lambda: {p: dict.fromkeys(RATINGS, 0) for p in PARTIES})
    parties_of: dict = defaultdict(lambda: defaultdict(set))  # unit -> case -> the parties that rated it
    for row in rows:
        table[row.unit_id][row.party][row.rating] += 1
        parties_of[row.unit_id][row.case_id].add(row.party)
    units = []
    for unit_id, parties in sorted(table.items()):
        shares = {p: _good_share(c) for p, c in parties.items()}
        rated = [s for s in shares.values() if s is not None]
        units.append(
            {
                "unit_id": unit_id,
                "parties": {p: {"counts": parties[p], "satisfaction": shares[p]} for p in PARTIES},
                "combined_satisfaction": round(sum(rated) / len(rated), 4) if rated else None,
                "matters": len(parties_of[unit_id]),
                "reviewed_by_all_three": sum(len(p) == len(PARTIES) for p in parties_of[unit_id].values()),
            }
        )
    return {"district": district, "quarter": quarter, "units": units}


def _good_share(counts: dict) -> float | None:
    total = sum(counts.values())
    return round((counts["satisfied"] + counts["basically_satisfied"]) / total, 4) if total else None


def unit_year(runtime: Runtime, district: str, unit_id: str, year: int) -> dict:
    """The unit's four quarters of 三方评事 as they feed its annual assessment: each quarter's parties,
    combined satisfaction and matters, and the year's mean over the quarters that had ratings."""
    quarters = []
    for q in range(1, 5):
        found = next((u for u in by_unit(runtime, district, f"{year}Q{q}")["units"] if u["unit_id"] == unit_id), None)
        unrated = {p: {"counts": dict.fromkeys(RATINGS, 0), "satisfaction": None} for p in PARTIES}
        quarters.append(
            {
                "quarter": f"{year}Q{q}",
                "parties": found["parties"] if found else unrated,
                "combined_satisfaction": found["combined_satisfaction"] if found else None,
                "matters": found["matters"] if found else 0,
                "reviewed_by_all_three": found["reviewed_by_all_three"] if found else 0,
            }
        )
    rated = [q["combined_satisfaction"] for q in quarters if q["combined_satisfaction"] is not None]
    return {
        "unit_id": unit_id,
        "year": year,
        "quarters": quarters,
        "annual_satisfaction": round(sum(rated) / len(rated), 4) if rated else None,
        "formula": "mean of the quarters' combined satisfaction (每季度三方评事综合满意率的平均)",
        "denominator": len(rated),
    }
