"""A searchable picker over every contact: a model over ids, rows fetched off the UI thread.

The model holds only the matching ids (100,000 ints cost under 4 MB); the rows a view
paints are fetched a page at a time through ``context.query`` and cached, so the
picker opens at once on any list and never queries the database on the UI thread.

The view is a one-column ``QTableView`` with fixed row heights, not a ``QListView``: a
list view lays out every row after each reset (twice ``rowCount()`` per row, into
Python: 1.2 s at 100,000 contacts, on the UI thread, each time the page was shown after
the contacts changed); a table view with fixed rows lays out only what it paints.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.contacts import ContactRow
from core.ops import contacts as contact_ops
from gui.context import AppContext
from gui.format import plural

PAGE = 100
MAX_PAGES = 40
Index = QModelIndex | QPersistentModelIndex


def contact_label(row: ContactRow) -> str:
    return f"{row.name} <{row.email}>" if row.name else row.email


class ContactIdsModel(QAbstractListModel):
    """Contacts by id; a row not fetched yet shows "…" until its page arrives."""

    def __init__(self, context: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.context = context
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, ContactRow]] = OrderedDict()
        self._loading: set[int] = set()
        self._generation = 0

    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = ids
        self._pages.clear()
        self._loading.clear()
        self._generation += 1
        self.endResetModel()

    def ids(self) -> list[int]:
        return self._ids

    def row_of(self, contact_id: int) -> int:
        try:
            return self._ids.index(contact_id)
        except ValueError:
            return -1

    def cached_row(self, row: int) -> ContactRow | None:
        page = self._pages.get(row // PAGE)
        return page.get(self._ids[row]) if page is not None else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        row = index.row()
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[row]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        page_number = row // PAGE
        page = self._pages.get(page_number)
        if page is None:
            self._fetch(page_number)
            return "…"
        self._pages.move_to_end(page_number)
        contact = page.get(self._ids[row])
        return contact_label(contact) if contact is not None else "(deleted)"

    def _fetch(self, page_number: int) -> None:
        if page_number in self._loading:
            return
        self._loading.add(page_number)
        generation = self._generation
        ids = self._ids[page_number * PAGE : (page_number + 1) * PAGE]

        def arrived(rows: dict[int, ContactRow]) -> None:
            if generation != self._generation:
                return
            self._loading.discard(page_number)
            self._pages[page_number] = rows
            if len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
            first = page_number * PAGE
            last = min(len(self._ids), first + PAGE) - 1
            self.dataChanged.emit(self.index(first), self.index(last))

        self.context.query(
            f"contact page {id(self)}:{generation}:{page_number}", contact_ops.contact_rows, ids,
            on_done=arrived, latest=False,
        )  # fmt: skip


class ContactPicker(QWidget):
    """Search field over a list of contacts; ``chosen`` emits the picked contact id."""

    chosen = Signal(object)  # contact id or None
    loaded = Signal()  # the ids for the current search arrived

    def __init__(
        self, context: AppContext, *, rows: int = 6, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.list_id: int | None = None
        self._chosen: int | None = None
        self.ready = False  # the first ids arrived: current_id() means what it says
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            QCoreApplication.translate("ContactPicker", "Search by email, name or any field")
        )
        self.search.setClearButtonEnabled(True)
        self.model = ContactIdsModel(context, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        vertical = self.view.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        line = self.view.fontMetrics().height() + 4
        vertical.setDefaultSectionSize(line)
        self.view.setFixedHeight(line * rows + 2 * self.view.frameWidth())
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.count = QLabel()
        self.count.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.search)
        layout.addWidget(self.view)
        layout.addWidget(self.count)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self.reload)

    def prefer(self, contact_id: int | None) -> None:
        """Select this contact when the ids arrive (if it is among them)."""
        self._chosen = contact_id

    def set_list(self, list_id: int | None) -> None:
        """Show the contacts of a list (None: every contact)."""
        self.list_id = list_id
        self.reload()

    def reload(self) -> None:
        self._debounce.stop()
        self.context.query(
            f"contact picker {id(self)}", contact_ops.contact_ids, self.list_id,
            self.search.text().strip(), on_done=self._ids_arrived,
        )  # fmt: skip

    def _ids_arrived(self, ids: list[int]) -> None:
        keep = self._chosen
        self.model.set_ids(ids)
        self.ready = True
        self.count.setText(
            plural(len(ids), "contact")
            + (QCoreApplication.translate("ContactPicker", " match") if self.search.text() else "")
        )
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and ids:
            row = 0
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row))
        else:
            self._set_chosen(None)
        self.loaded.emit()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._set_chosen(self.model.data(current, Qt.ItemDataRole.UserRole))

    def _set_chosen(self, contact_id: int | None) -> None:
        if contact_id != self._chosen:
            self._chosen = contact_id
            self.chosen.emit(contact_id)

    def current_id(self) -> int | None:
        return self._chosen

    def current_label(self) -> str:
        index = self.view.currentIndex()
        return str(self.model.data(index)) if index.isValid() else ""
