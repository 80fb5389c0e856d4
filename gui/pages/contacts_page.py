"""Contacts: lists and segments on the left, a 100,000-row table that filters as you type,
a filter by any field (built with the segment builder, saved as a segment from there),
actions.

Everything is read and changed through ``core.ops.contacts`` off the UI thread: the
sidebar, the ids of the list and filter, the rows the table paints, and every action.
Each action is one ``QAction`` shared by the "Selected…" menu, the right-click menu and
its keyboard shortcut (Delete, Return to edit, Ctrl+C to copy addresses).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import StaffettaError
from core.ops import Changes
from core.ops import contacts as ops
from core.ops import segments as segment_ops
from core.ops.contacts import ContactsSidebar, ContactsView
from gui.context import AppContext
from gui.dialogs.contact_dialog import ContactDialog
from gui.dialogs.import_wizard import ImportWizard
from gui.dialogs.segment_dialog import SegmentDialog
from gui.errors import show_error
from gui.file_dialogs import choose_save_path
from gui.format import plural
from gui.i18n import fmt, number, numerus
from gui.models.contacts_model import ContactsTableModel
from gui.models.id_table import Rows
from gui.widgets import big_table_view, fill_menu, make_action, page_header

ALL_CONTACTS = -1
SEGMENT_ITEM = -2
HEADING_ITEM = -3
LIST_NAME = Qt.ItemDataRole.UserRole + 1  # a list's or a segment's name
SEGMENT_ID = Qt.ItemDataRole.UserRole + 2
UNSUBSCRIBED, ACTIVE = "unsubscribed", "active"


class ContactsPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.loading = False
        self._stale = False
        self._current_list: tuple[str, int | None] = ("list", None)
        self.wizard: ImportWizard | None = None
        self.editor: ContactDialog | None = None
        self.context_menu: QMenu | None = None
        # The filter built with the segment builder (over all contacts), if any.
        self.filter_where: list[str] = []
        self.filter_any = False
        self._select_segment: int | None = None  # once the sidebar shows it

        self.lists = QListWidget()
        self.lists.setMinimumWidth(180)
        self.lists.setStyleSheet("QListWidget::item { padding: 5px 6px; }")
        self.lists.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lists.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.lists.currentItemChanged.connect(lambda *_: self._list_chosen())
        self.lists.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.lists.customContextMenuRequested.connect(self._sidebar_menu)
        self.lists.itemDoubleClicked.connect(lambda _item: self.edit_segment())

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Filter by email, name or any field…  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())

        self.model = ContactsTableModel(self._fetch_rows, self)
        self.table = big_table_view()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")

        self.edit_action = make_action(self, self.tr("Edit…"), self.edit_selected, Qt.Key.Key_Return,
                                        self.tr("Change this contact's address, name or fields."))  # fmt: skip
        self.copy_action = make_action(self, self.tr("Copy address"), self.copy_addresses,
                                        QKeySequence.StandardKey.Copy,
                                        self.tr("Copy the selected contacts' addresses."))  # fmt: skip
        self.unsubscribe_action = make_action(self,
            self.tr("Mark unsubscribed"), lambda: self._change_status(UNSUBSCRIBED),
            tip=self.tr("They get no campaign mail any more."),
        )  # fmt: skip
        self.reactivate_action = make_action(self,
            self.tr("Mark active again"), lambda: self._change_status(ACTIVE),
            tip=self.tr("They may get campaign mail again (a suppressed address stays suppressed)."),
        )  # fmt: skip
        self.suppress_action = make_action(self,
            self.tr("Suppress (never send again)"), self._suppress,
            tip=self.tr("Put the addresses on the suppression list: no campaign ever sends to them."),
        )  # fmt: skip
        self.delete_action = make_action(self, self.tr("Delete…"), self._delete,
                                          QKeySequence.StandardKey.Delete,
                                          self.tr("Delete the contacts from every list."))  # fmt: skip
        for action in (self.edit_action, self.copy_action, self.delete_action):
            self.table.addAction(action)  # their shortcuts work while the table has focus
        self.find_action = make_action(self, self.tr("Find"), self.search.setFocus,
                                        QKeySequence.StandardKey.Find)  # fmt: skip
        self.import_action = make_action(self, self.tr("Import CSV…"), self.open_import, "Ctrl+I")
        self.export_action = make_action(self, self.tr("Export…"), self.export, "Ctrl+E")
        for action in (self.find_action, self.import_action, self.export_action):
            self.addAction(action)

        self.import_button = QPushButton(self.tr("Import CSV…"))
        self.import_button.setToolTip(self.tr("Add or update contacts from a spreadsheet (Ctrl+I)"))
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(lambda _checked=False: self.open_import())
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(
            self.tr("Save the contacts shown (a list, a segment or a filter's matches) as CSV (Ctrl+E)")
        )
        self.export_button.clicked.connect(lambda _checked=False: self.export())
        self.segment_button = QPushButton(self.tr("New segment…"))
        self.segment_button.setToolTip(self.tr(
            "A saved filter over all contacts (city = Milano and plan = gold…) that "
            "campaigns can send to"
        ))  # fmt: skip
        self.segment_button.clicked.connect(lambda _checked=False: self.open_segment_builder())
        self.segment_dialog: SegmentDialog | None = None
        self.filter_button = QPushButton(self.tr("Filter by field…"))
        self.filter_button.setToolTip(self.tr(
            "Show the contacts whose fields match conditions (city = Milano, age >= 30…); "
            "save them as a segment from there"
        ))  # fmt: skip
        self.filter_button.clicked.connect(lambda _checked=False: self.open_filter())
        self.filter_bar = QFrame()
        self.filter_bar.setObjectName("banner")
        self.filter_bar.setStyleSheet("QFrame#banner { background: palette(alternate-base); }")
        self.filter_label = QLabel()
        self.filter_label.setWordWrap(True)
        self.edit_filter_button = QPushButton(self.tr("Edit…"))
        self.edit_filter_button.clicked.connect(lambda _checked=False: self.open_filter())
        self.save_filter_button = QPushButton(self.tr("Save as segment…"))
        self.save_filter_button.setToolTip(
            self.tr("Keep this filter under a name campaigns can send to")
        )
        self.save_filter_button.clicked.connect(
            lambda _checked=False: self.open_filter(save=True)
        )
        self.clear_filter_button = QPushButton(self.tr("Clear filter"))
        self.clear_filter_button.clicked.connect(lambda _checked=False: self.clear_filter())
        bar = QHBoxLayout(self.filter_bar)
        bar.setContentsMargins(8, 4, 8, 4)
        bar.addWidget(self.filter_label, 1)
        for button in (self.edit_filter_button, self.save_filter_button,
                       self.clear_filter_button):  # fmt: skip
            bar.addWidget(button)
        self.filter_bar.hide()
        self.edit_segment_action = make_action(self, self.tr("Edit segment…"), self.edit_segment)
        self.delete_segment_action = make_action(self, self.tr("Delete segment…"), self.delete_segment)
        self.sidebar_menu: QMenu | None = None
        self.actions_button = QToolButton()
        self.actions_button.setText(self.tr("Selected…"))
        self.actions_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.actions_menu = QMenu(self.actions_button)
        self._fill_menu(self.actions_menu)
        self.actions_button.setMenu(self.actions_menu)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        tools = QHBoxLayout()
        tools.addWidget(self.search, 1)
        tools.addWidget(self.filter_button)
        tools.addWidget(self.actions_button)
        right_layout.addLayout(tools)
        right_layout.addWidget(self.filter_bar)
        right_layout.addWidget(self.table, 1)
        right_layout.addWidget(self.count_label)

        splitter = QSplitter()
        splitter.addWidget(self.lists)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 900])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        header = QHBoxLayout()
        header.addWidget(
            page_header(
                self.tr("Contacts"),
                self.tr("Import people from a spreadsheet; every column becomes a field you can "
                        "use in templates. Double-click a contact to edit it."),
            ),
            1,
        )
        header.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.segment_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)

        context.signals.changed.connect(self._data_changed)
        self._selection_changed()
        self.refresh()

    # --- building -----------------------------------------------------------------------

    def _fill_menu(self, menu: QMenu) -> None:
        fill_menu(menu, [
            [self.edit_action, self.copy_action],
            [self.unsubscribe_action, self.reactivate_action, self.suppress_action],
            [self.delete_action],
        ])  # fmt: skip

    def _fetch_rows(self, ids: list[int], deliver: Callable[[Rows], None]) -> None:
        self.context.query("contact rows", ops.contact_rows, ids, on_done=deliver, latest=False)

    # --- loading ------------------------------------------------------------------------

    def _data_changed(self, changes: Changes) -> None:
        if changes.contacts or changes.lists:
            self.refresh()
        elif (changes.queue or changes.suppressions) and self.isVisible():
            # A bounce while sending turns a contact "bounced": repaint the statuses.
            self.model.refresh_rows()

    def selected_list_id(self) -> int | None:
        item = self.lists.currentItem()
        if item is None:
            return None
        value = item.data(Qt.ItemDataRole.UserRole)
        return None if value in (ALL_CONTACTS, SEGMENT_ITEM, HEADING_ITEM) else int(value)

    def selected_segment_id(self) -> int | None:
        item = self.lists.currentItem()
        if item is None or item.data(Qt.ItemDataRole.UserRole) != SEGMENT_ITEM:
            return None
        return int(item.data(SEGMENT_ID))

    def _sidebar_key(self) -> tuple[str, int | None]:
        segment = self.selected_segment_id()
        return ("segment", segment) if segment is not None else ("list", self.selected_list_id())

    def refresh(self) -> None:
        """Reload the list sidebar (counts) and then the table."""
        def load() -> tuple[ContactsSidebar, list[segment_ops.SegmentData]]:
            return ops.sidebar(), segment_ops.list_segments()

        self.context.query("contacts sidebar", load, on_done=self._show_sidebar,
                           on_error=self._error)  # fmt: skip

    def _show_sidebar(
        self, loaded: tuple[ContactsSidebar, list[segment_ops.SegmentData]]
    ) -> None:
        sidebar, segments = loaded
        current = self._sidebar_key()
        if self._select_segment is not None:
            current, self._select_segment = ("segment", self._select_segment), None
        self.lists.blockSignals(True)
        self.lists.clear()
        everyone = QListWidgetItem(fmt(self.tr("All contacts  (%1)"), number(sidebar.total)))
        everyone.setData(Qt.ItemDataRole.UserRole, ALL_CONTACTS)
        everyone.setToolTip(self.tr("Every contact, in any list"))
        self.lists.addItem(everyone)
        selected_row = 0
        for list_id, name, count in sidebar.lists:
            item = QListWidgetItem(f"{name}  ({number(count)})")
            item.setData(Qt.ItemDataRole.UserRole, list_id)
            item.setData(LIST_NAME, name)
            item.setToolTip(f"{name}: {plural(count, 'contact')}")
            self.lists.addItem(item)
            if current == ("list", list_id):
                selected_row = self.lists.count() - 1
        if segments:
            heading = QListWidgetItem(self.tr("SEGMENTS"))
            heading.setData(Qt.ItemDataRole.UserRole, HEADING_ITEM)
            heading.setFlags(Qt.ItemFlag.NoItemFlags)
            font = heading.font()
            font.setPointSizeF(font.pointSizeF() * 0.85)
            font.setBold(True)
            heading.setFont(font)
            self.lists.addItem(heading)
        for segment in segments:
            item = QListWidgetItem(segment.name)
            item.setData(Qt.ItemDataRole.UserRole, SEGMENT_ITEM)
            item.setData(SEGMENT_ID, segment.id)
            item.setData(LIST_NAME, segment.name)
            joined = self._joined(segment.where, segment.match_any)
            item.setToolTip(fmt(self.tr("Segment %1: %2\nDouble-click to change it."),
                                segment.name, joined))  # fmt: skip
            self.lists.addItem(item)
            if current == ("segment", segment.id):
                selected_row = self.lists.count() - 1
        self.lists.setCurrentRow(selected_row)
        self.lists.blockSignals(False)
        self._current_list = self._sidebar_key()
        self.reload()

    def _list_chosen(self) -> None:
        if self._sidebar_key() != self._current_list:
            self._current_list = self._sidebar_key()
            if self.filter_where:  # the filter is over all contacts: another choice ends it
                self.filter_where = []
                self._show_filter()
            self.reload()

    def reload(self) -> None:
        """Query the ids for the current list and filter in the background."""
        self._stale = False
        list_id, text = self.selected_list_id(), self.search.text()
        segment_id = self.selected_segment_id()
        where, match_any = list(self.filter_where), self.filter_any
        self.loading = True
        if not self.model.rowCount():
            self.count_label.setText(self.tr("Loading…"))

        def loaded(result: ContactsView | segment_ops.FilteredContacts) -> None:
            if result.fields != self.model.fields:
                self.model.set_fields(result.fields)
                self._size_columns()
            if result.ids != self.model.ids():
                self.model.set_ids(result.ids)
            else:
                self.model.refresh_rows()
            self.loading = False
            problem = getattr(result, "problem", None)
            self.count_label.setStyleSheet("color: #b3261e;" if problem else "")
            if problem:
                self.count_label.setText(problem)
            else:
                self.count_label.setText(self._count_text(len(result.ids), text, segment_id))
            self._selection_changed()

        job: Callable[[], ContactsView | segment_ops.FilteredContacts]
        if segment_id is not None or where:
            job = functools.partial(segment_ops.filtered_contacts, text, segment_id=segment_id,
                                    where=where, match_any=match_any)  # fmt: skip
        else:
            job = functools.partial(ops.view, list_id, text)
        self.context.query("contacts view", job, on_done=loaded, on_error=self._error)

    def _count_text(self, count: int, search: str, segment_id: int | None) -> str:
        searched = bool(search.strip())
        if self.filter_where:
            text = (self.tr("%Ln contact(s) (matches|match) the filter and the search", "", count)
                    if searched else self.tr("%Ln contact(s) (matches|match) the filter", "", count))  # fmt: skip
            return numerus(text, count)
        if segment_id is not None:
            item = self.lists.currentItem()
            name = str(item.data(LIST_NAME)) if item is not None else ""
            text = (self.tr("%Ln contact(s) of the segment %1 (matches|match) the search", "", count)
                    if searched else self.tr("%Ln contact(s) in the segment %1", "", count))  # fmt: skip
            return fmt(numerus(text, count), name)
        if searched:
            return numerus(self.tr("%Ln contact(s) (matches|match) the filter", "", count), count)
        return plural(count, "contact")

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        for column, width in enumerate([280, 200, 100]):
            header.resizeSection(column, width)
        for column in range(3, self.model.columnCount()):
            header.resizeSection(column, 130)

    def on_shown(self) -> None:
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    # --- selection and menus --------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.id_at(row) for row in rows if row < self.model.rowCount()]

    def _selection_changed(self) -> None:
        count = len(self.table.selectionModel().selectedRows())
        self.actions_button.setEnabled(count > 0)
        self.actions_button.setText(
            numerus(self.tr("%Ln selected…", "", count), count) if count else self.tr("Selected…")
        )
        for action in (self.copy_action, self.unsubscribe_action, self.reactivate_action,
                       self.suppress_action, self.delete_action):  # fmt: skip
            action.setEnabled(count > 0)
        self.edit_action.setEnabled(count == 1)

    def _context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        selected = {i.row() for i in self.table.selectionModel().selectedRows()}
        if index.isValid() and index.row() not in selected:
            self.table.selectRow(index.row())
        menu = QMenu(self)
        self._fill_menu(menu)
        if self.context_menu is not None:
            self.context_menu.deleteLater()
        self.context_menu = menu
        menu.popup(self.table.viewport().mapToGlobal(position))

    def _error(self, error: StaffettaError) -> None:
        self.loading = False
        show_error(self, error)

    # --- actions ------------------------------------------------------------------------

    def _run(self, name: str, fn: Callable[[], Any], message: Callable[[int], str]) -> None:
        def done(count: int) -> None:
            self.context.signals.status_message.emit(message(count))

        self.context.op(name, fn, on_done=done, on_error=self._error)

    def _change_status(self, status: str) -> None:
        ids = self.selected_ids()
        if ids:
            def done(n: int) -> str:
                if status == UNSUBSCRIBED:
                    return numerus(self.tr("%Ln contact(s) now unsubscribed.", "", n), n)
                return numerus(self.tr("%Ln contact(s) now active.", "", n), n)

            self._run("change status", functools.partial(ops.set_status, ids, status), done)

    def _suppress(self) -> None:
        ids = self.selected_ids()
        if ids:
            self._run("suppress", functools.partial(ops.suppress, ids),
                      lambda n: numerus(self.tr("%Ln address(es) suppressed.", "", n), n))  # fmt: skip

    def _delete(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete contacts"),
            numerus(self.tr("Delete %Ln contact(s) from every list? Messages already queued for "
                            "(it|them) keep their copy of the address.", "", len(ids)), len(ids)),
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            self._run("delete", functools.partial(ops.delete_contacts, ids),
                      lambda n: numerus(self.tr("%Ln contact(s) deleted.", "", n), n))  # fmt: skip

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        if self.editor is not None:
            self.editor.deleteLater()
        self.editor = ContactDialog(self.context, ids[0], self)
        self.editor.open()

    def copy_addresses(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return

        def copy(rows: Rows) -> None:
            addresses = [rows[i].email for i in ids if i in rows]
            QGuiApplication.clipboard().setText("\n".join(addresses))
            self.context.signals.status_message.emit(
                numerus(self.tr("Copied %Ln address(es).", "", len(addresses)), len(addresses))
            )

        self.context.query("copy addresses", ops.contact_rows, ids, on_done=copy)

    def open_segment_builder(self) -> SegmentDialog:
        """The segment builder (live count and preview); modal, as the import wizard."""
        return self._open_builder(SegmentDialog(self.context, self))

    def _open_builder(self, dialog: SegmentDialog) -> SegmentDialog:
        if self.segment_dialog is not None:
            self.segment_dialog.deleteLater()
        self.segment_dialog = dialog
        dialog.filter_applied.connect(self.apply_filter)
        dialog.segment_saved.connect(self._segment_saved)
        dialog.open()
        return dialog

    def open_filter(self, *, save: bool = False) -> SegmentDialog:
        """The segment builder as the page's filter: it starts from the filter shown, the
        chosen segment's conditions or ``list = <the chosen list>``."""
        where, match_any = list(self.filter_where), self.filter_any
        if not where:
            item = self.lists.currentItem()
            name = str(item.data(LIST_NAME) or "") if item is not None else ""
            if self.selected_list_id() is not None:
                where = [segment_ops.condition_text("list", "=", name)]
        dialog = SegmentDialog(self.context, self, filter_mode=True, where=where,
                               match_any=match_any)  # fmt: skip
        segment_id = self.selected_segment_id()
        if not self.filter_where and segment_id is not None:
            # Start from the segment's own conditions (read off the UI thread).
            def prefill(segment: segment_ops.SegmentData) -> None:
                dialog.set_conditions(segment.where, segment.match_any)

            self.context.query("segment to filter", segment_ops.get, segment_id, on_done=prefill)
        self._open_builder(dialog)
        if save:
            dialog.name.setFocus()
        return dialog

    def apply_filter(self, where: list[str], match_any: bool) -> None:
        """Show the contacts matching ``where`` (over all contacts: the sidebar shows All
        contacts while the filter is on)."""
        self.filter_where, self.filter_any = list(where), bool(match_any)
        self.lists.blockSignals(True)
        self.lists.setCurrentRow(0)
        self.lists.blockSignals(False)
        self._current_list = self._sidebar_key()
        self._show_filter()
        self.reload()

    def clear_filter(self) -> None:
        self.filter_where = []
        self._show_filter()
        self.reload()

    def _show_filter(self) -> None:
        active = bool(self.filter_where)
        self.filter_bar.setVisible(active)
        if active:
            self.filter_label.setText(
                fmt(self.tr("Filter: %1"), self._joined(self.filter_where, self.filter_any))
            )
        self.filter_button.setText(
            self.tr("Change filter…") if active else self.tr("Filter by field…")
        )

    def _joined(self, where: list[str], match_any: bool) -> str:
        """``city = Milano and plan = gold`` in the window's language."""
        return (" %s " % (self.tr("or") if match_any else self.tr("and"))).join(where)

    def _segment_saved(self, segment_id: int, _name: str) -> None:
        """Show the new segment (its sidebar entry, once the sidebar reloads)."""
        self._select_segment = segment_id
        self.filter_where = []
        self._show_filter()

    # --- segments in the sidebar ------------------------------------------------------------

    def _sidebar_menu(self, position: QPoint) -> None:
        item = self.lists.itemAt(position)
        if item is None or item.data(Qt.ItemDataRole.UserRole) != SEGMENT_ITEM:
            return
        self.lists.setCurrentItem(item)
        menu = QMenu(self)
        menu.addAction(self.edit_segment_action)
        menu.addAction(self.delete_segment_action)
        if self.sidebar_menu is not None:
            self.sidebar_menu.deleteLater()
        self.sidebar_menu = menu
        menu.popup(self.lists.viewport().mapToGlobal(position))

    def edit_segment(self) -> None:
        segment_id = self.selected_segment_id()
        if segment_id is None:
            return

        def show(segment: segment_ops.SegmentData) -> None:
            self._open_builder(SegmentDialog(self.context, self, segment))

        self.context.query("segment to edit", segment_ops.get, segment_id, on_done=show,
                           on_error=self._error)  # fmt: skip

    def delete_segment(self) -> None:
        item = self.lists.currentItem()
        if self.selected_segment_id() is None or item is None:
            return
        name = str(item.data(LIST_NAME))
        answer = QMessageBox.question(
            self, self.tr("Delete segment"),
            fmt(self.tr("Delete the segment %1? Its contacts stay; only the filter is deleted."),
                repr(name)),
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            self.context.op(
                "delete segment", segment_ops.delete, name, on_error=self._error,
                on_done=lambda _c: self.context.signals.status_message.emit(
                    fmt(self.tr("Segment %1 deleted."), repr(name))
                ),
            )  # fmt: skip

    def open_import(self) -> ImportWizard:
        if self.wizard is not None:
            self.wizard.deleteLater()
        self.wizard = ImportWizard(self.context, self)
        self.wizard.open()
        return self.wizard

    def export(self) -> None:
        """Save what the sidebar shows (a list, everyone, a segment or the filter) as CSV."""
        list_id, segment_id = self.selected_list_id(), self.selected_segment_id()
        item = self.lists.currentItem()
        named = list_id is not None or segment_id is not None
        name = str(item.data(LIST_NAME)) if named and item is not None else None
        filtered = bool(self.filter_where) or segment_id is not None
        suggested = (
            self.tr("filtered contacts", "the file name of an export of a filter's matches")
            if self.filter_where
            else name or self.tr("contacts", "the file name of an export of every contact")
        )
        path = choose_save_path(self, self.tr("Export contacts"), f"{suggested}.csv")
        if not path:
            return
        job: Callable[[], int]
        if filtered:  # what the table shows (the search aside)
            job = functools.partial(segment_ops.export_filtered, path, segment_id=segment_id,
                                    where=list(self.filter_where),
                                    match_any=self.filter_any)  # fmt: skip
        else:
            job = functools.partial(ops.export_contacts, path, name)
        self.context.op(
            "export contacts",
            job,
            on_done=lambda n: self.context.signals.status_message.emit(
                fmt(numerus(self.tr("Exported %Ln contact(s) to %1.", "", n), n), path)
            ),
            on_error=self._error,
        )

    def shutdown(self) -> None:
        for dialog in (self.wizard, self.editor):
            if dialog is not None and dialog.isVisible():
                dialog.reject()
