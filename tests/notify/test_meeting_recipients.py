"""Who hears of a meeting: its invited staff by person id (a resident representative is never in the
event), each owner of a decision's tasks once with its tasks and earliest deadline, and the rendered
messages."""

from __future__ import annotations

from datetime import UTC, datetime

from minqing_notify.domain.context import public_context
from minqing_notify.domain.recipients import resolve
from minqing_notify.domain.rules import rules_for
from minqing_notify.rendering import Templates

from .test_rules_unit import district, example  # noqa: F401  (district is a fixture)


def test_invitees_are_the_staff_the_event_names(district):  # noqa: F811
    payload = example("meeting.notice_issued.v1", invitee_ids=["nv-c1-h1", "nv-cgj-h1", "nobody"])
    found = resolve("invitees", district, None, payload)
    assert sorted(r.ref for r in found) == ["nv-c1-h1", "nv-cgj-h1"]
    assert {r.kind for r in found} == {"handler"}


def test_each_task_owner_hears_once_with_its_tasks_and_earliest_deadline(district):  # noqa: F811
    due = [datetime(2026, 12, 29, 10, tzinfo=UTC), datetime(2026, 12, 22, 10, tzinfo=UTC)]
    tasks = [
        {"task_id": "t1", "owner_unit_id": "nv-cgj", "description": "更换防水层", "due_at": due[0]},
        {"task_id": "t2", "owner_unit_id": "nv-cgj", "description": "清理楼顶", "due_at": due[1]},
        {
            "task_id": "t3",
            "owner_unit_id": "nv-c1",
            "owner_person_id": "nv-c1-h2",
            "description": "回访",
            "due_at": due[0],
        },
    ]
    found = resolve("task_owners", district, None, example("meeting.decision_recorded.v1", tasks=tasks))
    assert [(r.kind, r.ref, r.extra["task"], r.extra["part_deadline"]) for r in found] == [
        ("unit", "nv-cgj", "更换防水层；清理楼顶", due[1]),
        ("handler", "nv-c1-h2", "回访", due[0]),
    ]
    context = public_context(
        example("meeting.decision_recorded.v1", tasks=tasks),
        district_name="通知区",
        tz="Asia/Shanghai",
        links={},
        recipient_extra=found[0].extra,
    )
    rendered = Templates().render("notifyville", "meeting_decision_tasks", context)
    assert "更换防水层；清理楼顶" in rendered.body and "2026-12-22 18:00" in rendered.body


def test_a_held_hearing_tells_the_override_reason_to_the_convening_unit(district):  # noqa: F811
    payload = example("meeting.held.v1", notice_override="汛期抢修")
    [rule] = rules_for("meeting.held.v1", None)
    context = public_context(payload, district_name="通知区", tz="Asia/Shanghai", links={})
    assert "召开理由：汛期抢修" in Templates().render("notifyville", rule.template, context).body
