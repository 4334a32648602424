"""Use case: an operator, or the unit holding the case, overrides the suggested category;
case.reclassified.v1 tells routing. Who may: ``domain.reclassification``."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from minqing_contracts.events.intake import CaseReclassified
from minqing_kit.errors import ApiError, FieldError, invalid
from minqing_kit.logs import log_context

from .adapters.tables import cases
from .bootstrap import Runtime
from .case_chain import later_event
from .domain.channels import Staff
from .domain.reclassification import in_scope, reclassifying_role


def reclassify(runtime: Runtime, ticket: str, category: str, staff: Staff) -> dict:
    with runtime.db.transaction() as session:
        row = session.execute(
            select(cases.c.id, cases.c.district, cases.c.category, cases.c.unit_id, cases.c.correlation_id)
            .where(cases.c.ticket == ticket)
            .with_for_update()
        ).first()
        if row is None or not in_scope(staff, row.district):
            raise ApiError(404, "not_found", f"no case with ticket {ticket}", f"未找到编号为{ticket}的诉求")
        role = reclassifying_role(staff, row.district, row.unit_id)
        if role is None:
            raise ApiError(
                403,
                "forbidden",
                "only the district's dispatchers and operators, or the unit holding the case, may reclassify it",
                "只有区派单员、话务员或当前承办单位可以修改该诉求的类别",
            )
        if category not in {c.code for c in runtime.districts[row.district].categories}:
            raise invalid([FieldError("category", "unknown category for this district", "该区没有这个类别")])
        if category == row.category:
            return {"ticket": ticket, "category": category, "changed": False}
        now = datetime.now(UTC)
        with log_context(case_id=row.id, correlation_id=row.correlation_id):
            session.execute(
                update(cases)
                .where(cases.c.id == row.id)
                .values(category=category, confidence=1.0, rule="operator", updated_at=now)
            )
            actor = {
                "kind": "person",
                "id": staff.person_id,
                "name": staff.name,
                "role": role,
                "unit_id": staff.unit_id,
            }
            runtime.outbox.add(
                session,
                later_event(
                    CaseReclassified(ticket=ticket, category=category, previous_category=row.category, actor=actor),
                    row,
                ),
            )
    return {"ticket": ticket, "category": category, "previous_category": row.category, "changed": True}
