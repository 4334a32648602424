"""The handlers' workbench (served by routing): sign in, the unit's inbox, case detail with its
history and grid map, every routing action behind a confirmation step, joint handling, the
supervisors' view and the sign-in lockouts they lift, and the grid workers' phone pages (网格走访: grid,
grid_reports, grid_courtyard) over intake's households, visits and courtyard files. Server-rendered forms
calling the same use cases as the JSON API."""

# importing the view modules registers their views on the blueprint
from . import (  # noqa: F401
    actions,
    bulk,
    callbacks,
    case_photos,
    catalogue,
    contact,
    duties,
    export,
    filing,
    grid,
    grid_community,
    grid_courtyard,
    grid_reports,
    inbox,
    lockouts,
    notices,
    queue,
    session,
)
from .common import blueprint

__all__ = ["blueprint"]
