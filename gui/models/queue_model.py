"""The queue table: message ids in memory, rows read a page at a time off the UI thread."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from core.ops.queue import QueueRow
from gui.core_text import translated
from gui.format import local_datetime, local_time, status_word
from gui.i18n import QT_TRANSLATE_NOOP, fmt, number
from gui.models.id_table import Fetch, IdTableModel
from gui.style import STATUS_COLOURS

DEFERRED = "deferred"
QUEUED = "queued"


def _later(a: datetime, b: datetime) -> bool:
    """Whether ``a`` comes after ``b`` (either may be naive UTC, as the database stores)."""
    def aware(v: datetime) -> datetime:
        return v if v.tzinfo is not None else v.replace(tzinfo=UTC)

    return aware(a) > aware(b)


class QueueTableModel(IdTableModel):
    headers = [
        "#", QT_TRANSLATE_NOOP("QueueTableModel", "Campaign"),
        QT_TRANSLATE_NOOP("QueueTableModel", "To"), QT_TRANSLATE_NOOP("QueueTableModel", "Status"),
        QT_TRANSLATE_NOOP("QueueTableModel", "Tries"),
        QT_TRANSLATE_NOOP("QueueTableModel", "Next try"),
        QT_TRANSLATE_NOOP("QueueTableModel", "Last reply"),
    ]  # fmt: skip

    def __init__(self, fetch: Fetch, parent: Any = None) -> None:
        super().__init__(fetch, parent)
        # Campaign name → (when its queued messages may leave, why): a scheduled campaign
        # or one outside its send window (the Queue page reads them off the UI thread).
        self.waits: dict[str, tuple[datetime | None, str]] = {}

    def set_waits(self, waits: dict[str, tuple[datetime | None, str]]) -> None:
        if waits != self.waits:
            self.waits = waits
            if self.rowCount():
                self.dataChanged.emit(self.index(0, 5), self.index(self.rowCount() - 1, 5))

    def status_at(self, row: int) -> str | None:
        data: QueueRow | None = self.cached_row(row)
        return None if data is None else data.status

    def display(self, row: QueueRow, column: int) -> Any:
        if column == 0:
            return str(row.id)
        if column == 1:
            return row.campaign
        if column == 2:
            return row.to
        if column == 3:
            return status_word(row.status)
        if column == 4:
            return number(row.attempts)
        if column == 5:
            due = row.next_attempt_at if row.status == DEFERRED else None
            wait = self.waits.get(row.campaign) if row.status in (DEFERRED, QUEUED) else None
            if wait is not None and wait[0] is not None and (due is None or _later(wait[0], due)):
                due = wait[0]
            if due is None and row.waits_until is not None:  # their own window, in their zone
                due = row.waits_until
            return local_time(due)
        return translated(row.last_reply)  # the relay's words as said; core's in Italian

    def foreground(self, row: QueueRow, column: int) -> Any:
        if column == 3:
            return QColor(STATUS_COLOURS.get(row.status, "#000000"))
        return None

    def tooltip(self, row: QueueRow, column: int) -> Any:
        if column == 6:
            return translated(row.last_response or "")
        wait = self.waits.get(row.campaign) if row.status in (DEFERRED, QUEUED) else None
        if column == 5 and wait is not None:
            return wait[1]
        if column == 5 and row.waits_until is not None:
            return fmt(
                QCoreApplication.translate("QueueTableModel", "Waits for the recipient's send window: it opens %1 here."),
                local_datetime(row.waits_until),
            )
        if column == 5 and row.status == DEFERRED and row.next_attempt_at is not None:
            return fmt(
                QCoreApplication.translate("QueueTableModel", "Next try at %1 (your local time)"),
                local_datetime(row.next_attempt_at),
            )
        if column in (1, 2):
            return self.display(row, column)
        return None
