"""Chinese labels of statuses and timeline steps, and per-field messages of a structured error."""
from __future__ import annotations

STATUS = {"received": "已受理", "dispatched": "已派单", "accepted": "办理中", "returned": "退回重派",
          "escalated": "已上报", "reopened": "重新办理", "resolved": "已办结", "closed": "已销账",
          "merged": "已合并"}
STEP = {"received": "受理", "dispatched": "派单", "accepted": "签收", "returned": "退单", "escalated": "上报",
        "progress": "办理进展", "contacted_resident": "联系居民", "coordination": "协调会", "reply": "答复",
        "explanation": "解释说明", "reopened": "重办", "merged": "合并", "closed": "销账", "rated": "居民评价",
        "supervised": "督办"}
SATISFACTION = {"satisfied": "满意", "basically_satisfied": "基本满意", "not_satisfied": "不满意",
                "no_answer": "未回复"}


def field_errors(error: dict | None) -> dict[str, str]:
    """form field name -> Chinese reason (``location.address`` -> ``address``, ``contact.phone`` -> ``phone``)."""
    found: dict[str, str] = {}
    for item in (error or {}).get("fields", []):
        name = item["field"].split(".")[-1]
        found[name] = item["reason_zh"]
    return found
