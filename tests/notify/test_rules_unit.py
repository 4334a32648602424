"""Notify's domain rules on their own: segments, quiet hours, rate limit, backoff, rule overrides,
audiences, masking, robot signing, and every default template rendered from public data only."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from minqing_contracts import PAYLOADS
from minqing_contracts.org import DistrictConfig, NotificationPolicy
from minqing_notify.channels import Message
from minqing_notify.channels.email import SmtpChannel
from minqing_notify.channels.inapp import InAppInbox
from minqing_notify.channels.robots import DingTalkRobot, WeComRobot, dingtalk_signed_url
from minqing_notify.channels.sms import SmsGateway
from minqing_notify.channels.spool import SpoolChannel
from minqing_notify.domain import schedule, sms
from minqing_notify.domain.context import public_context
from minqing_notify.domain.recipients import resolve
from minqing_notify.domain.rules import DEFAULT_RULES, rules_for
from minqing_notify.rendering import Templates

TEMPLATE = Path(__file__).parent / "district.yaml.tpl"


@pytest.fixture(scope="module")
def district() -> DistrictConfig:
    text = TEMPLATE.read_text(encoding="utf-8").replace("{recv}", "http://robots").replace("{extra}", "")
    return DistrictConfig.model_validate(yaml.safe_load(text))


def example(event_type: str, **changes):
    model = PAYLOADS[event_type]
    return model.model_validate({**model.EXAMPLE, **changes})


@pytest.mark.parametrize(
    "text, expected",
    [
        ("好" * 70, 1),
        ("好" * 71, 2),
        ("好" * 134, 2),
        ("好" * 135, 3),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),
        ("€" * 81, 2),  # GSM extension characters count twice
        ("😀" * 35, 1),
        ("😀" * 36, 2),  # outside the BMP: two UTF-16 units each
    ],
)
def test_sms_segments_follow_the_carriers_rules(text, expected):
    assert sms.segments(text) == expected


@pytest.mark.parametrize(
    "local, until",
    [
        ("2026-11-23T23:00", "2026-11-24T08:00"),
        ("2026-11-24T07:59", "2026-11-24T08:00"),
        ("2026-11-23T22:00", "2026-11-24T08:00"),
        ("2026-11-24T08:00", None),
        ("2026-11-23T21:59", None),
    ],
)
def test_quiet_hours_end_at_eight_in_shanghai(local, until):
    shanghai = timezone(timedelta(hours=8))
    now = datetime.fromisoformat(local).replace(tzinfo=shanghai)
    expected = datetime.fromisoformat(until).replace(tzinfo=shanghai) if until else None
    assert schedule.quiet_until(now, "Asia/Shanghai") == expected


def test_rate_limit_waits_for_the_oldest_message_to_leave_the_hour():
    now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    sent = [now - timedelta(minutes=m) for m in (50, 20, 5, 70)]
    assert schedule.rate_limited_until(sent, now, per_hour=3) == now + timedelta(minutes=10)
    assert schedule.rate_limited_until(sent, now, per_hour=4) is None


def test_backoff_doubles_up_to_its_cap():
    assert [schedule.backoff(n, 30, 100).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 100, 100]


def test_district_rules_replace_add_and_silence_per_audience():
    policy = NotificationPolicy.model_validate(
        {
            "rules": [
                {"event": "case.dispatched.v1", "audience": "reporter", "channels": []},
                {"event": "case.dispatched.v1", "audience": "unit", "channels": ["email"], "template": "unit_mail"},
                {"event": "case.accepted.v1", "audience": "reporter", "channels": ["sms"], "template": "accepted"},
            ]
        }
    )
    got = {(r.audience, r.channels, r.template) for r in rules_for("case.dispatched.v1", policy)}
    followed = {(a, ("inapp",), "case_followed") for a in ("first_contact_owner", "proxy")}
    followed.add(("reporter_updates", ("sms",), "case_step_update"))  # the resident's step SMS, if asked for
    assert got == {("unit_handlers", ("inapp", "sms"), "case_assigned"), ("unit", ("email",), "unit_mail"), *followed}
    accepted = {(r.audience, r.channels) for r in rules_for("case.accepted.v1", policy)}
    assert accepted == {
        ("reporter", ("sms",)),
        ("first_contact_owner", ("inapp",)),
        ("proxy", ("inapp",)),
        ("reporter_updates", ("sms",)),
    }
    assert len(rules_for("case.dispatched.v1", None)) == 6


def test_a_rule_that_sends_needs_a_template():
    with pytest.raises(ValueError, match="a template is needed"):
        NotificationPolicy.model_validate(
            {"rules": [{"event": "case.closed.v1", "audience": "reporter", "channels": ["sms"]}]}
        )


def test_audiences_resolve_from_the_district(district):
    refs = lambda audience, payload, case_id="c-1": [r.ref for r in resolve(audience, district, case_id, payload)]  # noqa: E731
    supervised = example("case.supervised.v1", unit_id="nv-c1", supervisor_unit_id="nv-s1")
    assert refs("unit_handlers", supervised) == ["nv-c1-h1", "nv-c1-h2"]
    assert refs("supervising_unit", supervised) == ["nv-s1-h1"]
    assert refs("dispatchers", supervised) == ["nv-d-h1"]
    assert refs("unit_supervisors", example("case.escalated.v1", unit_id="nv-s1")) == ["nv-s1-h1"]
    merged = resolve("merge_reporters", district, "c-43", example("case.merged.v1", into_case_id="c-42"))
    assert [r.key for r in merged] == ["reporter:c-43", "reporter:c-42"]
    joint = example(
        "case.joint_opened.v1",
        parts=[
            {
                "part_id": "p1",
                "unit_id": "nv-cgj",
                "unit_name": "城管局",
                "task": "清运",
                "deadline": None,
                "lead": True,
            },
            {"part_id": "p2", "unit_id": "nv-zjj", "unit_name": "住建局", "task": "围挡", "deadline": None},
        ],
    )
    assert [(r.ref, r.extra["task"]) for r in resolve("part_units", district, "c-1", joint)] == [
        ("nv-cgj", "清运"),
        ("nv-zjj", "围挡"),
    ]
    assert resolve("reporter", district, None, example("project.rectification_required.v1")) == []


def test_unanswered_followups_and_finished_parts_resolve_to_who_must_act(district):
    refs = lambda audience, payload: [r.ref for r in resolve(audience, district, "c-1", payload)]  # noqa: E731
    assert refs("unit_handlers", example("evaluation.unanswered.v1", unit_id="nv-c1")) == ["nv-c1-h1", "nv-c1-h2"]
    finished = example("case.part_completed.v1", unit_id="nv-zjj", lead_unit_id="nv-cgj")
    assert refs("lead_unit_handlers", finished) == ["nv-cgj-h1"]
    assert refs("lead_unit_handlers", example("case.part_completed.v1", lead_unit_id=None)) == []


def test_addresses_are_masked_by_their_channel():
    assert SmsGateway.mask("13812345678") == "138****5678"
    assert SmtpChannel.mask("wang.fang@example.com") == "w***@example.com"
    wecom = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET"
    assert WeComRobot.mask(wecom) == "https://qyapi.weixin.qq.com/…"
    assert DingTalkRobot.mask("https://oapi.dingtalk.com/robot/send?access_token=T") == "https://oapi.dingtalk.com/…"
    assert InAppInbox.mask("nv-c1-h1") == "nv-c1-h1"  # a person id, not contact data


def test_a_spool_stands_in_for_its_channel_and_writes_only_the_masked_address(tmp_path):
    spool = SpoolChannel(SmsGateway, str(tmp_path))
    assert (spool.name, spool.kind, spool.paced, spool.segments("短信" * 71)) == ("sms", "sms", True, 3)
    message = Message("d-1", "notifyville", "sms", "13812345678", "标题", "正文", "reporter")
    assert spool.send(message).provider_ref == "spool"
    written = (tmp_path / "sms.jsonl").read_text(encoding="utf-8")
    assert '"to": "138****5678"' in written and "13812345678" not in written


def test_each_channel_says_its_kind_and_which_address_it_uses(district):
    handler = resolve("unit_handlers", district, "c-1", example("case.dispatched.v1", unit_id="nv-c1"))[0]
    unit = resolve("unit", district, "c-1", example("case.dispatched.v1", unit_id="nv-cgj"))[0]
    [reporter] = resolve("reporter", district, "c-1", example("case.dispatched.v1"))
    assert [c.kind for c in (SmsGateway, SmtpChannel, WeComRobot, DingTalkRobot, InAppInbox)] == [
        "sms",
        "email",
        "webhook",
        "webhook",
        "inapp",
    ]
    assert handler.address(SmsGateway.addressing) == "13900000001"
    assert handler.address(InAppInbox.addressing) == "nv-c1-h1"
    assert unit.address(InAppInbox.addressing) is None and unit.address(WeComRobot.addressing).endswith("/wecom/cgj")
    assert reporter.address(SmsGateway.addressing) is None  # residents: opened from the sealed contact at send time
    assert (SmsGateway.addressing.resident_field, WeComRobot.addressing.resident_field) == ("phone", None)


def test_dingtalk_signature_is_base64_hmac_of_timestamp_and_secret():
    url = dingtalk_signed_url("https://oapi.dingtalk.com/robot/send?access_token=x", "SEC1", 1700000000000)
    digest = hmac.new(b"SEC1", b"1700000000000\nSEC1", hashlib.sha256).digest()
    sign = base64.b64encode(digest).decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    assert url == f"https://oapi.dingtalk.com/robot/send?access_token=x&timestamp=1700000000000&sign={sign}"


@pytest.mark.parametrize("rule", DEFAULT_RULES, ids=lambda r: f"{r.event}-{r.audience}")
def test_every_default_template_renders_public_data_only(rule, district):
    payload = example(rule.event)
    links = {
        "tracking_url": "https://x/track/T",
        "into_tracking_url": "https://x/track/T2",
        "rating_url": "https://x/rate/k",
        "project_rating_url": "https://x/rate/k2",
    }
    extra = {
        "task": "清运",
        "lead": True,
        "part_deadline": None,
        "part_unit_name": "城管局",
        "duty_zh": "首问",
        "step": "已派单",
    }
    context = public_context(payload, district_name="通知区", tz="Asia/Shanghai", links=links, recipient_extra=extra)
    context["category_name"] = "环境卫生"
    rendered = Templates().render("notifyville", rule.template, context)
    assert rendered.title and rendered.body and "None" not in rendered.title + rendered.body
    content = getattr(payload, "content", None)
    assert content is None or content not in rendered.body
    assert "contact" not in " ".join(context) and "b64:" not in rendered.body


def test_a_concluded_annual_review_reaches_the_person_and_their_communitys_supervisor(district):
    """双述双评: the person reviewed (privately) and the supervisors of the unit above their community."""
    payload = PAYLOADS["review.concluded.v1"].model_validate(
        {
            **PAYLOADS["review.concluded.v1"].EXAMPLE,
            "subject_id": "nv-c1-h1",
            "unit_id": "nv-c1",
            "supervisor_unit_id": "nv-s1",
        }
    )
    found = {
        rule.audience: [r.ref for r in resolve(rule.audience, district, None, payload)]
        for rule in rules_for("review.concluded.v1", None)
    }
    assert found == {"cadre": ["nv-c1-h1"], "supervising_unit": ["nv-s1-h1"]}


def test_a_project_invitation_goes_to_the_household_its_event_names(district):
    payload = PAYLOADS["project.rating_invited.v1"].model_validate(PAYLOADS["project.rating_invited.v1"].EXAMPLE)
    [household] = resolve("household", district, None, payload)
    assert (household.kind, household.case_id, household.key) == (
        "resident",
        "household:pi-1",
        "reporter:household:pi-1",
    )
