"""Test inbox operations for the window: the caught messages, one opened, delete, clear.

The inbox keeps its own small SQLite index and one file per message; reading them (and
parsing a message for the checks panel) happens here, off the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.inbox_checks import MessageReport, analyse
from core.ops.changes import Changes, OpResult
from core.sandbox import InboxMessage, InboxStore


@dataclass(frozen=True)
class CaughtMessage:
    """One line of the inbox list."""

    id: int
    to: str
    mail_from: str
    subject: str
    received_at: datetime | None
    size: int


@dataclass(frozen=True)
class OpenedMessage:
    id: int
    source: str  # the raw message as text, for the Source tab
    report: MessageReport


def _received(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _caught(message: InboxMessage) -> CaughtMessage:
    return CaughtMessage(message.id, message.to, message.mail_from, message.subject,
                         _received(message.received_at), message.size)  # fmt: skip


def list_messages(store: InboxStore) -> list[CaughtMessage]:
    """Newest first."""
    return [_caught(m) for m in store.list()]


def open_message(store: InboxStore, message_id: int) -> OpenedMessage:
    raw = store.raw(message_id)
    return OpenedMessage(
        message_id, raw.decode("utf-8", "replace").replace("\r\n", "\n"), analyse(raw)
    )


def delete(store: InboxStore, message_id: int) -> Changes:
    store.delete(message_id)
    return Changes(inbox=True)


def clear(store: InboxStore) -> OpResult[int]:
    return OpResult(store.clear(), Changes(inbox=True))
