"""Managing the queue as an MTA's is managed: list (``postqueue -p``), flush (``postqueue -f``),
retry, hold/release, delete (``postsuper -d``, kept as ``cancelled`` for the record), export.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import Any

from peewee import JOIN

from core.audience.policy import RecipientWaits, waits_by_campaign
from core.audience.schedule import naive_utc
from core.contacts import neutralise_cell
from core.errors import BadInputFile, InvalidValue
from core.models import (
    Attempt,
    Campaign,
    CampaignStatus,
    Message,
    MessageStatus,
    database_proxy,
    iso,
    utcnow,
)
from core.queue.ledger import finish_campaigns
from core.queue.sql import chunks


def _campaign_filter(query: Any, campaign: Campaign | None) -> Any:
    return query.where(Message.campaign == campaign.id) if campaign is not None else query


def list_messages(
    *,
    status: str | None = None,
    campaign: Campaign | None = None,
    limit: int | None = None,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """``queue list --json`` rows (CLI.md). A queued message waiting for its campaign's
    start time or send window has that instant as ``next_attempt_at``, and ``waiting``
    says which (``scheduled``, ``send window``, or ``recipient's send window`` when the
    windows are read in each recipient's zone: the opening in theirs)."""
    if status is not None and status not in MessageStatus.ALL:
        raise InvalidValue(
            f"Unknown status {status!r}.", hint="Use one of: " + ", ".join(MessageStatus.ALL)
        )
    query = (
        Message.select(Message, Campaign.name.alias("campaign_name"))
        .join(Campaign, JOIN.LEFT_OUTER, on=(Message.campaign == Campaign.id))
        .objects()
    )
    if status:
        query = query.where(Message.status == status)
    query = _campaign_filter(query, campaign).order_by(Message.id)
    if limit:
        query = query.limit(limit)
    messages = list(query)
    waits = waits_by_campaign(
        {m.campaign_id for m in messages if m.campaign_id is not None
         and m.status in (MessageStatus.QUEUED, MessageStatus.DEFERRED)},
        now,
    )  # fmt: skip
    zone_waits = RecipientWaits(
        {m.campaign_id for m in messages if m.campaign_id is not None
         and m.status == MessageStatus.QUEUED and m.campaign_id not in waits},
        now,
    )  # fmt: skip
    rows = []
    for m in messages:
        next_at = m.next_attempt_at if m.status == MessageStatus.DEFERRED else None
        waiting = reason = None
        wait = (
            waits.get(m.campaign_id)
            if m.status in (MessageStatus.QUEUED, MessageStatus.DEFERRED)
            else None
        )
        if wait is None and m.status == MessageStatus.QUEUED:
            wait = zone_waits.wait_of(m.campaign_id, m.variables)  # their own window
        if wait is not None and wait.wait_until is not None:
            # Not before its campaign's start time or the opening of its send window.
            opens = naive_utc(wait.wait_until)
            if next_at is None or opens > next_at:
                next_at = opens
            waiting = wait.kind.value if wait.kind else None
            reason = wait.reason
        rows.append({
            "id": m.id,
            "campaign": m.campaign_name,
            "to": m.to_addr,
            "status": m.status,
            "attempts": m.attempts,
            "next_attempt_at": iso(next_at),
            "waiting": waiting,  # "scheduled", "send window" or None
            "waiting_reason": reason,
            "last_code": m.last_code,
            "last_response": m.last_response,
            "message_id": m.message_id,
        })  # fmt: skip
    return rows


def _touch(query: Any) -> int:
    return int(query.execute())


def flush(campaign: Campaign | None = None) -> int:
    """Every deferred message is due now (``postqueue -f``)."""
    with database_proxy.atomic():
        query = Message.update(next_attempt_at=utcnow(), updated_at=utcnow()).where(
            Message.status == MessageStatus.DEFERRED
        )
        return _touch(_campaign_filter(query, campaign))


def _reopen_campaigns(message_ids: list[int] | None, campaign: Campaign | None) -> None:
    """A finished campaign with retried messages is running again, so senders pick them up."""
    query = Campaign.update(status=CampaignStatus.RUNNING, finished_at=None).where(
        Campaign.status == CampaignStatus.FINISHED
    )
    if campaign is not None:
        query = query.where(Campaign.id == campaign.id)
    if message_ids is None:
        query.execute()
        return
    for chunk in chunks(message_ids):
        owners = Message.select(Message.campaign).where(Message.id.in_(chunk))
        query.where(Campaign.id.in_(owners)).execute()


def _update_selection(query: Any, ids: list[int] | None) -> int:
    """Run ``query`` over the selected messages (all if ``ids`` is None), in chunks of ids
    small enough for any SQLite build's parameter limit; the caller's transaction keeps
    the whole selection one change."""
    if ids is None:
        return _touch(query)
    return sum(_touch(query.where(Message.id.in_(chunk))) for chunk in chunks(ids))


def retry(
    *, ids: list[int] | None = None, status: str | None = None, campaign: Campaign | None = None
) -> int:
    """Failed/unknown/deferred/held messages back to ``queued``, keeping their Message-ID."""
    allowed = (
        MessageStatus.FAILED,
        MessageStatus.UNKNOWN,
        MessageStatus.DEFERRED,
        MessageStatus.HELD,
    )
    if status is not None and status not in allowed:
        raise InvalidValue(
            f"Only failed, unknown, deferred or held messages can be retried, not {status}."
        )
    with database_proxy.atomic():
        query = Message.update(
            status=MessageStatus.QUEUED, next_attempt_at=None, updated_at=utcnow()
        ).where(Message.status.in_([status] if status else allowed))
        count = _update_selection(_campaign_filter(query, campaign), ids)
        if count:
            _reopen_campaigns(ids, campaign)
    return count


def mark_sent(ids: list[int]) -> int:
    """The user checked that an ``unknown`` message did arrive."""
    with database_proxy.atomic():
        query = Message.update(
            status=MessageStatus.SENT, sent_at=utcnow(), updated_at=utcnow(),
            last_response="Marked as sent by the user.",
        ).where(Message.status == MessageStatus.UNKNOWN)  # fmt: skip
        count = _update_selection(query, ids)
    finish_campaigns()
    return count


def hold(ids: list[int]) -> int:
    with database_proxy.atomic():
        query = Message.update(
            status=MessageStatus.HELD, updated_at=utcnow(), last_response="Held by the user."
        ).where(Message.status.in_([MessageStatus.QUEUED, MessageStatus.DEFERRED]))
        return _update_selection(query, ids)


def release(ids: list[int]) -> int:
    with database_proxy.atomic():
        query = Message.update(
            status=MessageStatus.QUEUED, next_attempt_at=None, updated_at=utcnow()
        ).where(Message.status == MessageStatus.HELD)
        count = _update_selection(query, ids)
        if count:
            _reopen_campaigns(ids, None)
    return count


def delete(*, ids: list[int] | None = None, campaign: Campaign | None = None) -> int:
    """Unsent messages become ``cancelled`` (kept for the record, like ``postsuper -d``)."""
    with database_proxy.atomic():
        query = Message.update(status=MessageStatus.CANCELLED, updated_at=utcnow()).where(
            Message.status.in_(MessageStatus.UNSENT)
        )
        count = _update_selection(_campaign_filter(query, campaign), ids)
    finish_campaigns()
    return count


def attempts_of(message_id: int) -> list[dict[str, Any]]:
    """A message's history: its delivery attempts, then what came back about it later
    (step ``returned``: a bounce's status and diagnostic, a complaint, an unsubscribe
    request; ``core.returnpath``)."""
    from core.returnpath.reports import message_returns

    history = [
        {"started_at": iso(a.started_at), "finished_at": iso(a.finished_at), "step": a.step,
         "code": a.code, "enhanced_code": a.enhanced_code, "response": a.response,
         "outcome": a.outcome}
        for a in Attempt.select().where(Attempt.message == message_id).order_by(Attempt.id)
    ]  # fmt: skip
    for event in message_returns(message_id):
        history.append(
            {"started_at": event["at"], "finished_at": event["at"], "step": "returned",
             "code": None, "enhanced_code": event["status"],
             "response": f"{event['kind'].replace('_', ' ')}: {event['diagnostic']}",
             "outcome": event["kind"]}
        )  # fmt: skip
    return history


def export_messages(path: str | Path, *, status: str = MessageStatus.FAILED,
                    campaign: Campaign | None = None) -> int:  # fmt: skip
    """Failed rows as CSV ready for re-import (email + fields + the reason)."""
    query = _campaign_filter(Message.select().where(Message.status == status), campaign)
    rows = list(query.order_by(Message.id))
    fields: dict[str, None] = {}
    for m in rows:
        for key in (m.variables or {}).get("fields", {}):
            fields.setdefault(key, None)
    try:
        with Path(path).open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["email", "name", *fields, "status", "last_code", "last_response"])
            for m in rows:
                snapshot = m.variables or {}
                values = [m.to_addr, snapshot.get("name") or ""]
                values += [snapshot.get("fields", {}).get(f, "") for f in fields]
                values += [m.status, m.last_code or "", m.last_response or ""]
                writer.writerow([neutralise_cell(v) for v in values])
    except OSError as exc:
        raise BadInputFile(f"Cannot write {path}: {exc.strerror}.") from None
    return len(rows)
