"""What intake listens to, in one place: routing's and evaluation's events keep the public view current
(``case_tracking``: a batch's steps and cases written set-wise), and evaluation's questions which
households a project or a review's residents' ballot concerns."""

from __future__ import annotations

from functools import partial

from minqing_contracts.events.evaluation import ProjectRatingOpened, ReviewOpened
from minqing_kit.consumer import Handlers

from . import project_households
from .bootstrap import Runtime
from .case_tracking import TRACK
from .domain.tracking import CHANGES


def subscriptions(runtime: Runtime) -> Handlers:
    """Every payload class the public view follows (domain.tracking.CHANGES), and evaluation's questions
    which households a project affects (一事一评) and which vote on an annual review's residents' ballot
    (双述双评)."""
    return {
        **dict.fromkeys(CHANGES, TRACK),
        ProjectRatingOpened: partial(project_households.list_for_project, runtime),
        ReviewOpened: partial(project_households.list_for_review, runtime),
    }
