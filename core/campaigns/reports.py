"""What a campaign did: counts, the send timeline, its status, one recipient's snapshot."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from core.audience.audience import audience_of, first_recipient, names_of
from core.audience.policy import next_window_at, windows_of
from core.audience.schedule import as_utc, naive_utc
from core.campaigns.composing import snapshot_of
from core.db import epoch_seconds_sql, is_postgres
from core.errors import NotFound
from core.models import (
    Attempt,
    Campaign,
    Contact,
    ContactList,
    Message,
    MessageStatus,
    database_proxy,
    iso,
)


def campaign_counts(campaign: Campaign | int) -> dict[str, int]:
    campaign_id = campaign if isinstance(campaign, int) else campaign.id
    counts = dict.fromkeys(MessageStatus.ALL, 0)
    rows = database_proxy.execute_sql(
        f"SELECT status, COUNT(*) FROM {Message._meta.table_name} WHERE campaign_id = ? "
        "GROUP BY status",
        (campaign_id,),
    )
    for status, count in rows:
        counts[status] = int(count)
    return counts


@dataclass(frozen=True)
class SendTimeline:
    """Sent and failed messages per time bucket, from the first attempt to the last."""

    bucket_seconds: int
    points: list[tuple[int, int]]  # (sent, failed) per bucket, oldest first
    # Of the sent ones, how many bounced later (core.returnpath), per bucket.
    bounced: list[int] = field(default_factory=list)


def send_timeline(campaign_id: int, buckets: int = 60) -> SendTimeline:
    """What the campaign's chart draws, from recorded attempts (so it survives a restart).

    The bucket width grows with the campaign's span (at least 5 s), so a finished
    campaign shows its whole history and a running one its pace.
    """
    attempt, message = Attempt._meta.table_name, Message._meta.table_name
    finished = epoch_seconds_sql("a.finished_at")
    span_row = database_proxy.execute_sql(
        f"SELECT MIN({finished}), MAX({finished}) FROM {attempt} a "
        f"JOIN {message} m ON m.id = a.message_id WHERE m.campaign_id = ? "
        "AND a.outcome IN ('sent', 'failed')",
        (campaign_id,),
    ).fetchone()
    if span_row is None or span_row[0] is None:
        return SendTimeline(5, [])
    first, last = float(span_row[0]), float(span_row[1])
    span_seconds = last - first
    width = max(5, int(span_seconds / buckets) + 1)
    points = [(0, 0)] * (int(span_seconds // width) + 1)
    # The values are never negative, so SQLite's truncating CAST is a floor; PostgreSQL's
    # CAST rounds, hence FLOOR there.
    bucket = f"({finished} - ?) / ?"
    bucket = f"FLOOR({bucket})" if is_postgres() else f"CAST({bucket} AS INTEGER)"
    rows = database_proxy.execute_sql(
        f"SELECT {bucket} AS bucket, "
        "SUM(CASE WHEN a.outcome = 'sent' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN a.outcome = 'failed' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN a.outcome = 'sent' AND m.status = 'bounced' THEN 1 ELSE 0 END) "
        f"FROM {attempt} a JOIN {message} m ON m.id = a.message_id "
        "WHERE m.campaign_id = ? AND a.outcome IN ('sent', 'failed') GROUP BY bucket",
        (first, width, campaign_id),
    )
    bounced = [0] * len(points)
    for bucket, sent, failed, came_back in rows:
        index = min(max(int(bucket), 0), len(points) - 1)
        points[index] = (points[index][0] + int(sent), points[index][1] + int(failed))
        bounced[index] += int(came_back or 0)
    return SendTimeline(width, points, bounced)


def campaign_status(campaign: Campaign, *, now: datetime | None = None) -> dict[str, Any]:
    """The JSON of ``campaign status`` (CLI.md), with the audience and the timing."""
    from core.returnpath.reports import returned_counts

    fresh: Campaign = Campaign.get_by_id(campaign.id)
    counts = campaign_counts(fresh)
    list_row: ContactList | None = fresh.contact_list
    audience = audience_of(fresh)
    moment = as_utc(now) if now is not None else datetime.now(UTC)
    windows = windows_of(fresh)
    opens = next_window_at(fresh, moment)
    return {
        "name": fresh.name,
        "status": fresh.status,
        "total": sum(counts.values()),
        "counts": counts,
        "suppressed": fresh.suppressed_count,
        "skipped": dict(fresh.skipped_counts or {}),
        "returned": returned_counts(fresh.id),
        "pause_reason": fresh.pause_reason,
        "list": list_row.name if list_row is not None else None,
        "audience": names_of(audience).as_dict(),
        "started_at": iso(fresh.started_at),
        "scheduled_at": iso(fresh.scheduled_at),
        "windows": list(fresh.send_windows or []),
        "time_zone": fresh.time_zone,
        "window_open": windows.is_open(moment) if windows is not None else True,
        "next_window_at": iso(naive_utc(opens)) if opens is not None else None,
        "skip_if_sent_within": fresh.skip_if_sent_within or None,
        **_recipient_windows(fresh, windows, moment),
    }


def _recipient_windows(campaign: Campaign, windows: Any, moment: datetime) -> dict[str, Any]:
    """Windows read in each recipient's zone: the field, and where the unsent messages
    stand (``window_open``/``next_window_at`` then speak for the first recipients)."""
    field = campaign.recipient_zone_field or None
    if field is None or windows is None:
        return {"recipient_zone_field": field, "recipient_windows": None}
    from core.audience.policy import recipient_window_outlook, unsent_zone_counts

    if campaign.scheduled_at is not None and as_utc(campaign.scheduled_at) > moment:
        moment = as_utc(campaign.scheduled_at)
    outlook = recipient_window_outlook(windows, unsent_zone_counts(campaign.id, field), moment)
    first = outlook.first_opening
    return {
        "recipient_zone_field": field,
        "window_open": bool(outlook.open_now) or not outlook.waiting,
        "next_window_at": iso(naive_utc(first)) if first is not None else None,
        "recipient_windows": {
            "open_now": outlook.open_now, "waiting": outlook.waiting,
            "first_opening": iso(naive_utc(first)) if first is not None else None,
            "first_zone": outlook.first_zone or None,
            "last_opening": (iso(naive_utc(outlook.last_opening))
                             if outlook.last_opening is not None else None),
            "local_start": f"{outlook.local_start:%H:%M}" if outlook.local_start else None,
            "without_zone": outlook.without_zone,
        },
    }  # fmt: skip


def recipient_snapshot(campaign: Campaign, contact_email: str | None) -> dict[str, Any]:
    """A contact of the campaign's audience (the first by default) as a variable snapshot."""
    contact: Contact | None = first_recipient(campaign, contact_email)
    if contact is None:
        if contact_email:
            raise NotFound(f"{contact_email} is not in the audience of campaign {campaign.name!r}.")
        raise NotFound(f"The audience of campaign {campaign.name!r} is empty.")
    return snapshot_of(contact.email, contact.name, contact.fields or {})
