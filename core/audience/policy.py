"""May this message leave now? The one policy the sending worker asks (ARCHITECTURE.md).

The answer depends on time only through the clock the policy is given, so tests move
an injected clock instead of sleeping. Per campaign it knows the start time (a
``scheduled`` campaign is never sent before it; the worker starts it with
``start_due_campaigns``) and the send windows; per profile the warm-up and daily cap
live in ``core.audience.warmup``.

Send windows in the recipient's own time zone (``Campaign.recipient_zone_field``): the
windows are read in the zone named by that field of each recipient (an IANA name such
as ``Asia/Tokyo``), or in the campaign's zone for a recipient without a valid one. The
campaign as a whole is then never held back by its windows (someone may be inside
theirs); ``may_leave_to`` answers for one message, and the worker defers a message
whose recipient is outside their window until it opens (``WaitKind.RECIPIENT_WINDOW``).
"""

from __future__ import annotations

import threading
import time as time_module
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time
from enum import StrEnum
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from core.audience.schedule import (
    WindowSchedule,
    as_utc,
    describe_instant,
    local_zone_name,
    naive_utc,
    zone,
)
from core.errors import InvalidValue
from core.models import Campaign, CampaignStatus, database_proxy

Clock = Callable[[], datetime]
_monotonic = time_module.monotonic


def system_clock() -> datetime:
    return datetime.now(UTC)


class WaitKind(StrEnum):
    SCHEDULED = "scheduled"  # before the campaign's start time
    WINDOW = "send window"  # outside its send windows
    RECIPIENT_WINDOW = "recipient's send window"  # outside the window in their own zone


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    wait_until: datetime | None = None  # UTC; when it may leave (None: not known)
    kind: WaitKind | None = None
    reason: str = ""  # for people: "send window opens Mon 2 Mar 2026 09:00 CET"


ALLOWED = Verdict(True)


@dataclass(frozen=True)
class CampaignTiming:
    campaign_id: int
    scheduled_at: datetime | None  # aware UTC
    windows: WindowSchedule | None
    zone_name: str
    frequency_cap: int = 0  # seconds: skip who got any campaign message that recently
    # The contact field naming each recipient's zone (windows read in it), or None.
    recipient_zone_field: str | None = None

    @classmethod
    def of(cls, campaign: Campaign) -> CampaignTiming:
        return cls(campaign.id, _aware(campaign.scheduled_at), windows_of(campaign),
                   campaign.time_zone or local_zone_name(),
                   int(campaign.skip_if_sent_within or 0),
                   getattr(campaign, "recipient_zone_field", None) or None)  # fmt: skip


def recipient_zone(variables: Mapping[str, Any], field: str) -> ZoneInfo | None:
    """The zone a recipient's ``field`` names (in the message's snapshot of their fields,
    matched without regard to case), or None when it is missing or not an IANA name."""
    fields = variables.get("fields") or {}
    value = fields.get(field)
    if value is None:
        lowered = field.lower()
        value = next((v for k, v in fields.items() if str(k).lower() == lowered), None)
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return zone(text)
    except InvalidValue:
        return None


def windows_of(campaign: Campaign) -> WindowSchedule | None:
    specs = list(campaign.send_windows or [])
    if not specs:
        return None
    return WindowSchedule.parse(specs, campaign.time_zone or "UTC")


def _aware(value: datetime | None) -> datetime | None:
    return as_utc(value) if value is not None else None


class SendPolicy:
    """The worker's answer to "may this message leave now?", per campaign."""

    def __init__(self, clock: Clock = system_clock) -> None:
        self.clock = clock
        self._timings: dict[int, CampaignTiming] = {}
        # A closed window's verdict holds until the window opens: next_opening is the
        # one costly step, and the worker asks on every claim.
        self._closed: dict[int, Verdict] = {}
        # Recipient zones: the windows read in each zone, and each zone's closed verdict.
        self._zone_windows: dict[tuple[int, str], WindowSchedule] = {}
        self._zone_closed: dict[tuple[int, str], Verdict] = {}

    def now(self) -> datetime:
        return as_utc(self.clock())

    def track(self, campaign: Campaign) -> None:
        timing = CampaignTiming.of(campaign)
        if self._timings.get(campaign.id) != timing:
            self._timings[campaign.id] = timing
            self._closed.pop(campaign.id, None)
            for cache in (self._zone_windows, self._zone_closed):
                for key in [k for k in cache if k[0] == campaign.id]:
                    del cache[key]

    def epoch(self) -> float:
        """The clock in seconds since the epoch (for the throttle's daily cap)."""
        return self.now().timestamp()

    def may_leave(self, campaign_id: int, now: datetime | None = None) -> Verdict:
        timing = self._timings.get(campaign_id)
        if timing is None:
            return ALLOWED
        moment = as_utc(now) if now is not None else self.now()
        if timing.scheduled_at is not None and moment < timing.scheduled_at:
            shown = describe_instant(timing.scheduled_at, zone(timing.zone_name))
            return Verdict(False, timing.scheduled_at, WaitKind.SCHEDULED, f"scheduled for {shown}")
        windows = timing.windows
        if timing.recipient_zone_field:
            return ALLOWED  # each message is asked in its recipient's zone (may_leave_to)
        if windows is not None and not windows.is_open(moment):
            cached = self._closed.get(campaign_id)
            if cached is not None and cached.wait_until is not None and moment < cached.wait_until:
                return cached
            opens = windows.next_opening(moment)
            shown = describe_instant(opens, windows.where) if opens else "never"
            verdict = Verdict(False, opens, WaitKind.WINDOW, f"send window opens {shown}")
            self._closed[campaign_id] = verdict
            return verdict
        return ALLOWED

    def may_leave_to(
        self, campaign_id: int, variables: Mapping[str, Any], now: datetime | None = None
    ) -> Verdict:
        """``may_leave`` for one message: with windows in the recipient's zone, whether
        their window (in the zone their field names, else the campaign's) is open."""
        verdict = self.may_leave(campaign_id, now)
        moment = as_utc(now) if now is not None else self.now()
        timing = self._timings.get(campaign_id)
        if not verdict.allowed or timing is None or not timing.recipient_zone_field:
            return verdict
        if timing.windows is None:
            return ALLOWED
        where = recipient_zone(variables, timing.recipient_zone_field)
        name = str(where) if where is not None else timing.zone_name
        key = (campaign_id, name)
        windows = self._zone_windows.get(key)
        if windows is None:
            windows = WindowSchedule(timing.windows.windows, zone(name), name)
            self._zone_windows[key] = windows
        if windows.is_open(moment):
            return ALLOWED
        cached = self._zone_closed.get(key)
        if cached is not None and cached.wait_until is not None and moment < cached.wait_until:
            return cached
        opens = windows.next_opening(moment)
        shown = describe_instant(opens, windows.where) if opens else "never"
        verdict = Verdict(False, opens, WaitKind.RECIPIENT_WINDOW,
                          f"the recipient's send window opens {shown} ({name})")  # fmt: skip
        self._zone_closed[key] = verdict
        return verdict

    def frequency_cap(self, campaign_id: int) -> int:
        """The campaign's frequency cap in seconds (0: none)."""
        timing = self._timings.get(campaign_id)
        return timing.frequency_cap if timing is not None else 0

    def held_back(
        self, campaign_ids: Iterable[int], now: datetime | None = None
    ) -> dict[int, Verdict]:
        """The campaigns among ``campaign_ids`` whose messages may not leave now."""
        moment = as_utc(now) if now is not None else self.now()
        verdicts = {cid: self.may_leave(cid, moment) for cid in campaign_ids}
        return {cid: v for cid, v in verdicts.items() if not v.allowed}


def mailed_since(to_key: str, since: datetime, campaign_id: int) -> bool:
    """Whether another campaign's message to ``to_key`` was sent after ``since`` (the
    frequency cap, asked again right before sending: campaigns started together)."""
    from core.models import Message

    return bool(
        Message.select(Message.id)
        .where(
            (Message.to_key == to_key)
            & (Message.sent_at > naive_utc(since))
            & (Message.campaign != campaign_id)
        )
        .exists()
    )


def start_due_campaigns(now: datetime, campaign_ids: Iterable[int] | None = None) -> list[int]:
    """Scheduled campaigns whose time has come become ``running`` (one UPDATE each, so a
    campaign cancelled meanwhile stays cancelled). Returns their ids."""
    moment = naive_utc(now)
    query = Campaign.select(Campaign.id).where(
        (Campaign.status == CampaignStatus.SCHEDULED) & (Campaign.scheduled_at <= moment)
    )
    ids = list(campaign_ids or [])
    if ids:
        query = query.where(Campaign.id.in_(ids))
    started = []
    for (cid,) in list(query.tuples()):
        with database_proxy.atomic():
            changed = (
                Campaign.update(status=CampaignStatus.RUNNING, started_at=moment)
                .where((Campaign.id == cid) & (Campaign.status == CampaignStatus.SCHEDULED))
                .execute()
            )
        if changed:
            started.append(cid)
    return started


class ScheduledWork(NamedTuple):
    messages: int  # unsent messages of scheduled campaigns
    first_start: datetime | None  # aware UTC: the earliest start time among them


def scheduled_work(campaign_ids: Iterable[int] | None = None) -> ScheduledWork:
    """Work ``send --until-done`` waits for: the scheduled campaigns' messages."""
    from core.models import Message, MessageStatus

    query = Campaign.select(Campaign.id, Campaign.scheduled_at).where(
        Campaign.status == CampaignStatus.SCHEDULED
    )
    ids = list(campaign_ids or [])
    if ids:
        query = query.where(Campaign.id.in_(ids))
    scheduled = list(query.tuples())
    if not scheduled:
        return ScheduledWork(0, None)
    count = int(
        Message.select()
        .where(
            Message.campaign.in_([cid for cid, _at in scheduled])
            & Message.status.in_(MessageStatus.UNSENT)
        )
        .count()
    )
    starts = [as_utc(at) for _cid, at in scheduled if at is not None]
    return ScheduledWork(count, min(starts) if starts else None)


def waits_by_campaign(
    campaign_ids: Iterable[int], now: datetime | None = None
) -> dict[int, Verdict]:
    """For the queue's views: the campaigns among these whose messages wait (for their
    start time or their send window), and until when."""
    ids = sorted(set(campaign_ids))
    if not ids:
        return {}
    policy = SendPolicy()
    moment = as_utc(now) if now is not None else policy.now()
    campaigns = Campaign.select().where(
        Campaign.id.in_(ids)
        & Campaign.status.in_([CampaignStatus.SCHEDULED, CampaignStatus.RUNNING])
    )
    waits = {}
    for campaign in campaigns:
        policy.track(campaign)
        verdict = policy.may_leave(campaign.id, moment)
        if not verdict.allowed and verdict.kind == WaitKind.SCHEDULED and verdict.wait_until:
            # After its start time, its window may still be closed.
            later = policy.may_leave(campaign.id, verdict.wait_until)
            if not later.allowed:
                verdict = Verdict(False, later.wait_until, WaitKind.SCHEDULED,
                                  f"{verdict.reason}, then the {later.reason}")  # fmt: skip
        if not verdict.allowed:
            waits[campaign.id] = verdict
    return waits


class RecipientWaits:
    """For the queue's views: whether one message of a running campaign whose windows are
    read in each recipient's zone waits for its recipient's window, and until when (the
    worker defers it only once it claims it; until then it is queued)."""

    def __init__(self, campaign_ids: Iterable[int], now: datetime | None = None) -> None:
        self.policy = SendPolicy()
        self.moment = as_utc(now) if now is not None else self.policy.now()
        ids = sorted(set(campaign_ids))
        self.tracked: set[int] = set()
        if not ids:
            return
        for campaign in Campaign.select().where(
            Campaign.id.in_(ids) & (Campaign.status == CampaignStatus.RUNNING)
            & Campaign.recipient_zone_field.is_null(False)
        ):  # fmt: skip
            if campaign.send_windows:
                self.policy.track(campaign)
                self.tracked.add(campaign.id)

    def wait_of(self, campaign_id: int | None, variables: Mapping[str, Any]) -> Verdict | None:
        if campaign_id not in self.tracked:
            return None
        verdict = self.policy.may_leave_to(campaign_id, variables or {}, self.moment)
        return None if verdict.allowed else verdict


def next_window_at(campaign: Campaign, now: datetime) -> datetime | None:
    """When the campaign's send window next opens, from ``now`` or from its start time if
    later (that instant while open; None: no windows)."""
    windows = windows_of(campaign)
    if windows is None:
        return None
    moment = as_utc(now)
    if campaign.scheduled_at is not None and as_utc(campaign.scheduled_at) > moment:
        moment = as_utc(campaign.scheduled_at)
    return windows.next_opening(moment)


# --- when the windows in the recipients' own zones open (what the window says) ---------------


@dataclass(frozen=True)
class RecipientWindowOutlook:
    """Where the unsent messages of a campaign whose windows are read in each recipient's
    zone stand at one instant: how many may leave now, how many wait for their window,
    and when the first and last of those windows open.

    ``local_start`` is the wall-clock time the waiting recipients' windows open where
    they are ("09:00 their time") when it is the same for all of them (None otherwise:
    several windows starting at different hours, or a daylight-saving change moving one
    past a skipped hour)."""

    open_now: int  # recipients inside their window at that instant
    waiting: int  # recipients outside it
    first_opening: datetime | None  # aware UTC: the earliest opening among the waiting
    first_zone: str  # the zone that opening is in ("" when nobody waits)
    first_count: int  # recipients whose window opens at that first instant
    last_opening: datetime | None  # aware UTC: when the last waiting recipient's opens
    local_start: time | None
    zones: int  # distinct zones among all the unsent recipients
    without_zone: int  # recipients without a valid zone (read in the campaign's zone)


def recipient_window_outlook(
    windows: WindowSchedule, zone_counts: Mapping[str | None, int], now: datetime
) -> RecipientWindowOutlook:
    """The outlook at ``now`` for recipients counted by the zone their field names (None,
    empty or not an IANA name: the windows' own zone, as the worker reads them). A pure
    function of the instant given, so tests move an injected clock."""
    moment = as_utc(now)
    by_zone: dict[str, int] = {}
    without = 0
    for name, count in zone_counts.items():
        where: ZoneInfo | None = None
        text = str(name or "").strip()
        if text:
            try:
                where = zone(text)
            except InvalidValue:
                where = None
        if where is None:
            without += count
            key = windows.zone_label
        else:
            key = str(where)
        by_zone[key] = by_zone.get(key, 0) + count
    open_now = waiting = 0
    openings: list[tuple[datetime, str, int]] = []
    starts: set[time] = set()
    for name, count in by_zone.items():
        there = WindowSchedule(windows.windows, zone(name), name)
        if there.is_open(moment):
            open_now += count
            continue
        waiting += count
        opens = there.next_opening(moment)
        if opens is None:
            continue
        openings.append((opens, name, count))
        starts.add(opens.astimezone(there.where).time().replace(second=0, microsecond=0))
    openings.sort()
    first = openings[0] if openings else None
    return RecipientWindowOutlook(
        open_now=open_now, waiting=waiting,
        first_opening=first[0] if first else None, first_zone=first[1] if first else "",
        first_count=sum(c for at, _n, c in openings if first and at == first[0]),
        last_opening=openings[-1][0] if openings else None,
        local_start=next(iter(starts)) if len(starts) == 1 else None,
        zones=len(by_zone), without_zone=without,
    )  # fmt: skip


_ZONE_COUNTS: dict[tuple[int, int, str], tuple[int, float, float, dict[str | None, int]]] = {}
_ZONE_COUNTS_LOCK = threading.Lock()
_ZONE_COUNTS_KEEP = 300.0  # seconds a read is kept while no message changed state
_ZONE_COUNTS_MAX_GAP = 60.0


def unsent_zone_counts(campaign_id: int, field: str) -> dict[str | None, int]:
    """``read_unsent_zone_counts``, re-read only when it is worth it: the GROUP BY reads
    every unsent message's snapshot (about a second per 200,000 on this machine), and the
    campaigns list and the queue ask every second or so while a campaign sends. Kept
    while the number of unsent messages (an index-only count) stays the same; when it
    changes, re-read once the last read is ten times its own duration old (at most a
    minute; a quick read is simply done again), so a big campaign's figures lag a little
    rather than load the computer."""
    from core.models import Message, MessageStatus

    unsent = int(
        Message.select()
        .where((Message.campaign == campaign_id)
               & Message.status.in_([MessageStatus.QUEUED, MessageStatus.DEFERRED]))
        .count()
    )  # fmt: skip
    key = (id(getattr(database_proxy, "obj", database_proxy)), campaign_id, field)
    now = _monotonic()
    with _ZONE_COUNTS_LOCK:
        kept = _ZONE_COUNTS.get(key)
    if kept is not None:
        count, read_at, took, counts = kept
        age = now - read_at
        if (count == unsent and age < _ZONE_COUNTS_KEEP) or (
            count != unsent and took >= 0.05 and age < min(_ZONE_COUNTS_MAX_GAP, 10 * took)
        ):
            return dict(counts)
    counts = read_unsent_zone_counts(campaign_id, field)
    with _ZONE_COUNTS_LOCK:
        _ZONE_COUNTS[key] = (unsent, now, _monotonic() - now, counts)
    return dict(counts)


def read_unsent_zone_counts(campaign_id: int, field: str) -> dict[str | None, int]:
    """The campaign's messages still to send, counted by the value of the recipient's
    ``field`` in their snapshot (one GROUP BY in SQL, however many messages)."""
    from core.audience.dialect import Dialect
    from core.models import Message, MessageStatus

    dialect = Dialect.of(database_proxy)
    value = dialect.snapshot_field_text(Message.variables.column_name, field)
    p = dialect.param
    statuses = (MessageStatus.QUEUED, MessageStatus.DEFERRED)
    rows = database_proxy.execute_sql(
        f"SELECT {value}, COUNT(*) FROM {Message._meta.table_name} "
        f"WHERE campaign_id = {p} AND status IN ({p}, {p}) GROUP BY 1",
        (campaign_id, *statuses),
    )
    counts: dict[str | None, int] = {}
    for name, count in rows:
        key = str(name).strip() if name is not None else None
        counts[key or None] = counts.get(key or None, 0) + int(count)
    return counts


def describe_outlook(outlook: RecipientWindowOutlook) -> str:
    """The outlook in English for the command line: "3 recipients inside their window
    now; next window opens for 1,204 recipients at 09:00 their time, the first Mon 9 Mar
    2026 09:00 JST (Asia/Tokyo)"."""
    parts = []
    if outlook.open_now:
        parts.append(f"{outlook.open_now:,} recipient{'s' if outlook.open_now != 1 else ''} "
                     "inside their window now")  # fmt: skip
    if outlook.waiting and outlook.first_opening is not None:
        who = f"{outlook.waiting:,} recipient{'s' if outlook.waiting != 1 else ''}"
        when = f" at {outlook.local_start:%H:%M} their time" if outlook.local_start else ""
        first = describe_instant(outlook.first_opening, zone(outlook.first_zone))
        parts.append(f"next window opens for {who}{when}, the first {first} "
                     f"({outlook.first_zone})")  # fmt: skip
    return "; ".join(parts)
