"""Domain rules with no database: classification on realistic Chinese texts, places, tracking (duplicate
clusters: test_duplicate_clusters.py)."""

from __future__ import annotations

import pytest

from minqing_intake.domain.classify import KeywordClassifier
from minqing_intake.domain.places import DistrictPlaces
from minqing_kit.orgconfig import load_districts

from .helpers import DEMO_DISTRICTS

XINLIN = load_districts(DEMO_DISTRICTS)["xinlin"]
CLASSIFIER = KeywordClassifier(XINLIN.categories)

TEXTS = {
    "environment": "幸福小区3号楼门前的垃圾箱满了三天没人清运,夏天臭味很大,希望尽快处理。",
    "elderly_care": "我家楼上住着一位八十多岁的独居老人,行动不便,想问社区能不能安排助餐服务。",
    "health": "镇卫生所只有一个医生,老人看病要排很久的队,买药也不方便,能不能增加人手?",
    "property": "5号楼电梯又坏了一个星期,物业一直说在等配件,楼里老人上下楼很困难。",
    "public_safety": "最近林海小区连续有电动车被盗,晚上楼道里也没人巡逻,存在安全隐患。",
    "municipal": "兴安大街家属楼今年冬天暖气不热,屋里只有十二度,供暖公司电话一直打不通。",
    "social_security": "我是停伐转岗的职工,公益岗的工资已经拖欠了三个月,欠薪问题找谁解决?",
    "demolition": "棚改安置房说好去年交付,到现在回迁还没有消息,补偿款也没有到位。",
    "neighbour_dispute": "楼下邻居每天深夜在家唱歌,噪音扰民,多次沟通都吵架了,希望社区调解。",
    "other": "想咨询一下开证明需要带哪些材料,办事指南上写得不清楚。",
}


@pytest.mark.parametrize("category", sorted(TEXTS))
def test_realistic_texts_get_their_category_with_the_rule_that_fired(category):
    suggestion = CLASSIFIER.suggest(TEXTS[category])
    assert suggestion.category == category
    assert suggestion.rule.startswith("keyword:") and 0.3 <= suggestion.confidence <= 1.0
    fired = suggestion.rule.removeprefix("keyword:").split("+")
    assert all(word in TEXTS[category] for word in fired)


def test_text_without_any_keyword_is_other_with_no_confidence():
    suggestion = CLASSIFIER.suggest("你好,请问今天天气怎么样?")
    assert (suggestion.category, suggestion.confidence, suggestion.rule) == ("other", 0.0, None)


def test_mixed_text_is_less_confident_than_a_clear_one():
    mixed = CLASSIFIER.suggest("楼道里堆的垃圾没人管,物业说不归他们管")
    clear = CLASSIFIER.suggest("物业费涨了,电梯还是经常坏,物业也不给说法")
    assert mixed.category == "property" and mixed.confidence < clear.confidence


def test_places_resolve_grid_from_alias_point_and_refuse_outside_points():
    places = DistrictPlaces(XINLIN)
    assert places.resolve(None, "幸福小区三号楼门口", None, None).grid_code == "XL-XF-01-G01"
    assert places.resolve(None, None, 51.684, 124.401).grid_code == "XL-LH-01-G02"
    assert places.resolve(None, "某条不存在的路", None, None).place_key == "addr:某条不存在的路"
    assert places.inside(51.68, 124.40) and not places.inside(31.22, 121.47)


def test_events_map_to_public_statuses_and_open311_status():
    from minqing_contracts import PAYLOADS
    from minqing_contracts.events.evaluation import CaseRated
    from minqing_intake.domain.tracking import change_for, open311_status

    def change(event_type, **fields):
        model = PAYLOADS[event_type]
        return change_for(model.model_validate({**model.EXAMPLE, **fields}))

    assert change("case.returned.v1").status == "returned" and change("case.returned.v1").unit_name is None
    assert change("case.merged.v1").merged_into_ticket == "XL-20261122-000042"
    closed = change("case.closed.v1", satisfaction="no_answer")
    assert (closed.status, closed.satisfaction) == ("closed", "no_answer")
    rated = change("case.rated.v1")
    assert rated.status is None and rated.satisfaction == "satisfied"
    unclear = change("case.rated.v1", satisfaction="not_satisfied", unclear=True)  # 说不清 as the resident said
    assert unclear.satisfaction == "unclear" and unclear.note == "unclear"
    assert change("case.closed.v1", satisfaction="not_satisfied", unclear=True).satisfaction == "unclear"
    assert change("case.progress_recorded.v1", public=False).public is False
    supervised = change("case.supervised.v1")  # 督办 is a step residents see (issue 18 item 6), its notice is not
    assert (supervised.status, supervised.step_kind, supervised.note, supervised.step_unit_name) == (
        None,
        "supervised",
        None,
        "幸福社区",
    )

    class CaseRatedV2(CaseRated):  # another version: never read with v1's fields
        EVENT_TYPE = "case.rated.v2"

    assert change_for(CaseRatedV2.model_validate(CaseRated.EXAMPLE)) is None
    statuses = [open311_status(s) for s in ("received", "reopened", "resolved", "merged")]
    assert statuses == ["open", "open", "closed", "closed"]
