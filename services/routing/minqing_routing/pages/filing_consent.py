"""代理: the resident's consent as the filing form records it. Its time (``given_at``) is fixed once per
form, when the form is opened for the filing, and carried in the hidden ``consent_given_at``: a second
press of the same form (a retry after a timeout, a double click, back and resubmit) sends intake the same
body under the same Idempotency-Key, so intake answers with the same ticket instead of refusing the key.
The time comes back from the browser, so it is checked here: an ISO 8601 time with its offset, not
ahead of this clock by more than ``CLOCK_SKEW`` and not older than ``FORM_LIFETIME``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from minqing_contracts.events.intake import CONSENT_LABELS
from minqing_kit.errors import ApiError, FieldError, invalid

CONSENT_WAYS = tuple(CONSENT_LABELS.items())
FORM_LIFETIME = timedelta(hours=24)  # a form opened yesterday no longer says when the resident consented
CLOCK_SKEW = timedelta(minutes=5)  # another worker's clock may run a little ahead of this one
FIELD = "proxy_consent.given_at"
AGAIN = "已改为现在,请再次确认居民同意后提交"


def stamp(now: datetime) -> str:
    """The consent time a new form carries: now, to the second, in UTC."""
    return now.astimezone(UTC).replace(microsecond=0).isoformat()


def shown(text: str, tz: tzinfo) -> str:
    """The form's consent time as the filer reads it (the district's local time), or nothing."""
    try:
        given = datetime.fromisoformat(text)
        return given.astimezone(tz).strftime("%Y-%m-%d %H:%M") if given.tzinfo else ""
    except (ValueError, OverflowError):  # not a time, or one at the calendar's edge: the check names it
        return ""


def recorded_consent(form, now: datetime) -> dict[str, Any]:
    """The consent as intake's API takes it (how, when, a note such as where the signed form is kept);
    ``ApiError`` 422 naming ``proxy_consent.given_at`` when the form's consent time does not hold."""
    note = (form.get("consent_note") or "").strip()
    given = given_at(form.get("consent_given_at") or "", now)
    return {"how": form.get("consent_how"), "given_at": given.isoformat(), **({"note": note} if note else {})}


def given_at(text: str, now: datetime) -> datetime:
    """The form's consent time in UTC, checked against ``now``."""
    try:
        given = datetime.fromisoformat(text.strip())
    except ValueError:
        raise refused("not an ISO 8601 time", f"居民同意时间无法识别,{AGAIN}") from None
    if given.tzinfo is None:
        raise refused("an ISO 8601 time without its offset", f"居民同意时间缺少时区,{AGAIN}")
    if given > now + CLOCK_SKEW:
        raise refused("later than now", f"居民同意时间晚于现在,{AGAIN}")
    if given < now - FORM_LIFETIME:
        hours = int(FORM_LIFETIME.total_seconds() // 3600)
        raise refused(f"the form is older than {hours} hours", f"本表打开已超过{hours}小时,居民同意时间{AGAIN}")
    return given.astimezone(UTC)


def refused(reason: str, reason_zh: str) -> ApiError:
    return invalid([FieldError(FIELD, reason, reason_zh)])
