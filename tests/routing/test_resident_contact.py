"""Contacting the resident through the platform (issue 19 item 7), the commands as pure functions: a
handler's SMS and call-back request are events and audit steps, limited per case and day, and each is
the first contact (首次联系) the accepted case's clock waits for; the hotline answers a waiting call-back.
The history says each step in Chinese."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from minqing_kit.errors import ApiError
from minqing_routing import commands, contact_access
from minqing_routing.command_context import CommandContext
from minqing_routing.domain.case import Case, Refused
from minqing_routing.pages import trail

from .test_commands import HANDLER, NOW, hilltown, person, received  # noqa: F401 (the district fixture)

HOTLINE = person("hilltown", "hotline_operator")


def accepted(district) -> Case:
    case, _ = received(district, "HT-SMS")
    commands.accept(CommandContext(district, case, [], HANDLER, NOW, lambda _id: None))
    assert case.state == "accepted" and case.contact_deadline is not None
    return case


def run(district, case: Case, who, command, steps: dict[str, int | list] | None = None, since: list | None = None):
    """``steps``: per action, how many steps the history holds (an hour apart, the last an hour ago) or when."""

    def times(action: str, after: datetime | None) -> list[datetime]:
        if since is not None:
            since.append(after)
        held = (steps or {}).get(action, 0)
        return held if isinstance(held, list) else [NOW - timedelta(hours=held - n) for n in range(held)]

    return command(CommandContext(district, case, [], who, NOW, lambda _id: None, times))


def test_a_text_to_the_resident_is_an_event_a_step_and_the_first_contact(hilltown):
    case, asked = accepted(hilltown), []
    effects = run(hilltown, case, HANDLER, contact_access.message("  您好,明天上午上门查看。 "), since=asked)
    [event], [step] = effects.events, effects.steps
    assert (event.EVENT_TYPE, event.text, event.unit_name) == (
        "case.resident_messaged.v1",
        "您好,明天上午上门查看。",
        "东一社区",
    )
    assert (step.action, step.reason) == ("message_resident", "您好,明天上午上门查看。")
    assert case.contact_deadline is None and asked == [NOW - timedelta(days=1)]  # counted over the last 24 h


def test_a_text_too_long_or_empty_is_refused_and_the_fourth_of_a_day_too(hilltown):
    case = accepted(hilltown)
    for text, code in (("字" * 121, "text_too_long"), ("  ", "text_required")):
        with pytest.raises(Refused) as refused:
            run(hilltown, case, HANDLER, contact_access.message(text))
        assert (refused.value.code, refused.value.status) == (code, 422)
    sent = [NOW - timedelta(hours=23, minutes=30), NOW - timedelta(hours=2), NOW - timedelta(hours=1)]
    with pytest.raises(Refused) as refused:
        run(hilltown, case, HANDLER, contact_access.message("您好"), {"message_resident": sent})
    assert (refused.value.code, refused.value.status) == ("too_many_contacts", 429)
    assert refused.value.retry_after == 30 * 60  # until the oldest of the three is 24 hours old
    four = [NOW - timedelta(hours=23, minutes=45), *sent]  # over the limit: the two oldest must leave
    with pytest.raises(Refused) as refused:
        run(hilltown, case, HANDLER, contact_access.message("您好"), {"message_resident": four})
    assert refused.value.retry_after == 30 * 60
    assert case.contact_deadline is not None  # nothing sent: the first contact is still due
    run(hilltown, case, HANDLER, contact_access.message("您好"), {"message_resident": 2})


def test_no_contact_on_file_no_text_and_no_call_back(hilltown):
    case = accepted(hilltown)
    case.contact_on_file = False  # case.received.v1 had no sealed contact (none left, or anonymous)
    for command in (contact_access.message("您好"), contact_access.request_callback("在哪?")):
        with pytest.raises(Refused) as refused:
            run(hilltown, case, HANDLER, command)
        assert (refused.value.code, refused.value.status, refused.value.message_zh) == (
            "no_contact",
            409,
            "该诉求未留联系电话",
        )
    assert case.contact_deadline is not None  # nothing recorded
    case.contact_on_file = True
    assert run(hilltown, case, HANDLER, contact_access.message("您好")).events


def test_only_the_case_s_unit_texts_the_resident(hilltown):
    case = accepted(hilltown)
    with pytest.raises(ApiError) as refused:
        run(hilltown, case, person("ht-c2", "community_handler"), contact_access.message("您好"))
    assert refused.value.status == 403


def test_a_call_back_is_due_in_four_working_hours_and_the_hotline_answers_it_once(hilltown):
    case = accepted(hilltown)  # NOW: Monday 10:00 in Shanghai
    effects = run(hilltown, case, HANDLER, contact_access.request_callback("垃圾在几号楼?"))
    [event], [step] = effects.events, effects.steps
    assert event.EVENT_TYPE == "case.callback_requested.v1" and event.question == "垃圾在几号楼?"
    assert event.due_at.astimezone(ZoneInfo("Asia/Shanghai")).hour == 14 and case.contact_deadline is None
    assert step.reason == f"due {event.due_at.isoformat()}: 垃圾在几号楼?"
    with pytest.raises(ApiError) as refused:
        run(hilltown, case, HANDLER, contact_access.answer_callback(True, "3号楼"), {"request_callback": 1})
    assert refused.value.status == 403  # the hotline's to answer
    with pytest.raises(Refused) as refused:
        waiting_none = {"request_callback": 1, "answer_callback": 1}
        run(hilltown, case, HOTLINE, contact_access.answer_callback(True, "3号楼"), waiting_none)
    assert refused.value.code == "no_callback"
    answered = run(hilltown, case, HOTLINE, contact_access.answer_callback(False, "未接通"), {"request_callback": 1})
    assert answered.steps[0].reason == "not reached: 未接通" and answered.events[0].reached is False


def test_the_history_says_the_steps_in_chinese(hilltown):
    tz, units = ZoneInfo("Asia/Shanghai"), hilltown.org.units
    due = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    said = lambda action, reason: trail.describe(  # noqa: E731
        {"action": action, "reason": reason, "unit_id": "ht-c1"}, units, tz
    )["reason_text"]
    assert (
        said("request_callback", f"due {due.isoformat()}: 垃圾在几号楼?")
        == "请热线在2026-11-23 14:00前回拨:垃圾在几号楼?"
    )
    assert said("answer_callback", "reached: 居民说在3号楼") == "已联系上居民:居民说在3号楼"
    assert said("message_resident", "您好") == "您好"
