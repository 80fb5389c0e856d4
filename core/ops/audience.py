"""Who gets a campaign and when, for the window: audience choices, the draft's audience
and timing, starting at a time, and the one line the campaign page shows about timing.
Plain data out, ``Changes`` back."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from core.audience import audience as core_audience
from core.audience.policy import (
    RecipientWindowOutlook as RecipientWindowOutlook,  # re-exported for the window
)
from core.audience.policy import (
    describe_outlook,
    next_window_at,
    recipient_window_outlook,
    unsent_zone_counts,
    windows_of,
)
from core.audience.schedule import (
    as_utc,
    describe_duration,
    describe_instant,
    local_zone_name,
    parse_duration,
    parse_start_time,
    zone,
)
from core.audience.segments import BUILTIN_FIELDS, known_fields
from core.audience.segments import zone_field as segment_zone_field
from core.campaigns import find_campaign, start_campaign
from core.contacts import list_summaries
from core.errors import InvalidValue
from core.models import Campaign, CampaignStatus, Segment, database_proxy
from core.ops.campaigns import existing_campaign
from core.ops.changes import Changes, OpResult


@dataclass(frozen=True)
class AudienceChoices:
    lists: list[str]
    segments: list[str]
    zone: str  # the computer's, the default for new windows and start times
    # Imported columns, those whose name says "zone" first (the recipient's zone field).
    fields: list[str] = field(default_factory=list)


def audience_choices() -> AudienceChoices:
    imported = [f for f in known_fields() if f.lower() not in BUILTIN_FIELDS]
    zone_like = [f for f in imported if "zone" in f.lower() or f.lower() in ("tz", "timezone")]
    return AudienceChoices(
        [name for _id, name, _count in list_summaries()],
        [n for (n,) in Segment.select(Segment.name).order_by(Segment.name).tuples()],
        local_zone_name(),
        [*zone_like, *(f for f in imported if f not in zone_like)],
    )


@dataclass(frozen=True)
class AudienceAndTiming:
    """The campaign form's "who and when" part, as the user edits it."""

    lists: list[str] = field(default_factory=list)
    segments: list[str] = field(default_factory=list)
    exclude_lists: list[str] = field(default_factory=list)
    exclude_segments: list[str] = field(default_factory=list)
    windows: list[str] = field(default_factory=list)
    time_zone: str | None = None
    skip_if_sent_within: str = ""  # "3d", "12h", "" for none
    # The windows in each recipient's own zone, read from this field ("": time_zone).
    recipient_zone_field: str = ""


def draft_fields(values: AudienceAndTiming) -> dict[str, object]:
    """``DraftSettings`` keyword arguments for the form's choices, so a page saves the draft
    and its audience and timing in one ``save_draft`` (a bad duration is one sentence)."""
    text = values.skip_if_sent_within.strip()
    return {
        "list_name": None,
        "audience": core_audience.AudienceSpec(
            list(values.lists), list(values.segments),
            list(values.exclude_lists), list(values.exclude_segments),
        ),
        "windows": list(values.windows),
        "time_zone": (values.time_zone or "").strip() or None,
        "skip_if_sent_within": parse_duration(text) if text else 0,
        "recipient_zone_field": values.recipient_zone_field.strip() or None,
    }  # fmt: skip


def audience_and_timing(campaign_id: int) -> AudienceAndTiming:
    campaign = existing_campaign(campaign_id)
    names = core_audience.names_of(core_audience.audience_of(campaign))
    cap = int(campaign.skip_if_sent_within or 0)
    return AudienceAndTiming(
        names.lists, names.segments, names.exclude_lists, names.exclude_segments,
        list(campaign.send_windows or []), campaign.time_zone,
        describe_duration(cap) if cap else "", campaign.recipient_zone_field or "",
    )  # fmt: skip


def save_audience_and_timing(campaign_id: int, values: AudienceAndTiming) -> Changes:
    """Store a draft's audience, windows, zone and frequency cap (one clear error for a
    bad list, segment, window, zone or duration; nothing is stored then)."""
    from core.audience.schedule import WindowSchedule

    campaign = existing_campaign(campaign_id)
    if campaign.status != CampaignStatus.DRAFT:
        raise InvalidValue(
            f"Campaign {campaign.name!r} has already started; its audience is fixed."
        )
    spec = core_audience.AudienceSpec(
        list(values.lists), list(values.segments),
        list(values.exclude_lists), list(values.exclude_segments),
    )  # fmt: skip
    resolved = core_audience.resolve(spec)
    zone_name = (values.time_zone or "").strip() or None
    windows = WindowSchedule.parse(list(values.windows), zone_name or local_zone_name()).specs()
    text = values.skip_if_sent_within.strip()
    cap = parse_duration(text) if text else 0
    field_name = values.recipient_zone_field.strip()
    zone_field = segment_zone_field(field_name) if field_name else None
    with database_proxy.atomic():
        core_audience.store(campaign.id, resolved)
        Campaign.update(
            contact_list=resolved.include_lists[0] if resolved.include_lists else None,
            send_windows=windows,
            time_zone=zone_name or (local_zone_name() if windows else None),
            skip_if_sent_within=cap,
            recipient_zone_field=zone_field,
        ).where(Campaign.id == campaign.id).execute()
    return Changes.of_campaigns(campaign.id, queue=False)


@dataclass(frozen=True)
class ScheduledStart:
    queued: int
    skipped: dict[str, int]
    scheduled_at: datetime | None  # aware UTC


def start_at(campaign_id: int, when: str, time_zone: str | None = None) -> OpResult[ScheduledStart]:
    """Pre-flight and queue now; the campaign is ``scheduled`` until ``when`` (an ISO date
    and time read in ``time_zone``, else the campaign's zone, else the computer's)."""
    campaign = existing_campaign(campaign_id)
    at = parse_start_time(when, time_zone or campaign.time_zone or local_zone_name())
    result = start_campaign(find_campaign(campaign.name), at=at)
    fresh = existing_campaign(campaign_id)
    scheduled = as_utc(fresh.scheduled_at) if fresh.scheduled_at else None
    return OpResult(
        ScheduledStart(result.queued, dict(result.preflight.skipped), scheduled),
        Changes.of_campaigns(campaign_id),
    )


_LIVE = (CampaignStatus.SCHEDULED, CampaignStatus.RUNNING, CampaignStatus.PAUSED)


@dataclass(frozen=True)
class TimingFacts:
    """When a campaign sends, as plain facts the window writes in its own words.

    Windows in one zone: whether they are open at the moment that counts (now, or the
    start time when that is later), when the open one closes, when the next one opens.
    Windows in each recipient's zone: the outlook of the messages still to send, once
    the campaign is queued (a draft has no messages yet)."""

    status: str
    zone: str  # the campaign's zone, the computer's when it has none
    scheduled_at: datetime | None  # aware UTC, while the campaign is scheduled
    windows: list[str] = field(default_factory=list)
    recipient_zone_field: str | None = None
    window_open: bool | None = None  # None: no windows, or windows in recipients' zones
    window_closes_at: datetime | None = None  # aware UTC
    next_window_at: datetime | None = None  # aware UTC, when the window is closed
    outlook: RecipientWindowOutlook | None = None
    frequency_cap: str = ""  # "3d", "" for none

    @property
    def live(self) -> bool:
        return self.status in _LIVE


def timing_facts(campaign_id: int, now: datetime | None = None) -> TimingFacts:
    """The campaign's timing at ``now`` (an injected instant; the clock when None)."""
    campaign = existing_campaign(campaign_id)
    moment = as_utc(now) if now is not None else datetime.now(UTC)
    scheduled = as_utc(campaign.scheduled_at) if campaign.scheduled_at is not None else None
    if campaign.status == CampaignStatus.SCHEDULED and scheduled is not None and scheduled > moment:
        moment = scheduled  # what counts is how things stand when it starts
    windows = windows_of(campaign)
    cap = int(campaign.skip_if_sent_within or 0)
    facts = TimingFacts(
        status=str(campaign.status), zone=campaign.time_zone or local_zone_name(),
        scheduled_at=scheduled if campaign.status == CampaignStatus.SCHEDULED else None,
        windows=windows.specs() if windows is not None else [],
        recipient_zone_field=campaign.recipient_zone_field or None,
        frequency_cap=describe_duration(cap) if cap else "",
    )  # fmt: skip
    if windows is None:
        return facts
    if campaign.recipient_zone_field:
        if campaign.status not in _LIVE:
            return facts
        counts = unsent_zone_counts(campaign.id, campaign.recipient_zone_field)
        return replace(facts, outlook=recipient_window_outlook(windows, counts, moment))
    if windows.is_open(moment):
        return replace(facts, window_open=True, window_closes_at=windows.closes_at(moment))
    return replace(facts, window_open=False, next_window_at=windows.next_opening(moment))


def timing_line(campaign_id: int, now: datetime | None = None) -> str:
    """What the campaign page says about time: "Scheduled for Mon 2 Mar 2026 09:00 CET",
    "Next send window opens …", "Sending inside mon-fri 09:00-17:30 (Europe/Rome)", or ""."""
    campaign = existing_campaign(campaign_id)
    moment = as_utc(now) if now is not None else datetime.now(UTC)
    where = zone(campaign.time_zone or local_zone_name())
    parts = []
    if campaign.status == CampaignStatus.SCHEDULED and campaign.scheduled_at is not None:
        parts.append(f"Scheduled for {describe_instant(campaign.scheduled_at, where)}.")
    windows = windows_of(campaign)
    if windows is not None and campaign.recipient_zone_field:
        shown = "; ".join(windows.specs())
        parts.append(
            f"Sends only {shown} in each recipient's time zone (their "
            f"{campaign.recipient_zone_field!r}; {where} for those without one)."
        )
        outlook = timing_facts(campaign_id, moment).outlook
        said = describe_outlook(outlook) if outlook is not None else ""
        if said:
            parts.append(said[0].upper() + said[1:] + ".")
    elif windows is not None:
        shown = "; ".join(windows.specs())
        opens = next_window_at(campaign, moment)
        live = campaign.status in (CampaignStatus.RUNNING, CampaignStatus.SCHEDULED)
        start = as_utc(campaign.scheduled_at) if campaign.scheduled_at else None
        if live and opens is not None and opens > moment and opens != start:
            parts.append(f"Next send window opens {describe_instant(opens, where)} ({shown}).")
        else:
            parts.append(f"Sends only {shown} ({where}).")
    if campaign.skip_if_sent_within:
        parts.append(
            "Skips contacts mailed in the last "
            f"{describe_duration(int(campaign.skip_if_sent_within))}."
        )
    return " ".join(parts)


@dataclass(frozen=True)
class CampaignWait:
    """A campaign whose queued messages wait for their time (the Queue page's strip)."""

    campaign_id: int
    name: str
    facts: TimingFacts
    until: datetime | None  # aware UTC: when its messages may start leaving (None: some may now)


def waiting_campaigns(
    campaign_id: int | None = None, now: datetime | None = None
) -> list[CampaignWait]:
    """The scheduled and running campaigns (or the one given) whose messages wait for
    their start time or a send window, soonest first."""
    moment = as_utc(now) if now is not None else datetime.now(UTC)
    query = Campaign.select(Campaign.id, Campaign.name, Campaign.status,
                            Campaign.send_windows).where(
        Campaign.status.in_([CampaignStatus.SCHEDULED, CampaignStatus.RUNNING]))  # fmt: skip
    if campaign_id is not None:
        query = query.where(Campaign.id == campaign_id)
    out = []
    for cid, name, status, windows in query.tuples():
        if status == CampaignStatus.RUNNING and not windows:
            continue
        facts = timing_facts(cid, moment)
        until: datetime | None
        if facts.scheduled_at is not None and facts.scheduled_at > moment:
            until = facts.scheduled_at
            if facts.window_open is False and facts.next_window_at is not None:
                until = facts.next_window_at
        elif facts.window_open is False:
            until = facts.next_window_at
        elif facts.outlook is not None and facts.outlook.waiting:
            until = None if facts.outlook.open_now else facts.outlook.first_opening
        else:
            continue
        out.append(CampaignWait(cid, name, facts, until))
    return sorted(out, key=lambda w: (w.until or moment, w.name))


def reschedule(
    campaign_id: int, when: str | None, time_zone: str | None = None
) -> OpResult[datetime]:
    """Move a scheduled campaign's start to ``when`` (read as ``start_at`` reads it), or
    to now when ``when`` is None ("Start now"): its messages are queued already, the
    sender starts it at that moment. Only while it is still ``scheduled``."""
    campaign = existing_campaign(campaign_id)
    if when is None:
        at = datetime.now(UTC)
    else:
        at = parse_start_time(when, time_zone or campaign.time_zone or local_zone_name())
    with database_proxy.atomic():
        changed = (
            Campaign.update(scheduled_at=at.replace(tzinfo=None))
            .where((Campaign.id == campaign_id) & (Campaign.status == CampaignStatus.SCHEDULED))
            .execute()
        )
    if not changed:
        raise InvalidValue(
            f"Campaign {campaign.name!r} is no longer scheduled: it has started or was "
            "cancelled.",
        )
    return OpResult(at, Changes.of_campaigns(campaign_id))


@dataclass(frozen=True)
class TimingPreview:
    """A draft's timing as the user types it: the facts it would have once saved, or the
    one sentence saying what is wrong (``problem``; the facts are then empty)."""

    facts: TimingFacts | None
    problem: str = ""


def preview_timing(values: AudienceAndTiming) -> TimingPreview:
    """Check the windows, zone, frequency cap and zone field as typed, before Save draft
    (the same checks ``save_audience_and_timing`` makes; nothing is stored)."""
    from core.audience.schedule import WindowSchedule
    from core.errors import StaffettaError

    try:
        zone_name = (values.time_zone or "").strip() or local_zone_name()
        windows = WindowSchedule.parse(list(values.windows), zone_name).specs()
        text = values.skip_if_sent_within.strip()
        cap = parse_duration(text) if text else 0
        field_name = values.recipient_zone_field.strip()
        zone_field = segment_zone_field(field_name) if field_name and windows else None
    except StaffettaError as error:
        return TimingPreview(None, error.user_text())
    return TimingPreview(TimingFacts(
        status=str(CampaignStatus.DRAFT), zone=zone_name, scheduled_at=None, windows=windows,
        recipient_zone_field=zone_field, frequency_cap=describe_duration(cap) if cap else "",
    ))  # fmt: skip
