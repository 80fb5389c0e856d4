"""Test inbox: what the built-in SMTP server caught, shown as a mail client would.

The list is newest first and read off the UI thread (``core.ops.inbox``), as is each
message opened; the viewer has the rendered HTML (never loading anything
from the network or the disk: a test message must not make the app fetch files), the
plain-text part, the headers and the raw source; the checks panel comes from
``core.inbox_checks``. New mail arrives through the bridge (``inbox_changed``) and is
coalesced so a campaign of thousands repaints a few times per second, not per message.
"""

from __future__ import annotations

import base64
import functools
import html as html_escape
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QColor,
    QGuiApplication,
    QImage,
    QKeySequence,
    QShowEvent,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
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
from core.inbox_checks import MessageReport
from core.ops import inbox as ops
from core.ops.inbox import CaughtMessage, OpenedMessage
from core.sandbox import InboxStore
from gui.context import AppContext
from gui.core_text import translated
from gui.errors import show_error
from gui.format import local_datetime, local_time
from gui.i18n import fmt, number
from gui.widgets import page_header

REFRESH_MS = 300
PASSED, FAILED = "#1e7b34", "#b3261e"
LINK_MARK = "→  "  # in every font (an emoji would show as a box without an emoji font)


class OfflineBrowser(QTextBrowser):
    """Renders HTML with the message's own images only: no remote loads, no local files.

    ``cid:`` images come from the message's parts and ``data:`` images from the HTML;
    anything else is refused (and recorded, so a test can tell it was asked for).
    """

    def __init__(self) -> None:
        super().__init__()
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.images: dict[str, bytes] = {}
        self.refused: list[str] = []

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        address = url.toString() if isinstance(url, QUrl) else str(url)
        image: bytes | None = None
        if address.lower().startswith("cid:"):
            image = self.images.get(address[4:])
        elif address.lower().startswith("data:image/") and ";base64," in address[:80]:
            try:
                image = base64.b64decode(address.split(",", 1)[1][: 8 * 1024 * 1024])
            except ValueError:
                image = None
        if (
            image is not None
            and getattr(kind, "value", kind) == QTextDocument.ResourceType.ImageResource.value
        ):
            loaded = QImage.fromData(image)
            if not loaded.isNull():
                return loaded
        self.refused.append(address)
        return None


def _size(size: int) -> str:
    return f"{number(size / 1024, 1)} KB"  # 1.7 KB, 1,7 KB in Italian


class InboxPage(QWidget):
    def __init__(self, context: AppContext, store: InboxStore | None = None) -> None:
        super().__init__()
        self.context = context
        self._store = store
        self.current_id: int | None = None
        self.report: MessageReport | None = None
        self.loading = False
        self._shown_ids: list[int] = []
        self._stale = False
        self.context_menu: QMenu | None = None

        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.messages = QTableWidget(0, 4)
        self.messages.setHorizontalHeaderLabels(
            [self.tr("Received"), self.tr("To"), self.tr("Subject"), self.tr("Size")]
        )
        self.messages.verticalHeader().setVisible(False)
        self.messages.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.messages.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.messages.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.messages.setWordWrap(False)
        self.messages.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.messages.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.messages.verticalHeader().setDefaultSectionSize(26)
        header = self.messages.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate([110, 190, 300, 64]):  # never narrower than its title
            header.resizeSection(column, max(width, header.sectionSizeHint(column)))
        self.messages.itemSelectionChanged.connect(self.open_selected)
        self.messages.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.messages.customContextMenuRequested.connect(self._context_menu)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.html = OfflineBrowser()
        self.text = QPlainTextEdit(readOnly=True)
        self.headers = QPlainTextEdit(readOnly=True)
        self.headers.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.source = QPlainTextEdit(readOnly=True)
        self.source.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.viewer = QTabWidget()
        self.viewer.addTab(self.html, self.tr("Message"))
        self.viewer.addTab(self.text, self.tr("Plain text"))
        self.viewer.addTab(self.headers, self.tr("Headers"))
        self.viewer.addTab(self.source, self.tr("Source"))
        self.checks = QListWidget()
        self.checks.setMaximumHeight(170)
        self.checks.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.checks.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.delete_action = self._action(
            self.tr("Delete"), self.delete_current, QKeySequence.StandardKey.Delete
        )
        self.copy_action = self._action(
            self.tr("Copy address"), self.copy_address, QKeySequence.StandardKey.Copy
        )
        self.refresh_action = self._action(
            self.tr("Refresh"), self.reload, QKeySequence.StandardKey.Refresh
        )
        for action in (self.delete_action, self.copy_action):
            self.messages.addAction(action)
        self.addAction(self.refresh_action)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setToolTip(self.tr("Delete the open message (Del)"))
        self.delete_button.clicked.connect(lambda _checked=False: self.delete_current())
        self.clear_button = QPushButton(self.tr("Clear all…"))
        self.clear_button.clicked.connect(lambda _checked=False: self.clear_all())
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Read the inbox again (F5)"))
        self.refresh_button.clicked.connect(lambda _checked=False: self.reload())
        self._update_actions()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.messages, 1)
        row = QHBoxLayout()
        for button in (self.refresh_button, self.delete_button, self.clear_button):
            row.addWidget(button)
        row.addStretch(1)
        left_layout.addLayout(row)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.viewer, 1)
        right_layout.addWidget(QLabel(self.tr("Checks and links:")))
        right_layout.addWidget(self.checks)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([640, 520])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(page_header(
            self.tr("Test inbox"),
            self.tr("Mail sent through the “Built-in test inbox” profile lands here, on this computer only: nothing reaches real people."),
        ))  # fmt: skip
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)

        # Arrivals come from the SMTP thread via the bridge; reload at most every REFRESH_MS.
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self._refresh_due)
        context.signals.inbox_changed.connect(self.schedule_reload)
        self.reload()

    def _action(self, text: str, slot: Callable[[], object], shortcut: Any) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda _checked=False: slot())
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return action

    @property
    def store(self) -> InboxStore:
        if self._store is None:
            service = self.context.services.get("inbox")
            self._store = service.store if service is not None else InboxStore()
        return self._store

    def on_shown(self) -> None:
        self.reload()

    def schedule_reload(self) -> None:
        if not self._refresh.isActive():
            self._refresh.start()

    def _describe_server(self) -> str:
        service = self.context.services.get("inbox")
        if service is None:
            return self.tr(
                "The test inbox server is not running in this window; messages caught earlier are shown."
            )
        if service.error:
            return translated(str(service.error))
        return fmt(self.tr("Listening on %1 (SMTP, no password needed)."), service.inbox.address)

    def reload(self) -> None:
        self._stale = False
        try:
            store = self.store
        except StaffettaError as exc:  # e.g. an unreadable index: say so, keep the window
            self.status.setText(exc.user_text())
            return
        self.loading = True
        self.context.query("inbox list", ops.list_messages, store, on_done=self._listed,
                           on_error=self._unreadable)  # fmt: skip

    def _unreadable(self, error: StaffettaError) -> None:
        self.loading = False
        self.status.setText(error.user_text())

    def _listed(self, messages: list[CaughtMessage]) -> None:
        self.loading = False
        count = (
            self.tr("1 message.")
            if len(messages) == 1
            else fmt(self.tr("%1 messages."), number(len(messages)))
        )
        self.status.setText(f"{self._describe_server()} {count}")
        ids = [m.id for m in messages]
        known = self._shown_ids
        position = {message_id: row for row, message_id in enumerate(ids)}
        fresh = position.get(known[0], -1) if known else len(ids)
        kept = ids[fresh:] if fresh >= 0 else []
        if fresh >= 0 and kept == known[: len(kept)]:
            # New mail on top, maybe the oldest dropped by the cap at the bottom: touch
            # only those rows (a full rebuild of 5,000 rows takes ~0.2 s, every tick).
            self.messages.setRowCount(len(kept))
            self._insert_rows(messages[:fresh])
        else:
            self.messages.setRowCount(0)
            self._insert_rows(messages)
        self._shown_ids = ids
        if self.current_id is not None and self.current_id not in position:
            self._show_nothing()
        self.messages.blockSignals(True)
        if self.current_id is not None:
            self.messages.selectRow(position[self.current_id])
        self.messages.blockSignals(False)
        if self.current_id is None and messages:
            self.messages.selectRow(0)
        self._update_actions()

    def _refresh_due(self) -> None:
        """New mail arrived: reload now if the page is on screen, else when it is shown."""
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _insert_rows(self, newest_first: list[CaughtMessage]) -> None:
        if not newest_first:
            return
        self.messages.setUpdatesEnabled(False)
        try:
            for m in reversed(newest_first):
                self.messages.insertRow(0)
                values = [local_time(m.received_at), m.to, m.subject, _size(m.size)]
                tips = [
                    local_datetime(m.received_at),
                    m.to,
                    m.subject,
                    fmt(self.tr("%1 bytes"), number(m.size)),
                ]
                for column, value in enumerate(values):
                    item = QTableWidgetItem(value)
                    item.setData(Qt.ItemDataRole.UserRole, m.id)
                    item.setToolTip(tips[column])
                    self.messages.setItem(0, column, item)
        finally:
            self.messages.setUpdatesEnabled(True)

    def _update_actions(self) -> None:
        has_open = self.current_id is not None
        self.delete_action.setEnabled(has_open)
        self.copy_action.setEnabled(has_open)
        self.delete_button.setEnabled(has_open)
        self.clear_button.setEnabled(self.messages.rowCount() > 0)

    def open_selected(self) -> None:
        items = self.messages.selectedItems()
        if items:
            self.open_message(int(items[0].data(Qt.ItemDataRole.UserRole)))

    def open_message(self, message_id: int) -> None:
        if message_id == self.current_id and self.report is not None:
            return
        self.context.query(
            "inbox open", functools.partial(ops.open_message, self.store, message_id),
            on_done=self._show_message, on_error=self._cannot_open,
        )  # fmt: skip

    def _cannot_open(self, error: StaffettaError) -> None:
        self._show_nothing()
        self.summary.setText(html_escape.escape(error.user_text()))

    def _show_message(self, opened: OpenedMessage) -> None:
        selected = self.messages.selectedItems()
        if selected and int(selected[0].data(Qt.ItemDataRole.UserRole)) != opened.id:
            return  # another message was chosen meanwhile
        self.current_id = opened.id
        report = self.report = opened.report
        e = html_escape.escape
        self.summary.setText(
            fmt(
                self.tr("<b>%1</b><br>From %2<br>To %3 · %4"),
                e(report.subject or self.tr("(no subject)")), e(report.sender), e(report.to),
                e(_size(report.size)),
            )
        )  # fmt: skip
        self.html.refused.clear()
        self.html.images = report.inline_images
        if report.html is not None:
            self.html.setHtml(report.html)
        else:
            self.html.setHtml(f"<pre>{e(report.text or '')}</pre>")
        self.text.setPlainText(
            report.text if report.text is not None else self.tr("(no plain-text part)")
        )
        self.headers.setPlainText("\n".join(f"{k}: {v}" for k, v in report.headers))
        self.source.setPlainText(opened.source)
        self.checks.clear()
        for ok, english in report.checks:
            text = translated(english)
            item = QListWidgetItem(("✓  " if ok else "✗  ") + text)
            item.setForeground(QColor(PASSED if ok else FAILED))
            item.setToolTip(text)
            self.checks.addItem(item)
        for link in report.links:
            item = QListWidgetItem(LINK_MARK + link)
            item.setToolTip(link)
            self.checks.addItem(item)
        self._update_actions()

    def _show_nothing(self) -> None:
        self.current_id = None
        self.report = None
        for widget in (self.text, self.headers, self.source):
            widget.clear()
        self.html.clear()
        self.checks.clear()
        self.summary.clear()
        self._update_actions()

    def _context_menu(self, position: QPoint) -> None:
        item = self.messages.itemAt(position)
        if item is not None and not item.isSelected():
            self.messages.selectRow(item.row())
        menu = QMenu(self)
        menu.addAction(self.copy_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        if self.context_menu is not None:
            self.context_menu.deleteLater()
        self.context_menu = menu
        menu.popup(self.messages.viewport().mapToGlobal(position))

    def copy_address(self) -> None:
        items = self.messages.selectedItems()
        if items:
            cell = self.messages.item(items[0].row(), 1)
            address = cell.text() if cell is not None else ""
            QGuiApplication.clipboard().setText(address)
            self.context.signals.status_message.emit(fmt(self.tr("Copied %1."), address))

    def delete_current(self) -> None:
        if self.current_id is None:
            return
        doomed = self.current_id
        self._show_nothing()
        self.context.op("inbox delete", functools.partial(ops.delete, self.store, doomed),
                        on_done=lambda _c: self.reload(), on_error=lambda e: show_error(self, e))  # fmt: skip

    def clear_all(self) -> None:
        count = self.messages.rowCount()
        if (
            QMessageBox.question(
                self,
                self.tr("Clear the test inbox"),
                self.tr("Delete the caught message?")
                if count == 1
                else fmt(self.tr("Delete every caught message (%1)?"), number(count)),
            )
            != QMessageBox.StandardButton.Yes
        ):
            return
        self._show_nothing()
        self.context.op("inbox clear", functools.partial(ops.clear, self.store),
                        on_done=lambda _n: self.reload(), on_error=lambda e: show_error(self, e))  # fmt: skip
