"""How the window writes numbers, counts and times, the same on every page.

The database stores naive UTC (``core.models.utcnow``); people read their local time.
Every time shown goes through ``local_time``/``local_datetime``; every count with a
noun through ``plural`` ("1 message", "2 messages").
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

from PySide6.QtCore import QCoreApplication, QLocale

from gui.i18n import QT_TRANSLATE_NOOP, number

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
    locale = QLocale()  # day and month names in the window's language
    short = QLocale.FormatType.ShortFormat
    if abs((shown.date() - today.date()).days) < 7:
        return f"{locale.dayName(shown.isoweekday(), short)} {shown:%H:%M}"
    return f"{shown.day} {locale.monthName(shown.month, short)} {shown.year} {shown:%H:%M}"


def local_datetime(value: datetime | None) -> str:
    """``2026-12-01 09:05:12`` in local time (tables, details, exports for people)."""
    if value is None:
        return ""
    return to_local(value).strftime("%Y-%m-%d %H:%M:%S")


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """``1 message``, ``2 messages``, ``1,234 people`` (``1.234 persone`` in Italian: the
    forms are looked up in the "plural" context, the number in the window's locale)."""
    form = noun if count == 1 else (plural_form or _IRREGULAR.get(noun) or _regular_plural(noun))
    return f"{number(count)} {QCoreApplication.translate('plural', form)}"


# Every noun counted in the window, singular and plural, for the translators (lupdate
# reads these; ``plural`` looks each form up at run time in the "plural" context).
_COUNTED = (
    QT_TRANSLATE_NOOP("plural", "message"), QT_TRANSLATE_NOOP("plural", "messages"),
    QT_TRANSLATE_NOOP("plural", "contact"), QT_TRANSLATE_NOOP("plural", "contacts"),
    QT_TRANSLATE_NOOP("plural", "address"), QT_TRANSLATE_NOOP("plural", "addresses"),
    QT_TRANSLATE_NOOP("plural", "attempt"), QT_TRANSLATE_NOOP("plural", "attempts"),
    QT_TRANSLATE_NOOP("plural", "campaign"), QT_TRANSLATE_NOOP("plural", "campaigns"),
    QT_TRANSLATE_NOOP("plural", "recipient"), QT_TRANSLATE_NOOP("plural", "recipients"),
    QT_TRANSLATE_NOOP("plural", "row"), QT_TRANSLATE_NOOP("plural", "rows"),
    QT_TRANSLATE_NOOP("plural", "test"), QT_TRANSLATE_NOOP("plural", "tests"),
    QT_TRANSLATE_NOOP("plural", "sent"), QT_TRANSLATE_NOOP("plural", "sents"),
    QT_TRANSLATE_NOOP("plural", "deferred"), QT_TRANSLATE_NOOP("plural", "deferreds"),
    QT_TRANSLATE_NOOP("plural", "deferred message"), QT_TRANSLATE_NOOP("plural", "deferred messages"),
    QT_TRANSLATE_NOOP("plural", "failed message"), QT_TRANSLATE_NOOP("plural", "failed messages"),
    QT_TRANSLATE_NOOP("plural", "unsent message"), QT_TRANSLATE_NOOP("plural", "unsent messages"),
    QT_TRANSLATE_NOOP("plural", "new contact"), QT_TRANSLATE_NOOP("plural", "new contacts"),
    QT_TRANSLATE_NOOP("plural", "selected recipient"), QT_TRANSLATE_NOOP("plural", "selected recipients"),
    QT_TRANSLATE_NOOP("plural", "person"), QT_TRANSLATE_NOOP("plural", "people"),
    QT_TRANSLATE_NOOP("plural", "reply"), QT_TRANSLATE_NOOP("plural", "replies"),
    QT_TRANSLATE_NOOP("plural", "is"), QT_TRANSLATE_NOOP("plural", "are"),
    QT_TRANSLATE_NOOP("plural", "was"), QT_TRANSLATE_NOOP("plural", "were"),
    QT_TRANSLATE_NOOP("plural", "has"), QT_TRANSLATE_NOOP("plural", "have"),
)  # fmt: skip


def _regular_plural(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def human_duration(seconds: float) -> str:
    """``45 s``, ``12 min``, ``3.5 h``, ``2.0 days``: for ETAs and chart scales."""
    if seconds < 90:
        return _t("%1 s").replace("%1", number(round(seconds)))
    if seconds < 5400:
        return _t("%1 min").replace("%1", number(round(seconds / 60)))
    if seconds < 2 * 86400:
        return _t("%1 h").replace("%1", number(seconds / 3600, 1))
    return _t("%1 days").replace("%1", number(seconds / 86400, 1))


def _t(text: str) -> str:
    return QCoreApplication.translate("format", text)


def until(value: datetime | None, *, now: datetime | None = None) -> str:
    """``in 5 min`` / ``now`` for a stored (UTC) time; ``""`` for None."""
    if value is None:
        return ""
    reference = now or datetime.now(UTC)
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    ref = reference if reference.tzinfo is not None else reference.replace(tzinfo=UTC)
    left = (aware - ref) / timedelta(seconds=1)
    return _t("now") if left <= 1 else _t("in %1").replace("%1", human_duration(left))


def next_try(value: datetime | None, *, now: datetime | None = None) -> str:
    """A deferred message's next try for people: local time, or "due now" once it passed
    (a time in the past reads like a bug)."""
    if value is None:
        return ""
    reference = now or datetime.now(UTC)
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    ref = reference if reference.tzinfo is not None else reference.replace(tzinfo=UTC)
    return _t("due now") if aware <= ref else local_time(value, now=now)


STATUS_NAMES = {  # translated where shown
    "queued": QT_TRANSLATE_NOOP("MessageStatus", "Queued"),
    "sending": QT_TRANSLATE_NOOP("MessageStatus", "Sending"),
    "deferred": QT_TRANSLATE_NOOP("MessageStatus", "Deferred"),
    "sent": QT_TRANSLATE_NOOP("MessageStatus", "Sent"),
    "failed": QT_TRANSLATE_NOOP("MessageStatus", "Failed"),
    "unknown": QT_TRANSLATE_NOOP("MessageStatus", "Unknown"),
    "held": QT_TRANSLATE_NOOP("MessageStatus", "Held"),
    "cancelled": QT_TRANSLATE_NOOP("MessageStatus", "Cancelled"),
    "bounced": QT_TRANSLATE_NOOP("MessageStatus", "Bounced"),
}


def status_name(status: str) -> str:
    """A message status as the window shows it ("deferred" → "Deferred", "Rinviato")."""
    english = STATUS_NAMES.get(status, status.capitalize())
    return QCoreApplication.translate("MessageStatus", english)


STATUS_WORDS = (  # the lowercase words the queue table shows, for the translators
    QT_TRANSLATE_NOOP("MessageStatusWord", "queued"),
    QT_TRANSLATE_NOOP("MessageStatusWord", "sending"),
    QT_TRANSLATE_NOOP("MessageStatusWord", "deferred"),
    QT_TRANSLATE_NOOP("MessageStatusWord", "sent"),
    QT_TRANSLATE_NOOP("MessageStatusWord", "failed"),
    QT_TRANSLATE_NOOP("MessageStatusWord", "unknown"),
    QT_TRANSLATE_NOOP("MessageStatusWord", "held"),
    QT_TRANSLATE_NOOP("MessageStatusWord", "cancelled"),
    QT_TRANSLATE_NOOP("MessageStatusWord", "bounced"),
)


def status_word(status: str) -> str:
    """A status as written in tables ("deferred"; "rinviato" in Italian)."""
    return QCoreApplication.translate("MessageStatusWord", status)
