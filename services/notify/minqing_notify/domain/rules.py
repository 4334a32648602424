"""Which events go to whom on which channel: the default rule table, overridable per district.

A district's ``notifications.rules`` replace the default rule for each (event type, audience) they
name, or add one for a new pair; ``channels: []`` silences that audience for that event. Pairs a
district does not name keep the defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

from minqing_contracts.org import NotificationPolicy

RESIDENT = ("sms", "email")
HANDLER = ("inapp", "sms")
SUPERVISOR = ("inapp", "email")
UNIT = ("wecom", "dingtalk", "email")


FOLLOWED_STEPS = (  # the public steps a first-contact owner, a proxy and an opted-in resident are told of
    "case.dispatched.v1",
    "case.accepted.v1",
    "case.escalated.v1",
    "case.progress_recorded.v1",
    "case.resolved.v1",
    "case.reopened.v1",
    "case.cluster_answered.v1",  # a case merged into another: answered with its cluster
)


@dataclass(frozen=True)
class Rule:
    event: str
    audience: str  # see minqing_contracts.org.NotificationAudience
    channels: tuple[str, ...]
    template: str


DEFAULT_RULES: tuple[Rule, ...] = (
    # residents (群众)
    Rule("case.received.v1", "reporter", RESIDENT, "case_received"),
    Rule("case.dispatched.v1", "reporter", ("email",), "case_dispatched"),  # its SMS: a step update, if asked
    Rule("case.resolved.v1", "reporter", ("email",), "case_resolved"),  # its SMS: a step update, if asked
    Rule("evaluation.requested.v1", "reporter", RESIDENT, "evaluation_requested"),
    Rule("case.reopened.v1", "reporter", ("email",), "case_reopened"),  # its SMS: a step update, if asked
    Rule("case.merged.v1", "merge_reporters", RESIDENT, "case_merged"),
    Rule("case.cluster_answered.v1", "reporter", ("email",), "case_cluster_answered"),  # each of a cluster
    Rule("case.split.v1", "reporter", RESIDENT, "case_split"),
    Rule("case.resident_messaged.v1", "reporter", ("sms",), "resident_message"),  # a handler's text (通过平台短信)
    Rule("resident.sign_in_code_requested.v1", "sign_in", ("sms",), "sign_in_code"),  # 我的诉求's one-time code
    # handlers (承办人)
    Rule("case.dispatched.v1", "unit_handlers", HANDLER, "case_assigned"),
    Rule("case.dispatched.v1", "unit", ("wecom", "dingtalk"), "case_assigned"),
    Rule("case.reopened.v1", "unit_handlers", HANDLER, "case_reassigned"),
    Rule("case.returned.v1", "dispatchers", ("inapp",), "case_returned"),
    Rule("case.callback_requested.v1", "hotline_operators", ("inapp",), "callback_requested"),  # 热线回拨
    Rule("case.callback_answered.v1", "unit_handlers", ("inapp",), "callback_answered"),
    Rule("deadline.approaching.v1", "unit_handlers", HANDLER, "deadline_approaching"),
    Rule("case.supervised.v1", "unit_handlers", HANDLER, "case_supervised"),
    Rule("case.escalated.v1", "unit_handlers", HANDLER, "case_escalated"),
    Rule("case.joint_opened.v1", "part_unit_handlers", HANDLER, "joint_invitation"),
    Rule("case.joint_opened.v1", "part_units", UNIT, "joint_invitation"),
    Rule("case.part_completed.v1", "lead_unit_handlers", HANDLER, "part_completed"),  # the lead finishes the case
    Rule("evaluation.unanswered.v1", "unit_handlers", ("inapp",), "evaluation_unanswered"),  # 回访 by the unit
    # supervisors (督办)
    Rule("case.supervised.v1", "supervising_unit", SUPERVISOR, "supervision_notice"),
    Rule("case.escalated.v1", "unit_supervisors", SUPERVISOR, "escalation_notice"),
    Rule("warning.raised.v1", "unit_handlers", ("inapp",), "early_warning"),  # 未诉先办: the community, the street
    Rule("warning.raised.v1", "unit_supervisors", SUPERVISOR, "early_warning"),
    Rule("warning.raised.v1", "unit", UNIT, "early_warning"),  # the community's or street's office (its e-mail)
    # units (单位)
    Rule("project.rectification_required.v1", "unit", UNIT, "project_rectification"),
    Rule("project.rectification_required.v1", "unit_handlers", ("inapp",), "project_rectification"),
    # themes (每月一题): the lead unit, each task's owner, overdue tasks to the district's leadership too
    Rule("theme.opened.v1", "unit", UNIT, "theme_opened"),
    Rule("theme.opened.v1", "unit_handlers", ("inapp",), "theme_opened"),
    Rule("theme.task_assigned.v1", "unit", UNIT, "theme_task_assigned"),
    Rule("theme.task_assigned.v1", "unit_handlers", ("inapp",), "theme_task_assigned"),
    Rule("theme.task_overdue.v1", "unit", UNIT, "theme_task_overdue"),
    Rule("theme.task_overdue.v1", "unit_handlers", HANDLER, "theme_task_overdue"),
    Rule("theme.task_overdue.v1", "district_leaders", SUPERVISOR, "theme_task_overdue"),
    Rule("theme.case_linked.v1", "reporter", RESIDENT, "theme_case_linked"),  # the theme's progress, as the reply
    # the weekly bulletin (每周一通报): each unit its own figures and rank
    Rule("bulletin.issued.v1", "unit", UNIT, "weekly_bulletin"),
    Rule("bulletin.issued.v1", "unit_handlers", ("inapp",), "weekly_bulletin"),
    # the annual review (双述双评): the person reviewed, privately, and the unit supervising their community
    Rule("review.concluded.v1", "cadre", SUPERVISOR, "review_concluded"),
    Rule("review.concluded.v1", "supervising_unit", SUPERVISOR, "review_concluded"),
    # project rating (一事一评): each affected household's single-use link; an overdue rectification, 督办
    Rule("project.rating_invited.v1", "household", RESIDENT, "project_rating_invited"),
    Rule("project.rectification_overdue.v1", "unit", UNIT, "project_rectification_overdue"),
    Rule("project.rectification_overdue.v1", "unit_handlers", HANDLER, "project_rectification_overdue"),
    Rule("project.rectification_overdue.v1", "district_leaders", SUPERVISOR, "project_rectification_overdue"),
    # grid work (走访): a member below visit duty to their community's staff; the month's 民情信息 to the street
    Rule("visit.duty_missed.v1", "unit_handlers", ("inapp",), "visit_duty_missed"),
    Rule("visit.report_issued.v1", "unit", UNIT, "visit_report_issued"),
    Rule("visit.report_issued.v1", "unit_handlers", ("inapp",), "visit_report_issued"),
    # meetings (听证会, 协调会, ...): notices to the invited staff and the convening unit, minutes to the
    # invitees, a decision's tasks to their owners, an overdue task to the owner unit and its supervisors
    Rule("meeting.notice_issued.v1", "invitees", SUPERVISOR, "meeting_notice"),
    Rule("meeting.notice_issued.v1", "unit", UNIT, "meeting_notice"),
    Rule("meeting.held.v1", "unit", UNIT, "meeting_held"),
    Rule("meeting.minutes_published.v1", "invitees", ("inapp",), "meeting_minutes"),
    Rule("meeting.decision_recorded.v1", "task_owners", UNIT + ("inapp",), "meeting_decision_tasks"),
    Rule("meeting.task_overdue.v1", "unit_handlers", HANDLER, "meeting_task_overdue"),
    Rule("meeting.task_overdue.v1", "unit_supervisors", SUPERVISOR, "meeting_task_overdue"),
    # duties that follow people: the 包案 leader hears the case's clocks and signs off its answer; the
    # first-contact owner (首问负责) and the resident's proxy (代理) hear each public step
    Rule("case.owner_assigned.v1", "unit_handlers", ("inapp",), "case_owner_assigned"),
    Rule("deadline.approaching.v1", "case_owner", ("inapp",), "deadline_approaching"),
    Rule("case.supervised.v1", "case_owner", SUPERVISOR, "supervision_notice"),
    Rule("case.escalated.v1", "case_owner", SUPERVISOR, "escalation_notice"),
    Rule("case.resolution_proposed.v1", "case_owner", HANDLER, "resolution_proposed"),
    Rule("case.deadline_tightened.v1", "unit_handlers", HANDLER, "deadline_tightened"),
    *(
        Rule(event, audience, ("inapp",), "case_followed")
        for event in FOLLOWED_STEPS
        for audience in ("first_contact_owner", "proxy")
    ),
    # the resident who asked for them (办理有进展时短信通知我): an SMS on each public step, paced (step_updates.py)
    *(Rule(event, "reporter_updates", ("sms",), "case_step_update") for event in FOLLOWED_STEPS),
    Rule("case.proxy_withdrawn.v1", "proxy", ("inapp",), "case_followed"),
    Rule("evaluation.requested.v1", "proxy", ("inapp",), "case_followed"),  # the proxy may answer it for the resident
    # the six-step deliberation (六步流程): each published step to the community's staff
    Rule("deliberation.step_recorded.v1", "unit_handlers", ("inapp",), "deliberation_step"),
)

SUBSCRIBED_EVENTS = tuple(sorted({rule.event for rule in DEFAULT_RULES}))


def rules_for(event_type: str, policy: NotificationPolicy | None) -> list[Rule]:
    """The rules that apply to one event type in one district."""
    overrides = {r.audience: r for r in (policy.rules if policy else []) if r.event == event_type}
    rules = [rule for rule in DEFAULT_RULES if rule.event == event_type and rule.audience not in overrides]
    rules += [
        Rule(r.event, r.audience, tuple(r.channels), r.template)
        for r in overrides.values()
        if r.channels and r.template
    ]  # a rule with channels has a template (NotificationRule checks)
    return rules


def subscribed_events(policies: list[NotificationPolicy | None]) -> tuple[str, ...]:
    """Defaults plus any event type a district added rules for."""
    extra = {r.event for p in policies if p for r in p.rules}
    return tuple(sorted(set(SUBSCRIBED_EVENTS) | extra))
