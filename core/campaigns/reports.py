"""What a campaign did: counts, the send timeline, its status, one recipient's snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.campaigns.composing import snapshot_of
from core.errors import NotFound
from core.models import (
    Attempt,
    Campaign,
    Contact,
    ContactList,
    ListMembership,
    Message,
    MessageStatus,
    database_proxy,
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


def send_timeline(campaign_id: int, buckets: int = 60) -> SendTimeline:
    """What the campaign's chart draws, from recorded attempts (so it survives a restart).

    The bucket width grows with the campaign's span (at least 5 s), so a finished
    campaign shows its whole history and a running one its pace.
    """
    attempt, message = Attempt._meta.table_name, Message._meta.table_name
    span_row = database_proxy.execute_sql(
        f"SELECT MIN(julianday(a.finished_at)), MAX(julianday(a.finished_at)) FROM {attempt} a "
        f"JOIN {message} m ON m.id = a.message_id WHERE m.campaign_id = ? "
        "AND a.outcome IN ('sent', 'failed')",
        (campaign_id,),
    ).fetchone()
    if span_row is None or span_row[0] is None:
        return SendTimeline(5, [])
    first, last = float(span_row[0]), float(span_row[1])
    span_seconds = (last - first) * 86400
    width = max(5, int(span_seconds / buckets) + 1)
    points = [(0, 0)] * (int(span_seconds // width) + 1)
    rows = database_proxy.execute_sql(
        f"SELECT CAST((julianday(a.finished_at) - ?) * 86400 / ? AS INTEGER) AS bucket, "
        "SUM(a.outcome = 'sent'), SUM(a.outcome = 'failed') "
        f"FROM {attempt} a JOIN {message} m ON m.id = a.message_id "
        "WHERE m.campaign_id = ? AND a.outcome IN ('sent', 'failed') GROUP BY bucket",
        (first, width, campaign_id),
    )
    for bucket, sent, failed in rows:
        index = min(max(int(bucket), 0), len(points) - 1)
        points[index] = (points[index][0] + int(sent), points[index][1] + int(failed))
    return SendTimeline(width, points)


def campaign_status(campaign: Campaign) -> dict[str, Any]:
    """The JSON of ``campaign status`` (CLI.md)."""
    fresh: Campaign = Campaign.get_by_id(campaign.id)
    counts = campaign_counts(fresh)
    list_row: ContactList = fresh.contact_list
    return {
        "name": fresh.name,
        "status": fresh.status,
        "total": sum(counts.values()),
        "counts": counts,
        "suppressed": fresh.suppressed_count,
        "pause_reason": fresh.pause_reason,
        "list": list_row.name,
        "started_at": fresh.started_at.isoformat() + "Z" if fresh.started_at else None,
    }


def recipient_snapshot(campaign: Campaign, contact_email: str | None) -> dict[str, Any]:
    """A contact of the campaign's list (the first by default) as a variable snapshot."""
    query = (
        Contact.select()
        .join(ListMembership)
        .where(ListMembership.contact_list == campaign.contact_list_id)
        .order_by(Contact.id)
    )
    if contact_email:
        query = query.where(Contact.email_key == contact_email.strip().lower())
    contact: Contact | None = query.first()
    if contact is None:
        if contact_email:
            raise NotFound(f"{contact_email} is not on the list of campaign {campaign.name!r}.")
        raise NotFound(f"The list of campaign {campaign.name!r} is empty.")
    return snapshot_of(contact.email, contact.name, contact.fields or {})
