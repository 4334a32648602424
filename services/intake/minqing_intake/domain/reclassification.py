"""Who may change a case's category (改类) once intake has it.

The district's own desk: its dispatchers (派单员), hotline operators (12345 话务员), supervisors
and admins, at the district's unit. Beyond them only the handlers of the unit that holds the case
now, as routing's latest event told intake (``cases.unit_id``): a community handler may correct
the category of a case at their community, never of another community's. Another district's case
is outside anyone's scope here (not found); anyone else in the district is forbidden.
"""

from __future__ import annotations

from .channels import Staff

DISTRICT_ROLES = ("dispatcher", "hotline_operator", "supervisor", "admin")
HOLDER_ROLES = ("community_handler", "street_handler", "district_handler", "department_handler")


def in_scope(staff: Staff, district: str) -> bool:
    return staff.district == district


def reclassifying_role(staff: Staff, district: str, holder_unit_id: str | None) -> str | None:
    """The role in which ``staff`` may reclassify the case, or None when they may not."""
    if not in_scope(staff, district):
        return None
    if staff.unit_id == district:
        found = next((role for role in DISTRICT_ROLES if role in staff.roles), None)
        if found:
            return found
    if holder_unit_id is not None and staff.unit_id == holder_unit_id:
        return next((role for role in HOLDER_ROLES if role in staff.roles), None)
    return None
