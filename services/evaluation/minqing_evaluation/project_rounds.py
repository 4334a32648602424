"""Rating rounds of a project (一事一评), each use case one transaction with its events (outbox).

Opening a round asks intake for the affected households (project.rating_opened.v1); intake's answer
(project.households_listed.v1) gives each household with a contact a single-use link, sent by notify
(project.rating_invited.v1). Only the link's hash is stored. A household rates once per round, by link
or on paper (entered by a board member, who is recorded): the primary key (project, round, household)
refuses the second. A result needs the district's minimum of ratings; more than the threshold not
satisfied opens a rectification with a deadline in working days, which the scheduler supervises, and
reporting it done opens the next round."""

from __future__ import annotations

import secrets
import uuid

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from minqing_contracts import Envelope, new_envelope
from minqing_contracts.events.evaluation import (
    ProjectRatingInvited,
    ProjectRatingOpened,
    ProjectRectificationOverdue,
    ProjectRectificationRequired,
)
from minqing_contracts.events.intake import ProjectHouseholdsListed
from minqing_kit.errors import ApiError
from minqing_kit.faults import NotReadyYet
from minqing_kit.statements import claim_rows, insert_ignoring_duplicates

from . import projects
from .adapters.project_tables import project_households, project_ratings, project_rounds, projects as projects_table
from .bootstrap import Runtime
from .domain.project_rating import Scope, closes_by_itself, closing
from .domain.verdict import RATINGS
from .followups import token_hash

PRODUCER = "evaluation"


def _emit(session: Session, runtime: Runtime, district: str, payload, cause: Envelope | None = None) -> None:
    envelope = new_envelope(payload, district=district, producer=PRODUCER, causation=cause, occurred_at=runtime.clock())
    runtime.outbox.add(session, envelope)


def _current(session: Session, project) -> object:
    return session.execute(
        select(project_rounds)
        .where(project_rounds.c.project_id == project.id, project_rounds.c.round == project.current_round)
        .with_for_update()
    ).first()


def _start_round(session: Session, runtime: Runtime, project, number: int) -> None:
    now = runtime.clock()
    expires = runtime.calendars[project.district].deadline(now, runtime.settings.PROJECT_LINK_PERIOD)
    session.execute(
        insert(project_rounds).values(
            project_id=project.id, round=number, status="listing", opened_at=now, links_expire_at=expires
        )
    )
    session.execute(update(projects_table).where(projects_table.c.id == project.id).values(current_round=number))
    _emit(session, runtime, project.district, ProjectRatingOpened(project_id=project.id, round=number, **project.scope))


def open_rating(runtime: Runtime, principal, project_id: str) -> dict:
    """The project is done: its first round of rating opens."""
    with runtime.db.transaction() as session:
        project = projects.locked(session, project_id, principal.district)
        if project.current_round:
            raise ApiError(409, "already_opened", "rating is already open for this project", "该项目已开始评议")
        if Scope(**project.scope).empty:
            raise ApiError(409, "no_households", "the project names no affected households", "该项目未指定受影响住户")
        _start_round(session, runtime, project, 1)
    return projects.view(runtime, project_id)


def on_households_listed(runtime: Runtime, session: Session, envelope: Envelope, payload: ProjectHouseholdsListed):
    """Intake's answer: each household joins the round; those with a contact get a single-use link."""
    project = session.execute(select(projects_table).where(projects_table.c.id == payload.project_id)).first()
    if project is None or project.district != envelope.district:
        raise NotReadyYet(f"project {payload.project_id} not known in {envelope.district} yet")
    found = session.execute(
        select(project_rounds)
        .where(project_rounds.c.project_id == project.id, project_rounds.c.round == payload.round)
        .with_for_update()
    ).first()
    if found is None or found.status != "listing":
        return  # a listing for a round that has moved on
    for household in payload.households:
        invitation_id, token = str(uuid.uuid4()), secrets.token_urlsafe(32)
        sealed = household.contact_sealed
        session.execute(
            insert(project_households).values(
                project_id=project.id,
                round=payload.round,
                household_id=household.household_id,
                invitation_id=invitation_id,
                token_hash=token_hash(token) if sealed else None,
            )
        )
        if sealed:
            invited = ProjectRatingInvited(
                project_id=project.id,
                project_name=project.name,
                round=payload.round,
                invitation_id=invitation_id,
                household_id=household.household_id,
                project_token=token,
                expires_at=found.links_expire_at,
                contact_sealed=sealed,
            )
            _emit(session, runtime, project.district, invited, envelope)
    session.execute(
        update(project_rounds)
        .where(project_rounds.c.project_id == project.id, project_rounds.c.round == payload.round)
        .values(status="open", households=len(payload.households))
    )


def _invitation_by_token(session: Session, token: str):
    row = session.execute(
        select(project_households).where(project_households.c.token_hash == token_hash(token))
    ).first()
    if row is None:
        raise ApiError(404, "unknown_token", "no project rating for this link", "评议链接无效")
    return row


def invitation(runtime: Runtime, token: str) -> dict:
    """What the rating page shows for a link: the project and its round, never the household."""
    with runtime.db.engine.connect() as connection:
        row = _invitation_by_token(connection, token)
        done = connection.execute(
            select(project_ratings.c.rating).where(
                project_ratings.c.project_id == row.project_id,
                project_ratings.c.round == row.round,
                project_ratings.c.household_id == row.household_id,
            )
        ).first()
    return {"project": projects.view(runtime, row.project_id), "round": row.round, "rated": done is not None}


def rate_by_link(runtime: Runtime, token: str, rating: str) -> dict:
    with runtime.db.transaction() as session:
        row = _invitation_by_token(session, token)
        project = projects.locked(session, row.project_id)
        if runtime.clock() >= _round_of(session, row.project_id, row.round).links_expire_at:
            raise ApiError(409, "expired", "this rating link has expired", "评议链接已过期")
        return _rate(session, runtime, project, row.round, row.household_id, rating, "link", None)


def rate_on_paper(runtime: Runtime, principal, project_id: str, household_id: str, rating: str) -> dict:
    """A paper ballot the supervisory board (监事会) collected, entered by ``principal``."""
    with runtime.db.transaction() as session:
        project = projects.locked(session, project_id, principal.district)
        return paper_ballot(session, runtime, principal, project, household_id, rating)


def paper_ballot(session: Session, runtime: Runtime, principal, project, household_id: str, rating: str) -> dict:
    """One paper ballot on the project (``projects.locked``) in the caller's transaction."""
    known = session.execute(
        select(project_households.c.household_id).where(
            project_households.c.project_id == project.id,
            project_households.c.round == project.current_round,
            project_households.c.household_id == household_id,
        )
    ).first()
    if known is None:
        raise ApiError(422, "not_affected", "this household is not invited to this round", "该户不在本轮评议范围内")
    return _rate(session, runtime, project, project.current_round, household_id, rating, "paper", principal)


def _round_of(session: Session, project_id: str, number: int):
    return session.execute(
        select(project_rounds)
        .where(project_rounds.c.project_id == project_id, project_rounds.c.round == number)
        .with_for_update()
    ).one()


def _rate(session: Session, runtime: Runtime, project, number: int, household: str, rating: str, via, who) -> dict:
    project_id = project.id
    found = _round_of(session, project_id, number)
    if found.status != "open":
        raise ApiError(409, "closed", "this round of rating is closed", "本轮评议已结束")
    entered = session.execute(
        insert_ignoring_duplicates(session, project_ratings)
        .values(
            project_id=project_id,
            round=number,
            household_id=household,
            rating=rating,
            via=via,
            entered_by=who.person_id if who else None,
            rated_at=runtime.clock(),
        )
        .returning(project_ratings.c.household_id)
    ).first()
    if entered is None:  # the household rated already, by link or on paper
        raise ApiError(409, "already_rated", "this household has already rated", "该户已评议过")
    counts = {r: getattr(found, r) + (r == rating) for r in RATINGS}
    where = (project_rounds.c.project_id == project_id) & (project_rounds.c.round == number)
    session.execute(update(project_rounds).where(where).values(**counts))
    policy = runtime.districts[project.district].evaluation
    if closes_by_itself(sum(counts.values()), found.households, policy.project_min_ratings):
        _close(session, runtime, project, counts, "system")
    return {"project_id": project_id, "round": number, "rating": rating, "via": via}


def close_round(runtime: Runtime, principal, project_id: str) -> dict:
    """The board closes the current round: refused below the district's minimum of ratings."""
    with runtime.db.transaction() as session:
        project = projects.locked(session, project_id, principal.district)
        found = _current(session, project)
        if found is None or found.status != "open":
            raise ApiError(409, "not_open", "no round of rating is open", "没有进行中的评议")
        counts = {r: getattr(found, r) for r in RATINGS}
        policy = runtime.districts[project.district].evaluation
        if not closing(counts, policy.project_min_ratings, policy.project_dissatisfied_threshold).allowed:
            raise ApiError(
                409,
                "too_few_ratings",
                f"{sum(counts.values())} ratings; a result needs at least {policy.project_min_ratings}",
                f"已有{sum(counts.values())}户参评,结果至少需要{policy.project_min_ratings}户",
            )
        _close(session, runtime, project, counts, principal.person_id)
    return projects.view(runtime, project_id)


def _close(session: Session, runtime: Runtime, project, counts: dict, who: str) -> None:
    policy = runtime.districts[project.district].evaluation
    result = closing(counts, policy.project_min_ratings, policy.project_dissatisfied_threshold)
    now = runtime.clock()
    values: dict = {"status": result.outcome, "closed_at": now, "closed_by": who}
    if result.outcome == "rectifying":
        values["rectify_by"] = runtime.calendars[project.district].deadline(now, runtime.settings.RECTIFY_PERIOD)
        required = ProjectRectificationRequired(
            project_id=project.id,
            project_name=project.name,
            unit_id=project.unit_id,
            round=project.current_round,
            ratings=result.verdict.ratings,
            dissatisfied_ratio=round(result.verdict.dissatisfied_ratio, 4),
            rectify_by=values["rectify_by"],
        )
        _emit(session, runtime, project.district, required)
    where = (project_rounds.c.project_id == project.id) & (project_rounds.c.round == project.current_round)
    session.execute(update(project_rounds).where(where).values(**values))


def report_rectified(runtime: Runtime, principal, project_id: str, note: str) -> dict:
    """The unit reports the rectification done: the next round of rating opens."""
    with runtime.db.transaction() as session:
        project = projects.locked(session, project_id, principal.district)
        found = _current(session, project)
        if found is None or found.status != "rectifying":
            raise ApiError(409, "not_rectifying", "no rectification is open", "没有待整改的评议结果")
        where = (project_rounds.c.project_id == project.id) & (project_rounds.c.round == found.round)
        session.execute(
            update(project_rounds)
            .where(where)
            .values(status="rectified", rectified_at=runtime.clock(), rectification_note=note)
        )
        _start_round(session, runtime, project, found.round + 1)
    return projects.view(runtime, project_id)


def flag_overdue(runtime: Runtime, batch: int = 200) -> int:
    """The scheduler's check: rectifications past their deadline are flagged once (督办 through notify)."""
    now = runtime.clock()
    with runtime.db.transaction() as session:
        query = (
            select(project_rounds, projects_table.c.district, projects_table.c.name, projects_table.c.unit_id)
            .join(projects_table, projects_table.c.id == project_rounds.c.project_id)
            .where(
                project_rounds.c.status == "rectifying",
                project_rounds.c.rectify_by <= now,
                project_rounds.c.overdue_flagged_at.is_(None),
            )
            .limit(batch)
        )
        rows = claim_rows(session, query)
        for row in rows:
            where = (project_rounds.c.project_id == row.project_id) & (project_rounds.c.round == row.round)
            session.execute(update(project_rounds).where(where).values(overdue_flagged_at=now))
            overdue = ProjectRectificationOverdue(
                project_id=row.project_id,
                project_name=row.name,
                unit_id=row.unit_id,
                round=row.round,
                rectify_by=row.rectify_by,
            )
            _emit(session, runtime, row.district, overdue)
    return len(rows)
