"""The OpenAPI 3 document of evaluation's API (``SPEC``, served by ``web/docs.py``): every endpoint, what it
reads and what it answers. Each resource's part (its parameters, request schemas and paths) is a module
here, named after the blueprint it documents; the response schemas are the models' of ``web/answers``;
this module assembles them with ``minqing_kit.apidocs``."""

from __future__ import annotations

from minqing_kit.apidocs import components, finish
from minqing_kit.probe_answers import probe_paths
from minqing_kit.response_models import schemas

from ..answers import ANSWERS
from . import (
    common,
    deliberations,
    evaluations,
    meetings,
    projects,
    public,
    reviews,
    stats,
    summaries,
    themes,
    visits,
)

PARTS = (evaluations, stats, visits, public, projects, reviews, summaries, themes, meetings, deliberations)
SPEC = finish(
    {
        "openapi": "3.0.3",
        "info": {
            "title": "Minqing evaluation",
            "version": "1.0.0",
            "description": "Follow-up ratings (回访), the three rates and rankings, project rating (一事一评), "
            "annual review (双述双评), three-party review (三方评事), public notice (公示), reports. "
            "Rates, rankings, reports and notices are public; per-case data needs a token of the "
            "same district.",
        },
        "components": components(
            {**schemas(*ANSWERS), **{name: schema for part in PARTS for name, schema in part.SCHEMAS.items()}},
            parameters={**common.PARAMETERS, **{name: p for part in PARTS for name, p in part.PARAMETERS.items()}},
        ),
        "paths": {**{path: item for part in PARTS for path, item in part.PATHS.items()}, **probe_paths()},
    }
)
