"""The handlers' workbench (served by routing): sign in, the unit's inbox, case detail with its
history and grid map, every routing action behind a confirmation step, joint handling, the
supervisors' view and the sign-in lockouts they lift. Server-rendered forms calling the same use
cases as the JSON API."""

from . import actions, inbox, lockouts, notices, queue, session  # noqa: F401,E402  (register the views)
from .common import blueprint

__all__ = ["blueprint"]
