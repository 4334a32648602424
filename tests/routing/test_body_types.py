"""Routing's action bodies take each field as the type its document gives: a wrong type is a 422 naming
the field, never read as something else (a "public" string was true, a non-list of attendees was none)."""

from __future__ import annotations

import pytest

from minqing_routing.bootstrap import bootstrap
from minqing_routing.web import create_app

from .harness import Api
from .seeding import seed_due_cases


@pytest.fixture
def handler(routing_settings):
    runtime = bootstrap(routing_settings)
    [case_id] = seed_due_cases(runtime.db, 1)
    api = Api(create_app(routing_settings, runtime).test_client())
    yield lambda action, body: api.post("ht-c1-h1", f"/api/v1/cases/{case_id}/{action}", body)
    runtime.db.dispose()


@pytest.mark.parametrize(
    "action,body,field",
    [
        ("progress", {"note": "已现场查看", "public": "no"}, "public"),
        ("contact", {"note": "已电话联系", "public": 1}, "public"),
        ("coordination", {"decisions": "三日内清运", "attendees": {"社区": 1}}, "attendees"),
        ("coordination", {"decisions": "三日内清运", "attendees": ["社区", 7]}, "attendees"),
        ("escalate", {"reason": "需街道协调", "joint_with": False}, "joint_with"),
    ],
)
def test_a_field_of_the_wrong_type_is_refused(handler, action, body, field):
    answer = handler(action, body)
    assert answer.status_code == 422, answer.get_json()
    assert [f["field"] for f in answer.get_json()["error"]["fields"]] == [field]


def test_the_same_fields_of_the_right_type_are_taken(handler):
    assert handler("progress", {"note": "已现场查看", "public": False}).status_code == 200
    assert handler("coordination", {"decisions": "三日内清运", "attendees": None}).status_code == 200
