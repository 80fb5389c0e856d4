"""The queue table: message ids in memory, rows a page at a time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtGui import QColor

from core.models import Campaign, Message, MessageStatus, database_proxy
from core.queue.views import message_ids
from gui.models.id_table import IdTableModel
from gui.style import STATUS_COLOURS


def message_rows(ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    cursor = database_proxy.execute_sql(
        f"SELECT m.id, c.name, m.to_addr, m.status, m.attempts, m.next_attempt_at, m.last_code, "
        f"m.last_response, m.message_id FROM {Message._meta.table_name} m "
        f"LEFT JOIN {Campaign._meta.table_name} c ON c.id = m.campaign_id WHERE m.id IN ({marks})",
        list(ids),
    )
    keys = (
        "id",
        "campaign",
        "to",
        "status",
        "attempts",
        "next_attempt_at",
        "last_code",
        "last_response",
        "message_id",
    )
    return {row[0]: dict(zip(keys, row, strict=True)) for row in cursor}


__all__ = ["QueueTableModel", "message_ids", "message_rows"]


class QueueTableModel(IdTableModel):
    headers = ["#", "Campaign", "To", "Status", "Tries", "Next try (UTC)", "Last reply"]

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows_by_id: dict[int, int] = {}

    def set_ids(self, ids: list[int]) -> None:
        self._rows_by_id = {}
        super().set_ids(ids)

    def row_of(self, row_id: int) -> int:
        """O(1) after the first call: keeping a selection over 100,000 rows stays instant."""
        if not self._rows_by_id and self.ids():
            self._rows_by_id = {mid: row for row, mid in enumerate(self.ids())}
        return self._rows_by_id.get(row_id, -1)

    def status_at(self, row: int) -> str | None:
        data = self.row_object(row)
        return None if data is None else data["status"]

    def load_rows(self, ids: Sequence[int]) -> dict[int, Any]:
        return message_rows(ids)

    def display(self, row: dict[str, Any], column: int) -> Any:
        if column == 0:
            return str(row["id"])
        if column == 1:
            return row["campaign"] or ""
        if column == 2:
            return row["to"]
        if column == 3:
            return row["status"]
        if column == 4:
            return str(row["attempts"])
        if column == 5:
            value = row["next_attempt_at"]
            return str(value)[:19] if value and row["status"] == MessageStatus.DEFERRED else ""
        reply = f"{row['last_code'] or ''} {row['last_response'] or ''}".strip()
        return reply.replace("\n", " ")

    def foreground(self, row: dict[str, Any], column: int) -> Any:
        if column == 3:
            return QColor(STATUS_COLOURS.get(row["status"], "#000000"))
        return None

    def tooltip(self, row: dict[str, Any], column: int) -> Any:
        if column == 6:
            return row["last_response"]
        return None
