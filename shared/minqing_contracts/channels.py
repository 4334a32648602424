"""The ways a request comes in (渠道): one row per intake channel, the only list of them.

Intake validates against it and decides who may file on which channel, evaluation's pages show the
labels, the OpenAPI document and the simulator read it, and ``case.received.v1``'s ``channel`` is
``ChannelCode``, made from it. Adding a channel is one row here, and nothing else names it; but
``ChannelCode`` is an enum in ``case.received.v1``'s schema, and consumers on the committed schema
would refuse a new code, so ``python -m minqing_contracts.export`` refuses the row as a breaking
change until the event gets a new version (as it did when the enum was written out by hand).

Who may use a channel (``access``):

- ``public``: anyone, no sign-in: the web form, the API and the anonymous echo wall (回音墙: no
  identity kept at all);
- ``open311``: a registered Open311 client, through its key;
- ``staff``: a signed-in person holding one of ``roles``, who becomes the case's first-contact owner
  (首问负责): the hotline operator, a grid worker on a house visit (走访), a building messenger
  (民情信使), a WeChat group relay, a talk-room session (说事), a teahouse collector, and proxy filing
  on a resident's behalf (代办/代理), which records whom it was filed for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .org import ROLES

Access = Literal["public", "open311", "staff"]


@dataclass(frozen=True)
class IntakeChannel:
    code: str
    label: str  # Chinese, as residents and staff call it
    access: Access
    roles: tuple[str, ...] = ()  # staff channels: the roles that may take a request on it
    anonymous: bool = False  # no identity kept: a contact is refused, the event says anonymous
    filed_for: bool = False  # filed on someone's behalf: must say whom, and only this channel may


_HOTLINE_ROLES = ("hotline_operator", "dispatcher")
_GRID_ROLES = ("grid_worker", "community_handler")

INTAKE_CHANNELS: tuple[IntakeChannel, ...] = (
    IntakeChannel("web", "网页", "public"),
    IntakeChannel("api", "接口", "public"),
    IntakeChannel("hotline", "热线", "staff", roles=_HOTLINE_ROLES),
    IntakeChannel("grid_visit", "网格走访", "staff", roles=_GRID_ROLES),
    IntakeChannel("messenger", "民情信使", "staff", roles=ROLES),
    IntakeChannel("echo_wall", "回音墙", "public", anonymous=True),
    IntakeChannel("wechat_group", "微信群", "staff", roles=ROLES),
    IntakeChannel("talk_room", "说事室", "staff", roles=ROLES),
    IntakeChannel("teahouse", "茶馆", "staff", roles=ROLES),
    IntakeChannel("proxy", "代办", "staff", roles=ROLES, filed_for=True),
    IntakeChannel("open311", "Open311", "open311"),
)
INTAKE_CHANNEL_BY_CODE: dict[str, IntakeChannel] = {c.code: c for c in INTAKE_CHANNELS}

if TYPE_CHECKING:
    ChannelCode = str
else:
    ChannelCode = Literal[tuple(c.code for c in INTAKE_CHANNELS)]  # the codes, in the table's order
