"""The workbench's case history in Chinese: routing's stored reasons for its own steps, with unit names
from the district's configuration and the unit a step moved the case to; anything else as stored."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from minqing_routing.domain.org import OrgUnit
from minqing_routing.pages.trail import describe

UNITS = {
    u.id: u
    for u in (
        OrgUnit("xl", "新林区", "district", None),
        OrgUnit("xl-xl", "新林镇", "street", "xl"),
        OrgUnit("xl-xf", "幸福社区", "community", "xl-xl"),
        OrgUnit("xl-zjj", "住建局", "department", "xl"),
        OrgUnit("xl-rlgs", "新林热力公司", "department", "xl"),
    )
}
SHANGHAI = ZoneInfo("Asia/Shanghai")


def said(action: str, reason: str, unit_id: str = "xl-xf") -> dict:
    step = {"action": action, "reason": reason, "unit_id": unit_id, "from_state": "new", "to_state": "dispatched"}
    return describe(step, UNITS, SHANGHAI)


@pytest.mark.parametrize(
    "action, reason, text",
    [
        ("dispatch", "lowest_level", "派至最低一级"),
        ("dispatch", "rule_table", "按派单规则派单"),
        ("dispatch", "redispatch", "重新派单"),
        ("dispatch", "triage", "无法定位,转分拨中心"),
        ("escalate", "returned 2 times", "退单2次后上报"),
        ("escalate", "response deadline passed", "超过签收期限,自动上报"),
        ("joint_open", "handler: xl-rlgs, xl-zjj", "承办单位发起联办,协办单位:新林热力公司、住建局"),
        (
            "extend_deadline",
            "resolution deadline 2026-11-23T06:00:00+00:00: 需住建局鉴定",
            "办结期限延至2026-11-23 14:00,理由:需住建局鉴定",
        ),
        ("joint_open", "rule: xl-zjj", "按派单规则联办,协办单位:住建局"),
        ("supervise", "resolution deadline 2026-03-02T01:30:00+00:00", "超过办结期限(2026-03-02 09:30),督办"),
        ("supervise_part", "xl-zjj: 外墙维修", "协办单位住建局超期未完成:外墙维修"),
        ("resolve", "explanation: 按政策不能加装: 已说明", "解释说明:按政策不能加装: 已说明"),
        ("reopen", "not_solved+not_satisfied", "居民反映问题未解决、居民不满意"),
        ("merge", "merged into XL-20260301-000002", "合并到诉求 XL-20260301-000002"),
        ("merged_in", "XL-20260301-000003 merged into this case", "诉求 XL-20260301-000003 已并入本诉求"),
        (
            "merge",
            "merged into XL-20260301-000002; the resident confirmed it is the same problem",
            "居民确认为同一问题,合并到诉求 XL-20260301-000002",
        ),
        (
            "merged_in",
            "XL-20260301-000003 merged into this case; the resident confirmed it is the same problem",
            "诉求 XL-20260301-000003 已并入本诉求(居民确认为同一问题)",
        ),
        (
            "join_refused",
            "not merged into XL-20260301-000002: the case to merge into is not open",
            "居民确认与诉求 XL-20260301-000002 为同一问题,但该诉求已办结,本诉求单独办理",
        ),
    ],
)
def test_routing_s_own_reasons_read_in_chinese(action, reason, text):
    assert said(action, reason)["reason_text"] == text


@pytest.mark.parametrize(
    "action, reason",
    [
        ("dispatch", "some_new_reason"),
        ("escalate", "需镇里协调环卫车辆"),
        ("return", "returned 2 times"),
        ("supervise", "response deadline soon"),
        ("joint_open", "someone: xl-zjj"),
        ("reopen", "not_solved+too_slow"),
        ("progress", "merged into XL-20260301-000002 (by phone)"),
        ("merge", "merged into XL-20260301-000002; by phone"),
        ("accept", ""),
    ],
)
def test_a_reason_not_recognised_shows_as_stored(action, reason):
    assert said(action, reason)["reason_text"] == reason


def test_a_unit_id_not_in_the_configuration_shows_as_it_is():
    assert said("joint_open", "handler: xl-gone, xl-zjj")["reason_text"] == "承办单位发起联办,协办单位:xl-gone、住建局"


def test_steps_that_move_the_case_name_the_unit_it_went_to():
    assert said("dispatch", "lowest_level", "xl-xf")["to_unit"] == "幸福社区"
    assert said("escalate", "returned 2 times", "xl")["to_unit"] == "新林区"
    assert said("reopen", "not_satisfied", "xl-xl")["to_unit"] == "新林镇"
    assert said("return", "楼道灯不归我们管", "xl-xf")["to_unit"] == ""  # the case is still at the returning unit
    assert said("accept", "", "xl-xf")["to_unit"] == ""


def test_the_stored_row_is_kept_alongside():
    step = said("escalate", "returned 2 times", "xl")
    assert (step["reason"], step["unit_id"], step["action"]) == ("returned 2 times", "xl", "escalate")
