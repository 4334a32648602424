"""Evaluation's JSON answers as models (``minqing_kit.response_models``), one module per blueprint as in
``web/openapi/``: the views answer through them and the document's response schemas are theirs."""

from __future__ import annotations

from minqing_kit.probe_answers import PROBE_ANSWERS

from . import deliberations, evaluations, meetings, projects, public, reviews, stats, summaries, themes, visits

PARTS = (evaluations, stats, visits, public, projects, reviews, summaries, themes, meetings, deliberations)
ANSWERS = (*PROBE_ANSWERS, *(model for part in PARTS for model in part.ANSWERS))
