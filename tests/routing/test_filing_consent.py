"""The workbench's filing form on the proxy channel (代办/代理) sends the resident's consent as intake's
API takes it; without a way chosen it sends none, so intake names the missing field."""

from __future__ import annotations

from datetime import UTC, datetime

from minqing_routing.pages.filing import channels_for, submission_from
from minqing_routing.web import create_app


def test_the_proxy_filing_form_sends_the_consent_with_the_time_it_was_recorded(routing_settings):
    app = create_app(routing_settings)
    form = {"channel": "proxy", "content": "3号楼独居老人家中水管漏水", "filed_for": "刘大爷"}
    recorded = datetime.now(UTC).replace(microsecond=0)
    consent_form = {**form, "consent_how": "signed_form", "consent_note": " 委托书存社区 "}
    with app.test_request_context():
        given = submission_from({**consent_form, "consent_given_at": recorded.isoformat()}, "hilltown")
        bare = submission_from(form, "hilltown")
    consent = given["proxy_consent"]
    assert (consent["how"], consent["note"]) == ("signed_form", "委托书存社区")
    assert datetime.fromisoformat(consent["given_at"]) == recorded  # the form's time, not the press's
    assert "proxy_consent" not in bare and bare["filed_for"] == "刘大爷"


def test_a_volunteer_is_offered_proxy_filing_first_and_staff_their_usual_channel():
    assert [c.code for c in channels_for(("party_member",))][:2] == ["proxy", "messenger"]
    assert channels_for(("messenger",))[0].code == "proxy"
    assert channels_for(("hotline_operator", "party_member"))[0].code == "hotline"  # staff first: their desk's
