"""The history model of dispatch (按历史派单) without a database: it learns a clear pattern from synthetic
Chinese cases, says how sure it is, survives a JSON round trip, and is trusted only when it beat the rules
on the newest cases by the margin and is sure enough; too little history keeps the rules."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from minqing_contracts.org import DispatchModelPolicy
from minqing_routing.domain import learned_dispatch
from minqing_routing.domain.history_model import HistoryModel, Suggestion, features
from minqing_routing.domain.learned_dispatch import Sample, evaluate, time_split, train, trusted
from minqing_routing.pages.trail import describe

from .history_seeding import COMMUNITY, HILLTOWN_KINDS

START = datetime(2026, 1, 1, tzinfo=UTC)


def samples(count: int, kinds=HILLTOWN_KINDS) -> list[Sample]:
    found = []
    for n in range(count):
        kind = kinds[n % len(kinds)]
        words = features(kind.texts[n % len(kind.texts)], "HT-C1-G01", "ht-c1", kind.category)
        final, first = ("ht-c1" if u == COMMUNITY else u for u in (kind.final_unit, kind.rules_unit))
        found.append(Sample(START + timedelta(hours=n), words, final, first))
    return found


def model_of(count: int) -> HistoryModel:
    return HistoryModel.train((s.words, s.final_unit) for s in samples(count))


def suggest(model: HistoryModel, text: str, category: str = "municipal") -> Suggestion:
    found = model.suggest(features(text, "HT-C1-G01", "ht-c1", category))
    assert found is not None
    return found


def test_features_are_the_texts_bigrams_place_and_category():
    words = features("路灯坏了。灯", "HT-C1-G01", "ht-c1", "municipal")
    assert words == {
        "路灯": 1,
        "灯坏": 1,
        "坏了": 1,
        "灯": 1,  # a one-character run counts as itself
        "category:municipal": 1,
        "grid:HT-C1-G01": 1,
        "community:ht-c1": 1,
    }


def test_it_learns_which_unit_resolves_each_kind_of_request():
    model = model_of(90)
    # texts it has not seen verbatim: the words carry the pattern, not the category (both are municipal)
    assert suggest(model, "我家楼前的路灯又坏了").unit_id == "ht-cgj"
    assert suggest(model, "这几天暖气一点都不热").unit_id == "ht-rl"
    assert suggest(model, "垃圾没人清运", "environment").unit_id == "ht-c1"


def test_its_confidence_is_high_for_a_clear_case_and_lower_for_an_unclear_one():
    model = model_of(90)
    clear = suggest(model, "路灯不亮,路灯坏了")
    unclear = suggest(model, "路灯和暖气都坏了")  # a word of each
    unknown = suggest(model, "有人在这里乱停车")  # no word it knows but the place and category
    assert clear.confidence > 0.95
    assert unclear.confidence < clear.confidence
    assert 0.4 < unknown.confidence < 0.6  # the two municipal units, about evenly: their priors and words
    assert all(0 < s.confidence <= 1 for s in (clear, unclear, unknown))


def test_a_model_that_has_seen_nothing_suggests_nothing():
    assert HistoryModel.train([]).suggest(features("路灯坏了", None, None, "municipal")) is None


def test_the_json_round_trip_gives_the_same_suggestions():
    model = model_of(60)
    again = HistoryModel.from_json(json.loads(json.dumps(model.to_json(), ensure_ascii=False)))
    for text in ("路灯不亮", "暖气不热", "路灯和暖气"):
        assert suggest(again, text) == suggest(model, text)


def test_json_of_another_kind_is_refused():
    with pytest.raises(ValueError, match="not a history model"):
        HistoryModel.from_json({"kind": "pickle", "alpha": 0.5, "cases": {}, "totals": {}, "counts": {}})


def test_the_split_holds_out_the_newest_fifth_whatever_the_order():
    found = samples(50)
    older, newest = time_split(list(reversed(found)))
    assert len(older) == 40 and len(newest) == 10
    assert max(s.received_at for s in older) < min(s.received_at for s in newest)
    assert newest == found[40:]


def test_both_rates_are_counted_on_the_same_held_out_cases():
    measured = evaluate(samples(300))
    assert (measured.trained_on, measured.held_out) == (240, 60)
    assert measured.model_right == 60  # the pattern is clear: every held-out case right
    assert measured.rules_right == 20  # only the rubbish cases: the rules send street lights and heating wrong
    assert measured.rules_rate == pytest.approx(20 / 60)


def test_too_little_history_keeps_the_rules():
    policy = DispatchModelPolicy(min_history=200)
    assert train(samples(199), policy) is None
    trained = train(samples(200), policy)
    assert trained is not None
    model, measured = trained
    assert sum(model.cases.values()) == 200  # the stored model learns from every case, the evaluation from 160
    assert measured.trained_on == 160


@pytest.mark.parametrize(
    ("model_rate", "rules_rate", "confidence", "expected"),
    [
        (0.90, 0.60, 0.85, True),
        (0.90, 0.60, 0.79, False),  # not sure enough of this case
        (0.61, 0.60, 0.99, False),  # better, but not by the margin
        (0.50, 0.60, 0.99, False),
    ],
)
def test_the_model_is_trusted_only_where_it_beat_the_rules_and_is_sure(model_rate, rules_rate, confidence, expected):
    policy = DispatchModelPolicy(margin=0.02, min_confidence=0.8)
    assert trusted(policy, model_rate, rules_rate, Suggestion("ht-cgj", confidence)) is expected


def test_the_trail_says_the_model_its_confidence_and_version():
    reason = learned_dispatch.reason(Suggestion("ht-cgj", 0.8712), 3)
    step = {"action": "dispatch", "reason": reason, "unit_id": "ht-cgj"}
    assert describe(step, {}, UTC)["reason_text"] == "按历史模型派单 (置信度 0.87, 模型 v3)"
