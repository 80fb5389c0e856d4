"""A table model over a list of row ids with a lazy row cache filled off the UI thread.

The model holds only the ids (a list of ints: 100,000 of them cost under 4 MB). When
the view paints a row whose page is not cached, ``data()`` returns nothing for now and
asks the ``fetch`` function for that page (200 rows); ``fetch`` runs a core query on a
reader thread and hands the rows back on the GUI thread, and the model repaints those
rows (Anki's browser table works the same way). So a 100,000-row table opens at once,
scrolling never waits for the database, and no query ever runs on the UI thread.

``refresh_rows`` re-reads the cached pages and those still being read (statuses changed)
and keeps showing the old values until the new ones arrive, so the table never flickers blank. Results of a read
that was overtaken (the ids were replaced, or a newer refresh of the page arrived first)
are dropped.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

PAGE_SIZE = 200
MAX_CACHED_PAGES = 50

Index = QModelIndex | QPersistentModelIndex
Rows = dict[int, Any]
# fetch(ids, deliver): read the rows of ``ids`` off the UI thread, then call deliver(rows)
# on it (rows keyed by id; a missing id was deleted meanwhile).
Fetch = Callable[[list[int], Callable[[Rows], None]], object]

_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.UserRole,
)


class IdTableModel(QAbstractTableModel):
    headers: list[str] = []

    rows_loaded = Signal()  # a page of rows arrived and was painted

    def __init__(self, fetch: Fetch, parent: Any = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._ids: list[int] = []
        self._position: dict[int, int] | None = None
        self._pages: OrderedDict[int, Rows] = OrderedDict()
        self._page_version: dict[int, int] = {}
        self._in_flight: dict[int, int] = {}  # page number -> version of its newest read
        self._generation = 0  # bumped when the ids are replaced
        self._version = 0  # bumped by refresh_rows

    # --- for subclasses ---------------------------------------------------------------------

    def display(self, row: Any, column: int) -> Any:
        raise NotImplementedError

    def decoration(self, row: Any, column: int) -> Any:
        return None

    def foreground(self, row: Any, column: int) -> Any:
        return None

    def tooltip(self, row: Any, column: int) -> Any:
        return None

    # --- public -----------------------------------------------------------------------------

    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = ids
        self._position = None
        self._pages.clear()
        self._page_version.clear()
        self._in_flight.clear()
        self._generation += 1
        self.endResetModel()

    def refresh_rows(self) -> None:
        """Re-read the rows on screen (statuses changed) without resetting the view."""
        self._version += 1
        # A page still being read may have been read before the change: read it again too.
        for page_number in sorted(set(self._pages) | set(self._in_flight)):
            self._request(page_number, again=True)

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, row_id: int) -> int:
        """O(1) after the first call: keeping a selection over 100,000 rows stays instant."""
        if self._position is None:
            self._position = {rid: row for row, rid in enumerate(self._ids)}
        return self._position.get(row_id, -1)

    def ids(self) -> list[int]:
        return self._ids

    def loading(self) -> bool:
        """Whether rows asked for are still being read."""
        return bool(self._in_flight)

    def cached_row(self, row: int) -> Any:
        """The row's data if it has been read (else None; it is asked for)."""
        if not 0 <= row < len(self._ids):
            return None
        page_number = row // PAGE_SIZE
        page = self._pages.get(page_number)
        if page is None:
            self._request(page_number)
            return None
        self._pages.move_to_end(page_number)
        return page.get(self._ids[row])

    # --- loading ----------------------------------------------------------------------------

    def _request(self, page_number: int, *, again: bool = False) -> None:
        if page_number in self._in_flight and not again:
            return
        start = page_number * PAGE_SIZE
        ids = self._ids[start : start + PAGE_SIZE]
        if not ids:
            return
        generation, version = self._generation, self._version
        self._in_flight[page_number] = version

        def deliver(rows: Rows) -> None:
            self._arrived(generation, version, page_number, rows)

        self._fetch(list(ids), deliver)

    def _arrived(self, generation: int, version: int, page_number: int, rows: Rows) -> None:
        if generation != self._generation:
            return  # the ids were replaced meanwhile
        if self._in_flight.get(page_number, version) <= version:
            self._in_flight.pop(page_number, None)
        if version < self._page_version.get(page_number, -1):
            return  # a newer read of this page already arrived
        self._page_version[page_number] = version
        self._pages[page_number] = rows
        self._pages.move_to_end(page_number)
        while len(self._pages) > MAX_CACHED_PAGES:
            dropped, _ = self._pages.popitem(last=False)
            self._page_version.pop(dropped, None)
        first = page_number * PAGE_SIZE
        last = min(first + PAGE_SIZE, len(self._ids)) - 1
        if last >= first and self.columnCount():
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))
        self.rows_loaded.emit()

    # --- Qt ---------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.headers):
                return None
            # headers are marked QT_TRANSLATE_NOOP(<the model's class name>, ...)
            return QCoreApplication.translate(type(self).__name__, self.headers[section])
        return section + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        if role not in _ROLES:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[index.row()]
        row = self.cached_row(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, index.column())
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row, index.column())
        if role == Qt.ItemDataRole.DecorationRole:
            return self.decoration(row, index.column())
        return self.tooltip(row, index.column())
