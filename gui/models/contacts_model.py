"""The contacts table: ids in memory, rows read a page at a time off the UI thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from core.contacts import ContactRow
from gui.format import contact_status_word
from gui.i18n import QT_TRANSLATE_NOOP, fmt
from gui.models.id_table import Fetch, IdTableModel
from gui.style import STATUS_COLOURS

BASE_HEADERS = [  # translated in headerData (context: the model's class name)
    QT_TRANSLATE_NOOP("ContactsTableModel", "Email"),
    QT_TRANSLATE_NOOP("ContactsTableModel", "Name"),
    QT_TRANSLATE_NOOP("ContactsTableModel", "Status"),
]
_STATUS_COLOURS = {
    "unsubscribed": STATUS_COLOURS["held"],
    "bounced": STATUS_COLOURS["failed"],
    "complained": STATUS_COLOURS["failed"],
    "suppressed": STATUS_COLOURS["failed"],
}


class ContactsTableModel(IdTableModel):
    def __init__(self, fetch: Fetch, parent: Any = None) -> None:
        super().__init__(fetch, parent)
        self.fields: list[str] = []
        self.headers = list(BASE_HEADERS)

    def set_fields(self, fields: list[str]) -> None:
        self.beginResetModel()
        self.fields = fields
        self.headers = BASE_HEADERS + fields
        self.endResetModel()

    def display(self, row: ContactRow, column: int) -> Any:
        if column == 0:
            return row.email
        if column == 1:
            return row.name or ""
        if column == 2:
            return contact_status_word(row.shown_status)
        if column - 3 < len(self.fields):
            return row.fields.get(self.fields[column - 3], "")
        return None

    def foreground(self, row: ContactRow, column: int) -> Any:
        if column == 2:
            colour = _STATUS_COLOURS.get(row.shown_status)
            return QColor(colour) if colour else None
        return None

    def tooltip(self, row: ContactRow, column: int) -> Any:
        """On the status: why the address gets no mail (the suppression list's reason)."""
        if column == 2 and getattr(row, "suppression_reason", None):
            return fmt(QCoreApplication.translate("ContactsTableModel", "Not mailed: %1"),
                       row.suppression_reason)  # fmt: skip
        value = self.display(row, column)
        return value if isinstance(value, str) and len(value) > 30 else None
