"""The annual review (双述双评) as use cases: open a person's review for a year (asking intake for the
community's households, ``review_households``), take the two ballots' votes (上级组织 by the rater signed
in; residents by a household intake listed, entered from paper by the board with the entering person
recorded: one vote per voter and ballot), conclude it with the superior organisation's grade, and open
the procedures its consequences call for (domain/annual_review.py), telling the person and their
community's supervisor (review.concluded.v1). The review shows its inputs: the person's resolved cases
and visits of the year and the unit's three-party quarters."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from minqing_contracts import new_envelope
from minqing_contracts.events.evaluation import ReviewConcluded
from minqing_kit.errors import ApiError
from minqing_kit.statements import insert_ignoring_duplicates

from . import panel, review_households
from .adapters.review_tables import annual_review_votes, annual_reviews, review_procedures
from .adapters.tables import cases, facts
from .adapters.visit_tables import visits
from .bootstrap import Runtime
from .domain import orgtree
from .domain.annual_review import BALLOTS, ballot_verdicts, complete_step, consequences, too_few
from .domain.verdict import RATINGS
from .meetings import apply_rule

PRODUCER = "evaluation"
STEP_KEEPERS = ("admin", "leader", "supervisor")  # who marks a procedure's steps done (the supervisor is told)


def not_found() -> ApiError:
    return ApiError(404, "not_found", "no such annual review", "未找到该年度评议")


def open_review(runtime: Runtime, principal, person_id: str, year: int, post: str) -> dict:
    config = runtime.districts.get(principal.district)
    person = next((p for p in config.people if p.id == person_id), None) if config else None
    if config is None or person is None:
        raise ApiError(422, "unknown_person", "not a person of your district", "不是本区人员")
    grids = review_households.community_grids(config, person.unit)
    if grids is None:
        raise ApiError(
            422,
            "not_community",
            "the annual review is of a community's cadres and staff",
            "双述双评只评议社区干部和工作者",
        )
    review_id = str(uuid.uuid4())
    try:
        with runtime.db.transaction() as session:
            session.execute(
                insert(annual_reviews).values(
                    id=review_id,
                    district=principal.district,
                    year=year,
                    person_id=person.id,
                    person_name=person.name,
                    unit_id=person.unit,
                    post=post,
                    status="open",
                    opened_at=runtime.clock(),
                    opened_by=principal.person_id,
                    households_asked_at=runtime.clock(),
                )
            )
            review_households.ask(session, runtime, review_id, config.code, year, person.unit)
    except IntegrityError:
        raise ApiError(
            409, "already_open", "this person's review of the year exists", "该人员本年度评议已存在"
        ) from None
    return view(runtime, review_id)


def _locked(session: Session, review_id: str, district: str):
    row = session.execute(select(annual_reviews).where(annual_reviews.c.id == review_id).with_for_update()).first()
    if row is None or row.district != district:
        raise not_found()
    return row


def open_for_votes(session: Session, review_id: str, district: str):
    """The review, locked, if it still takes votes."""
    row = _locked(session, review_id, district)
    if row.status != "open":
        raise ApiError(409, "concluded", "the review is concluded", "该评议已结束")
    return row


def vote(runtime: Runtime, principal, review_id: str, ballot: str, rating: str, household_id: str | None) -> dict:
    """The superior organisation's raters vote as themselves; residents' paper ballots name a household."""
    voter = principal.person_id if ballot == "superior" else household_id
    if not voter:
        raise ApiError(422, "household_needed", "a residents' ballot names its household", "群众测评票须注明户")
    with runtime.db.transaction() as session:
        row = open_for_votes(session, review_id, principal.district)
        waiting = review_households.listing_refusal(session, runtime, row) if ballot == "residents" else None
        if waiting is None:
            cast(session, runtime, principal, row, ballot, voter, rating)
    if waiting is not None:
        raise waiting  # after the commit: a question it asked intake (again) is in the outbox
    return {"review_id": review_id, "ballot": ballot, "rating": rating}


def cast(session: Session, runtime: Runtime, principal, row, ballot: str, voter: str, rating: str) -> None:
    """One vote on an open review (``open_for_votes``), entered by ``principal``: once per voter and ballot.
    The person under review enters no vote on their own review, on either ballot (a conflict of interest:
    a community handler may enter the residents' paper ballots, but not those about themselves)."""
    if principal.person_id == row.person_id:
        raise ApiError(
            403,
            "own_review",
            "the person under review cannot enter votes on their own review",
            "被评议人不得录入本人的测评票",
        )
    if ballot == "residents":
        review_households.check_listed(session, row, voter)
    done = session.execute(
        insert_ignoring_duplicates(session, annual_review_votes)
        .values(
            review_id=row.id,
            ballot=ballot,
            voter_key=voter,
            rating=rating,
            entered_by=principal.person_id,
            cast_at=runtime.clock(),
        )
        .returning(annual_review_votes.c.voter_key)
    ).first()
    if done is None:
        raise ApiError(409, "already_rated", "this voter has already voted on this ballot", "该评议人已投票")


def _counts(connection, review_id: str) -> dict[str, dict[str, int]]:
    counts = {b: dict.fromkeys(RATINGS, 0) for b in BALLOTS}
    rows = connection.execute(
        select(annual_review_votes.c.ballot, annual_review_votes.c.rating, func.count())
        .where(annual_review_votes.c.review_id == review_id)
        .group_by(annual_review_votes.c.ballot, annual_review_votes.c.rating)
    ).all()
    for ballot, rating, n in rows:
        counts[ballot][rating] = n
    return counts


def conclude(runtime: Runtime, principal, review_id: str, grade: str) -> dict:
    with runtime.db.transaction() as session:
        row = _locked(session, review_id, principal.district)
        if row.status != "open":
            raise ApiError(409, "concluded", "the review is concluded", "该评议已结束")
        policy = runtime.districts[row.district].evaluation
        verdicts = ballot_verdicts(
            _counts(session, review_id), policy.min_sample, policy.project_dissatisfied_threshold
        )
        short = too_few(verdicts)
        if short:
            raise ApiError(
                409,
                "too_few_ratings",
                f"ballots {short} have fewer than {policy.min_sample} ratings",
                f"测评票不足{policy.min_sample}张,不能得出结果",
            )
        last_year = session.execute(
            select(annual_reviews.c.grade).where(
                annual_reviews.c.district == row.district,
                annual_reviews.c.person_id == row.person_id,
                annual_reviews.c.year == row.year - 1,
                annual_reviews.c.status == "concluded",
            )
        ).scalar()
        found = consequences(row.post, grade, verdicts, last_year)
        now = runtime.clock()
        due = runtime.calendars[row.district].deadline(now, runtime.settings.RECTIFY_PERIOD)
        for c in found:
            steps = [{"step": s, "name": name, "done_at": None} for s, name in c.steps]
            session.execute(
                insert(review_procedures).values(
                    id=str(uuid.uuid4()),
                    review_id=review_id,
                    kind=c.kind,
                    steps=steps,
                    due_at=due if c.deadline else None,
                    opened_at=now,
                )
            )
        session.execute(
            update(annual_reviews)
            .where(annual_reviews.c.id == review_id)
            .values(status="concluded", grade=grade, concluded_at=now, concluded_by=principal.person_id)
        )
        unit = orgtree.units(runtime.districts[row.district]).get(row.unit_id)
        concluded = ReviewConcluded(
            review_id=review_id,
            year=row.year,
            subject_id=row.person_id,
            subject_name=row.person_name,
            unit_id=row.unit_id,
            supervisor_unit_id=unit.parent if unit else None,
            post=row.post,
            grade=grade,
            superior_dissatisfied_ratio=round(verdicts["superior"].dissatisfied_ratio, 4),
            residents_dissatisfied_ratio=round(verdicts["residents"].dissatisfied_ratio, 4),
            procedures=[c.kind for c in found],
            rectify_by=due if any(c.deadline for c in found) else None,
        )
        runtime.outbox.add(session, new_envelope(concluded, district=row.district, producer=PRODUCER, occurred_at=now))
    return view(runtime, review_id)


def complete_procedure_step(
    runtime: Runtime, principal, review_id: str, kind: str, step: str, note: str | None
) -> dict:
    """Marks a step of a concluded review's procedure done (in the steps' order), with who and when."""
    with runtime.db.transaction() as session:
        _locked(session, review_id, principal.district)
        procedure = session.execute(
            select(review_procedures)
            .where(review_procedures.c.review_id == review_id, review_procedures.c.kind == kind)
            .with_for_update()
        ).first()
        if procedure is None:
            raise ApiError(404, "no_such_procedure", "the review has no such procedure", "该评议没有这一程序")
        done_at = runtime.clock().isoformat()
        steps = apply_rule(complete_step, list(procedure.steps), step, done_at, principal.person_id, note)
        session.execute(update(review_procedures).where(review_procedures.c.id == procedure.id).values(steps=steps))
    return view(runtime, review_id)


def view(runtime: Runtime, review_id: str) -> dict:
    with runtime.db.engine.connect() as connection:
        row = connection.execute(select(annual_reviews).where(annual_reviews.c.id == review_id)).first()
        if row is None:
            raise not_found()
        counts = _counts(connection, review_id)
        procedures = connection.execute(
            select(review_procedures)
            .where(review_procedures.c.review_id == review_id)
            .order_by(review_procedures.c.kind)
        ).all()
        inputs = _inputs(runtime, connection, row)
    policy = runtime.districts[row.district].evaluation
    verdicts = ballot_verdicts(counts, policy.min_sample, policy.project_dissatisfied_threshold)
    return {
        "id": row.id,
        "district": row.district,
        "year": row.year,
        "person_id": row.person_id,
        "person_name": row.person_name,
        "unit_id": row.unit_id,
        "post": row.post,
        "status": row.status,
        "grade": row.grade,
        "ballots": {
            b: {
                "counts": counts[b],
                "ratings": verdicts[b].ratings,
                "dissatisfied_ratio": round(verdicts[b].dissatisfied_ratio, 4),
                "formula": "not_satisfied / ratings of this ballot (不满意票 / 本票种有效票)",
                "denominator": verdicts[b].ratings,
            }
            for b in BALLOTS
        },
        "participation": review_households.participation(row.households, verdicts["residents"].ratings),
        "min_ratings": policy.min_sample,
        "threshold": policy.project_dissatisfied_threshold,
        "procedures": [
            {"kind": p.kind, "steps": p.steps, "due_at": p.due_at.isoformat() if p.due_at else None} for p in procedures
        ],
        "inputs": inputs,
    }


def _inputs(runtime: Runtime, connection, row) -> dict:
    """The person's resolved cases (routing's case.resolved.v1 by them) and visits of the year, and their
    unit's three-party quarters."""
    tz = runtime.tz(row.district)
    since = datetime.combine(date(row.year, 1, 1), time.min, tzinfo=tz)
    until = datetime.combine(date(row.year + 1, 1, 1), time.min, tzinfo=tz)
    resolved = connection.execute(
        select(facts.c.data)
        .join(cases, cases.c.case_id == facts.c.case_id)
        .where(
            cases.c.district == row.district,
            facts.c.event_type == "case.resolved.v1",
            facts.c.occurred_at >= since,
            facts.c.occurred_at < until,
        )
    ).scalars()
    by_them = sum(1 for data in resolved if (data.get("actor") or {}).get("id") == row.person_id)
    visited = connection.execute(
        select(func.count()).where(
            visits.c.district == row.district,
            visits.c.visitor_id == row.person_id,
            visits.c.local_date >= date(row.year, 1, 1),
            visits.c.local_date < date(row.year + 1, 1, 1),
        )
    ).scalar_one()
    return {
        "cases_resolved": by_them,
        "visits": visited,
        "unit_three_party": panel.unit_year(runtime, row.district, row.unit_id, row.year),
    }


def listed(runtime: Runtime, district: str, year: int) -> dict:
    with runtime.db.engine.connect() as connection:
        ids = connection.execute(
            select(annual_reviews.c.id)
            .where(annual_reviews.c.district == district, annual_reviews.c.year == year)
            .order_by(annual_reviews.c.person_name)
        ).scalars()
        found = list(ids)
    return {"district": district, "year": year, "reviews": [view(runtime, i) for i in found]}
