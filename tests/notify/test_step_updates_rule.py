"""The step SMS rule on its own (domain/step_updates, domain/rules, domain/recipients): which steps, to whom,
in what words, and the pacing: a burst collapses into one message, at most N per case and local day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from minqing_contracts import PAYLOADS
from minqing_contracts.org import DistrictConfig
from minqing_notify.domain.context import public_context
from minqing_notify.domain.recipients import resolve
from minqing_notify.domain.rules import FOLLOWED_STEPS, rules_for
from minqing_notify.domain.step_updates import STEP_UPDATES_REF, EarlierStepSms, plan_step_sms
from minqing_notify.rendering import Templates

TZ = "Asia/Shanghai"
NOON = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai
BURST = timedelta(minutes=5)


def example(event_type: str, **changes):
    model = PAYLOADS[event_type]
    return model.model_validate({**model.EXAMPLE, **changes})


@pytest.fixture(scope="module")
def district() -> DistrictConfig:
    text = (Path(__file__).parent / "district.yaml.tpl").read_text(encoding="utf-8")
    return DistrictConfig.model_validate(yaml.safe_load(text.replace("{recv}", "http://robots").replace("{extra}", "")))


def plan(earlier: list[EarlierStepSms], now: datetime = NOON, per_day: int = 3):
    return plan_step_sms(now, earlier, tz=TZ, per_day=per_day, burst=BURST)


def test_a_step_sms_waits_out_the_burst_window():
    assert plan([]).due_at == NOON + BURST and plan([]).replaces == ()


def test_a_later_step_within_the_burst_replaces_the_waiting_one_and_keeps_its_time():
    dispatched = EarlierStepSms("d1", "pending", NOON + BURST, None)
    accepted = plan([dispatched], now=NOON + timedelta(minutes=2))
    assert accepted.replaces == ("d1",) and accepted.due_at == NOON + BURST  # one message, not later


def test_a_step_after_one_already_sent_is_its_own_message():
    sent = EarlierStepSms("d1", "sent", NOON, NOON)
    later = plan([sent], now=NOON + timedelta(hours=1))
    assert later.replaces == () and later.due_at == NOON + timedelta(hours=1) + BURST


def test_the_daily_cap_defers_to_the_next_local_day():
    sent = [EarlierStepSms(f"s{i}", "sent", NOON, NOON + timedelta(minutes=i)) for i in range(3)]
    capped = plan(sent, now=NOON + timedelta(hours=2))
    assert capped.due_at == datetime(2026, 11, 24, 0, 0, tzinfo=UTC) - timedelta(hours=8)  # 00:00 in Shanghai
    assert "at most 3" in (capped.note or "")
    assert plan(sent, per_day=4).due_at == NOON + BURST  # under a higher cap it goes today


def test_the_cap_counts_the_local_day_not_the_last_24_hours():
    yesterday = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)  # 23:00 in Shanghai, the day before
    sent = [EarlierStepSms(f"s{i}", "sent", yesterday, yesterday) for i in range(3)]
    assert plan(sent).due_at == NOON + BURST


def test_the_step_after_a_capped_one_replaces_it_on_the_next_day():
    waiting = EarlierStepSms("w", "pending", datetime(2026, 11, 23, 16, 0, tzinfo=UTC), None)
    later = plan([waiting], now=NOON + timedelta(hours=3))
    assert later.replaces == ("w",) and later.due_at == waiting.due_at


def test_every_public_step_has_a_step_sms_rule_and_the_reporter_sms_goes_through_it(district):
    for event in FOLLOWED_STEPS:
        rules = rules_for(event, None)
        assert [r.channels for r in rules if r.audience == "reporter_updates"] == [("sms",)], event
        assert all("sms" not in r.channels for r in rules if r.audience == "reporter"), event
    assert any("sms" in r.channels for r in rules_for("case.received.v1", None) if r.audience == "reporter")


def test_the_step_sms_names_the_step_unit_deadline_link_and_how_to_stop(district):
    payload = example("case.dispatched.v1", unit_name="幸福社区居委会")
    [recipient] = resolve("reporter_updates", district, "c-1", payload)
    assert recipient.kind == "resident" and recipient.ref == STEP_UPDATES_REF and recipient.key == "reporter:c-1"
    links = {"tracking_url": "https://minqing.example.cn/track/XL-1", "into_tracking_url": None}
    context = public_context(payload, district_name="新林区", tz=TZ, links=links, recipient_extra=recipient.extra)
    body = Templates().render("notifyville", "case_step_update", context).body
    assert "已派单" in body and "幸福社区居委会" in body and "办理时限" in body
    assert "https://minqing.example.cn/track/XL-1" in body and "退订" in body


def test_an_explanation_says_so_and_an_internal_note_reaches_no_resident(district):
    explained = example("case.resolved.v1", outcome="explanation")
    [recipient] = resolve("reporter_updates", district, "c-1", explained)
    assert recipient.extra["step"] == "已作出解释说明"
    internal = example("case.progress_recorded.v1", public=False)
    assert resolve("reporter_updates", district, "c-1", internal) == []
