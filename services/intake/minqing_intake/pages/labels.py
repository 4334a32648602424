"""Chinese labels of statuses and timeline steps, and per-field messages of a structured error, as the
resident sees them: Chinese field names, never field paths or English."""

from __future__ import annotations

STATUS = {
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
STEP = {
    "received": "受理",
    "dispatched": "派单",
    "accepted": "签收",
    "returned": "退单",
    "escalated": "上报",
    "progress": "办理进展",
    "contacted_resident": "联系居民",
    "coordination": "协调会",
    "reply": "答复",
    "explanation": "解释说明",
    "reopened": "重办",
    "merged": "合并",
    "split": "拆分单独办理",
    "closed": "销账",
    "rated": "居民评价",
    "supervised": "督办",
    "resolved": "办结",
    "joint": "联办",
}
SATISFACTION = {
    "satisfied": "满意",
    "basically_satisfied": "基本满意",
    "not_satisfied": "不满意",
    "unclear": "说不清",
    "no_answer": "未回复",
}
# field path of a structured error -> (the form's Chinese label, the id of the field to jump to)
FIELDS = {
    "district": ("所在区", "district"),
    "content": ("反映内容", "content"),
    "category": ("类别", "category"),
    "location": ("地址", "address"),
    "location.address": ("地址", "address"),
    "location.grid_code": ("网格", "grid_code"),
    "contact": ("联系方式", "phone"),
    "contact.name": ("称呼", "name"),
    "contact.phone": ("手机号", "phone"),
    "contact.email": ("邮箱", "email"),
}
# the form has no latitude/longitude: say what the resident can do instead of the API's reason
FORM_REASONS = {"location": "请填写地址,或在“网格”中选择您所在的网格"}


def form_error(error: dict | None) -> dict | None:
    """The structured error with the form's own wording where the API's would not fit the form."""
    if not error:
        return error
    fields = [
        {**item, "reason_zh": FORM_REASONS.get(item["field"], item["reason_zh"])} for item in error.get("fields", [])
    ]
    message = "请修改以下内容后再提交" if error.get("code") == "invalid" else error["message_zh"]
    return {**error, "message_zh": message, "fields": fields}


def field_errors(error: dict | None) -> dict[str, str]:
    """form field name -> Chinese reason (``location.address`` -> ``address``, ``contact.phone`` -> ``phone``)."""
    found: dict[str, str] = {}
    for item in (error or {}).get("fields", []):
        name = item["field"].split(".")[-1]
        found[name] = item["reason_zh"]
    return found


def timeline(view: dict) -> list[dict]:
    """The public steps in plain Chinese, 受理 (received) first; a rating step names the answer."""
    steps = [{**step, "name": STEP.get(step["kind"], "办理"), "note": _note(step)} for step in view["steps"]]
    if not any(step["kind"] == "received" for step in steps):
        steps.insert(
            0, {"at": view["received_at"], "kind": "received", "name": STEP["received"], "unit": None, "note": None}
        )
    return steps


def _note(step: dict) -> str | None:
    if step["kind"] == "rated":
        return SATISFACTION.get(step["note"] or "", None)
    return step["note"]
