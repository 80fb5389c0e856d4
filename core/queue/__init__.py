"""The message queue, by concern: who may send from it (``lock``), the worker's record of
every state change (``ledger``), managing it as an MTA's is managed (``management``), and
the read-only questions the window asks (``views``).
"""

from __future__ import annotations

from core.queue.ledger import (
    ClaimedMessage,
    ClaimRequest,
    CycleResult,
    Decision,
    Ledger,
    LedgerBusy,
    Outcome,
    PendingWork,
    QueueLedger,
    RecordResult,
    attempt_uid,
    finish_campaigns,
    pending_work,
    sent_in_last_day,
)
from core.queue.lock import (
    SenderLock,
    recover_interrupted,
)
from core.queue.management import (
    attempts_of,
    delete,
    export_messages,
    flush,
    hold,
    list_messages,
    mark_sent,
    release,
    retry,
)

__all__ = [
    "ClaimRequest",
    "ClaimedMessage",
    "CycleResult",
    "Decision",
    "Ledger",
    "LedgerBusy",
    "Outcome",
    "PendingWork",
    "QueueLedger",
    "RecordResult",
    "SenderLock",
    "attempt_uid",
    "attempts_of",
    "delete",
    "export_messages",
    "finish_campaigns",
    "flush",
    "hold",
    "list_messages",
    "mark_sent",
    "pending_work",
    "recover_interrupted",
    "release",
    "retry",
    "sent_in_last_day",
]
