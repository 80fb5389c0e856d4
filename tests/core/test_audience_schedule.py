"""Times, zones and send windows as pure functions of the instant given (no clock read)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.audience.policy import SendPolicy, WaitKind
from core.audience.schedule import (
    WindowSchedule,
    describe_duration,
    parse_duration,
    parse_start_time,
    parse_window,
)
from core.audience.warmup import cap_for_day, parse_warmup, warmup_day
from core.errors import InvalidValue


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_start_times_are_read_in_their_zone_across_dst():
    assert parse_start_time("2026-03-28 09:00", "Europe/Rome") == utc(2026, 3, 28, 8)
    assert parse_start_time("2026-03-30 09:00", "Europe/Rome") == utc(2026, 3, 30, 7)
    assert parse_start_time("2026-10-25T03:30", "Europe/Rome") == utc(2026, 10, 25, 2, 30)
    assert parse_start_time("2026-10-25T02:30+01:00", "Europe/Rome") == utc(2026, 10, 25, 1, 30)
    assert parse_start_time("2026-10-25T02:30+02:00", "Europe/Rome") == utc(2026, 10, 25, 0, 30)
    with pytest.raises(InvalidValue, match="does not exist in Europe/Rome"):
        parse_start_time("2026-03-29 02:30", "Europe/Rome")
    with pytest.raises(InvalidValue, match="happens twice") as info:
        parse_start_time("2026-10-25 02:30", "Europe/Rome")
    assert "2026-10-25T02:30+02:00 (the first) or 2026-10-25T02:30+01:00" in info.value.user_text()


def test_a_window_in_the_skipped_hour_opens_when_the_clocks_reach_it():
    rome = WindowSchedule.parse(["sun 02:30-04:00"], "Europe/Rome")
    assert not rome.is_open(utc(2026, 3, 29, 0, 59, 59))  # 01:59:59 CET
    assert rome.is_open(utc(2026, 3, 29, 1, 0))  # 03:00 CEST
    assert rome.is_open(utc(2026, 3, 29, 1, 59))  # 03:59 CEST
    assert not rome.is_open(utc(2026, 3, 29, 2, 0))  # 04:00 CEST
    assert rome.next_opening(utc(2026, 3, 28, 12)) == utc(2026, 3, 29, 1, 0)
    # The Sunday after: the wall clock reads 02:30 CEST = 00:30 UTC.
    assert rome.next_opening(utc(2026, 3, 29, 2, 0)) == utc(2026, 4, 5, 0, 30)


def test_a_window_over_the_repeated_hour_is_open_both_times():
    rome = WindowSchedule.parse(["sun 02:00-02:30"], "Europe/Rome")
    assert rome.is_open(utc(2026, 10, 25, 0, 10))  # 02:10 CEST
    assert not rome.is_open(utc(2026, 10, 25, 0, 45))  # 02:45 CEST
    assert rome.is_open(utc(2026, 10, 25, 1, 10))  # 02:10 CET
    assert not rome.is_open(utc(2026, 10, 25, 1, 30))
    assert rome.next_opening(utc(2026, 10, 25, 0, 45)) == utc(2026, 10, 25, 1, 0)


def test_office_hours_follow_the_local_clock_over_both_changes():
    office = WindowSchedule.parse(["mon-fri 09:00-17:30"], "Europe/Rome")
    assert office.next_opening(utc(2026, 3, 27, 16, 30)) == utc(2026, 3, 30, 7)  # CET → CEST
    assert office.next_opening(utc(2026, 10, 23, 15, 30)) == utc(2026, 10, 26, 8)  # CEST → CET
    assert office.is_open(utc(2026, 3, 27, 16, 29)) and not office.is_open(utc(2026, 3, 27, 16, 30))
    assert office.closes_at(utc(2026, 3, 30, 12)) == utc(2026, 3, 30, 15, 30)
    # Walking every 10 minutes through the change week, open exactly during local hours.
    moment = utc(2026, 3, 23)
    while moment < utc(2026, 4, 6):
        local = moment.astimezone(office.where)
        expected = local.weekday() < 5 and (9, 0) <= (local.hour, local.minute) < (17, 30)
        assert office.is_open(moment) is expected, moment
        moment += timedelta(minutes=10)


def test_no_windows_means_always_open_and_several_windows_combine():
    assert WindowSchedule.parse([], "UTC").is_open(utc(2026, 1, 1, 3))
    two = WindowSchedule.parse(["mon-fri 09:00-12:00", "sat,sun 10:00-24:00"], "UTC")
    assert two.is_open(utc(2026, 3, 1, 23, 59))  # Sunday
    assert two.next_opening(utc(2026, 3, 2, 12, 0)) == utc(2026, 3, 3, 9)
    assert parse_window("fri-mon 08:00-09:00").days == frozenset({4, 5, 6, 0})
    assert parse_window("Monday 8:00-9:00").spec() == "mon 08:00-09:00"
    assert parse_window("daily 00:00-24:00").spec() == "daily 00:00-24:00"


def test_durations_and_warmup_steps():
    assert parse_duration("3d") == 3 * 86400
    assert parse_duration("1d12h") == 36 * 3600
    assert parse_duration("90m") == 5400 and describe_duration(5400) == "1h30m"
    assert parse_warmup("50, 100,250") == [50, 100, 250] and parse_warmup("") == []
    start = utc(2026, 3, 2, 10)
    assert warmup_day(None, start) == 0
    assert warmup_day(start, start + timedelta(hours=23, minutes=59)) == 0
    assert warmup_day(start, start + timedelta(days=1)) == 1
    assert [cap_for_day([50, 100], 0, d) for d in range(3)] == [50, 100, 0]
    assert [cap_for_day([50, 5000], 1000, d) for d in range(3)] == [50, 1000, 1000]


def test_the_policy_holds_a_campaign_until_its_time_then_its_window():
    class Row:
        id = 7
        scheduled_at = datetime(2026, 3, 28, 8, 0)  # naive UTC, as stored
        send_windows = ["mon-fri 09:00-17:30"]
        time_zone = "Europe/Rome"
        skip_if_sent_within = 0

    clock_now = [utc(2026, 3, 28, 7, 0)]
    policy = SendPolicy(lambda: clock_now[0])
    policy.track(Row())  # type: ignore[arg-type]
    first = policy.may_leave(7)
    assert not first.allowed and first.kind == WaitKind.SCHEDULED
    assert first.wait_until == utc(2026, 3, 28, 8)
    clock_now[0] = utc(2026, 3, 28, 8)  # Saturday: started, but outside the window
    second = policy.may_leave(7)
    assert second.kind == WaitKind.WINDOW and second.wait_until == utc(2026, 3, 30, 7)
    assert "Mon 30 Mar 2026 09:00 CEST" in second.reason
    clock_now[0] = utc(2026, 3, 30, 7)
    assert policy.may_leave(7).allowed
    assert policy.held_back([7, 8]) == {}


# --- the outlook of windows read in each recipient's zone (what the window says) -----------


def test_recipient_zone_outlook_across_new_yorks_dst_change():
    """Windows 09:00-17:00 in each recipient's zone, seen from Saturday 7 March 2026: New
    York moves its clocks on the Sunday, Rome three weeks later, so New York's Monday
    09:00 is 13:00 UTC (not 14:00); Tokyo opens first. A recipient without a zone, or
    with one that is not a zone, is read in the campaign's (Rome), as the worker does."""
    from core.audience.policy import recipient_window_outlook

    windows = WindowSchedule.parse(["mon-fri 09:00-17:00"], "Europe/Rome")
    counts = {"America/New_York": 3, "Asia/Tokyo": 2, None: 1, "Mars/Olympus": 1}
    saturday = recipient_window_outlook(windows, counts, utc(2026, 3, 7, 12))
    assert (saturday.open_now, saturday.waiting) == (0, 7)
    assert saturday.first_opening == utc(2026, 3, 9, 0) and saturday.first_zone == "Asia/Tokyo"
    assert saturday.first_count == 2
    assert saturday.last_opening == utc(2026, 3, 9, 13)  # 09:00 EDT
    assert saturday.local_start == datetime(2026, 1, 1, 9).time()
    assert (saturday.zones, saturday.without_zone) == (3, 2)

    # Monday 13:30 UTC: Rome (14:30) and New York (09:30 EDT) are inside, Tokyo closed.
    monday = recipient_window_outlook(windows, counts, utc(2026, 3, 9, 13, 30))
    assert (monday.open_now, monday.waiting) == (5, 2)
    assert monday.first_opening == monday.last_opening == utc(2026, 3, 10, 0)
    # One minute before New York opens, its three wait with Tokyo's two; New York first.
    before = recipient_window_outlook(windows, counts, utc(2026, 3, 9, 12, 59))
    assert (before.open_now, before.waiting) == (2, 5)
    assert before.first_opening == utc(2026, 3, 9, 13) and before.first_count == 3
    assert before.first_zone == "America/New_York"


def test_recipient_zone_outlook_agrees_with_the_worker_and_with_several_windows():
    """The outlook's first opening is the earliest instant the worker's policy lets a
    waiting message leave; windows starting at different hours have no single
    "their time"."""
    from core.audience.policy import CampaignTiming, recipient_window_outlook

    windows = WindowSchedule.parse(["mon-fri 09:00-12:00", "sat 10:00-11:00"], "UTC")
    counts = {"Europe/Rome": 4, "America/Los_Angeles": 1}
    friday_night = utc(2026, 10, 23, 22)  # Rome's clocks go back on Sunday 25 October
    outlook = recipient_window_outlook(windows, counts, friday_night)
    assert outlook.waiting == 5 and outlook.local_start == datetime(2026, 1, 1, 10).time()
    assert outlook.first_opening == utc(2026, 10, 24, 8)  # Saturday 10:00 CEST
    policy = SendPolicy(clock=lambda: friday_night)
    policy._timings[1] = CampaignTiming(1, None, windows, "UTC", 0, "tz")
    verdict = policy.may_leave_to(1, {"fields": {"tz": "Europe/Rome"}})
    assert not verdict.allowed and verdict.wait_until == outlook.first_opening
    assert policy.may_leave_to(1, {"fields": {"tz": "Europe/Rome"}},
                               outlook.first_opening).allowed  # fmt: skip
    # Monday after the change: Rome opens 09:00 CET (08:00 UTC), Los Angeles still on PDT.
    sunday = recipient_window_outlook(windows, counts, utc(2026, 10, 25, 12))
    assert sunday.first_opening == utc(2026, 10, 26, 8)
    assert sunday.last_opening == utc(2026, 10, 26, 16)  # 09:00 PDT
    assert sunday.local_start == datetime(2026, 1, 1, 9).time()
    mixed = recipient_window_outlook(windows, counts, utc(2026, 10, 24, 8, 30))
    assert mixed.open_now == 4 and mixed.waiting == 1  # 10:30 in Rome: its Saturday window
    assert mixed.first_opening == utc(2026, 10, 24, 17)  # 10:00 in Los Angeles
    nobody = recipient_window_outlook(windows, {}, friday_night)
    assert (nobody.waiting, nobody.first_opening, nobody.local_start) == (0, None, None)
