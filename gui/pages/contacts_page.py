"""Contacts: lists on the left, a 100,000-row table that filters as you type, actions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
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

from core.contacts import (
    contact_ids,
    delete_contacts,
    export_contacts,
    field_names,
    list_summaries,
    set_status,
    suppress,
)
from core.errors import StaffettaError
from core.models import Contact, ContactStatus
from gui.context import AppContext
from gui.dialogs.import_wizard import ImportWizard
from gui.errors import show_error
from gui.models.contacts_model import ContactsTableModel
from gui.widgets import big_table_view, page_header

ALL_CONTACTS = -1


class ContactsPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self._generation = 0  # ignore results of searches that were overtaken
        self.loading = False

        self.lists = QListWidget()
        self.lists.setMinimumWidth(180)
        self.lists.setStyleSheet("QListWidget::item { padding: 5px 6px; }")
        self.lists.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lists.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.lists.currentItemChanged.connect(lambda *_: self.reload())

        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter by email, name or any field…")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())

        self.model = ContactsTableModel(self)
        self.table = big_table_view()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")

        self.import_button = QPushButton("Import CSV…")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.open_import)
        self.export_button = QPushButton("Export…")
        self.export_button.clicked.connect(self.export)
        self.actions_button = QToolButton()
        self.actions_button.setText("Selected…")
        self.actions_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.actions_button)
        menu.addAction("Mark unsubscribed", lambda: self._change_status(ContactStatus.UNSUBSCRIBED))
        menu.addAction("Mark active again", lambda: self._change_status(ContactStatus.ACTIVE))
        menu.addAction("Suppress (never send again)", self._suppress)
        menu.addSeparator()
        menu.addAction("Delete…", self._delete)
        self.actions_button.setMenu(menu)
        self.actions_button.setEnabled(False)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        tools = QHBoxLayout()
        tools.addWidget(self.search, 1)
        tools.addWidget(self.actions_button)
        right_layout.addLayout(tools)
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
                "Contacts",
                "Import people from a spreadsheet; every column becomes a field you can use "
                "in templates.",
            ),
            1,
        )
        header.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)

        context.signals.contacts_changed.connect(self.refresh)
        # A bounce while sending turns a contact "bounced": repaint the statuses on screen.
        context.signals.queue_changed.connect(self._statuses_may_have_changed)
        self.refresh()

    def _statuses_may_have_changed(self) -> None:
        if self.isVisible():
            self.model.refresh_rows()

    # --- loading ------------------------------------------------------------------------------

    def selected_list_id(self) -> int | None:
        item = self.lists.currentItem()
        if item is None:
            return None
        value = item.data(Qt.ItemDataRole.UserRole)
        return None if value == ALL_CONTACTS else int(value)

    def refresh(self) -> None:
        """Reload the list sidebar (counts) and then the table."""
        current = self.selected_list_id()
        self.lists.blockSignals(True)
        self.lists.clear()
        summaries = list_summaries()
        everyone = QListWidgetItem(f"All contacts  ({Contact.select().count():,})")
        everyone.setData(Qt.ItemDataRole.UserRole, ALL_CONTACTS)
        self.lists.addItem(everyone)
        selected_row = 0
        for list_id, name, count in summaries:
            item = QListWidgetItem(f"{name}  ({count:,})")
            item.setData(Qt.ItemDataRole.UserRole, list_id)
            item.setToolTip(name)
            self.lists.addItem(item)
            if list_id == current:
                selected_row = self.lists.count() - 1
        everyone.setToolTip("Every contact, in any list")
        self.lists.setCurrentRow(selected_row)
        self.lists.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        """Query the ids for the current list and filter in the background."""
        self._generation += 1
        generation = self._generation
        list_id, text = self.selected_list_id(), self.search.text()
        self.loading = True
        self.count_label.setText("Loading…")

        def load() -> tuple[list[int], list[str]]:
            return contact_ids(list_id, text), field_names(list_id)

        def loaded(result: tuple[list[int], list[str]]) -> None:
            if generation != self._generation:
                return
            ids, fields = result
            if fields != self.model.fields:
                self.model.set_fields(fields)
                self._size_columns()
            self.model.set_ids(ids)
            self.loading = False
            noun = "contact" if len(ids) == 1 else "contacts"
            suffix = " match the filter" if text else ""
            self.count_label.setText(f"{len(ids):,} {noun}{suffix}")
            self._selection_changed()

        self.context.tasks.submit("load contacts", load, on_done=loaded, on_error=self._error)

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        for column, width in enumerate([280, 200, 100]):
            header.resizeSection(column, width)
        for column in range(3, self.model.columnCount()):
            header.resizeSection(column, 130)

    def on_shown(self) -> None:
        self.refresh()

    # --- actions ------------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.id_at(row) for row in rows]

    def _selection_changed(self, *_args: Any) -> None:
        count = len(self.table.selectionModel().selectedRows())
        self.actions_button.setEnabled(count > 0)
        self.actions_button.setText(f"{count:,} selected…" if count else "Selected…")

    def _error(self, error: StaffettaError) -> None:
        self.loading = False
        show_error(self, error)

    def _run_and_refresh(self, name: str, fn: Any, *args: Any, message: str) -> None:
        def done(count: Any) -> None:
            self.context.signals.status_message.emit(message.format(count=count))
            self.context.signals.contacts_changed.emit()

        self.context.tasks.submit(name, fn, *args, on_done=done, on_error=self._error)

    def _change_status(self, status: str) -> None:
        ids = self.selected_ids()
        self._run_and_refresh(
            "change status", set_status, ids, status, message=f"{{count}} contacts now {status}."
        )

    def _suppress(self) -> None:
        self._run_and_refresh(
            "suppress", suppress, self.selected_ids(), message="{count} addresses suppressed."
        )

    def _delete(self) -> None:
        ids = self.selected_ids()
        answer = QMessageBox.question(
            self,
            "Delete contacts",
            f"Delete {len(ids):,} contacts from every list? Messages already queued keep "
            "their copy of the address.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._run_and_refresh("delete", delete_contacts, ids, message="{count} deleted.")

    def open_import(self) -> ImportWizard:
        wizard = ImportWizard(self.context, self)
        wizard.open()
        return wizard

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export contacts", "contacts.csv", "CSV (*.csv)"
        )
        if not path:
            return
        list_id = self.selected_list_id()
        name = None
        if list_id is not None:
            item = self.lists.currentItem()
            name = item.toolTip() if item else None
        self.context.tasks.submit(
            "export",
            export_contacts,
            path,
            name,
            on_done=lambda n: self.context.signals.status_message.emit(
                f"Exported {n:,} contacts to {path}."
            ),
            on_error=self._error,
        )
