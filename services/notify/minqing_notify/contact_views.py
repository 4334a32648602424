"""The complainant firewall's notify side: a resident's contact shown to a handler only on routing's grant
(``minqing_kit.tokens.ContactGrant``), for the one case and the one person routing checked, masked unless
the grant says clear. Routing records every clear view that is not the person's role's with its reason in
the case's history before it grants one; notify opens the sealed contact in memory for the answer and
keeps nothing of it. Never a phone number or an e-mail address in a log line."""

from __future__ import annotations

import logging
from typing import Any

from minqing_kit.errors import ApiError
from minqing_kit.tokens import ContactGrant, Principal

from .contacts import ContactBook, contact_row
from .domain.masking import mask_email, mask_phone

log = logging.getLogger(__name__)


def _masked_name(name: str | None) -> str | None:
    return f"{name[0]}{'*' * min(len(name) - 1, 2)}" if name else None


def shown(runtime, who: Principal, grant: ContactGrant, case_id: str) -> dict[str, Any]:
    if grant.person_id != who.person_id or grant.case_id != case_id:
        raise ApiError(403, "grant_mismatch", "the grant is for another person or case", "授权与查看人或诉求不符")
    with runtime.db.engine.connect() as connection:
        row = contact_row(connection, case_id)
    if row is None or row.district != who.district:
        raise ApiError(404, "not_found", "no contact on file for this case", "该诉求没有联系方式")
    contact = ContactBook(runtime.settings.CONTACT_PRIVATE_KEY.get_secret_value()).open(row.contact_sealed)
    log.info("resident contact shown", extra={"fields": {"case_id": case_id, "clear": grant.clear}})
    if contact is None:
        return {"case_id": case_id, "on_file": False, "clear": grant.clear, "phone": None, "email": None, "name": None}
    return {
        "case_id": case_id,
        "on_file": True,
        "clear": grant.clear,
        "phone": contact.phone if grant.clear else (mask_phone(contact.phone) if contact.phone else None),
        "email": contact.email if grant.clear else (mask_email(contact.email) if contact.email else None),
        "name": contact.name if grant.clear else _masked_name(contact.name),
    }
