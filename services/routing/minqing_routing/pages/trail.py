"""The case history (办理记录) in the handlers' words. Routing stores codes and English for the steps it
takes itself ("lowest_level", "returned 2 times", "handler: xl-rlgs, xl-zjj"); the page says them in
Chinese, with unit names from the district's configuration, and names the unit a step moved the case
to. The stored rows and the events keep their codes; a reason not recognised is shown as stored."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import tzinfo

from minqing_kit.pages import local_time

from ..domain.clusters import RESIDENT_CONFIRMED
from ..domain.org import OrgUnit
from ..domain.resident_contact import callback_asked

DISPATCH_REASONS = {
    "lowest_level": "派至最低一级",
    "rule_table": "按派单规则派单",
    "catalogue": "按职责清单派单",
    "triage": "无法定位,转分拨中心",
    "redispatch": "重新派单",
    "reclassified": "改类后重新派单",
    "manual": "人工派单",
    "ruling": "审定派单",
}
DEADLINES = {"acceptance": "签收时限", "response": "签收期限", "resolution": "办结期限", "contact": "首次联系时限"}
JOINT_STARTERS = {"handler": "承办单位发起联办", "rule": "按派单规则联办", "escalation": "上报时发起联办"}
OUTCOMES = {"reply": "答复", "explanation": "解释说明"}
REOPEN_REASONS = {"not_solved": "居民反映问题未解决", "not_satisfied": "居民不满意"}
MOVES = ("dispatch", "escalate", "reopen", "rule")  # steps after which the row's unit is where the case went

Name = Callable[[str], str]


def _escalate(reason: str, name: Name, tz: tzinfo) -> str | None:
    if found := re.fullmatch(r"returned (\d+) times", reason):
        return f"退单{found[1]}次后上报"
    if found := re.fullmatch(r"(acceptance|response|resolution) deadline passed", reason):
        return f"超过{DEADLINES[found[1]]},自动上报"
    return None


def _supervise(reason: str, name: Name, tz: tzinfo) -> str | None:
    found = re.fullmatch(r"(acceptance|response|resolution|contact) deadline (\S+)", reason)
    try:
        return f"超过{DEADLINES[found[1]]}({local_time(found[2], tz)}),督办" if found else None
    except ValueError:  # not a timestamp after all
        return None


def _supervise_part(reason: str, name: Name, tz: tzinfo) -> str | None:
    unit_id, colon, task = reason.partition(": ")
    return f"协办单位{name(unit_id)}超期未完成:{task}" if colon else None


def _joint_open(reason: str, name: Name, tz: tzinfo) -> str | None:
    starter, colon, unit_ids = reason.partition(": ")
    if not colon or starter not in JOINT_STARTERS:
        return None
    return f"{JOINT_STARTERS[starter]},协办单位:{'、'.join(name(u) for u in unit_ids.split(', '))}"


def _resolve(reason: str, name: Name, tz: tzinfo) -> str | None:
    outcome, colon, reply = reason.partition(": ")
    return f"{OUTCOMES[outcome]}:{reply}" if colon and outcome in OUTCOMES else None


def _deadline_moved(verb: str) -> Callable[[str, Name, tzinfo], str | None]:
    """'resolution deadline <iso>: <reason>' (extended for joint handling, tightened by the 包案 leader)."""

    def say(reason: str, name: Name, tz: tzinfo) -> str | None:
        found = re.fullmatch(r"resolution deadline (\S+): (.*)", reason, re.DOTALL)
        try:
            return f"办结期限{verb}{local_time(found[1], tz)},理由:{found[2]}" if found else None
        except ValueError:
            return None

    return say


def _reopen(reason: str, name: Name, tz: tzinfo) -> str | None:
    codes = reason.split("+")
    return "、".join(REOPEN_REASONS[c] for c in codes) if all(c in REOPEN_REASONS for c in codes) else None


def _by_history(reason: str) -> str | None:
    found = re.fullmatch(r"history_model: confidence ([0-9.]+), model v(\d+)", reason)
    return f"按历史模型派单 (置信度 {found[1]}, 模型 v{found[2]})" if found else None


CONFIRMED = f"; {RESIDENT_CONFIRMED}"
NOT_JOINED = {
    "the case to merge into is not open": "该诉求已办结",
    "the chosen case is in another district": "该诉求不属于本区",
}


def _merge(reason: str, name: Name, tz: tzinfo) -> str | None:
    found = re.fullmatch(r"merged into (\S+?)(; .+)?", reason)
    if not found or found[2] not in (None, CONFIRMED):
        return None
    return ("居民确认为同一问题," if found[2] else "") + f"合并到诉求 {found[1]}"


def _merged_in(reason: str, name: Name, tz: tzinfo) -> str | None:
    found = re.fullmatch(r"(\S+) merged into this case(; .+)?", reason)
    if not found or found[2] not in (None, CONFIRMED):
        return None
    return f"诉求 {found[1]} 已并入本诉求" + ("(居民确认为同一问题)" if found[2] else "")


def _join_refused(reason: str, name: Name, tz: tzinfo) -> str | None:
    """我也遇到了 refused: the case chosen before filing was closed meanwhile or is in another district."""
    found = re.fullmatch(r"not merged into (\S+): (.+)", reason)
    if not found or found[2] not in NOT_JOINED:
        return None
    return f"居民确认与诉求 {found[1]} 为同一问题,但{NOT_JOINED[found[2]]},本诉求单独办理"


def _callback(reason: str, name: Name, tz: tzinfo) -> str | None:
    asked = callback_asked(reason)
    return f"请热线在{local_time(asked[0].isoformat(), tz)}前回拨:{asked[1]}" if asked else None


def _callback_answer(reason: str, name: Name, tz: tzinfo) -> str | None:
    reached, colon, outcome = reason.partition(": ")
    said = {"reached": "已联系上居民", "not reached": "未联系上居民"}.get(reached)
    return f"{said}:{outcome}" if colon and said else None


def _cluster(pattern: str, saying: str) -> Callable[[str, Name, tzinfo], str | None]:
    """A cluster step's reason ("answered with XL-…") in Chinese, the ticket kept."""

    def say(reason: str, name: Name, tz: tzinfo) -> str | None:
        found = re.fullmatch(pattern, reason)
        return saying.format(found[1]) if found else None

    return say


SAYINGS: dict[str, Callable[[str, Name, tzinfo], str | None]] = {
    "dispatch": lambda reason, name, tz: DISPATCH_REASONS.get(reason) or _by_history(reason),
    "escalate": _escalate,
    "supervise": _supervise,
    "supervise_part": _supervise_part,
    "joint_open": _joint_open,
    "resolve": _resolve,
    "reopen": _reopen,
    "merge": _merge,
    "merged_in": _merged_in,
    "join_refused": _join_refused,
    "cluster_answered": _cluster(r"answered with (\S+)", "随诉求 {} 一并答复"),
    "split": _cluster(r"split from (\S+)", "从诉求 {} 拆分,单独办理"),
    "split_out": _cluster(r"(\S+) split from this case", "诉求 {} 已拆分,单独办理"),
    "rule": lambda reason, name, tz: f"审定:{reason}",
    "extend_deadline": _deadline_moved("延至"),
    "tighten_deadline": _deadline_moved("提前至"),
    "request_callback": _callback,
    "answer_callback": _callback_answer,
}


def describe(step: dict, units: Mapping[str, OrgUnit], tz: tzinfo) -> dict:
    """The history row with ``reason_text`` (routing's own reasons in Chinese, anything else as stored)
    and ``to_unit`` (the name of the unit the step moved the case to, or "")."""

    def name(unit_id: str) -> str:
        return units[unit_id].name if unit_id in units else unit_id

    say, reason = SAYINGS.get(step["action"]), step["reason"] or ""
    text = say(reason, name, tz) if say and reason else None
    if step.get("catalogue_item"):  # the catalogue item a dispatch, ruling or return cited
        text = f"{text or reason} · 职责清单事项 {step['catalogue_item']}(第{step['catalogue_version']}版)"
    return {**step, "reason_text": text or reason, "to_unit": name(step["unit_id"]) if step["action"] in MOVES else ""}
