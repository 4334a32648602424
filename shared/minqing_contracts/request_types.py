"""The kind of a request as 12345 hotlines sort them (诉求类型): the codes case.received.v1 carries and the
words residents and staff read for them. Intake's form asks it, evaluation's reports count by it; every
page that shows one reads the label here, so they never drift."""

from __future__ import annotations

from typing import Literal

RequestType = Literal["consultation", "help", "complaint", "suggestion", "praise"]
REQUEST_TYPE_LABELS: dict[str, str] = {
    "consultation": "咨询",
    "help": "求助",
    "complaint": "投诉",
    "suggestion": "建议",
    "praise": "表扬",
}
NO_TYPE_LABEL = "未分类"  # a case from a producer that does not ask the type (case.received.v1's request_type None)
