"""A second press of the workbench's filing form (a retry after a timeout, a double click, back and resubmit)
on the proxy channel (代办/代理) sends intake the same body as the first under the form's Idempotency-Key, so
intake's real API answers with the same ticket, never 「该幂等键已用于另一个请求」: the resident's consent time
is the form's (hidden ``consent_given_at``, set when it was opened), not the press's. A consent time that does
not hold (no time, no offset, ahead of the clock, a form older than a day) is a field error in Chinese, with
everything typed kept and a fresh time to confirm; boundaries checked on ``filing_consent.given_at``."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from minqing_intake.adapters.tables import cases
from minqing_intake.bootstrap import bootstrap as intake_bootstrap
from minqing_intake.definition import DEFINITION as INTAKE
from minqing_intake.web import create_app as intake_app
from minqing_kit.errors import ApiError
from minqing_routing.bootstrap import bootstrap as routing_bootstrap
from minqing_routing.definition import DEFINITION as ROUTING
from minqing_routing.pages.filing import submission_from
from minqing_routing.pages.filing_consent import CLOCK_SKEW, FORM_LIFETIME, given_at
from minqing_routing.web import create_app as routing_app
from support.wsgi_server import serving

from .harness import DEMO_PASSWORD, ENV

DEMO_DISTRICTS = Path(__file__).resolve().parents[2] / "config" / "districts"
MEMBER = "xl-xf-p1"  # 石国梁, party member (联户党员) of xinlin's 幸福社区 in the demo file
TYPED = {
    "channel": "proxy",
    "request_type": "help",
    "content": "3号楼独居的刘大爷家厨房水管漏水,他行动不便,托我代为反映。",
    "grid_code": "XL-XF-01-G01",
    "filed_for": "3号楼刘大爷",
    "consent_how": "in_person",
    "consent_note": "当面口头同意",
}


class Clock:
    """Routing's clock, moved on by hand between presses."""

    def __init__(self):
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


class Filer:
    """The party member's browser on routing's workbench, intake's real API behind it."""

    def __init__(self, client, intake, clock: Clock):
        self.client, self.intake, self.clock = client, intake, clock
        login = client.get("/workbench/login").get_data(as_text=True)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
        form = {"district": "xinlin", "person_id": MEMBER, "password": DEMO_PASSWORD, "csrf_token": csrf}
        assert client.post("/workbench/login", data=form).status_code == 303

    def opened(self) -> dict[str, str]:
        """The filing form's hidden fields as a browser sends them back (CSRF token, key, consent time)."""
        page = self.client.get("/workbench/file").get_data(as_text=True)
        return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))

    def press(self, form: dict[str, str]) -> tuple[int, str]:
        answer = self.client.post("/workbench/file", data=form)
        return answer.status_code, answer.get_data(as_text=True)

    def filed(self) -> int:
        with self.intake.db.engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(cases)).scalar_one()


@pytest.fixture
def filer(make_settings):
    common = {**ENV, "DISTRICTS_DIR": str(DEMO_DISTRICTS)}
    intake_settings = make_settings(
        INTAKE,
        DISTRICTS_DIR=common["DISTRICTS_DIR"],
        TOKEN_PUBLIC_KEYS=ENV["TOKEN_PUBLIC_KEYS"],
        RATE_LIMIT_ADDRESS="1000/1m",
    )
    intake = intake_bootstrap(intake_settings)
    clock = Clock()
    with serving(intake_app(intake_settings, intake)) as intake_url:
        settings = make_settings(ROUTING, **common, INTAKE_URL=intake_url, INTAKE_TIMEOUT_SECONDS="30")
        routing = routing_bootstrap(settings)
        routing.clock = clock
        yield Filer(routing_app(settings, routing).test_client(), intake, clock)
        routing.db.dispose()
    intake.db.dispose()


def alert_of(page: str) -> str:
    found = re.search(r'<div class="alert".*?</div>', page, re.S)
    return found.group(0) if found else "no alert"


def ticket_of(page: str) -> str:
    found = re.search(r'id="filed-ticket">([^<]+)<', page)
    assert found, alert_of(page)
    return found.group(1)


def test_two_presses_of_one_form_send_one_body(routing_settings):
    app = routing_app(routing_settings)
    form = {**TYPED, "consent_given_at": datetime.now(UTC).replace(microsecond=0).isoformat()}
    with app.test_request_context():
        first = submission_from(form, "xinlin")
    app.extensions["runtime"].clock = lambda: datetime.now(UTC) + timedelta(minutes=3)  # pressed again later
    with app.test_request_context():
        again = submission_from(form, "xinlin")
    assert again == first and first["proxy_consent"]["given_at"] == form["consent_given_at"]


def test_a_retry_of_the_same_form_gets_the_same_ticket_from_intake(filer):
    form = {**filer.opened(), **TYPED}  # the key and the consent time as the form was opened
    status, first = filer.press(form)
    assert status == 200
    filer.clock.now += timedelta(minutes=2)  # the filer saw no answer in time and pressed 提交 again
    status, again = filer.press(form)
    assert status == 200, alert_of(again)
    assert "该幂等键已用于另一个请求" not in again
    assert ticket_of(again) == ticket_of(first) and filer.filed() == 1


@pytest.mark.parametrize(
    ("consent_time", "reason"),
    [
        ("", "居民同意时间无法识别"),
        ("昨天下午", "居民同意时间无法识别"),
        ("2026-12-03T09:00:00", "居民同意时间缺少时区"),
        ("+10 minutes", "居民同意时间晚于现在"),
        ("-25 hours", "本表打开已超过24小时"),
    ],
)
def test_a_consent_time_that_does_not_hold_is_a_field_error_keeping_what_was_typed(filer, consent_time, reason):
    shifts = {"+10 minutes": timedelta(minutes=10), "-25 hours": -timedelta(hours=25)}
    if consent_time in shifts:
        consent_time = (filer.clock.now + shifts[consent_time]).isoformat()
    form = {**filer.opened(), **TYPED, "consent_given_at": consent_time}
    status, page = filer.press(form)
    assert status == 422 and filer.filed() == 0  # nothing reached intake
    assert f'<a href="#consent_how">居民同意时间</a>:{reason}' in page and "请再次确认居民同意后提交" in page
    for field in ("content", "filed_for", "consent_note"):
        assert TYPED[field] in page
    assert 'value="in_person" selected' in page and 'value="help" selected' in page
    fresh = re.search(r'name="consent_given_at" value="([^"]*)"', page).group(1)
    assert given_at(fresh, filer.clock.now) <= filer.clock.now  # a fresh time, confirmed on the next press
    status, page = filer.press({**form, "consent_given_at": fresh})
    assert status == 200 and ticket_of(page) and filer.filed() == 1


def test_the_consent_time_s_bounds():
    now = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
    assert given_at(" 2026-12-03T16:00:00+08:00 ", now) == now and given_at("2026-12-03T08:00Z", now).tzinfo == UTC
    assert given_at((now + CLOCK_SKEW).isoformat(), now) == now + CLOCK_SKEW  # another clock a little ahead
    assert given_at((now - FORM_LIFETIME).isoformat(), now) == now - FORM_LIFETIME
    for beyond in (now + CLOCK_SKEW + timedelta(seconds=1), now - FORM_LIFETIME - timedelta(seconds=1)):
        with pytest.raises(ApiError) as refused:
            given_at(beyond.isoformat(), now)
        assert refused.value.to_dict()["error"]["fields"][0]["field"] == "proxy_consent.given_at"
