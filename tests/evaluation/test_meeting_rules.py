"""Meeting and deliberation rules without a database: notice periods on the edge days, who may correct
the minutes, a decision not adopted needs its reason, and the six steps in order."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from minqing_evaluation.domain import deliberation
from minqing_evaluation.domain.deliberation import Votes
from minqing_evaluation.domain.meetings import Invitee, Meeting, NoticePeriods, Refused, late_notices

HEARING_DAY = date(2026, 12, 31)
PERIODS = NoticePeriods(recruitment=30, schedule=15, materials=10)


def given(recruitment: int, schedule: int, materials: int) -> dict[str, date]:
    """Each notice given this many days before the hearing."""
    days = {"recruitment": recruitment, "schedule": schedule, "materials": materials}
    return {n: HEARING_DAY - timedelta(days=d) for n, d in days.items()}


def test_notices_exactly_their_period_ahead_are_in_time():
    assert late_notices(PERIODS, HEARING_DAY, given(30, 15, 10)) == []


@pytest.mark.parametrize(
    ("days", "late"),
    [((29, 15, 10), ["recruitment"]), ((30, 14, 10), ["schedule"]), ((30, 15, 9), ["materials"])],
)
def test_a_day_short_is_late(days, late):
    assert late_notices(PERIODS, HEARING_DAY, given(*days)) == late


def test_a_notice_never_given_is_late():
    notices = given(40, 20, 12)
    del notices["materials"]
    assert late_notices(PERIODS, HEARING_DAY, notices) == ["materials"]


def hearing(**notices: date) -> Meeting:
    invitees = [
        Invitee("i1", "resident_rep", "王阿姨"),
        Invitee("i2", "staff", "张三", person_id="tv-c1-h1"),
        Invitee("i3", "staff", "李四", person_id="tv-c2-h1"),
    ]
    return Meeting("m1", "hearing", "tv-c1", invitees, notices=dict(notices))


def test_a_hearing_with_a_late_notice_is_refused_without_an_override():
    meeting = hearing(**given(30, 15, 9))
    with pytest.raises(Refused) as refused:
        meeting.hold(PERIODS, HEARING_DAY, {"i1", "i2"}, override=None)
    assert (refused.value.code, meeting.state) == ("notice_not_in_time", "planned")
    with pytest.raises(Refused):
        meeting.hold(PERIODS, HEARING_DAY, {"i1"}, override="   ")


def test_an_override_with_its_reason_holds_it_and_keeps_the_reason():
    meeting = hearing(**given(30, 15, 9))
    assert meeting.hold(PERIODS, HEARING_DAY, {"i1"}, override="汛期抢修,须提前召开") == ["materials"]
    assert (meeting.state, meeting.notice_override) == ("held", "汛期抢修,须提前召开")


def test_other_kinds_have_no_notice_periods():
    meeting = Meeting("m2", "coordination", "tv-c1", [Invitee("i1", "unit", "物业")])
    assert meeting.hold(PERIODS, HEARING_DAY, {"i1"}, override=None) == []
    assert meeting.notice_override is None


def test_only_recorded_attendees_with_an_account_correct_the_minutes():
    meeting = hearing(**given(30, 15, 10))
    meeting.hold(PERIODS, HEARING_DAY, {"i1", "i2"}, override=None)
    with pytest.raises(Refused):
        meeting.correct_minutes("tv-c1-h1")  # nothing drafted yet
    meeting.draft_minutes("会议纪要草稿")
    meeting.correct_minutes("tv-c1-h1")  # attended
    for outsider in ("tv-c2-h1", "someone"):  # invited but absent; not invited
        with pytest.raises(Refused) as refused:
            meeting.correct_minutes(outsider)
        assert refused.value.status == 403
    meeting.publish_minutes()
    with pytest.raises(Refused):
        meeting.correct_minutes("tv-c1-h1")
    with pytest.raises(Refused):
        meeting.draft_minutes("改写")


def test_minutes_and_decisions_wait_for_the_meeting():
    meeting = hearing()
    with pytest.raises(Refused):
        meeting.draft_minutes("草稿")
    with pytest.raises(Refused):
        meeting.check_decision(True, None)


def test_a_decision_not_adopted_carries_its_reason():
    meeting = Meeting("m3", "coordination", "tv-c1", [])
    meeting.hold(PERIODS, HEARING_DAY, set(), override=None)
    meeting.check_decision(True, None)
    with pytest.raises(Refused) as refused:
        meeting.check_decision(False, " ")
    assert refused.value.code == "reason_required"
    meeting.check_decision(False, "业主意见不一,下次再议")


def test_attendance_names_only_invitees_and_a_meeting_is_held_once():
    meeting = hearing(**given(30, 15, 10))
    with pytest.raises(Refused):
        meeting.hold(PERIODS, HEARING_DAY, {"stranger"}, override=None)
    meeting.hold(PERIODS, HEARING_DAY, {"i1"}, override=None)
    with pytest.raises(Refused):
        meeting.hold(PERIODS, HEARING_DAY, {"i1"}, override=None)
    with pytest.raises(Refused):
        meeting.give_notice("materials", HEARING_DAY)


def test_the_six_steps_go_in_order():
    assert deliberation.state(0, False) == "opinions"
    with pytest.raises(Refused) as refused:
        deliberation.check_step(0, False, "vote", Votes(5, 0, 0))
    assert refused.value.code == "wrong_step"
    deliberation.check_step(0, False, "opinions", None)
    with pytest.raises(Refused):
        deliberation.check_step(2, False, "vote", None)  # the vote carries its counts
    assert deliberation.state(6, False) == "done"
    with pytest.raises(Refused):
        deliberation.check_step(6, False, "evaluation", None)


@pytest.mark.parametrize(
    ("votes", "adopted"), [(Votes(6, 5, 0), True), (Votes(5, 5, 0), False), (Votes(5, 3, 2), False)]
)
def test_a_vote_needs_more_than_half_of_the_votes_cast(votes, adopted):
    assert votes.adopted is adopted


def test_a_rejected_matter_stops_at_the_vote():
    assert deliberation.state(3, True) == "rejected"
    with pytest.raises(Refused):
        deliberation.check_step(3, True, "implementation", None)
