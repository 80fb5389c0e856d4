"""Queue operations for the window: plain data out, ``Changes`` back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core import queue as core_queue
from core.models import Campaign, MessageStatus
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
    return {
        MessageStatus.QUEUED: "Waiting to be sent.",
        MessageStatus.SENDING: "Being sent right now.",
        MessageStatus.SENT: "The relay accepted it.",
        MessageStatus.FAILED: "The relay refused it for good, or it expired.",
        MessageStatus.UNKNOWN: ("The connection ended after the message was sent: it may have "
                                "arrived. Resend it or mark it sent."),
        MessageStatus.HELD: "Held: it is not sent until released.",
        MessageStatus.CANCELLED: "Cancelled: it will not be sent.",
    }.get(status, status)
