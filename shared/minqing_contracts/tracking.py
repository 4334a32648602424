"""The statuses of intake's public tracking (`GET /api/v1/cases/<ticket>/track`, the receipt and track
pages) and the words residents and staff read for them. Intake writes the status; every page that shows
one (intake's track page, routing's 民情日记) reads the label here, so the two never drift."""

from __future__ import annotations

STATUS_LABELS: dict[str, str] = {
    "received": "已受理",
    "dispatched": "已派单",
    "accepted": "办理中",
    "returned": "退回重派",
    "escalated": "已上报",
    "reopened": "重新办理",
    "resolved": "已办结",
    "closed": "已销账",
    "merged": "已合并",
}
