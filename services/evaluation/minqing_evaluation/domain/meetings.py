"""Meetings as records (三会 and the others): a hearing (听证会) before a project, a coordination meeting
(协调会) on a conflict or a joint case, an evaluation meeting (评议会) on a unit's or a person's service, a
three-party review (三方评事) and an analysis meeting (民情分析会 / 例会).

A meeting is planned, its notices go out, it is held with its attendance recorded, its minutes are
drafted by the convener, corrected only by attendees whose attendance was recorded, then published;
its decisions, adopted or not (then with a reason), may assign tasks. A hearing is held only when
each of its notices was given at least the district's period ahead, or with an override and its
reason on record. Rules only: the service layer loads, saves, audits and emits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

KINDS = {
    "hearing": "听证会",
    "coordination": "协调会",
    "evaluation": "评议会",
    "three_party": "三方评事",
    "analysis": "民情分析会",
}
GROUPS = {  # invited representatives by group
    "resident_rep": "居民代表",
    "party_rep": "党员代表",
    "unit": "单位代表",
    "subject": "被评议对象",
    "staff": "工作人员",
}
MATTER_KINDS = {"case": "诉求", "project": "项目", "unit": "单位", "person": "人员"}
NOTICES = {"recruitment": "招募代表", "schedule": "公布时间地点和名单", "materials": "送达材料"}


class Refused(Exception):
    """A rule said no: a status for the API, a code, and the reason in English and Chinese."""

    def __init__(self, status: int, code: str, english: str, chinese: str):
        super().__init__(english)
        self.status, self.code, self.english, self.chinese = status, code, english, chinese


@dataclass(frozen=True)
class NoticePeriods:
    """Calendar days a hearing's notices are due ahead of its date (the district's ``meetings``)."""

    recruitment: int = 30
    schedule: int = 15
    materials: int = 10

    def days(self, notice: str) -> int:
        value: int = getattr(self, notice)
        return value


def late_notices(periods: NoticePeriods, meeting_day: date, given: Mapping[str, date]) -> list[str]:
    """The notices not given at least their period ahead of the meeting's local day (a notice never
    given is late): given on day D for a meeting on day M is in time when M - D >= the period."""
    return [n for n in NOTICES if n not in given or (meeting_day - given[n]).days < periods.days(n)]


@dataclass
class Invitee:
    invitee_id: str
    group: str
    name: str
    person_id: str | None = None  # staff with an account: they may correct the minutes if they attended
    unit_id: str | None = None
    attended: bool | None = None  # None until the attendance is recorded


@dataclass
class Meeting:
    id: str
    kind: str
    unit_id: str
    invitees: list[Invitee] = field(default_factory=list)
    state: str = "planned"  # planned | held
    notices: dict[str, date] = field(default_factory=dict)  # notice -> local day given
    notice_override: str | None = None
    minutes: str | None = None
    minutes_state: str = "none"  # none | draft | published

    def give_notice(self, notice: str, day: date) -> None:
        if self.state != "planned":
            raise Refused(409, "meeting_held", "the meeting has already been held", "会议已召开")
        if notice in self.notices:
            raise Refused(409, "notice_given", f"the {notice} notice was already given", "该通知已发出")
        self.notices[notice] = day

    def hold(self, periods: NoticePeriods, day: date, attended: set[str], override: str | None) -> list[str]:
        """Record the attendance; a hearing with late notices needs an override reason. Returns the
        late notices (kept on the record with the override)."""
        if self.state != "planned":
            raise Refused(409, "meeting_held", "the meeting has already been held", "会议已召开")
        unknown = attended - {i.invitee_id for i in self.invitees}
        if unknown:
            raise Refused(422, "unknown_invitee", f"not invited: {sorted(unknown)}", "出席者须为受邀人员")
        late = late_notices(periods, day, self.notices) if self.kind == "hearing" else []
        reason = (override or "").strip()
        if late and not reason:
            raise Refused(
                409,
                "notice_not_in_time",
                f"notices not given in time: {late}; hold only with an override and its reason",
                "听证会通知未按期发出(" + "、".join(NOTICES[n] for n in late) + "),须记录理由方可召开",
            )
        for invitee in self.invitees:
            invitee.attended = invitee.invitee_id in attended
        self.state, self.notice_override = "held", reason if late else None
        return late

    def draft_minutes(self, text: str) -> None:
        """The convener drafts (or redrafts) the minutes of a held meeting until they are published."""
        self._require_open_minutes()
        self.minutes, self.minutes_state = text, "draft"

    def may_correct(self, person_id: str) -> bool:
        return any(i.person_id == person_id and i.attended for i in self.invitees)

    def correct_minutes(self, person_id: str) -> None:
        """Only an attendee whose attendance was recorded corrects draft minutes."""
        if self.minutes_state != "draft":
            raise Refused(409, "no_draft", "there are no draft minutes to correct", "没有待更正的会议纪要草稿")
        if not self.may_correct(person_id):
            raise Refused(
                403,
                "not_an_attendee",
                "only recorded attendees may correct the minutes",
                "只有已登记出席的人员可更正纪要",
            )

    def publish_minutes(self) -> None:
        if self.minutes_state != "draft":
            raise Refused(409, "no_draft", "there are no draft minutes to publish", "没有可发布的会议纪要草稿")
        self.minutes_state = "published"

    def check_decision(self, adopted: bool, reason: str | None) -> None:
        if self.state != "held":
            raise Refused(409, "not_held", "decisions are recorded once the meeting is held", "会议召开后方可记录决定")
        if not adopted and not (reason or "").strip():
            raise Refused(422, "reason_required", "a decision not adopted carries its reason", "未通过的决定须写明理由")

    def _require_open_minutes(self) -> None:
        if self.state != "held":
            raise Refused(409, "not_held", "minutes follow the meeting", "会议召开后方可起草纪要")
        if self.minutes_state == "published":
            raise Refused(409, "minutes_published", "the minutes are published", "会议纪要已发布")
