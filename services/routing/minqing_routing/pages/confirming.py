"""What a confirmation page shows: each submitted field under its Chinese label, with codes (a unit id, a
return reason, an outcome) named as the handler knows them. The raw fields still travel as hidden inputs;
a field that means nothing to the handler (a part's id) is carried but not shown."""

from __future__ import annotations

from collections.abc import Callable

from ..domain.resident_contact import TEMPLATES

LABELS = {
    "note": "进展",
    "public": "在居民查询页公开",
    "outcome": "办结方式",
    "reply": "答复内容",
    "reason_code": "退单原因",
    "reason": "理由",
    "catalogue_item": "有争议的职责清单事项",
    "lead_task": "主办任务",
    "unit_id": "协办单位",
    "task": "协办任务",
    "extend_reason": "延期理由",
    "into_ticket": "合并到诉求",
    "member": "重复诉求编号",
    "summary": "完成情况",
    "new_unit_id": "改派给",
    "template": "答复模板",
    "sms_template": "短信模板",
    "text": "短信内容",
    "question": "请热线询问的问题",
    "resolution_deadline": "新的办结期限",
}
HIDDEN = ("part_id",)
OUTCOMES = {"reply": "答复(已解决)", "explanation": "解释说明(政策不允许)"}


def shown(fields: list[tuple[str, str]], district) -> list[tuple[str, str]]:
    """(label, value as the handler reads it) for each field worth showing; an empty value shows as 无."""
    units = {u: each for peer in district.work.peers.values() for u, each in peer.org.units.items()}
    units.update(district.org.units)  # a partner's units too (跨区联办), the district's own first
    reasons = {r.code: r.name for r in district.config.returns.reasons}
    templates = {t.code: t.name for t in district.config.reply_templates}
    unit: Callable[[str], str] = lambda v: units[v].name if v in units else v  # noqa: E731
    names: dict[str, Callable[[str], str]] = {
        "public": lambda v: "是" if v == "yes" else "否",
        "outcome": lambda v: OUTCOMES.get(v, v),
        "reason_code": lambda v: reasons.get(v, v),
        "unit_id": unit,
        "new_unit_id": unit,
        "template": lambda v: templates.get(v, v),
        "sms_template": lambda v: TEMPLATES.get(v, v),
        "resolution_deadline": lambda v: v.replace("T", " "),  # datetime-local, on the district's clock
    }
    return [
        (LABELS.get(key, key), names.get(key, str)(value) if value else "无")
        for key, value in fields
        if key not in HIDDEN
    ]
