"""Queue operations for the window: plain data out, ``Changes`` back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from peewee import JOIN

from core import queue as core_queue
from core.models import Campaign, Message, MessageStatus
from core.ops.changes import Changes, OpResult
from core.queue import views as queue_views


def _campaign(campaign_id: int | None) -> Campaign | None:
    if campaign_id is None:
        return None
    found: Campaign | None = Campaign.get_or_none(Campaign.id == campaign_id)
    return found


def campaign_names() -> list[tuple[int, str]]:
    """(id, name) of every campaign, by name (the queue's campaign filter)."""
    return [
        (i, n)
        for i, n in Campaign.select(Campaign.id, Campaign.name).order_by(Campaign.name).tuples()
    ]


def message_ids(*, status: str | None = None, campaign_id: int | None = None,
                search: str = "") -> list[int]:  # fmt: skip
    return queue_views.message_ids(status=status, campaign_id=campaign_id, search=search)


def attempts_of(message_id: int) -> list[dict[str, Any]]:
    return core_queue.attempts_of(message_id)


def _changed(count: int, campaign_id: int | None = None) -> OpResult[int]:
    ids = frozenset({campaign_id}) if campaign_id is not None else frozenset()
    return OpResult(count, Changes(queue=True, campaigns=True, campaign_ids=ids))


def flush(campaign_id: int | None = None) -> OpResult[int]:
    return _changed(core_queue.flush(_campaign(campaign_id)), campaign_id)


def retry(*, ids: list[int] | None = None, status: str | None = None,
          campaign_id: int | None = None) -> OpResult[int]:  # fmt: skip
    count = core_queue.retry(ids=ids, status=status, campaign=_campaign(campaign_id))
    return _changed(count, campaign_id)


def mark_sent(ids: list[int]) -> OpResult[int]:
    return _changed(core_queue.mark_sent(ids))


def hold(ids: list[int]) -> OpResult[int]:
    return _changed(core_queue.hold(ids))


def release(ids: list[int]) -> OpResult[int]:
    return _changed(core_queue.release(ids))


def delete(*, ids: list[int] | None = None, campaign_id: int | None = None) -> OpResult[int]:
    return _changed(core_queue.delete(ids=ids, campaign=_campaign(campaign_id)), campaign_id)


def export_messages(path: str | Path, *, status: str = MessageStatus.FAILED,
                    campaign_id: int | None = None) -> int:  # fmt: skip
    return core_queue.export_messages(path, status=status, campaign=_campaign(campaign_id))


_UNREACHED_STEPS = ("connect", "ehlo", "starttls")


def explain(status: str, last_step: str | None, last_code: int | None) -> str:
    """What a message's state means, in one sentence true to what happened last."""
    if status == MessageStatus.DEFERRED:
        if last_code is None and last_step in _UNREACHED_STEPS:
            return ("The relay could not be reached; Staffetta tries again with growing "
                    "pauses.")  # fmt: skip
        if last_code is None:
            return ("The connection ended before the relay answered; Staffetta tries again "
                    "with growing pauses.")  # fmt: skip
        return (f"The relay answered {last_code}: try later. Staffetta retries with growing "
                "pauses.")  # fmt: skip
    meaning: dict[str, str] = {
        MessageStatus.QUEUED: "Waiting to be sent.",
        MessageStatus.SENDING: "Being sent right now.",
        MessageStatus.SENT: "The relay accepted it.",
        MessageStatus.FAILED: "The relay refused it for good, or it expired.",
        MessageStatus.UNKNOWN: ("The connection ended after the message was sent: it may have "
                                "arrived. Resend it or mark it sent."),
        MessageStatus.HELD: "Held: it is not sent until released.",
        MessageStatus.CANCELLED: "Cancelled: it will not be sent.",
    }
    return meaning.get(status, status)

# --- what the Queue page shows (gui-b) ---------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    """One line of the queue table."""

    id: int
    campaign: str
    to: str
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_code: str | None
    last_response: str | None
    # Queued, of a running campaign whose windows are read in each recipient's zone, and
    # outside the recipient's: when it opens there (aware UTC), and the reason in words.
    waits_until: datetime | None = None
    wait_reason: str = ""

    @property
    def last_reply(self) -> str:
        return f"{self.last_code or ''} {self.last_response or ''}".strip().replace("\n", " ")


@dataclass(frozen=True)
class AttemptRow:
    started_at: datetime | None
    step: str
    code: str
    enhanced_code: str
    reply: str


@dataclass(frozen=True)
class MessageDetail:
    """What the details panel says about one message."""

    id: int
    to: str
    status: str
    attempts: int
    message_id: str
    campaign: str
    blocked_reason: str | None  # on the suppression list / contact no longer active
    history: list[AttemptRow] = field(default_factory=list)


@dataclass(frozen=True)
class RetryCheck:
    """Which of the chosen messages the sender would refuse, before retrying them."""

    blocked: list[tuple[str, str]]  # (address, reason), in the order chosen
    others: list[int]  # the ids that can be retried


def message_rows(ids: Sequence[int]) -> dict[int, QueueRow]:
    """The queue table's rows for a page of ids (its row cache, filled off the UI thread)."""
    rows: dict[int, QueueRow] = {}
    for start in range(0, len(ids), queue_views.CHUNK):
        chunk = list(ids[start : start + queue_views.CHUNK])
        query = (
            Message.select(
                Message.id,
                Campaign.name,
                Message.to_addr,
                Message.status,
                Message.attempts,
                Message.next_attempt_at,
                Message.last_code,
                Message.last_response,
                Message.campaign,
            )
            .join(Campaign, JOIN.LEFT_OUTER, on=(Message.campaign == Campaign.id))
            .where(Message.id.in_(chunk))
            .tuples()
        )
        queued_of: dict[int, int] = {}
        for mid, campaign, to, status, attempts, next_at, code, response, cid in query:
            rows[mid] = QueueRow(mid, campaign or "", to, status, attempts or 0,
                                 _as_datetime(next_at), code, response)  # fmt: skip
            if status == MessageStatus.QUEUED and cid is not None:
                queued_of[mid] = cid
        _recipient_waits(rows, queued_of)
    return rows


def _recipient_waits(rows: dict[int, QueueRow], queued_of: dict[int, int]) -> None:
    """Fill in when queued messages of recipient-zone campaigns may leave (their
    snapshots read only for those campaigns' rows of this page)."""
    from dataclasses import replace

    from core.audience.policy import RecipientWaits

    waits = RecipientWaits(set(queued_of.values()))
    mine = [mid for mid, cid in queued_of.items() if cid in waits.tracked]
    if not mine:
        return
    query = Message.select(Message.id, Message.campaign, Message.variables).where(
        Message.id.in_(mine)
    )
    for message in query:
        verdict = waits.wait_of(message.campaign_id, message.variables)
        if verdict is not None and verdict.wait_until is not None:
            rows[message.id] = replace(rows[message.id], waits_until=verdict.wait_until,
                                       wait_reason=verdict.reason)  # fmt: skip


def _as_datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def message_detail(message_id: int) -> MessageDetail | None:
    """One message with its attempts (None when it no longer exists)."""
    found = (
        Message.select(
            Message.id,
            Message.to_addr,
            Message.status,
            Message.attempts,
            Message.message_id,
            Campaign.name.alias("campaign_name"),
        )
        .join(Campaign, JOIN.LEFT_OUTER, on=(Message.campaign == Campaign.id))
        .where(Message.id == message_id)
        .dicts()
        .first()
    )
    if found is None:
        return None
    blocked = queue_views.blocked_recipients([message_id]).get(message_id)
    history = [
        AttemptRow(
            _as_datetime(a["started_at"]),
            a["step"] or "",
            "" if a["code"] is None else str(a["code"]),
            a["enhanced_code"] or "",
            a["response"] or a["outcome"] or "",
        )
        for a in core_queue.attempts_of(message_id)
    ]
    return MessageDetail(
        found["id"], found["to_addr"], found["status"], found["attempts"] or 0,
        found["message_id"] or "", found["campaign_name"] or "",
        blocked if found["status"] != MessageStatus.SENT else None, history,
    )  # fmt: skip


def retry_check(ids: Sequence[int]) -> RetryCheck:
    blocked = queue_views.blocked_recipients(ids)
    addresses: dict[int, str] = {}
    for start in range(0, len(blocked), queue_views.CHUNK):
        chunk = list(blocked)[start : start + queue_views.CHUNK]
        addresses.update(
            Message.select(Message.id, Message.to_addr).where(Message.id.in_(chunk)).tuples()
        )
    return RetryCheck(
        [(addresses.get(i, "?"), reason) for i, reason in blocked.items()],
        [i for i in ids if i not in blocked],
    )
