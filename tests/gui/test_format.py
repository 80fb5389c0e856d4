"""gui/format.py: counts in words, stored UTC shown in local time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from gui.format import local_datetime, local_time, next_try, plural, set_local_zone


def test_plurals() -> None:
    assert plural(1, "message") == "1 message"
    assert plural(2, "message") == "2 messages"
    assert plural(1_234, "contact") == "1,234 contacts"
    assert plural(0, "reply") == "0 replies"


def test_italian_dates_numbers_and_plurals(qapp) -> None:
    from gui import i18n

    set_local_zone(timezone(timedelta(hours=1)))  # Rome in winter
    i18n.install(qapp, "it")
    try:
        stored = datetime(2026, 12, 1, 13, 5, 12)
        assert local_time(stored, now=datetime(2026, 12, 20)) == "1 dic 2026, 14:05"
        assert local_time(stored, now=datetime(2026, 12, 3)) == "mar 14:05"
        assert local_datetime(stored) == "1 dic 2026, 14:05:12"
        assert plural(1, "message") == "1 messaggio"
        assert plural(1_234_567, "message") == "1.234.567 messaggi"
        assert plural(0, "contact") == "0 contatti"
        assert plural(2, "person") == "2 persone"
    finally:
        i18n.uninstall(qapp)
        set_local_zone(None)
    assert plural(1_234, "address") == "1,234 addresses"
    assert local_datetime(datetime(2026, 12, 1, 13, 5, 12)).startswith("1 Dec 2026")


def test_english_plural_marks_are_resolved() -> None:
    from gui.i18n import numerus

    assert numerus("1 message(s) (is|are) held. (It stays|They stay).", 1) == (
        "1 message is held. It stays."
    )
    assert numerus("3 address(es) held (Ctrl+H).", 3) == "3 addresses held (Ctrl+H)."
    assert numerus("1234 message(s)", 1234) == "1,234 messages"  # C locale: as number()


def test_stored_utc_is_shown_in_local_time() -> None:
    set_local_zone(timezone(timedelta(hours=2)))
    try:
        stored = datetime(2026, 12, 1, 6, 0)  # naive UTC, as the database keeps it
        assert local_time(stored, now=datetime(2026, 12, 1, 7, 0)) == "08:00"
        assert local_datetime(stored) == "1 Dec 2026, 08:00:00"  # never raw ISO
        assert local_time(stored, now=datetime(2026, 12, 20)) == "1 Dec 2026, 08:00"
        assert local_time(stored, now=datetime(2026, 12, 3)) == "Tue 08:00"
        assert next_try(stored, now=datetime(2026, 12, 1, 7, 0)) == "due now"
        assert next_try(stored, now=datetime(2026, 12, 1, 5, 0)) == "08:00"
    finally:
        set_local_zone(None)
