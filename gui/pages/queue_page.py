"""Queue: every message with its state, every attempt with the relay's words, and the fixes.

Everything this page reads or changes goes through ``core.ops.queue`` off the UI thread:
the message ids (a query), the rows the table paints (its row cache), the details of
the selected message, and every action (an op whose ``Changes`` refresh the pages).
Actions exist once, as ``QAction``s: the buttons, the right-click menu and the keyboard
shortcuts (Delete, Ctrl+R, Ctrl+C, Return) all trigger the same ones.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.ops import Changes
from core.ops import audience as audience_ops
from core.ops import queue as ops
from core.ops.queue import MessageDetail, RetryCheck
from gui.context import AppContext
from gui.errors import show_error
from gui.file_dialogs import choose_save_path
from gui.format import local_datetime, plural, status_name, status_word, zone_time
from gui.i18n import QT_TRANSLATE_NOOP, fmt, numerus
from gui.models.id_table import Rows
from gui.models.queue_model import QueueTableModel
from gui.pages.campaign_audience import outlook_text
from gui.widgets import Banner, big_table_view, fill_menu, make_action, page_header

STATUSES = ("queued", "sending", "deferred", "sent", "failed", "unknown", "held", "cancelled",
            "bounced")  # fmt: skip
RETRYABLE = {"failed", "unknown", "deferred", "held"}
HOLDABLE = {"queued", "deferred"}
UNSENT = {"queued", "deferred", "held", "failed", "unknown"}
HUGE_SELECTION = 2000  # beyond this, offer every action instead of reading every status

HELP = {  # translated where shown
    "unknown": QT_TRANSLATE_NOOP(
        "QueuePage",
        "The connection was lost after the message was handed over: it may or may not have "
        "arrived. Resend it (same Message-ID, so most mailboxes drop a duplicate) or mark it sent.",
    ),
    "deferred": QT_TRANSLATE_NOOP(
        "QueuePage", "The relay said try later; Staffetta retries with growing pauses."
    ),
    "failed": QT_TRANSLATE_NOOP("QueuePage", "The relay refused it for good; the reason is below."),
    "held": QT_TRANSLATE_NOOP("QueuePage", "Parked: it will not be sent until you release it."),
    "bounced": QT_TRANSLATE_NOOP(
        "QueuePage",
        "The relay accepted it, then a bounce came back to the profile's mailbox: the address "
        "does not work, and Staffetta will not send to it again. The bounce's reason is below.",
    ),
}
STEPS = {  # an attempt's SMTP step, as the attempts table shows it
    "connect": QT_TRANSLATE_NOOP("SmtpStep", "connect"),
    "greeting": QT_TRANSLATE_NOOP("SmtpStep", "greeting"),
    "ehlo": QT_TRANSLATE_NOOP("SmtpStep", "ehlo"),
    "starttls": QT_TRANSLATE_NOOP("SmtpStep", "starttls"),
    "auth": QT_TRANSLATE_NOOP("SmtpStep", "auth"),
    "mail": QT_TRANSLATE_NOOP("SmtpStep", "mail"),
    "rcpt": QT_TRANSLATE_NOOP("SmtpStep", "rcpt"),
    "data": QT_TRANSLATE_NOOP("SmtpStep", "data"),
    "returned": QT_TRANSLATE_NOOP("SmtpStep", "returned"),
}


def step_name(step: str) -> str:
    return QCoreApplication.translate("SmtpStep", step) if step in STEPS else step


class MessageDetailsDialog(QDialog):
    """Everything about one message, as selectable text (to paste into a support ticket)."""

    def __init__(self, detail: MessageDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(fmt(self.tr("Message to %1"), detail.to))
        self.resize(760, 420)
        lines = [
            fmt(self.tr("To: %1"), detail.to),
            fmt(self.tr("Campaign: %1"), detail.campaign),
            fmt(self.tr("Status: %1 after %2"), status_word(detail.status),
                plural(detail.attempts, "attempt")),
            f"Message-ID: {detail.message_id}",
        ]
        if detail.blocked_reason:
            lines.append(fmt(self.tr("On the suppression list: %1"), detail.blocked_reason))
        lines.append("")
        for attempt in detail.history:
            code = " ".join(p for p in (attempt.code, attempt.enhanced_code) if p)
            lines.append(
                f"{local_datetime(attempt.started_at)}  {step_name(attempt.step)}  {code}"
            )
            lines.append(f"    {attempt.reply}")
        if not detail.history:
            lines.append(self.tr("No attempt yet."))
        self.text = QPlainTextEdit("\n".join(lines))
        self.text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)


def wait_text(wait: audience_ops.CampaignWait) -> str:
    """One campaign's wait in words: "Spring is scheduled: it starts Thu 3 Dec 2026,
    09:00 (Europe/Rome).", "… is outside its send window (sat 10:00-13:00): it opens …",
    or, in each recipient's zone, who is inside and when the others' windows open."""
    facts = wait.facts
    if facts.scheduled_at is not None:
        text = fmt(QCoreApplication.translate("QueuePage", "%1 is scheduled: it starts %2."), wait.name,
                   zone_time(facts.scheduled_at, facts.zone))  # fmt: skip
        if facts.window_open is False and facts.next_window_at is not None:
            text += " " + fmt(QCoreApplication.translate("QueuePage", "Its send window opens %1."),
                              zone_time(facts.next_window_at, facts.zone))  # fmt: skip
        elif facts.outlook is not None:
            text += " " + outlook_text(facts.outlook, at_start=True)
        return text
    if facts.outlook is not None:
        return fmt(QCoreApplication.translate("QueuePage", "%1 sends in each recipient's time zone (%2). %3"),
                   wait.name, "; ".join(facts.windows), outlook_text(facts.outlook))  # fmt: skip
    return fmt(QCoreApplication.translate("QueuePage", "%1 is outside its send window (%2): it opens %3."), wait.name,
               "; ".join(facts.windows), zone_time(wait.until, facts.zone))  # fmt: skip


class QueuePage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.loading = False
        self._stale = False
        self._wanted_campaign: object = None
        self.detail: MessageDetail | None = None
        self.details_dialog: MessageDetailsDialog | None = None

        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("All statuses"), None)
        for status in STATUSES:
            self.status_filter.addItem(status_name(status), status)
        self.campaign_filter = QComboBox()
        self.campaign_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.campaign_filter.setMinimumContentsLength(24)
        self.campaign_filter.addItem(self.tr("All campaigns"), None)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search address, campaign or reply…  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.status_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.campaign_filter.currentIndexChanged.connect(lambda _i: self.reload())

        self.model = QueueTableModel(self._fetch_rows, self)
        self.table = big_table_view()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda _i: self.show_details_dialog())
        header = self.table.horizontalHeader()
        status_width = max(self.table.fontMetrics().horizontalAdvance(status_word(s))
                           for s in STATUSES) + 16  # fmt: skip
        for column, width in enumerate([70, 150, 260, max(90, status_width), 50, 110]):
            header.resizeSection(column, max(width, header.sectionSizeHint(column)))  # titles fit
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.model.rows_loaded.connect(self._update_actions)
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")
        # Campaigns whose messages wait for their start time or a send window, and when
        # those open (core.ops.audience.waiting_campaigns), re-read at most every few
        # seconds while messages change.
        self.waits_banner = Banner()
        self.waits: list[audience_ops.CampaignWait] = []
        self._waits_timer = QTimer(self)
        self._waits_timer.setSingleShot(True)
        self._waits_timer.setInterval(3000)
        self._waits_timer.timeout.connect(self.reload_waits)
        self.context_menu: QMenu | None = None

        # One action per thing a user can do; buttons, menu and keys share them.
        self.flush_action = make_action(self,
            self.tr("Retry deferred now"), self.flush,
            tip=self.tr("Every deferred message is due now (like postqueue -f)."),
        )  # fmt: skip
        self.retry_action = make_action(self,
            self.tr("Retry / resend"), self.retry_selected, "Ctrl+R",
            self.tr("Queue the selected failed, unknown, deferred or held messages again "
                    "(same Message-ID)."),
        )  # fmt: skip
        self.mark_sent_action = make_action(self,
            self.tr("Mark sent"), self.mark_sent,
            tip=self.tr("You checked that an 'unknown' message did arrive."),
        )  # fmt: skip
        self.hold_action = make_action(self,
            self.tr("Hold"), self.hold, "Ctrl+H", self.tr("Do not send these until released.")
        )
        self.release_action = make_action(self, self.tr("Release"), self.release, "Ctrl+Shift+H",
                                           self.tr("Send these again when their turn comes."))  # fmt: skip
        self.delete_action = make_action(self,
            self.tr("Delete…"), self.delete_selected, QKeySequence.StandardKey.Delete,
            self.tr("Cancel the selected unsent messages (they stay listed as cancelled)."),
        )  # fmt: skip
        self.details_action = make_action(self,
            self.tr("Show details…"), self.show_details_dialog, Qt.Key.Key_Return,
            self.tr("Every attempt of the selected message, as text you can copy."),
        )  # fmt: skip
        self.copy_action = make_action(self,
            self.tr("Copy address"), self.copy_addresses, QKeySequence.StandardKey.Copy,
            self.tr("Copy the selected recipients' addresses."),
        )  # fmt: skip
        self.export_action = make_action(self,
            self.tr("Export failed…"), self.export_failed,
            tip=self.tr("Failed messages as CSV, ready to re-import."),
        )  # fmt: skip
        self.find_action = make_action(self, self.tr("Find"), self.search.setFocus,
                                        QKeySequence.StandardKey.Find)  # fmt: skip
        self.refresh_action = make_action(self, self.tr("Refresh"), self.reload,
                                           QKeySequence.StandardKey.Refresh)  # fmt: skip
        for action in (self.retry_action, self.hold_action, self.release_action,
                       self.delete_action, self.details_action, self.copy_action):  # fmt: skip
            self.table.addAction(action)  # their shortcuts work while the table has focus
        for action in (
            self.flush_action,
            self.find_action,
            self.refresh_action,
            self.export_action,
        ):
            self.addAction(action)

        self.flush_button = self._button(self.flush_action)
        self.retry_button = self._button(self.retry_action)
        self.mark_sent_button = self._button(self.mark_sent_action)
        self.hold_button = self._button(self.hold_action)
        self.release_button = self._button(self.release_action)
        self.delete_button = self._button(self.delete_action)
        self.export_button = self._button(self.export_action)

        self.details_title = QLabel(self.tr("Select a message to see its attempts."))
        self.details_title.setWordWrap(True)
        self.details_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_help = QLabel()
        self.details_help.setWordWrap(True)
        self.details_help.setObjectName("hint")
        self.attempts = QTableWidget(0, 5)
        self.attempts.setHorizontalHeaderLabels(
            [self.tr("Started"), self.tr("Step"), self.tr("Code"), self.tr("Enhanced"),
             self.tr("Reply")]
        )  # fmt: skip
        self.attempts.horizontalHeader().setStretchLastSection(True)
        self.attempts.verticalHeader().setVisible(False)
        self.attempts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.attempts.setWordWrap(False)
        self.attempts.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )

        filters = QHBoxLayout()
        filters.addWidget(self.status_filter)
        filters.addWidget(self.campaign_filter)
        filters.addWidget(self.search, 1)
        actions = QHBoxLayout()
        for b in (self.flush_button, self.retry_button, self.mark_sent_button, self.hold_button,
                  self.release_button, self.delete_button):  # fmt: skip
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.details_title)
        details_layout.addWidget(self.details_help)
        details_layout.addWidget(self.attempts, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.count_label)
        splitter.addWidget(top)
        splitter.addWidget(details)
        splitter.setSizes([480, 200])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(page_header(
            self.tr("Queue"), self.tr("Every message and what happened to it. Fix problems here: "
            "retry, resend, hold or delete. Right-click a message for everything you can do with it.")
        ))  # fmt: skip
        layout.addLayout(filters)
        layout.addWidget(self.waits_banner)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)

        context.signals.changed.connect(self._data_changed)
        self._update_actions()
        self.reload_campaigns()
        self.reload()

    # --- building -----------------------------------------------------------------------

    @staticmethod
    def _button(action: QAction) -> QPushButton:
        button = QPushButton(action.text())
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        tip = action.toolTip()
        button.setToolTip(f"{tip} ({shortcut})" if shortcut and tip else tip)
        button.clicked.connect(lambda _checked=False: action.trigger())
        action.enabledChanged.connect(button.setEnabled)
        button.setEnabled(action.isEnabled())
        return button

    def _fetch_rows(self, ids: list[int], deliver: Callable[[Rows], None]) -> None:
        self.context.query("queue rows", ops.message_rows, ids, on_done=deliver, latest=False)

    # --- loading ------------------------------------------------------------------------

    def _data_changed(self, changes: Changes) -> None:
        if changes.campaigns:
            self.reload_campaigns()
        if changes.queue or changes.suppressions or changes.contacts:
            self.refresh()

    def reload_campaigns(self) -> None:
        def loaded(campaigns: list[tuple[int, str]]) -> None:
            current = self._wanted_campaign or self.campaign_filter.currentData()
            self.campaign_filter.blockSignals(True)
            self.campaign_filter.clear()
            self.campaign_filter.addItem(self.tr("All campaigns"), None)
            for campaign_id, name in campaigns:
                self.campaign_filter.addItem(name, campaign_id)
            index = self.campaign_filter.findData(current)
            self.campaign_filter.setCurrentIndex(max(0, index))
            self.campaign_filter.blockSignals(False)
            if self._wanted_campaign is not None and index >= 0:
                self._wanted_campaign = None
                self.reload()

        self.context.query("queue campaigns", ops.campaign_names, on_done=loaded)

    def select(self, campaign_id: object) -> None:
        """Show one campaign's messages (the campaigns page's "Show in queue")."""
        index = self.campaign_filter.findData(campaign_id)
        if index < 0:
            self._wanted_campaign = campaign_id  # not listed yet: chosen when it is
            self.reload_campaigns()
            return
        self.campaign_filter.setCurrentIndex(index)

    def on_shown(self) -> None:
        self.reload()

    def refresh(self) -> None:
        """Statuses changed: reload ids (filters may match other rows now), keep the selection."""
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        status, campaign_id, text = (
            self.status_filter.currentData(),
            self.campaign_filter.currentData(),
            self.search.text(),
        )
        selected = set(self.selected_ids())
        self.loading = True

        def loaded(ids: list[int]) -> None:
            if ids == self.model.ids():
                self.model.refresh_rows()  # same rows: statuses repaint, scroll stays put
            else:
                self.model.set_ids(ids)
                if selected:
                    selection = self.table.selectionModel()
                    for row in (self.model.row_of(i) for i in selected):
                        if row >= 0:
                            selection.select(
                                self.model.index(row, 0),
                                selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                            )
            self.loading = False
            self.count_label.setText(plural(len(ids), "message"))  # in the locale: 1.234
            if not self._waits_timer.isActive():
                self._waits_timer.start(0 if not self.waits_banner.isVisible() else 3000)
            self._selection_changed()

        self.context.query(
            "queue ids",
            functools.partial(ops.message_ids, status=status, campaign_id=campaign_id, search=text),
            on_done=loaded,
            on_error=self._failed,
        )

    def reload_waits(self) -> None:
        """Say which campaigns wait, and until when (the filter's campaign, or all)."""
        campaign_id = self.campaign_filter.currentData()

        def loaded(waits: list[audience_ops.CampaignWait]) -> None:
            if campaign_id != self.campaign_filter.currentData():
                return
            self.waits = waits
            # Per campaign where every message waits alike (its start time, its window);
            # a running campaign's recipients in their own zones wait row by row.
            self.model.set_waits({w.name: (w.until, wait_text(w)) for w in waits
                                  if w.until is not None and (w.facts.outlook is None
                                                              or w.facts.scheduled_at)})  # fmt: skip
            if not waits:
                self.waits_banner.clear()
                return
            lines = [wait_text(w) for w in waits[:4]]
            if len(waits) > 4:
                lines.append(numerus(self.tr("… and %Ln more campaign(s) waiting.", "",
                                             len(waits) - 4), len(waits) - 4))  # fmt: skip
            self.waits_banner.show_message("\n".join(lines), "info")

        self.context.query("queue waits", audience_ops.waiting_campaigns, campaign_id,
                           on_done=loaded, on_error=lambda _e: None)  # fmt: skip

    def _failed(self, error: Any) -> None:
        self.loading = False
        show_error(self, error)

    # --- selection and details ------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.id_at(r) for r in rows if r < self.model.rowCount()]

    def _selected_statuses(self, ids: list[int]) -> set[str]:
        if len(ids) > HUGE_SELECTION:
            return set(STATUSES)
        statuses: set[str] = set()
        for message_id in ids:
            status = self.model.status_at(self.model.row_of(message_id))
            if status is None:  # not read yet: offer everything, the core checks again
                return set(STATUSES)
            statuses.add(status)
        return statuses

    def _update_actions(self) -> None:
        ids = self.selected_ids()
        statuses = self._selected_statuses(ids) if ids else set()
        self.retry_action.setEnabled(bool(statuses & RETRYABLE))
        self.mark_sent_action.setEnabled("unknown" in statuses)
        self.hold_action.setEnabled(bool(statuses & HOLDABLE))
        self.release_action.setEnabled("held" in statuses)
        self.delete_action.setEnabled(bool(statuses & UNSENT))
        self.details_action.setEnabled(len(ids) == 1)
        self.copy_action.setEnabled(bool(ids))

    def _selection_changed(self) -> None:
        ids = self.selected_ids()
        self._update_actions()
        if len(ids) != 1:
            self.detail = None
            self.attempts.setRowCount(0)
            self.details_title.setText(
                numerus(self.tr("%Ln message(s) selected.", "", len(ids)), len(ids))
                if ids
                else self.tr("Select a message to see its attempts.")
            )
            self.details_help.clear()
            return
        self.context.query("queue detail", ops.message_detail, ids[0], on_done=self._show_detail)

    def _show_detail(self, detail: MessageDetail | None) -> None:
        ids = self.selected_ids()
        if detail is None or ids != [detail.id]:
            return
        self.detail = detail
        self.details_title.setText(
            f"<b>{html.escape(detail.to)}</b> — {status_word(detail.status)}, "
            f"{plural(detail.attempts, 'attempt')} · Message-ID {html.escape(detail.message_id)}"
        )
        help_text = (
            QCoreApplication.translate("QueuePage", HELP[detail.status])
            if detail.status in HELP else ""
        )  # fmt: skip
        if detail.blocked_reason:
            help_text += " " + fmt(
                self.tr("%1 is on the suppression list (%2): Staffetta will not send to it again "
                        "unless you reactivate it in Contacts."),
                detail.to, detail.blocked_reason,
            )  # fmt: skip
        self.details_help.setText(help_text.strip())
        self.attempts.setRowCount(len(detail.history))
        for row, attempt in enumerate(detail.history):
            values = [local_datetime(attempt.started_at), step_name(attempt.step), attempt.code,
                      attempt.enhanced_code, attempt.reply]  # fmt: skip
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.attempts.setItem(row, column, item)

    def _context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if index.isValid() and index.row() not in {
            i.row() for i in self.table.selectionModel().selectedRows()
        }:
            self.table.selectRow(index.row())
        menu = fill_menu(QMenu(self), [
            [self.retry_action, self.mark_sent_action, self.hold_action, self.release_action],
            [self.details_action, self.copy_action],
            [self.delete_action],
        ])  # fmt: skip
        if self.context_menu is not None:
            self.context_menu.deleteLater()
        self.context_menu = menu
        menu.popup(self.table.viewport().mapToGlobal(position))

    def show_details_dialog(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return

        def loaded(detail: MessageDetail | None) -> None:
            if detail is None:
                return
            if self.details_dialog is not None:
                self.details_dialog.deleteLater()
            self.details_dialog = MessageDetailsDialog(detail, self)
            self.details_dialog.open()

        self.context.query("queue details dialog", ops.message_detail, ids[0], on_done=loaded)

    def copy_addresses(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return

        def copy(rows: Rows) -> None:
            addresses = [rows[i].to for i in ids if i in rows]
            QGuiApplication.clipboard().setText("\n".join(addresses))
            self.context.signals.status_message.emit(
                numerus(self.tr("Copied %Ln address(es).", "", len(addresses)), len(addresses))
            )

        self.context.query("copy addresses", ops.message_rows, ids, on_done=copy)

    # --- actions ------------------------------------------------------------------------

    def _apply(self, name: str, fn: Callable[[], Any], message: Callable[[int], str]) -> None:
        def done(count: int) -> None:
            self.context.signals.status_message.emit(message(count))
            sender = self.context.services.get("sender")
            if sender is not None:
                sender.wake()

        self.context.op(name, fn, on_done=done, on_error=lambda e: show_error(self, e))

    def flush(self) -> None:
        campaign_id = self.campaign_filter.currentData()
        self._apply(
            "flush", functools.partial(ops.flush, campaign_id),
            lambda n: numerus(self.tr("%Ln deferred message(s) (is|are) due now.", "", n), n)
            if n else self.tr("No deferred message was waiting."),
        )  # fmt: skip

    def retry_selected(self) -> None:
        """Queue the selection again; first say which recipients are suppressed (never sent)."""
        ids = self.selected_ids()
        if ids:
            self.context.query("retry check", ops.retry_check, ids, on_done=self._retry_checked)

    def _retry_checked(self, check: RetryCheck) -> None:
        ids = check.others
        if check.blocked:
            blocked = len(check.blocked)
            sample = "\n".join(f"• {address}: {reason}" for address, reason in check.blocked[:5])
            more = (
                "\n" + numerus(self.tr("… and %Ln more", "", blocked - 5), blocked - 5)
                if blocked > 5 else ""
            )  # fmt: skip
            text = (
                numerus(self.tr("%Ln selected recipient(s) (is|are) on the suppression list, so "
                                "Staffetta will not send to (it|them):", "", blocked), blocked)
                + f"\n\n{sample}{more}\n\n"
                + self.tr("To send anyway, reactivate the contact in Contacts first.")
            )  # fmt: skip
            if not ids:
                QMessageBox.information(self, self.tr("Nothing to retry"), text)
                return
            answer = QMessageBox.question(
                self,
                self.tr("Retry the others?"),
                f"{text}\n\n"
                + numerus(self.tr("Retry the other %Ln message(s)?", "", len(ids)), len(ids)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._apply("retry", functools.partial(ops.retry, ids=ids),
                    lambda n: numerus(self.tr("%Ln message(s) queued again.", "", n), n))  # fmt: skip

    def mark_sent(self) -> None:
        ids = self.selected_ids()
        if ids:
            self._apply("mark sent", functools.partial(ops.mark_sent, ids),
                        lambda n: numerus(self.tr("%Ln message(s) marked sent.", "", n), n))  # fmt: skip

    def hold(self) -> None:
        ids = self.selected_ids()
        if ids:
            self._apply("hold", functools.partial(ops.hold, ids),
                        lambda n: numerus(self.tr("%Ln message(s) held.", "", n), n))  # fmt: skip

    def release(self) -> None:
        ids = self.selected_ids()
        if ids:
            self._apply("release", functools.partial(ops.release, ids),
                        lambda n: numerus(self.tr("%Ln message(s) released.", "", n), n))  # fmt: skip

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids or not self.delete_action.isEnabled():
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete messages"),
            numerus(self.tr("Cancel %Ln unsent message(s)? (It stays|They stay) in the list as "
                            "'cancelled'.", "", len(ids)), len(ids)),
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            self._apply("delete", functools.partial(ops.delete, ids=ids),
                        lambda n: numerus(self.tr("%Ln message(s) cancelled.", "", n), n))  # fmt: skip

    def export_failed(self) -> None:
        path = choose_save_path(self, self.tr("Export failed messages"), "failed.csv")
        if not path:
            return
        campaign_id = self.campaign_filter.currentData()
        self.context.op(
            "export",
            functools.partial(ops.export_messages, path, campaign_id=campaign_id),
            on_done=lambda n: self.context.signals.status_message.emit(
                fmt(numerus(self.tr("Wrote %Ln failed message(s) to %1.", "", n), n), path)
            ),
            on_error=lambda e: show_error(self, e),
        )

    def shutdown(self) -> None:
        if self.details_dialog is not None:
            self.details_dialog.close()
