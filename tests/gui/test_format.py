"""gui/format.py: counts in words, stored UTC shown in local time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from gui.format import local_datetime, local_time, next_try, plural, set_local_zone


def test_plurals() -> None:
    assert plural(1, "message") == "1 message"
    assert plural(2, "message") == "2 messages"
    assert plural(1_234, "contact") == "1,234 contacts"
    assert plural(0, "reply") == "0 replies"


def test_stored_utc_is_shown_in_local_time() -> None:
    set_local_zone(timezone(timedelta(hours=2)))
    try:
        stored = datetime(2026, 12, 1, 6, 0)  # naive UTC, as the database keeps it
        assert local_time(stored, now=datetime(2026, 12, 1, 7, 0)) == "08:00"
        assert local_datetime(stored) == "2026-12-01 08:00:00"
        assert next_try(stored, now=datetime(2026, 12, 1, 7, 0)) == "due now"
        assert next_try(stored, now=datetime(2026, 12, 1, 5, 0)) == "08:00"
    finally:
        set_local_zone(None)
