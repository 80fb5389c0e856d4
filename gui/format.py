"""How the window writes numbers, counts and times, the same on every page.

The database stores naive UTC (``core.models.utcnow``); people read their local time.
Every time shown goes through ``local_time``/``local_datetime``; every count with a
noun through ``plural`` ("1 message", "2 messages").
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QObject, QTime

from gui.i18n import QT_TRANSLATE_NOOP, number, numerus

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
    """``14:05`` today, ``Tue 14:05`` within a week, ``1 Dec 2026, 14:05`` otherwise, in
    the window's locale (``mar 14:05``, ``1 dic 2026, 14:05`` in Italian)."""
    if value is None:
        return ""
    shown = to_local(value)
    today = to_local(now) if now is not None else to_local(datetime.now(UTC))
    locale = QLocale()  # day and month names, 12/24 h in the window's language
    clock = _qtime(shown, locale, seconds=False)
    if shown.date() == today.date():
        return clock
    if abs((shown.date() - today.date()).days) < 7:
        return f"{locale.dayName(shown.isoweekday(), QLocale.FormatType.ShortFormat)} {clock}"
    return f"{_qdate(shown, locale)}, {clock}"


def local_datetime(value: datetime | None) -> str:
    """``1 Dec 2026, 09:05:12`` in local time and the window's locale (``1 dic 2026,
    09:05:12`` in Italian): tables and details, to the second, never raw ISO."""
    if value is None:
        return ""
    shown = to_local(value)
    locale = QLocale()
    return f"{_qdate(shown, locale)}, {_qtime(shown, locale, seconds=True)}"


def zone_time(value: datetime | None, zone_name: str | None) -> str:
    """``Thu 3 Dec 2026, 09:00 (Europe/Rome)``: a moment in a campaign's zone, the zone
    named (the computer's, unnamed, when ``zone_name`` is None or unknown)."""
    if value is None:
        return ""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    where: tzinfo | None = None
    if zone_name:
        try:
            from zoneinfo import ZoneInfo

            where = ZoneInfo(zone_name)
        except (ValueError, OSError, KeyError):
            where = None
    shown = aware.astimezone(where) if where is not None else to_local(aware)
    locale = QLocale()
    day = locale.dayName(shown.isoweekday(), QLocale.FormatType.ShortFormat)
    text = f"{day} {_qdate(shown, locale)}, {_qtime(shown, locale, seconds=False)}"
    return f"{text} ({zone_name})" if where is not None else text


def _qdate(shown: datetime, locale: QLocale) -> str:
    """The locale's long date without the weekday, months abbreviated: ``1 dic 2026``,
    ``Dec 1, 2026`` (US), ``1 Dec 2026`` (C, UK)."""
    pattern = locale.dateFormat(QLocale.FormatType.LongFormat)
    pattern = re.sub(r"d{4}\W*", "", pattern).replace("MMMM", "MMM").strip(" ,")
    return locale.toString(QDate(shown.year, shown.month, shown.day), pattern)


def _qtime(shown: datetime, locale: QLocale, *, seconds: bool) -> str:
    pattern = locale.timeFormat(QLocale.FormatType.ShortFormat)
    if seconds and "ss" not in pattern:
        pattern = pattern.replace("mm", "mm:ss", 1)
    return locale.toString(QTime(shown.hour, shown.minute, shown.second), pattern)


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """``1 message``, ``2 messages``, ``1,234 people`` (``1.234 persone`` in Italian).

    Each counted noun is one Qt ``%Ln`` plural in the "Counts" context (listed in
    ``Counts`` for lupdate; the catalogue has Italian's forms); the number is written in
    the window's locale. A noun not listed reads in English (``plural_form`` or
    ``noun + "s"``). Whole sentences whose words agree with the number (``%n messages
    held``) use ``self.tr(source, "", n)`` with ``i18n.numerus`` instead.
    """
    source = _COUNTED.get(noun)
    if source is None:
        english = noun if count == 1 else (plural_form or _regular_plural(noun))
        return f"{number(count)} {english}"
    return numerus(QCoreApplication.translate("Counts", source, "", count), count)


class Counts(QObject):
    """Every noun counted with ``plural``, for lupdate (never called)."""

    def sources(self, n: int) -> tuple[str, ...]:
        return (
            self.tr("%Ln message(s)", "", n), self.tr("%Ln contact(s)", "", n),
            self.tr("%Ln address(es)", "", n), self.tr("%Ln attempt(s)", "", n),
            self.tr("%Ln campaign(s)", "", n), self.tr("%Ln recipient(s)", "", n),
            self.tr("%Ln row(s)", "", n), self.tr("%Ln test(s)", "", n),
            self.tr("%Ln deferred message(s)", "", n), self.tr("%Ln failed message(s)", "", n),
            self.tr("%Ln unsent message(s)", "", n), self.tr("%Ln new contact(s)", "", n),
            self.tr("%Ln selected recipient(s)", "", n), self.tr("%Ln segment(s)", "", n),
            self.tr("%Ln list(s)", "", n), self.tr("%Ln (person|people)", "", n),
            self.tr("%Ln (reply|replies)", "", n), self.tr("%Ln bounce(s)", "", n),
            self.tr("%Ln complaint(s)", "", n), self.tr("%Ln mail(s)", "", n),
        )  # fmt: skip


_COUNTED = {
    "message": "%Ln message(s)", "contact": "%Ln contact(s)", "address": "%Ln address(es)",
    "attempt": "%Ln attempt(s)", "campaign": "%Ln campaign(s)", "recipient": "%Ln recipient(s)",
    "row": "%Ln row(s)", "test": "%Ln test(s)", "deferred message": "%Ln deferred message(s)",
    "failed message": "%Ln failed message(s)", "unsent message": "%Ln unsent message(s)",
    "new contact": "%Ln new contact(s)", "selected recipient": "%Ln selected recipient(s)",
    "segment": "%Ln segment(s)", "list": "%Ln list(s)", "person": "%Ln (person|people)",
    "reply": "%Ln (reply|replies)", "bounce": "%Ln bounce(s)", "complaint": "%Ln complaint(s)",
    "mail": "%Ln mail(s)",
}  # fmt: skip


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


CONTACT_STATUS_WORDS = {  # a contact's status as the Contacts page shows it
    "active": QT_TRANSLATE_NOOP("ContactStatusWord", "active"),
    "unsubscribed": QT_TRANSLATE_NOOP("ContactStatusWord", "unsubscribed"),
    "bounced": QT_TRANSLATE_NOOP("ContactStatusWord", "bounced"),
    "complained": QT_TRANSLATE_NOOP("ContactStatusWord", "complained"),
    "suppressed": QT_TRANSLATE_NOOP("ContactStatusWord", "suppressed"),
}


def contact_status_word(status: str) -> str:
    """"unsubscribed" ("disiscritto" in Italian); an unknown status as it is."""
    return QCoreApplication.translate("ContactStatusWord", status) if status in CONTACT_STATUS_WORDS else status
