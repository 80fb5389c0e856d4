"""Test inbox: what the built-in SMTP server caught, shown as a mail client would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core.errors import StaffettaError
from core.inbox_checks import analyse
from core.sandbox import InboxStore
from gui.context import AppContext
from gui.widgets import page_header


class InboxPage(QWidget):
    def __init__(self, context: AppContext, store: InboxStore | None = None) -> None:
        super().__init__()
        self.context = context
        self._store = store
        self.current_id: int | None = None

        self.status = QLabel()
        self.status.setObjectName("hint")
        self.messages = QTableWidget(0, 4)
        self.messages.setHorizontalHeaderLabels(["Received (UTC)", "To", "Subject", "Size"])
        self.messages.verticalHeader().setVisible(False)
        self.messages.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.messages.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.messages.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.messages.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate([150, 220, 300, 70]):
            header.resizeSection(column, width)
        self.messages.itemSelectionChanged.connect(self.open_selected)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.html = QTextBrowser()
        self.html.setOpenLinks(False)
        self.text = QPlainTextEdit(readOnly=True)
        self.headers = QPlainTextEdit(readOnly=True)
        self.source = QPlainTextEdit(readOnly=True)
        self.viewer = QTabWidget()
        self.viewer.addTab(self.html, "Message")
        self.viewer.addTab(self.text, "Plain text")
        self.viewer.addTab(self.headers, "Headers")
        self.viewer.addTab(self.source, "Source")
        self.checks = QListWidget()
        self.checks.setMaximumHeight(150)

        delete_button = QPushButton("Delete")
        delete_button.clicked.connect(self.delete_current)
        clear_button = QPushButton("Clear all…")
        clear_button.clicked.connect(self.clear_all)
        refresh_button = QPushButton("Refresh")
        refresh_button.clicked.connect(self.reload)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.messages, 1)
        row = QHBoxLayout()
        row.addWidget(refresh_button)
        row.addWidget(delete_button)
        row.addWidget(clear_button)
        row.addStretch(1)
        left_layout.addLayout(row)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.viewer, 1)
        right_layout.addWidget(QLabel("Checks:"))
        right_layout.addWidget(self.checks)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([560, 560])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(page_header(
            "Test inbox",
            "Mail sent through the “Built-in test inbox” profile lands here, on this computer "
            "only: nothing reaches real people.",
        ))  # fmt: skip
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        context.signals.inbox_changed.connect(self.reload)
        self.reload()

    @property
    def store(self) -> InboxStore:
        if self._store is None:
            service = self.context.services.get("inbox")
            self._store = service.store if service is not None else InboxStore()
        return self._store

    def on_shown(self) -> None:
        self.reload()

    def _describe_server(self) -> str:
        service = self.context.services.get("inbox")
        if service is None:
            return "The test inbox server is not running in this window; messages caught earlier are shown."
        if service.error:
            return service.error
        return f"Listening on {service.inbox.address} (SMTP, no password needed)."

    def reload(self) -> None:
        messages = self.store.list()
        self.status.setText(f"{self._describe_server()} {len(messages):,} message(s).")
        self.messages.setRowCount(len(messages))
        for row, m in enumerate(messages):
            values = [
                m.received_at.replace("T", " ").rstrip("Z"),
                m.to,
                m.subject,
                f"{m.size / 1024:.1f} KB",
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, m.id)
                item.setToolTip(value)
                self.messages.setItem(row, column, item)
        if messages and self.current_id is None:
            self.messages.selectRow(0)
        elif self.current_id is not None:
            ids = [m.id for m in messages]
            if self.current_id in ids:
                self.messages.selectRow(ids.index(self.current_id))

    def open_selected(self) -> None:
        items = self.messages.selectedItems()
        if not items:
            return
        self.open_message(int(items[0].data(Qt.ItemDataRole.UserRole)))

    def open_message(self, message_id: int) -> None:
        try:
            raw = self.store.raw(message_id)
        except StaffettaError:
            return
        self.current_id = message_id
        report = analyse(raw)
        self.summary.setText(f"<b>{report.subject}</b><br>From {report.sender} to {report.to}")
        self.html.setHtml(report.html or f"<pre>{report.text or ''}</pre>")
        self.text.setPlainText(report.text or "(no plain-text part)")
        self.headers.setPlainText("\n".join(f"{k}: {v}" for k, v in report.headers))
        self.source.setPlainText(raw.decode("utf-8", "replace").replace("\r\n", "\n"))
        self.checks.clear()
        for ok, text in report.checks:
            self.checks.addItem(QListWidgetItem(("✓  " if ok else "✗  ") + text))
        for link in report.links:
            self.checks.addItem(QListWidgetItem("🔗  " + link))

    def delete_current(self) -> None:
        if self.current_id is None:
            return
        self.store.delete(self.current_id)
        self.current_id = None
        self.reload()

    def clear_all(self, *, confirm: bool = True) -> None:
        if (
            confirm
            and QMessageBox.question(self, "Clear the test inbox", "Delete every caught message?")
            != QMessageBox.StandardButton.Yes
        ):
            return
        self.store.clear()
        self.current_id = None
        for widget in (self.text, self.headers, self.source):
            widget.clear()
        self.html.clear()
        self.checks.clear()
        self.summary.clear()
        self.reload()
