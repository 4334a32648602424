"""Chinese labels of statuses and timeline steps, and per-field messages of a structured error, as the
resident sees them: Chinese field names, never field paths or English."""

from __future__ import annotations

from minqing_contracts.tracking import STATUS_LABELS

STATUS = STATUS_LABELS
STEP = {
    "received": "受理",
    "dispatched": "派单",
    "redispatched": "重新派单",
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
    "cluster_answered": "答复",
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
    "request_type": ("诉求类型", "request_type-consultation"),
    "location": ("地址", "address"),
    "location.address": ("地址", "address"),
    "location.grid_code": ("网格", "grid_code"),
    "contact": ("联系方式", "phone"),
    "contact.name": ("称呼", "name"),
    "contact.phone": ("手机号", "phone"),
    "contact.email": ("邮箱", "email"),
    "step_updates": ("短信通知", "step_updates"),
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


# what a step means to the resident, in plain Chinese ({unit}: the step's unit, else the case's)
SAYS = {
    "received": "您的诉求已登记受理。",
    "dispatched": "已派给{unit}办理。",
    "redispatched": "原承办单位退回后,已重新派给{unit}办理。",
    "accepted": "{unit}已签收,正在办理。",
    "returned": "{unit}认为不属于本单位职责,已退回,将重新派单。",
    "escalated": "已上报{unit}协调办理。",
    "joint": "由{unit}牵头,多个单位联合办理。",
    "supervised": "因办理时限临近或已过,上级已对{unit}督办。",
    "reply": "{unit}已答复。",
    "explanation": "{unit}已作解释说明。",
    "cluster_answered": "与同一问题的其他诉求一并答复。",
    "rated": "您的评价已记录。",
    "reopened": "因不满意,已交{unit}重新办理。",
    "closed": "办理完毕,已销账。",
    "merged": "与同一问题的诉求合并办理。",
}
# the deadline a step sets, by its kind
DEADLINE = {
    "dispatched": "签收时限",
    "accepted": "办结时限",
    "escalated": "办结时限",
    "reopened": "办结时限",
    "supervised": "督办时限",
    "joint": "联办时限",
}


def timeline(view: dict) -> list[dict]:
    """The public steps in plain Chinese, 受理 (received) first: each one's name, what it means, its unit
    and the deadline it set; a 派单 after a 退单 is 重新派单; a rating step names the answer."""
    steps, returned = [], False
    for step in view["steps"]:
        kind = "redispatched" if step["kind"] == "dispatched" and returned else step["kind"]
        returned = returned or step["kind"] == "returned"
        steps.append(
            {
                **step,
                "name": STEP.get(kind, "办理"),
                "says": _says(kind, step.get("unit") or view.get("unit")),
                "note": _note(step),
                "deadline": step.get("deadline"),
                "deadline_name": DEADLINE.get(step["kind"]),
            }
        )
    if not any(step["kind"] == "received" for step in steps):
        steps.insert(
            0,
            {
                "at": view["received_at"],
                "kind": "received",
                "name": STEP["received"],
                "unit": None,
                "note": None,
                "says": SAYS["received"],
                "deadline": None,
                "deadline_name": None,
            },
        )
    return steps


def _says(kind: str, unit: str | None) -> str | None:
    text = SAYS.get(kind)
    if text is None or ("{unit}" in text and not unit):
        return None
    return text.format(unit=unit)


def _note(step: dict) -> str | None:
    if step["kind"] == "rated":
        return SATISFACTION.get(step["note"] or "", None)
    return step["note"]
