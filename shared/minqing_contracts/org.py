"""The district configuration format: org tree, categories, rules, deadlines, calendar overrides.

One YAML (or JSON) file per district, read by every service that needs it. The JSON Schema
exported from these models is committed as ``schemas/org-config.schema.json``.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.dataclasses import dataclass

DURATION_PATTERN = r"^[1-9][0-9]*(wd|d|h|m)$"
BREAK_PATTERN = r"^[0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9]$"
EMAIL_PATTERN = r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]+$"  # one address: no list, no display name
CATEGORY_CODES = (
    "environment",
    "elderly_care",
    "health",
    "property",
    "public_safety",
    "municipal",
    "social_security",
    "demolition",
    "neighbour_dispute",
    "other",
)
ROLES = (
    "grid_worker",
    "community_handler",
    "street_handler",
    "district_handler",
    "department_handler",
    "supervisor",
    "dispatcher",
    "hotline_operator",
    "leader",
    "admin",
    "party_member",
    "messenger",
)
# Residents who volunteer in a grid's team (联户党员 party_member, 民情信使 messenger): they sign in to file on a
# resident's behalf (代办/代理) and follow those cases, but their ``unit`` (the community) is where they live,
# not a desk: they handle none of its cases and read only the cases they follow.
VOLUNTEER_ROLES = ("party_member", "messenger")
RoutingLevel = Literal["community", "street", "district"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# The org tree's many leaves (a city has ~50,000 grids, buildings and grid workers) are slotted pydantic
# dataclasses, validated like the models but without a model's per-instance dict and set of fields set:
# the city's configuration in 112 MB instead of 238 (bench/README.md, "A Beijing-size city").
_leaf = dataclass(slots=True, kw_only=True, config=ConfigDict(extra="forbid"))

TeamRole = Literal["grid_leader", "grid_worker", "party_member", "messenger", "community_cadre", "station_cadre"]


@_leaf
class Building:
    """A building (楼栋) of a grid."""

    id: str
    address: str = Field(description="the address as residents write it")
    aliases: list[str] = Field(default_factory=list)


@_leaf
class TeamMember:
    """One place in a grid's team: 网格长 (grid_leader), 网格员 (grid_worker), 联户党员 (party_member),
    民情信使 (messenger, for the buildings named), 片长 of the community's 两委 (community_cadre) or the
    street's 驻站/联片 cadre (station_cadre, in the station on its ``station_days`` of the month)."""

    person: str = Field(description="a person id of people[]")
    role: TeamRole
    buildings: list[str] = Field(default_factory=list, description="building ids of this grid a messenger carries")
    station_days: list[int] = Field(
        default_factory=list, description="days of the month in the station, e.g. [25, 26, 27]"
    )
    relay_extension: str | None = Field(
        default=None,
        pattern=r"^[0-9]{1,6}$",
        description="the extension of the district's masked relay number (contact_card.relay_number) that rings "
        "this member: what the contact card prints",
    )
    mobile_on_card: bool = Field(
        default=False,
        description="the person opted in to their own mobile (people[].contact.phone) printed on the contact card",
    )

    @field_validator("station_days")
    @classmethod
    def _days_of_month(cls, days: list[int]) -> list[int]:
        if any(not 1 <= d <= 31 for d in days):
            raise ValueError("station days are days of the month, 1 to 31")
        return days


@_leaf
class Contact:
    """How notify reaches a handler or a unit (a department, a street's or a community's office); residents'
    contacts never live in configuration."""

    phone: str | None = None
    email: str | None = Field(default=None, pattern=EMAIL_PATTERN, description="one address, e.g. office@example.org")
    wecom_webhook: str | None = Field(default=None, description="WeCom group-robot webhook URL")
    dingtalk_webhook: str | None = Field(default=None, description="DingTalk group-robot webhook URL")


@_leaf
class Grid:
    """网格: 100–300 households with named staff; the leaf of the hierarchy."""

    code: str
    name: str
    households: int = Field(ge=0)
    polygon: list[tuple[float, float]] | None = Field(
        default=None, description="[lon, lat] pairs, closed or open ring, WGS84"
    )
    buildings: list[Building] = Field(default_factory=list)
    team: list[TeamMember] = Field(default_factory=list, description="the grid's team (网格团队): who looks after it")


@_leaf
class Community:
    """社区 / 村."""

    id: str
    name: str
    grids: list[Grid] = Field(default_factory=list)
    contact: Contact | None = Field(default=None, description="the community office's: early warnings, bulletins")


@_leaf
class Street:
    """街道 / 乡镇."""

    id: str
    name: str
    communities: list[Community] = Field(default_factory=list)
    contact: Contact | None = Field(default=None, description="the street office's: early warnings, bulletins")


class VisitDuty(_Strict):
    """A role's visit duty (走访要求); None: no duty of that kind."""

    days_per_week: int | None = Field(default=None, ge=1, le=7, description="days with a visit, each full week")
    households_per_month: int | None = Field(default=None, ge=1, description="different households visited")
    group_visits_per_month: int | None = Field(default=None, ge=1, description="days in a grid (到组调研), per month")


def _default_duties() -> dict[TeamRole, VisitDuty]:
    """The seeds' numbers: grid staff visit at least 3 days a week (000); a street's station cadre visits
    its groups at least 4 times and at least 10 households a month, a community cadre (片长) hears the
    groups at least 4 times and visits at least 15 households (004)."""
    return {
        "grid_leader": VisitDuty(days_per_week=3),
        "grid_worker": VisitDuty(days_per_week=3),
        "station_cadre": VisitDuty(group_visits_per_month=4, households_per_month=10),
        "community_cadre": VisitDuty(group_visits_per_month=4, households_per_month=15),
    }


class Unit(_Strict):
    """A department (职能部门) or resident unit (驻区单位) that can be assigned cases."""

    id: str
    name: str
    kind: Literal["department", "resident_unit"] = "department"
    categories: list[str] = []
    contact: Contact | None = None


@_leaf
class Person:
    """A person of the district's staff (工作人员)."""

    id: str
    name: str
    contact: Contact | None = None
    unit: str = Field(description="id of the district, street, community, department or resident unit")
    roles: list[str]
    grids: list[str] = Field(default_factory=list, description="grid codes a grid worker covers")

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, roles: list[str]) -> list[str]:
        unknown = sorted(set(roles) - set(ROLES))
        if unknown:
            raise ValueError(f"unknown roles {unknown}; known: {list(ROLES)}")
        return roles


class Category(_Strict):
    code: str
    name: str
    keywords: list[str] = Field(default=[], description="Chinese keywords that suggest this category")
    lowest_level: RoutingLevel = Field(default="community", description="lowest level that can handle it")


class DispatchRule(_Strict):
    """Send a category straight to a named unit (e.g. demolition to the housing bureau)."""

    category: str
    unit: str
    joint_with: list[str] = Field(default=[], description="co-handlers: the category always needs several units")


class DeadlineRule(_Strict):
    """Response and resolution deadlines; the most specific matching rule wins."""

    category: str = "*"
    level: RoutingLevel | Literal["department", "*"] = "*"
    urgent: bool = False
    response: str = Field(pattern=DURATION_PATTERN, description="e.g. 1wd, 2d, 4h, 30m")
    resolution: str = Field(pattern=DURATION_PATTERN)
    remind_before: str = Field(default="4h", pattern=DURATION_PATTERN)


class AcceptanceRule(_Strict):
    """How long a unit has to sign for (签收) a case dispatched to it, counted from the dispatch; the most
    specific matching rule wins (urgent first, then a named category over '*'). ``working_hours``: an
    ``h``/``m`` duration counts only within the calendar's working hours (breaks left out)."""

    category: str = "*"
    urgent: bool = False
    accept: str = Field(pattern=DURATION_PATTERN, description="e.g. 15m, 30m, 1wd")
    remind_before: str = Field(default="5m", pattern=DURATION_PATTERN)
    working_hours: bool = False


def _default_acceptance() -> list[AcceptanceRule]:
    """Tianjin's (2025): 15 minutes where life or property is at risk (urgent), 30 minutes for water,
    power, gas and heat (municipal), one working day otherwise."""
    return [
        AcceptanceRule(urgent=True, accept="15m", remind_before="5m"),
        AcceptanceRule(category="municipal", accept="30m", remind_before="10m"),
        AcceptanceRule(accept="1wd", remind_before="2h"),
    ]


class ReturnReason(_Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,31}$")
    name: str


def _default_return_reasons() -> list[ReturnReason]:
    names = {
        "wrong_place": "属地不符",
        "unclear_ownership": "权属不清",
        "overlapping_duties": "职能交叉",
        "not_our_duty": "非职责范围",
        "incomplete": "信息不全",
    }
    return [ReturnReason(code=code, name=name) for code, name in names.items()]


class ReturnPolicy(_Strict):
    """Returns (退单): each names a reason from ``reasons``; after ``limit`` returns the next is refused
    and the dispatcher above rules (审定), and the unit ruled cannot return the case."""

    limit: int = Field(default=2, ge=0)
    reasons: list[ReturnReason] = Field(default_factory=_default_return_reasons, min_length=1)


class Calendar(_Strict):
    """Overrides on top of China's official calendar: extra holidays and adjusted workdays (调休)."""

    holidays: list[date] = []
    workdays: list[date] = []
    work_start: str = "09:00"
    work_end: str = "17:30"
    breaks: list[Annotated[str, Field(pattern=BREAK_PATTERN)]] = Field(
        default=[], description="pauses within working hours, e.g. ['12:00-13:30']"
    )


class EvaluationPolicy(_Strict):
    reopen_limit: int = Field(default=2, ge=0)
    answer_period: str = Field(default="7wd", pattern=DURATION_PATTERN)
    min_sample: int = Field(default=5, ge=1)
    project_min_ratings: int = Field(default=100, ge=1)
    project_dissatisfied_threshold: float = Field(default=0.30, gt=0, lt=1)


class MeetingPolicy(_Strict):
    """Notice periods of a hearing (听证会), in calendar days before its date; the defaults are the local
    hearing rules of the seeds (recruit representatives 30 days ahead, publish time, place and list 15,
    send the materials 10)."""

    recruit_days: int = Field(default=30, ge=0, description="representatives recruited at least this many days ahead")
    publish_days: int = Field(default=15, ge=0, description="time, place and list published this many days ahead")
    materials_days: int = Field(default=10, ge=0, description="materials sent to participants this many days ahead")


class DuplicatePolicy(_Strict):
    """When a new request is the same request as an open case (duplicate clusters, intake): the Dice
    similarity of their problem terms reaches ``threshold`` and they came within ``window_days``."""

    threshold: float = Field(default=0.1, gt=0, le=1, description="similarity of the problem terms, 0 to 1")
    window_days: int = Field(default=30, ge=1, le=365, description="days between the two requests at most")
    count_cluster_once: bool = Field(
        default=False,
        description="rankings count a cluster once: ratings of cases merged into another do not count for the unit",
    )


class ContactCard(_Strict):
    """What the contact card (民情联系卡 / 便民联系卡) prints besides the team: the district's service hotline,
    the supervision hotline (监督举报电话, seed 004) and the masked relay number a member's extension dials."""

    service_hotline: str = Field(default="12345", pattern=r"^[0-9][0-9-]{2,19}$")
    supervision_hotline: str | None = Field(default=None, pattern=r"^[0-9][0-9-]{2,19}$")
    relay_number: str | None = Field(
        default=None,
        pattern=r"^[0-9][0-9-]{2,19}$",
        description="a relay (虚拟号) that forwards to the member's extension without showing their mobile",
    )


class EarlyWarningPolicy(_Strict):
    """Early warning (未诉先办): a grid x category's requests on a day against its own history (a one-sided
    Poisson test, evaluation's README)."""

    history_days: int = Field(default=28, ge=7, le=365, description="days of history the baseline rate is taken from")
    alpha: float = Field(default=0.0005, gt=0, lt=0.5, description="flag when P(that many or more) is at most this")
    min_count: int = Field(default=3, ge=1, description="fewest requests on the day for a warning")
    intraday_minutes: int = Field(
        default=5,
        ge=0,
        le=24 * 60,
        description="minutes between two counts of the current day so far (a warning as soon as the count reaches"
        " the day's threshold); 0: the day is judged only once it has ended",
    )


class DispatchModelPolicy(_Strict):
    """Dispatch that learns from the district's own history (routing's history model): trained on its closed
    cases, retrained every ``retrain_hours``, and used for a new case only when its held-out right-first-time
    rate beats the rules' by ``margin`` and its confidence for the case reaches ``min_confidence``."""

    min_history: int = Field(default=200, ge=10, description="fewest closed cases to train on; fewer: the rules only")
    retrain_hours: int = Field(default=24, ge=1, le=24 * 31, description="hours between two trainings")
    margin: float = Field(
        default=0.02, ge=0, lt=1, description="how much the model's held-out rate must beat the rules'"
    )
    min_confidence: float = Field(default=0.8, gt=0, le=1, description="the model's posterior for the case, at least")


class ReplyTemplate(_Strict):
    """A reply the workbench offers a handler for a category (答复模板): chosen, then edited before it is sent."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,31}$")
    name: str = Field(min_length=1, max_length=40)
    category: str = Field(default="*", description="the category it answers, or * for every category")
    units: list[str] = Field(default_factory=list, description="the units offered it; empty: every unit")
    text: str = Field(min_length=1, max_length=2000)


class Agreement(_Strict):
    """An agreement with another district to handle jointly (跨区联办) the cases at places the two share:
    a road, a river or a market on the boundary. Both districts declare it, each naming its own boundary
    grids or communities and the partner's units it may ask for a part of a case there."""

    partner: str = Field(pattern=r"^[a-z][a-z0-9_]{1,31}$", description="the other district's code")
    grids: list[str] = Field(default=[], description="this district's boundary grids the agreement covers")
    communities: list[str] = Field(default=[], description="this district's communities it covers, every grid of each")
    units: list[str] = Field(min_length=1, description="the partner's units a lead unit here may ask for a part")


class DistrictConfig(_Strict):
    """One district's whole configuration."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,31}$")
    name: str
    ticket_prefix: str = Field(pattern=r"^[A-Z]{2,4}$")
    timezone: str = "Asia/Shanghai"
    bounds: list[tuple[float, float]] | None = Field(
        default=None, description="district outline as [lon, lat] pairs; lat/lon input must fall inside"
    )
    acceptance: list[AcceptanceRule] = Field(
        default_factory=_default_acceptance, description="acceptance (签收) deadlines, counted from the dispatch"
    )
    returns: ReturnPolicy = ReturnPolicy()
    first_contact: str | None = Field(
        default="24h",
        pattern=DURATION_PATTERN,
        description="Shenzhen's first contact with the resident (首次联系), due this long after 签收; "
        "null: no such step",
    )
    streets: list[Street]
    units: list[Unit] = []
    people: list[Person] = []
    categories: list[Category]
    dispatch_rules: list[DispatchRule] = []
    deadlines: list[DeadlineRule]
    calendar: Calendar = Calendar()
    evaluation: EvaluationPolicy = EvaluationPolicy()
    meetings: MeetingPolicy = MeetingPolicy()
    duplicates: DuplicatePolicy = DuplicatePolicy()
    early_warning: EarlyWarningPolicy = EarlyWarningPolicy()
    dispatch_model: DispatchModelPolicy = Field(
        default_factory=DispatchModelPolicy, description="dispatch learned from the district's closed cases"
    )
    contact_card: ContactCard = Field(default_factory=ContactCard, description="what the contact cards print")
    visit_duties: dict[TeamRole, VisitDuty] = Field(
        default_factory=_default_duties, description="each team role's visit duty; a role left out has none"
    )
    notifications: NotificationPolicy | None = Field(
        default=None, description="who hears what on which channel; notify's defaults when absent"
    )
    reply_templates: list[ReplyTemplate] = Field(
        default_factory=list, description="the replies the workbench offers per category and unit (答复模板)"
    )
    agreements: list[Agreement] = Field(
        default_factory=list, description="joint handling across districts (跨区联办) at shared places"
    )

    @model_validator(mode="after")
    def _references_resolve(self) -> DistrictConfig:
        known_units = unit_ids(self)
        grid_codes = {g.code for s in self.streets for c in s.communities for g in c.grids}
        categories = {c.code for c in self.categories}
        problems: list[str] = []
        all_ids = [self.code, *(u.id for u in self.units)]
        for street in self.streets:
            all_ids += [street.id, *(c.id for c in street.communities)]
        problems += [f"unit id {i} is used twice" for i in _repeated(all_ids)]
        grids = [g for s in self.streets for c in s.communities for g in c.grids]
        problems += [f"grid code {g} is used twice" for g in _repeated([g.code for g in grids])]
        problems += [f"building id {b} is used twice" for b in _repeated([b.id for g in grids for b in g.buildings])]
        problems += [f"person id {p} is used twice" for p in _repeated([p.id for p in self.people])]
        problems += [f"category {c} is defined twice" for c in _repeated([c.code for c in self.categories])]
        problems += [
            f"unknown category code {c}; known: {list(CATEGORY_CODES)}"
            for c in sorted(categories - set(CATEGORY_CODES))
        ]
        problems += [
            f"grid {g.code}: a polygon needs at least 3 points"
            for g in grids
            if g.polygon is not None and len(g.polygon) < 3
        ]
        for person in self.people:
            if person.unit not in known_units:
                problems.append(f"person {person.id}: unknown unit {person.unit}")
            problems += [f"person {person.id}: unknown grid {g}" for g in person.grids if g not in grid_codes]
        mobiles = {p.id for p in self.people if p.contact and p.contact.phone}
        problems += _team_problems(grids, {p.id for p in self.people}, mobiles)
        for unit in self.units:
            problems += [f"unit {unit.id}: unknown category {c}" for c in unit.categories if c not in categories]
        problems += [
            f"reply template code {c} is used twice" for c in _repeated([t.code for t in self.reply_templates])
        ]
        for template in self.reply_templates:
            if template.category != "*" and template.category not in categories:
                problems.append(f"reply template {template.code}: unknown category {template.category}")
            problems += [
                f"reply template {template.code}: unknown unit {u}" for u in template.units if u not in known_units
            ]
        for rule in self.dispatch_rules:
            if rule.category not in categories:
                problems.append(f"dispatch rule: unknown category {rule.category}")
            problems += [
                f"dispatch rule {rule.category}: unknown unit {u}"
                for u in [rule.unit, *rule.joint_with]
                if u not in known_units
            ]
        if "acceptance" in self.model_fields_set:  # the defaults' municipal rule matches nothing without municipal
            problems += [
                f"acceptance rule: unknown category {r.category}"
                for r in self.acceptance
                if r.category != "*" and r.category not in categories
            ]
        if not any(r.category == "*" and not r.urgent for r in self.acceptance):
            problems.append("acceptance needs a default rule (category '*', not urgent)")
        for deadline in self.deadlines:
            if deadline.category != "*" and deadline.category not in categories:
                problems.append(f"deadline rule: unknown category {deadline.category}")
        if not any(r.category == "*" and r.level == "*" and not r.urgent for r in self.deadlines):
            problems.append("deadlines need a default rule (category '*', level '*', not urgent)")
        problems += _own_agreement_problems(self, grid_codes)
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _own_agreement_problems(config: DistrictConfig, grid_codes: set[str]) -> list[str]:
    """This district's side of its agreements: a partner once, not itself, and its own places."""
    communities = {c.id for s in config.streets for c in s.communities}
    problems = [f"agreement with {p} is declared twice" for p in _repeated([a.partner for a in config.agreements])]
    for agreement in config.agreements:
        named = f"agreement with {agreement.partner}"
        if agreement.partner == config.code:
            problems.append(f"{named}: a district cannot agree with itself")
        if not agreement.grids and not agreement.communities:
            problems.append(f"{named}: name the boundary grids or communities it covers")
        problems += [f"{named}: unknown grid {g}" for g in agreement.grids if g not in grid_codes]
        problems += [f"{named}: unknown community {c}" for c in agreement.communities if c not in communities]
    return problems


def unit_ids(config: DistrictConfig) -> set[str]:
    """Every unit a case can be at or a part asked of: the district, streets, communities, departments."""
    found = {config.code, *(u.id for u in config.units)}
    for street in config.streets:
        found |= {street.id, *(c.id for c in street.communities)}
    return found


def agreement_problems(configs: dict[str, DistrictConfig]) -> list[str]:
    """What one district's file cannot check alone: every agreement is declared by both districts, and
    the units each side may ask are the partner's."""
    problems: list[str] = []
    for code, config in sorted(configs.items()):
        for agreement in config.agreements:
            partner = configs.get(agreement.partner)
            named = f"{code}: agreement with {agreement.partner}"
            if partner is None:
                problems.append(f"{named}: no such district is configured")
                continue
            if not any(a.partner == code for a in partner.agreements):
                problems.append(f"{named}: {agreement.partner} does not declare it")
            known = unit_ids(partner)
            problems += [f"{named}: {agreement.partner} has no unit {u}" for u in agreement.units if u not in known]
    return problems


def _team_problems(grids: list[Grid], people: set[str], mobiles: set[str]) -> list[str]:
    problems: list[str] = []
    for grid in grids:
        buildings = {b.id for b in grid.buildings}
        for member in grid.team:
            if member.person not in people:
                problems.append(f"grid {grid.code}: team member {member.person} is not in people")
            if member.mobile_on_card and member.person not in mobiles:
                problems.append(f"grid {grid.code}: {member.person} has mobile_on_card but no contact.phone")
            problems += [
                f"grid {grid.code}: {member.person}'s building {b} is not in the grid"
                for b in member.buildings
                if b not in buildings
            ]
    return problems


def _repeated(values: list[str]) -> list[str]:
    counts = Counter(values)
    return sorted(v for v, n in counts.items() if n > 1)


def parse_duration(text: str) -> tuple[int, str]:
    """``'5wd'`` → ``(5, 'wd')``. Units: wd working days, d days, h hours, m minutes."""
    match = re.fullmatch(r"([1-9][0-9]*)(wd|d|h|m)", text)
    if not match:
        raise ValueError(f"bad duration {text!r}")
    return int(match.group(1)), match.group(2)


# --- notifications (read by notify) -------------------------------------------------------------

NotificationAudience = Literal[
    "reporter",
    "reporter_updates",  # the reporter, on each public step, only if they asked for it (办理有进展时短信通知我)
    "merge_reporters",
    "unit_handlers",
    "unit_supervisors",
    "supervising_unit",
    "dispatchers",
    "unit",
    "part_unit_handlers",
    "part_units",
    "lead_unit_handlers",
    "cadre",
    "district_leaders",
    "invitees",
    "task_owners",
    "household",
    "sign_in",
    "case_owner",  # the case's 包案 leader
    "first_contact_owner",  # who took the request (首问负责)
    "proxy",  # the resident's proxy (代理), until the resident takes the case back
    "hotline_operators",  # the district's hotline operators (call-backs, 热线回拨)
]
NotificationChannelName = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*$",
        description="the name of a channel notify has (sms, email, ...); notify refuses to start on one it lacks",
    ),
]


class NotificationRule(_Strict):
    """Who hears an event, on which channels, with which template.

    A rule replaces notify's default rule for the same (event, audience), or adds one;
    ``channels: []`` silences that audience for that event.
    """

    event: str = Field(description="event type, e.g. case.dispatched.v1")
    audience: NotificationAudience
    channels: list[NotificationChannelName]
    template: str | None = Field(
        default=None,
        pattern=r"^[a-z][a-z0-9_]*$",
        description="template name without .j2; needed when channels are given",
    )

    @model_validator(mode="after")
    def _template_when_sending(self) -> NotificationRule:
        if self.channels and not self.template:
            raise ValueError(f"rule for {self.event}: a template is needed when channels are given")
        return self


class NotificationPolicy(_Strict):
    """A district's notification settings on top of notify's defaults."""

    rules: list[NotificationRule] = []
    quiet_start: str = Field(
        default="22:00", pattern=r"^[0-2][0-9]:[0-5][0-9]$", description="no SMS to residents from this local time ..."
    )
    quiet_end: str = Field(
        default="08:00",
        pattern=r"^[0-2][0-9]:[0-5][0-9]$",
        description="... until this one, unless urgent (deferred, not dropped)",
    )
    sms_per_recipient_per_hour: int | None = Field(
        default=None, ge=1, description="overrides notify's SMS_PER_RECIPIENT_PER_HOUR"
    )
    dingtalk_secrets: dict[str, str] = Field(
        default={}, description="person or unit id -> signing secret (加签) of its DingTalk robot"
    )
