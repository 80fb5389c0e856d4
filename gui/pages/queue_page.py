"""Queue: every message with its state, every attempt with the relay's words, and the fixes."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import queue
from core.errors import StaffettaError
from core.models import Campaign, Message, MessageStatus
from core.queue.views import blocked_recipients
from gui.context import AppContext
from gui.errors import show_error
from gui.models.queue_model import QueueTableModel, message_ids
from gui.widgets import big_table_view, page_header

RETRYABLE = (
    MessageStatus.FAILED,
    MessageStatus.UNKNOWN,
    MessageStatus.DEFERRED,
    MessageStatus.HELD,
)

HELP = {
    "unknown": "The connection was lost after the message was handed over: it may or may not have "
    "arrived. Resend it (same Message-ID, so most mailboxes drop a duplicate) or mark it sent.",
    "deferred": "The relay said try later; Staffetta retries with growing pauses.",
    "failed": "The relay refused it for good; the reason is below.",
    "held": "Parked: it will not be sent until you release it.",
}


class QueuePage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self._generation = 0
        self.loading = False

        self.status_filter = QComboBox()
        self.status_filter.addItem("All statuses", None)
        for status in MessageStatus.ALL:
            self.status_filter.addItem(status.capitalize(), status)
        self.campaign_filter = QComboBox()
        self.campaign_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.campaign_filter.setMinimumContentsLength(24)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search address, campaign or reply…")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.status_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.campaign_filter.currentIndexChanged.connect(lambda _i: self.reload())

        self.model = QueueTableModel(self)
        self.table = big_table_view()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for column, width in enumerate([70, 150, 260, 90, 50, 150]):
            self.table.horizontalHeader().resizeSection(column, width)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.show_details())
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")

        self.flush_button = QPushButton("Retry deferred now")
        self.flush_button.setToolTip("Every deferred message is due now (like postqueue -f).")
        self.flush_button.clicked.connect(self.flush)
        self.retry_button = QPushButton("Retry / resend")
        self.retry_button.setToolTip(
            "Queue the selected failed, unknown, deferred or held messages again (same Message-ID)."
        )
        self.retry_button.clicked.connect(self.retry_selected)
        self.mark_sent_button = QPushButton("Mark sent")
        self.mark_sent_button.setToolTip("You checked that an 'unknown' message did arrive.")
        self.mark_sent_button.clicked.connect(self.mark_sent)
        self.hold_button = QPushButton("Hold")
        self.hold_button.clicked.connect(self.hold)
        self.release_button = QPushButton("Release")
        self.release_button.clicked.connect(self.release)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_button = QPushButton("Export failed…")
        self.export_button.clicked.connect(self.export_failed)

        self.details_title = QLabel("Select a message to see its attempts.")
        self.details_title.setWordWrap(True)
        self.details_help = QLabel()
        self.details_help.setWordWrap(True)
        self.details_help.setObjectName("hint")
        self.attempts = QTableWidget(0, 5)
        self.attempts.setHorizontalHeaderLabels(
            ["Started (UTC)", "Step", "Code", "Enhanced", "Reply"]
        )
        self.attempts.horizontalHeader().setStretchLastSection(True)
        self.attempts.verticalHeader().setVisible(False)
        self.attempts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
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
            "Queue", "Every message and what happened to it. Fix problems here: retry, resend, hold or delete."
        ))  # fmt: skip
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)

        context.signals.queue_changed.connect(self.refresh)
        context.signals.campaigns_changed.connect(self.reload_campaigns)
        self.reload_campaigns()
        self.reload()

    def reload_campaigns(self) -> None:
        current = self.campaign_filter.currentData()
        self.campaign_filter.blockSignals(True)
        self.campaign_filter.clear()
        self.campaign_filter.addItem("All campaigns", None)
        for campaign in Campaign.select().order_by(Campaign.name):
            self.campaign_filter.addItem(campaign.name, campaign.id)
        self.campaign_filter.setCurrentIndex(max(0, self.campaign_filter.findData(current)))
        self.campaign_filter.blockSignals(False)

    def select(self, campaign_id: object) -> None:
        self.campaign_filter.setCurrentIndex(max(0, self.campaign_filter.findData(campaign_id)))

    def on_shown(self) -> None:
        self.reload()

    def refresh(self) -> None:
        """Statuses changed: reload ids (filters may match other rows now), keep the selection."""
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        status, campaign_id, text = (
            self.status_filter.currentData(),
            self.campaign_filter.currentData(),
            self.search.text(),
        )
        selected = set(self.selected_ids())
        self.loading = True

        def loaded(ids: list[int]) -> None:
            if generation != self._generation:
                return
            if ids == self.model.ids():
                self.model.refresh_rows()  # same rows: statuses repaint, scroll stays put
                self.loading = False
                self.show_details()
                return
            self.model.set_ids(ids)
            self.loading = False
            self.count_label.setText(f"{len(ids):,} messages")
            if selected:
                selection = self.table.selectionModel()
                for row in (self.model.row_of(i) for i in selected):
                    if row >= 0:
                        selection.select(
                            self.model.index(row, 0),
                            selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                        )
            self.show_details()

        self.context.tasks.submit("load queue", message_ids, status=status, campaign_id=campaign_id,
                                  search=text, on_done=loaded)  # fmt: skip

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.id_at(r) for r in rows if r < self.model.rowCount()]

    def update_buttons(self, ids: list[int]) -> None:
        """Offer only what applies to the selected rows (all of it for huge selections)."""
        if len(ids) > 2000:
            statuses: set[str | None] = set(MessageStatus.ALL)
        else:
            statuses = {self.model.status_at(self.model.row_of(i)) for i in ids}
        self.retry_button.setEnabled(bool(statuses & set(RETRYABLE)))
        self.mark_sent_button.setEnabled(MessageStatus.UNKNOWN in statuses)
        self.hold_button.setEnabled(bool(statuses & {MessageStatus.QUEUED, MessageStatus.DEFERRED}))
        self.release_button.setEnabled(MessageStatus.HELD in statuses)
        self.delete_button.setEnabled(bool(statuses & set(MessageStatus.UNSENT)))

    def show_details(self) -> None:
        ids = self.selected_ids()
        self.update_buttons(ids)
        self.attempts.setRowCount(0)
        if len(ids) != 1:
            self.details_title.setText(
                f"{len(ids)} messages selected." if ids else "Select a message to see its attempts."
            )
            self.details_help.clear()
            return
        message = Message.get_or_none(Message.id == ids[0])
        if message is None:
            return
        self.details_title.setText(
            f"<b>{html.escape(message.to_addr)}</b> — {message.status}, "
            f"{message.attempts} attempt(s) · Message-ID {html.escape(message.message_id or '')}"
        )
        help_text = HELP.get(message.status, "")
        blocked = blocked_recipients([message.id])
        if blocked and message.status != MessageStatus.SENT:
            help_text += (
                f" {message.to_addr} is on the suppression list ({blocked[message.id]}): "
                "Staffetta will not send to it again unless you reactivate it in Contacts."
            )
        self.details_help.setText(help_text.strip())
        attempts = queue.attempts_of(message.id)
        self.attempts.setRowCount(len(attempts))
        for row, attempt in enumerate(attempts):
            started = (attempt["started_at"] or "")[:19].replace("T", " ")  # as the table shows times
            values = [started, attempt["step"], attempt["code"], attempt["enhanced_code"],
                      attempt["response"] or attempt["outcome"]]  # fmt: skip
            for column, value in enumerate(values):
                self.attempts.setItem(
                    row, column, QTableWidgetItem("" if value is None else str(value))
                )

    # --- actions ------------------------------------------------------------------------

    def _apply(self, name: str, fn: Any, *args: Any, message: str, **kwargs: Any) -> None:
        def done(count: int) -> None:
            self.context.signals.status_message.emit(message.format(count=count))
            sender = self.context.services.get("sender")
            if sender is not None:
                sender.wake()
            self.context.signals.queue_changed.emit()
            self.context.signals.campaigns_changed.emit()

        def failed(error: StaffettaError) -> None:
            show_error(self, error)

        self.context.tasks.submit(name, fn, *args, on_done=done, on_error=failed, **kwargs)

    def flush(self) -> None:
        campaign = (
            Campaign.get_or_none(Campaign.id == self.campaign_filter.currentData())
            if self.campaign_filter.currentData()
            else None
        )
        self._apply(
            "flush", queue.flush, campaign, message="{count} deferred messages are due now."
        )

    def retry_selected(self) -> None:
        """Queue the selection again; first say which recipients are suppressed (never sent)."""
        ids = self.selected_ids()
        if not ids:
            return
        blocked = blocked_recipients(ids)
        if blocked:
            others = [i for i in ids if i not in blocked]
            sample = "\n".join(
                f"• {Message.get_by_id(i).to_addr}: {reason}"
                for i, reason in list(blocked.items())[:5]
            )
            more = f"\n… and {len(blocked) - 5:,} more" if len(blocked) > 5 else ""
            text = (
                f"{len(blocked):,} of the selected recipients are on the suppression list, "
                f"so Staffetta will not send to them:\n\n{sample}{more}\n\n"
                "To send to them anyway, reactivate them in Contacts first."
            )
            if not others:
                QMessageBox.information(self, "Nothing to retry", text)
                return
            answer = QMessageBox.question(
                self, "Retry the others?", f"{text}\n\nRetry the other {len(others):,}?"
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            ids = others
        self._apply("retry", queue.retry, ids=ids, message="{count} messages queued again.")

    def mark_sent(self) -> None:
        self._apply(
            "mark sent",
            queue.mark_sent,
            self.selected_ids(),
            message="{count} messages marked sent.",
        )

    def hold(self) -> None:
        self._apply("hold", queue.hold, self.selected_ids(), message="{count} messages held.")

    def release(self) -> None:
        self._apply(
            "release", queue.release, self.selected_ids(), message="{count} messages released."
        )

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        answer = QMessageBox.question(
            self,
            "Delete messages",
            f"Cancel {len(ids):,} unsent message(s)? They stay in the list as 'cancelled'.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._apply("delete", queue.delete, ids=ids, message="{count} messages cancelled.")

    def export_failed(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export failed messages", "failed.csv", "CSV (*.csv)"
            )
            if not path:
                return
        self._apply(
            "export",
            queue.export_messages,
            path,
            message=f"Wrote {{count}} failed messages to {path}.",
        )
