"""The contacts table: ids in memory, rows loaded a page at a time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtGui import QColor

from core.contacts import ContactRow, contact_rows
from gui.models.id_table import IdTableModel
from gui.style import STATUS_COLOURS

BASE_HEADERS = ["Email", "Name", "Status"]
_STATUS_COLOURS = {
    "unsubscribed": STATUS_COLOURS["held"],
    "bounced": STATUS_COLOURS["failed"],
    "suppressed": STATUS_COLOURS["failed"],
}


class ContactsTableModel(IdTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.fields: list[str] = []
        self.headers = list(BASE_HEADERS)

    def set_fields(self, fields: list[str]) -> None:
        self.beginResetModel()
        self.fields = fields
        self.headers = BASE_HEADERS + fields
        self._pages.clear()
        self.endResetModel()

    def load_rows(self, ids: Sequence[int]) -> dict[int, Any]:
        return contact_rows(ids)

    def display(self, row: ContactRow, column: int) -> Any:
        if column == 0:
            return row.email
        if column == 1:
            return row.name or ""
        if column == 2:
            return row.as_dict()["status"]
        return row.fields.get(self.fields[column - 3], "")

    def foreground(self, row: ContactRow, column: int) -> Any:
        if column == 2:
            colour = _STATUS_COLOURS.get(row.as_dict()["status"])
            return QColor(colour) if colour else None
        return None
