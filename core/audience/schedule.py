"""Times, zones and send windows: pure functions of an instant given by the caller.

Every instant here is an aware ``datetime`` in UTC (``as_utc`` turns the database's
naive UTC into one); zones are IANA names read with ``zoneinfo`` (the ``tzdata``
package brings the database where the system has none, as on Windows).

Rules across daylight-saving changes (documented in the README):

- a start time (``--at``) that does not exist (the hour skipped when clocks go
  forward) or is ambiguous (the hour repeated when they go back) is refused with a
  message saying how to write it (an explicit offset picks one of the two);
- a send window is wall-clock time: on the night clocks go forward, a window
  starting inside the skipped hour opens when the clocks reach it (03:00 in Rome);
  on the night they go back, a window covering the repeated hour is open during
  both of its occurrences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.errors import InvalidValue

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_LONG_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
END_OF_DAY = time(23, 59, 59, 999999)  # what "24:00" means as a window's end


def as_utc(value: datetime) -> datetime:
    """An aware UTC datetime (naive values are taken as UTC, as the database stores them)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def naive_utc(value: datetime) -> datetime:
    """What a DateTimeField stores: naive UTC."""
    return as_utc(value).replace(tzinfo=None)


# --- zones -----------------------------------------------------------------------------------


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name`` ("Europe/Rome"), or one clear error."""
    text = (name or "").strip()
    try:
        if not text or text.startswith(("/", ".")) or ".." in text:
            raise ValueError(text)
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidValue(
            f"{name!r} is not a time zone I know.",
            hint="Use an IANA name such as Europe/Rome, America/New_York or UTC.",
        ) from None


def local_zone_name() -> str:
    """The computer's zone as an IANA name (UTC when it cannot be told)."""
    try:
        import tzlocal

        found = tzlocal.get_localzone_name()
    except Exception:  # an odd system setting: say UTC rather than fail
        found = None
    if not found:
        return "UTC"
    try:
        ZoneInfo(found)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return "UTC"
    return found


# --- start times ----------------------------------------------------------------------------


def parse_start_time(text: str, zone_name: str) -> datetime:
    """``--at`` as an aware UTC instant: an ISO date and time, read in ``zone_name``
    unless it carries its own offset. A local time skipped or repeated by a
    daylight-saving change is refused with a message saying which to write."""
    raw = (text or "").strip()
    try:
        parsed = datetime.fromisoformat(raw.replace(" ", "T", 1) if "T" not in raw else raw)
    except ValueError:
        raise InvalidValue(
            f"{text!r} is not a date and time.",
            hint="Write it as YYYY-MM-DD HH:MM, e.g. 2026-03-02 09:00 (optionally with an "
            "offset such as +01:00).",
        ) from None
    if len(raw) <= 10:  # a date alone: midnight would surprise more than it helps
        raise InvalidValue(f"{text!r} has no time of day.", hint="Write it as YYYY-MM-DD HH:MM.")
    if parsed.tzinfo is not None:
        return parsed.astimezone(UTC)
    where = zone(zone_name)
    return local_to_utc(parsed, where, str(where))


def local_to_utc(wall: datetime, where: tzinfo, zone_label: str) -> datetime:
    """A naive wall-clock time in ``where`` as UTC; refuses skipped and repeated times."""
    first = wall.replace(tzinfo=where, fold=0)
    second = wall.replace(tzinfo=where, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first.astimezone(UTC)
    shown = wall.strftime("%Y-%m-%d %H:%M")
    back = first.astimezone(UTC).astimezone(where).replace(tzinfo=None)
    if back != wall:
        raise InvalidValue(
            f"{shown} does not exist in {zone_label}: the clocks skip that hour for "
            "daylight saving time.",
            hint="Choose a time outside the skipped hour (e.g. one hour later).",
        )
    before = _offset_text(first)
    after = _offset_text(second)
    raise InvalidValue(
        f"{shown} happens twice in {zone_label}: the clocks go back that night.",
        hint=f"Add the offset to say which: {wall.isoformat(timespec='minutes')}{before} "
        f"(the first) or {wall.isoformat(timespec='minutes')}{after} (the second).",
    )


def _offset_text(value: datetime) -> str:
    offset = value.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


# --- durations ------------------------------------------------------------------------------

_DURATION_PART = re.compile(r"(\d+)\s*([wdhm])", re.IGNORECASE)
_UNIT_SECONDS = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60}


def parse_duration(text: str) -> int:
    """``3d``, ``12h``, ``1d12h``, ``90m``, ``2w`` → seconds (one clear error otherwise)."""
    raw = (text or "").strip().lower().replace(" ", "")
    parts = _DURATION_PART.findall(raw)
    if not raw or "".join(n + u for n, u in parts) != raw:
        raise InvalidValue(
            f"{text!r} is not a duration.",
            hint="Write a number and a unit: 3d (days), 12h (hours), 30m (minutes), 2w "
            "(weeks), or combine them, e.g. 1d12h.",
        )
    seconds = sum(int(n) * _UNIT_SECONDS[u] for n, u in parts)
    if seconds <= 0:
        raise InvalidValue(f"{text!r} is no time at all.", hint="Use e.g. 3d or 12h.")
    return seconds


def describe_duration(seconds: int) -> str:
    """The shortest way to write ``seconds`` back (``parse_duration``'s units)."""
    out = []
    for unit in ("w", "d", "h", "m"):
        count, seconds = divmod(seconds, _UNIT_SECONDS[unit])
        if count:
            out.append(f"{count}{unit}")
    return "".join(out) or "0m"


# --- send windows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SendWindow:
    """Days of the week (0 = Monday) and a wall-clock span [start, end) on each of them."""

    days: frozenset[int]
    start: time
    end: time  # END_OF_DAY for 24:00

    def spec(self) -> str:
        """The canonical text (``mon-fri 09:00-17:30``), what is stored and shown."""
        return f"{_days_text(self.days)} {self.start:%H:%M}-{_end_text(self.end)}"

    def contains(self, wall: datetime) -> bool:
        """Whether a wall-clock (naive, local) time falls inside the window."""
        if wall.weekday() not in self.days:
            return False
        moment = wall.time()
        return self.start <= moment and (moment <= self.end if self.end == END_OF_DAY
                                          else moment < self.end)  # fmt: skip


def _end_text(end: time) -> str:
    return "24:00" if end == END_OF_DAY else f"{end:%H:%M}"


def _days_text(days: frozenset[int]) -> str:
    if days == frozenset(range(7)):
        return "daily"
    ordered = sorted(days)
    runs: list[list[int]] = []
    for day in ordered:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(
        DAY_NAMES[r[0]] if len(r) == 1 else f"{DAY_NAMES[r[0]]}-{DAY_NAMES[r[-1]]}" for r in runs
    )


_WINDOW = re.compile(
    r"^\s*(?P<days>\S+)\s+(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})\s*$"
)
_WINDOW_HINT = (
    'Write days and hours, e.g. "mon-fri 09:00-17:30", "sat 10:00-13:00" or '
    '"daily 08:00-20:00" (days: mon tue wed thu fri sat sun, ranges with -, lists with ,).'
)


def parse_window(text: str) -> SendWindow:
    """``"mon-fri 09:00-17:30"`` → a ``SendWindow`` (one clear error otherwise)."""
    match = _WINDOW.match(text or "")
    if match is None:
        raise InvalidValue(f"The send window {text!r} is not DAYS HH:MM-HH:MM.", hint=_WINDOW_HINT)
    days = _parse_days(match["days"], text)
    start = _parse_clock(match["start"], text, end=False)
    end = _parse_clock(match["end"], text, end=True)
    if end <= start:
        raise InvalidValue(
            f"The send window {text!r} ends before it starts.",
            hint="A window stays within one day: for a night window write two, e.g. "
            '"mon-fri 22:00-24:00" and "tue-sat 00:00-06:00".',
        )
    return SendWindow(days, start, end)


def _parse_clock(value: str, text: str, *, end: bool) -> time:
    hours, minutes = (int(x) for x in value.split(":"))
    if end and hours == 24 and minutes == 0:
        return END_OF_DAY
    if hours > 23 or minutes > 59:
        raise InvalidValue(
            f"{value} in the send window {text!r} is not a time of day.",
            hint="Hours go from 00:00 to 24:00.",
        )
    return time(hours, minutes)


def _day_index(name: str, text: str) -> int:
    word = name.strip().lower()
    for names in (DAY_NAMES, _LONG_DAY_NAMES):
        if word in names:
            return names.index(word)
    raise InvalidValue(f"{name!r} in the send window {text!r} is not a day.", hint=_WINDOW_HINT)


def _parse_days(spec: str, text: str) -> frozenset[int]:
    if spec.lower() in ("daily", "all", "*"):
        return frozenset(range(7))
    days: set[int] = set()
    for part in spec.split(","):
        if "-" in part:
            first_name, _, last_name = part.partition("-")
            first, last = _day_index(first_name, text), _day_index(last_name, text)
            day = first
            days.add(day)
            while day != last:  # fri-mon wraps over the weekend
                day = (day + 1) % 7
                days.add(day)
        else:
            days.add(_day_index(part, text))
    return frozenset(days)


@dataclass(frozen=True)
class WindowSchedule:
    """A campaign's send windows in one zone. No windows means always open."""

    windows: tuple[SendWindow, ...]
    where: tzinfo
    zone_label: str

    @classmethod
    def parse(cls, specs: list[str], zone_name: str) -> WindowSchedule:
        where = zone(zone_name)
        return cls(tuple(parse_window(s) for s in specs), where, str(where))

    @property
    def always_open(self) -> bool:
        return not self.windows

    def specs(self) -> list[str]:
        return [w.spec() for w in self.windows]

    def is_open(self, now: datetime) -> bool:
        """Whether a message may leave at the instant ``now``."""
        if not self.windows:
            return True
        wall = as_utc(now).astimezone(self.where).replace(tzinfo=None)
        return any(w.contains(wall) for w in self.windows)

    def next_opening(self, now: datetime) -> datetime | None:
        """The first instant at or after ``now`` when a window is open (``now`` itself
        when one is open); None when no window ever opens (cannot happen for parsed ones)."""
        now = as_utc(now)
        if self.is_open(now):
            return now
        local_today = now.astimezone(self.where).date()
        candidates: list[datetime] = []
        for offset in range(0, 9):
            day = local_today + timedelta(days=offset)
            for window in self.windows:
                if day.weekday() in window.days:
                    candidates.extend(self._openings(day, window.start))
        for candidate in sorted(c for c in candidates if c > now):
            if self.is_open(candidate):
                return candidate
        return None

    def closes_at(self, now: datetime) -> datetime | None:
        """When the window open at ``now`` closes (None when closed, or no windows)."""
        now = as_utc(now)
        if not self.windows or not self.is_open(now):
            return None
        # Walk forward by minutes is exact enough for display and bounded to a day.
        step = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
        for _ in range(24 * 60 + 1):
            if not self.is_open(step):
                return step
            step += timedelta(minutes=1)
        return None

    def _openings(self, day: date, start: time) -> list[datetime]:
        """The UTC instants at which the wall clock reads ``day start`` (none, one or two),
        plus, when that time is skipped, the moment the clocks jump past it."""
        wall = datetime.combine(day, start)
        first = wall.replace(tzinfo=self.where, fold=0).astimezone(UTC)
        second = wall.replace(tzinfo=self.where, fold=1).astimezone(UTC)
        if first == second:
            return [first]
        early, late = min(first, second), max(first, second)
        # The change happens between the two readings: find the instant it does.
        lo, hi = early, late
        offset_lo = lo.astimezone(self.where).utcoffset()
        while hi - lo > timedelta(seconds=1):
            mid = lo + (hi - lo) / 2
            if mid.astimezone(self.where).utcoffset() == offset_lo:
                lo = mid
            else:
                hi = mid
        return [early, hi.replace(microsecond=0), late]


def describe_instant(value: datetime, where: tzinfo) -> str:
    """``Mon 2 Mar 2026 09:00 CET`` for messages (local time of the zone given)."""
    local = as_utc(value).astimezone(where)
    return f"{local:%a} {local.day} {local:%b %Y %H:%M} {local.tzname() or ''}".rstrip()
