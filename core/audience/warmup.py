"""Warm-up: a new sending domain or account earns the providers' trust slowly, so a
profile may send at most ``warmup[0]`` messages on its first day of sending,
``warmup[1]`` on the second, and so on; after the last step its ``daily_cap`` applies.

Day 1 begins with the profile's first message sent (``warmup_started_at``) and each
day is 24 hours, so the warm-up caps apply over the same rolling 24 hours as the
daily cap (``core.smtp.throttle.DailyCap``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from core.audience.schedule import as_utc, naive_utc
from core.errors import InvalidValue
from core.models import Campaign, Message, SmtpProfile, database_proxy


def parse_warmup(text: str) -> list[int]:
    """``"50,100,200"`` → ``[50, 100, 200]`` (one clear error otherwise; "" → no warm-up)."""
    raw = (text or "").strip()
    if not raw:
        return []
    steps = []
    for part in raw.split(","):
        part = part.strip()
        if not part.isdigit() or int(part) < 1:
            raise InvalidValue(
                f"The warm-up {text!r} is not a list of daily caps.",
                hint="Write whole numbers of messages per day, separated by commas, "
                "e.g. 50,100,250,500.",
            )
        steps.append(int(part))
    return steps


def warmup_day(started: datetime | None, now: datetime) -> int:
    """0 on the first day of sending (and before any), 1 on the second…"""
    if started is None:
        return 0
    elapsed = as_utc(now) - as_utc(started)
    return max(0, int(elapsed // timedelta(days=1)))


def cap_for_day(warmup: list[int], daily_cap: int, day: int) -> int:
    """The cap on day ``day`` (0-based): the warm-up step, then the daily cap (0 = none)."""
    if 0 <= day < len(warmup):
        step = warmup[day]
        return min(step, daily_cap) if daily_cap else step
    return daily_cap


def cap_now(profile: SmtpProfile, now: datetime) -> int:
    return cap_for_day(
        list(profile.warmup or []), int(profile.daily_cap or 0),
        warmup_day(profile.warmup_started_at, now),
    )  # fmt: skip


def mark_started(profile_id: int, now: datetime) -> None:
    """Record the first send through a warming-up profile (only the first one counts)."""
    with database_proxy.atomic():
        SmtpProfile.update(warmup_started_at=naive_utc(now)).where(
            (SmtpProfile.id == profile_id) & SmtpProfile.warmup_started_at.is_null()
        ).execute()


@dataclass(frozen=True)
class Allowance:
    """What a profile may still send in the current 24 hours."""

    warmup_day: int | None  # 1-based while warming up, None after (or without) warm-up
    cap: int | None  # None: no cap
    sent: int
    left: int | None

    def as_dict(self) -> dict[str, Any]:
        return {"warmup_day": self.warmup_day, "cap_today": self.cap,
                "sent_today": self.sent, "left_today": self.left}  # fmt: skip


def allowance(profile: SmtpProfile, now: datetime | None = None) -> Allowance:
    moment = as_utc(now) if now is not None else datetime.now(UTC)
    steps = list(profile.warmup or [])
    day = warmup_day(profile.warmup_started_at, moment)
    cap = cap_for_day(steps, int(profile.daily_cap or 0), day)
    since = naive_utc(moment - timedelta(days=1))
    sent = (
        Message.select()
        .join(Campaign)
        .where((Campaign.smtp_profile == profile.id) & (Message.sent_at > since))
        .count()
    )
    return Allowance(
        day + 1 if day < len(steps) else None,
        cap or None,
        int(sent),
        max(0, cap - int(sent)) if cap else None,
    )
