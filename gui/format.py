"""How the window writes numbers, counts and times, the same on every page.

The database stores naive UTC (``core.models.utcnow``); people read their local time.
Every time shown goes through ``local_time``/``local_datetime``; every count with a
noun through ``plural`` ("1 message", "2 messages").
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

_IRREGULAR = {"person": "people", "reply": "replies", "is": "are", "was": "were", "has": "have"}

_local_zone: tzinfo | None = None  # tests pin a zone with ``set_local_zone``


def set_local_zone(zone: tzinfo | None) -> None:
    """Show times in ``zone`` instead of the computer's (tests; None: the computer's)."""
    global _local_zone
    _local_zone = zone


def to_local(value: datetime) -> datetime:
    """A stored time (naive UTC, or aware) as an aware local time."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(_local_zone) if _local_zone is not None else aware.astimezone()


def local_time(value: datetime | None, *, now: datetime | None = None) -> str:
    """``14:05`` today, ``Tue 14:05`` within a week, ``3 Dec 2026 14:05`` otherwise."""
    if value is None:
        return ""
    shown = to_local(value)
    today = to_local(now) if now is not None else to_local(datetime.now(UTC))
    if shown.date() == today.date():
        return shown.strftime("%H:%M")
    if abs((shown.date() - today.date()).days) < 7:
        return shown.strftime("%a %H:%M")
    return f"{shown.day} {shown.strftime('%b %Y %H:%M')}"


def local_datetime(value: datetime | None) -> str:
    """``2026-12-01 09:05:12`` in local time (tables, details, exports for people)."""
    if value is None:
        return ""
    return to_local(value).strftime("%Y-%m-%d %H:%M:%S")


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """``1 message``, ``2 messages``, ``1,234 people``."""
    if count == 1:
        return f"1 {noun}"
    form = plural_form or _IRREGULAR.get(noun) or _regular_plural(noun)
    return f"{count:,} {form}"


def _regular_plural(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def human_duration(seconds: float) -> str:
    """``45 s``, ``12 min``, ``3.5 h``, ``2.0 days``: for ETAs and chart scales."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def until(value: datetime | None, *, now: datetime | None = None) -> str:
    """``in 5 min`` / ``now`` for a stored (UTC) time; ``""`` for None."""
    if value is None:
        return ""
    reference = now or datetime.now(UTC)
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    ref = reference if reference.tzinfo is not None else reference.replace(tzinfo=UTC)
    left = (aware - ref) / timedelta(seconds=1)
    return "now" if left <= 1 else f"in {human_duration(left)}"


def next_try(value: datetime | None, *, now: datetime | None = None) -> str:
    """A deferred message's next try for people: local time, or "due now" once it passed
    (a time in the past reads like a bug)."""
    if value is None:
        return ""
    reference = now or datetime.now(UTC)
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    ref = reference if reference.tzinfo is not None else reference.replace(tzinfo=UTC)
    return "due now" if aware <= ref else local_time(value, now=now)
