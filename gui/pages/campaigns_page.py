"""Campaigns: drafts, test sends, start/pause/resume/cancel, live progress and a chart.

Everything the page shows comes from ``core.ops.campaigns`` run off the UI thread. The
draft form tracks its own edits: a refresh (the sender reports progress every second)
updates the status, counters and buttons, and touches the form's fields only while the
user has not edited them.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, QRectF, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPen, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.campaigns import DraftSettings, SendTimeline
from core.errors import StaffettaError
from core.ops import Changes
from core.ops import audience as audience_ops
from core.ops import campaigns as campaign_ops
from core.ops import queue as queue_ops
from core.ops.campaigns import (
    CampaignDetail,
    CampaignProgress,
    CampaignSummary,
    DraftChoices,
    ProfileAllowance,
    StartCheck,
    Started,
)
from gui.context import AppContext
from gui.core_text import translated
from gui.dialogs.recipient_file_dialog import RecipientFileDialog
from gui.dialogs.start_dialog import StartDialog
from gui.dialogs.test_send_dialog import TestSendDialog
from gui.errors import show_error
from gui.folders import file_dialog
from gui.format import human_duration, local_time, plural, zone_time
from gui.format import next_try as next_try_text
from gui.i18n import QT_TRANSLATE_NOOP, fmt, number, numerus
from gui.pages.campaign_audience import AudienceTimingBox
from gui.questions import ask, confirm_unsaved
from gui.returns_panel import ReturnsPanel
from gui.style import STATUS_COLOURS
from gui.widgets import AutoHideLabel, Banner, page_header

COUNTERS = ["queued", "sending", "deferred", "sent", "failed", "unknown", "held", "cancelled"]
STATUS_WORDS = {
    "draft": QT_TRANSLATE_NOOP("CampaignStatus", "Draft"),
    "scheduled": QT_TRANSLATE_NOOP("CampaignStatus", "Scheduled"),
    "running": QT_TRANSLATE_NOOP("CampaignStatus", "Sending"),
    "paused": QT_TRANSLATE_NOOP("CampaignStatus", "Paused"),
    "cancelled": QT_TRANSLATE_NOOP("CampaignStatus", "Cancelled"),
    "finished": QT_TRANSLATE_NOOP("CampaignStatus", "Finished"),
}  # translated where shown
COUNTER_WORDS = {
    "queued": QT_TRANSLATE_NOOP("CampaignsPage", "Queued"),
    "sending": QT_TRANSLATE_NOOP("CampaignsPage", "Sending"),
    "deferred": QT_TRANSLATE_NOOP("CampaignsPage", "Deferred"),
    "sent": QT_TRANSLATE_NOOP("CampaignsPage", "Sent"),
    "failed": QT_TRANSLATE_NOOP("CampaignsPage", "Failed"),
    "unknown": QT_TRANSLATE_NOOP("CampaignsPage", "Unknown"),
    "held": QT_TRANSLATE_NOOP("CampaignsPage", "Held"),
    "cancelled": QT_TRANSLATE_NOOP("CampaignsPage", "Cancelled"),
}
STATUS_ICONS = {
    "draft": QStyle.StandardPixmap.SP_FileIcon,
    "scheduled": QStyle.StandardPixmap.SP_MediaSkipForward,
    "running": QStyle.StandardPixmap.SP_MediaPlay,
    "paused": QStyle.StandardPixmap.SP_MediaPause,
    "cancelled": QStyle.StandardPixmap.SP_DialogCancelButton,
    "finished": QStyle.StandardPixmap.SP_DialogApplyButton,
}
RATE_WINDOW_SECONDS = 10.0


class SendChart(QWidget):
    """Sent and failed messages over the campaign's life, as bars per time bucket.

    Drawn from the recorded attempts (``send_timeline``), so it tells the same story
    after a restart as while sending.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumHeight(110)
        self.timeline = SendTimeline(5, [])

    def reset(self) -> None:
        self.set_timeline(SendTimeline(5, []))

    def set_timeline(self, timeline: SendTimeline) -> None:
        self.timeline = timeline
        self.update()

    def paintEvent(self, _event: Any) -> None:
        painter = QPainter(self)
        rect = QRectF(self.rect()).adjusted(44, 8, -8, -20)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.base())
        painter.setPen(QPen(palette.mid().color()))
        painter.drawRect(rect)
        points = self.timeline.points
        peak = max([max(s, f) for s, f in points] + [1])
        painter.setPen(QPen(palette.placeholderText().color()))
        painter.drawText(
            QRectF(0, rect.top() - 6, 40, 14), Qt.AlignmentFlag.AlignRight, f"{peak:,}"
        )
        painter.drawText(QRectF(0, rect.bottom() - 8, 40, 14), Qt.AlignmentFlag.AlignRight, "0")
        painter.drawText(
            QRectF(rect.left(), rect.bottom() + 2, rect.width(), 16),
            Qt.AlignmentFlag.AlignCenter,
            fmt(
                QCoreApplication.translate(
                    "SendChart", "messages per %1: sent (green), failed (red), bounced later (orange)"
                ),
                human_duration(self.timeline.bucket_seconds),
            ),
        )
        if not points:
            painter.drawText(
                rect,
                Qt.AlignmentFlag.AlignCenter,
                QCoreApplication.translate("SendChart", "No messages sent yet"),
            )
            return
        slot = rect.width() / max(len(points), 12)
        bar = max(1.0, slot * 0.4)
        for i, (sent, failed) in enumerate(points):
            left = rect.left() + i * slot + slot * 0.1
            for offset, count, colour in ((0.0, sent, "sent"), (bar, failed, "failed")):
                if count:
                    height = (rect.height() - 1) * count / peak
                    painter.fillRect(
                        QRectF(left + offset, rect.bottom() - height, bar, height),
                        QColor(STATUS_COLOURS[colour]),
                    )
            bounced = self.timeline.bounced[i] if i < len(self.timeline.bounced) else 0
            if bounced:  # the part of the sent bar that came back later
                height = (rect.height() - 1) * bounced / peak
                painter.fillRect(
                    QRectF(left, rect.bottom() - height, bar, height),
                    QColor(STATUS_COLOURS["bounced"]),
                )


class RelayBanner(Banner):
    """ "Can't reach smtp.example.com:587 — next try 08:00" with Retry now and Pause."""

    def __init__(self) -> None:
        super().__init__()
        self.retry_button = QPushButton(QCoreApplication.translate("RelayBanner", "Retry now"))
        self.pause_button = QPushButton(QCoreApplication.translate("RelayBanner", "Pause"))
        layout = self.layout()
        assert isinstance(layout, QHBoxLayout)
        layout.addWidget(self.retry_button)
        layout.addWidget(self.pause_button)


class CampaignsPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.current_id: int | None = None
        self.detail: CampaignDetail | None = None
        self.progress_data: CampaignProgress | None = None
        self.choices = DraftChoices([], [], [])
        self.form_dirty = False
        self.test_dialog: TestSendDialog | None = None
        self.start_dialog: StartDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.attachment_dialog: Any = None
        self._samples: deque[tuple[float, int]] = deque()
        self._chart_key: tuple[int, int, int] | None = None
        self._pending_select: int | None = None
        self._ticks = 0
        self._live_listed = False

        # --- the campaigns table ---
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("CampaignsPage", "Campaign"),
                QCoreApplication.translate("CampaignsPage", "Status"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.new_button = QPushButton(QCoreApplication.translate("CampaignsPage", "New"))
        self.new_button.setToolTip(
            QCoreApplication.translate("CampaignsPage", "New campaign (Ctrl+N)")
        )
        self.new_button.clicked.connect(self.new_campaign)
        self.duplicate_button = QPushButton(
            QCoreApplication.translate("CampaignsPage", "Duplicate")
        )
        self.duplicate_button.clicked.connect(self.duplicate)
        self.delete_button = QPushButton(QCoreApplication.translate("CampaignsPage", "Delete…"))
        self.delete_button.setToolTip(
            QCoreApplication.translate("CampaignsPage", "Delete the campaign (Delete)")
        )
        self.delete_button.clicked.connect(self.delete)
        self.table_actions = self._make_actions()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        for b in (self.new_button, self.duplicate_button, self.delete_button):
            row.addWidget(b)
        left_layout.addLayout(row)

        # --- the draft form ---
        self.name = QLineEdit()
        self.list_box = QComboBox()
        self.template_box = QComboBox()
        self.profile_box = QComboBox()
        for box in (self.list_box, self.template_box, self.profile_box):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(16)
            box.currentTextChanged.connect(box.setToolTip)  # the whole name of a long one
        self.sender_edit = QLineEdit()
        self.sender_edit.setPlaceholderText(
            QCoreApplication.translate("CampaignsPage", "Your Shop <news@yourshop.example>")
        )
        self.reply_to = QLineEdit()
        self.reply_to.setPlaceholderText(QCoreApplication.translate("CampaignsPage", "optional"))
        self.unsubscribe_url = QLineEdit()
        self.unsubscribe_url.setPlaceholderText(
            QCoreApplication.translate(
                "CampaignsPage", "https://yourshop.example/unsubscribe?e={{ email|urlencode }}"
            )
        )
        self.unsubscribe_url.setToolTip(
            QCoreApplication.translate(
                "CampaignsPage",
                "Enables one-click unsubscribe (required by Gmail and Yahoo for bulk mail).",
            )
        )
        self.unsubscribe_mailto = QLineEdit()
        self.unsubscribe_mailto.setPlaceholderText(
            QCoreApplication.translate("CampaignsPage", "optional: unsubscribe@yourshop.example")
        )
        self.unsubscribe_mailto.setToolTip(
            QCoreApplication.translate(
                "CampaignsPage",
                "Where unsubscribe requests by email go (the List-Unsubscribe mailto); the sender's address when empty.",
            )
        )
        self.attachments = QListWidget()
        self.attachments.setMaximumHeight(54)
        self.attachments.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.add_attachment_button = QPushButton(
            QCoreApplication.translate("CampaignsPage", "Add…")
        )
        self.add_attachment_button.clicked.connect(self.choose_attachments)
        self.per_recipient_button = QPushButton(
            QCoreApplication.translate("CampaignsPage", "Per recipient…")
        )
        self.per_recipient_button.setToolTip(
            QCoreApplication.translate(
                "CampaignsPage",
                "Attach each recipient's own file: a folder and a name with variables, e.g. invoices/{{ customer_id }}.pdf",
            )
        )
        self.per_recipient_button.clicked.connect(self.choose_recipient_files)
        self.recipient_file_dialog: RecipientFileDialog | None = None
        self.remove_attachment_button = QPushButton(
            QCoreApplication.translate("CampaignsPage", "Remove")
        )
        self.remove_attachment_button.clicked.connect(self.remove_attachment)
        attach_row = QHBoxLayout()
        attach_row.addWidget(self.attachments, 1)
        attach_buttons = QVBoxLayout()
        attach_buttons.addWidget(self.add_attachment_button)
        attach_buttons.addWidget(self.per_recipient_button)
        attach_buttons.addWidget(self.remove_attachment_button)
        attach_row.addLayout(attach_buttons)
        self.form_box = QGroupBox(QCoreApplication.translate("CampaignsPage", "Settings"))
        form = QGridLayout(self.form_box)
        form.setHorizontalSpacing(10)
        pairs: list[tuple[str, Any]] = [
            (QT_TRANSLATE_NOOP("CampaignsPage", "Name"), self.name),
            (QT_TRANSLATE_NOOP("CampaignsPage", "Sender"), self.sender_edit),
            (QT_TRANSLATE_NOOP("CampaignsPage", "Contact list"), self.list_box),
            (QT_TRANSLATE_NOOP("CampaignsPage", "Reply-To"), self.reply_to),
            (QT_TRANSLATE_NOOP("CampaignsPage", "Template"), self.template_box),
            (QT_TRANSLATE_NOOP("CampaignsPage", "Unsubscribe URL"), self.unsubscribe_url),
            (QT_TRANSLATE_NOOP("CampaignsPage", "SMTP profile"), self.profile_box),
            (QT_TRANSLATE_NOOP("CampaignsPage", "Unsubscribe mailbox"), self.unsubscribe_mailto),
        ]  # fmt: skip
        for i, (label, widget) in enumerate(pairs):
            r, c = divmod(i, 2)
            form.addWidget(QLabel(QCoreApplication.translate("CampaignsPage", label)), r, c * 2)
            form.addWidget(widget, r, c * 2 + 1)
        form.addWidget(
            QLabel(QCoreApplication.translate("CampaignsPage", "Attachments")),
            4,
            0,
            Qt.AlignmentFlag.AlignTop,
        )
        form.addLayout(attach_row, 4, 1, 1, 3)
        self.audience_hint = QLabel()
        self.audience_hint.setObjectName("hint")
        self.audience_hint.setWordWrap(True)
        self.audience_hint.hide()
        form.addWidget(self.audience_hint, 5, 0, 1, 4)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        self.form_widgets: list[QWidget] = [
            self.name, self.list_box, self.template_box, self.profile_box, self.sender_edit,
            self.reply_to, self.unsubscribe_url, self.unsubscribe_mailto, self.attachments,
            self.add_attachment_button, self.per_recipient_button, self.remove_attachment_button,
        ]  # fmt: skip
        for edit in (self.name, self.sender_edit, self.reply_to, self.unsubscribe_url,
                     self.unsubscribe_mailto):  # fmt: skip
            edit.textEdited.connect(self._edited)
        for box in (self.list_box, self.template_box, self.profile_box):
            box.activated.connect(self._edited)

        # Who else gets it (more lists, segments, exclusions) and when (send windows, zone,
        # frequency cap, Schedule…): saved with the draft.
        self.audience_box = AudienceTimingBox(context)
        self.audience_box.edited.connect(self._edited)
        self.list_box.currentIndexChanged.connect(
            lambda _i: self.audience_box.set_primary(self.list_box.currentData() or None)
        )
        self.audience_box.save_first = self._save_before_scheduling
        self.audience_box.scheduled.connect(lambda _r: self._reload_all())

        self.save_button = QPushButton(QCoreApplication.translate("CampaignsPage", "Save draft"))
        self.save_button.setToolTip(
            QCoreApplication.translate("CampaignsPage", "Save the draft (Ctrl+S)")
        )
        self.save_button.clicked.connect(self.save)
        self.test_button = QPushButton(QCoreApplication.translate("CampaignsPage", "Test send…"))
        self.test_button.clicked.connect(self.open_test_send)
        self.start_button = QPushButton(QCoreApplication.translate("CampaignsPage", "Start…"))
        self.start_button.clicked.connect(self.start)
        self.pause_button = QPushButton(QCoreApplication.translate("CampaignsPage", "Pause"))
        self.pause_button.clicked.connect(self.pause)
        self.resume_button = QPushButton(QCoreApplication.translate("CampaignsPage", "Resume"))
        self.resume_button.clicked.connect(self.resume)
        self.cancel_button = QPushButton(
            QCoreApplication.translate("CampaignsPage", "Cancel campaign…")
        )
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        for b in (self.save_button, self.test_button, self.start_button, self.pause_button,
                  self.resume_button, self.cancel_button):  # fmt: skip
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.unsaved = QLabel()
        self.unsaved.setObjectName("hint")
        buttons.addWidget(self.unsaved)
        self.test_result = AutoHideLabel()  # no empty gap under the buttons
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # --- state and progress ---
        self.banner = Banner()
        self.relay_banner = RelayBanner()
        self.relay_banner.retry_button.clicked.connect(self.retry_now)
        self.relay_banner.pause_button.clicked.connect(self.pause)
        self.progress = QProgressBar()
        self.progress.setFormat(QCoreApplication.translate("CampaignsPage", "Not started yet"))
        self.progress.setValue(0)
        self.counter_labels: dict[str, QLabel] = {}
        counters = QGridLayout()
        counters.setHorizontalSpacing(14)  # Italian titles are long: keep them apart
        for i, status in enumerate(COUNTERS):
            title = QLabel(QCoreApplication.translate("CampaignsPage", COUNTER_WORDS[status]))
            title.setStyleSheet(f"color: {STATUS_COLOURS[status]}; font-weight: 600")
            value = QLabel("0")
            value.setStyleSheet("font-size: 18px")
            counters.addWidget(title, 0, i)
            counters.addWidget(value, 1, i)
            self.counter_labels[status] = value
        self.rate_label = QLabel()
        self.rate_label.setObjectName("hint")
        self.rate_label.setWordWrap(True)
        self.times_label = QLabel()
        self.times_label.setObjectName("hint")
        # The profile's cap today (warm-up or daily cap) and what is left of it, re-read
        # every few seconds while the campaign is shown (core.ops.campaigns).
        self.allowance: ProfileAllowance | None = None
        self.allowance_label = AutoHideLabel()
        self.allowance_label.setObjectName("hint")
        self._allowance_tick = 0
        self._allowance_sent = -1
        self.chart = SendChart()
        progress_box = QGroupBox(QCoreApplication.translate("CampaignsPage", "Progress"))
        progress_layout = QVBoxLayout(progress_box)
        progress_layout.addWidget(self.progress)
        progress_layout.addLayout(counters)
        progress_layout.addWidget(self.rate_label)
        progress_layout.addWidget(self.allowance_label)
        progress_layout.addWidget(self.times_label)
        # What came back through the profile's mailbox (gui.returns_panel, core.returnpath).
        self.returns = ReturnsPanel(context)
        progress_layout.addWidget(self.returns)
        progress_layout.addWidget(self.chart, 1)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.banner)
        right_layout.addWidget(self.relay_banner)
        right_layout.addWidget(self.form_box)
        right_layout.addWidget(self.audience_box)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.test_result)
        right_layout.addWidget(progress_box, 1)

        # The settings, the audience and timing box and the progress are taller than a
        # 1280×800 screen leaves: they scroll rather than push the window off it.
        scroll = QScrollArea()
        scroll.setWidget(right)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 830])  # room for "Waiting for the relay"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(page_header(
            QCoreApplication.translate('CampaignsPage', "Campaigns"),
            QCoreApplication.translate('CampaignsPage', "Pick a list, a template and an SMTP profile; send yourself a test; then Start. Every recipient is checked before anything is queued."),
        ))  # fmt: skip
        layout.addWidget(splitter, 1)

        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_campaign)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.refresh_progress)
        self._timer.start()
        context.signals.changed.connect(self.on_changes)
        self._set_editable(False)
        self._update_buttons()
        self.reload_choices()
        self.reload_list()

    # --- actions on the table ----------------------------------------------------------------

    def _make_actions(self) -> dict[str, QAction]:
        def action(key: str, text: str, slot: Any, shortcut: Any = None) -> QAction:
            a = QAction(text, self)
            a.triggered.connect(slot)
            if shortcut is not None:
                a.setShortcut(shortcut)
                a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            return a

        actions = {
            "duplicate": action(
                "duplicate",
                QCoreApplication.translate("CampaignsPage", "Duplicate"),
                self.duplicate,
            ),
            "delete": action(
                "delete",
                QCoreApplication.translate("CampaignsPage", "Delete…"),
                self.delete,
                QKeySequence.StandardKey.Delete,
            ),
            "test": action(
                "test",
                QCoreApplication.translate("CampaignsPage", "Test send…"),
                self.open_test_send,
            ),
            "start": action(
                "start", QCoreApplication.translate("CampaignsPage", "Start…"), self.start
            ),
            "pause": action(
                "pause", QCoreApplication.translate("CampaignsPage", "Pause"), self.pause
            ),
            "resume": action(
                "resume", QCoreApplication.translate("CampaignsPage", "Resume"), self.resume
            ),
            "cancel": action(
                "cancel",
                QCoreApplication.translate("CampaignsPage", "Cancel campaign…"),
                self.cancel,
            ),
        }
        self.table.addAction(actions["delete"])  # the Delete key while the table has focus
        return actions

    def context_menu(self) -> QMenu:
        """The table's right-click menu for the selected campaign (tests trigger its actions)."""
        menu = QMenu(self)
        for key in ("test", "start", "pause", "resume", "cancel", None, "duplicate", "delete"):
            if key is None:
                menu.addSeparator()
            else:
                menu.addAction(self.table_actions[key])
        return menu

    def _context_menu(self, position: QPoint) -> None:
        item = self.table.itemAt(position)
        if item is not None and item.row() != self.table.currentRow():
            self.table.selectRow(item.row())
        self.context_menu().popup(self.table.viewport().mapToGlobal(position))

    # --- loading -----------------------------------------------------------------------------

    def on_changes(self, changes: Changes) -> None:
        if changes.lists or changes.contacts or changes.templates or changes.profiles:
            self.reload_choices()
        if changes.campaigns:
            self.reload_list()
        if self.current_id is not None and changes.touches_campaign(self.current_id):
            self.load_detail()
            self.refresh_progress()

    def on_shown(self) -> None:
        self.reload_list()
        self.refresh_progress()

    def reload_choices(self) -> None:
        self.context.query("campaign choices", campaign_ops.draft_choices,
                           on_done=self._choices_arrived)  # fmt: skip

    def _choices_arrived(self, choices: DraftChoices) -> None:
        self.choices = choices
        keep = (self.list_box.currentData(), self.template_box.currentData(),
                self.profile_box.currentData())  # fmt: skip
        self._fill(
            self.list_box, [(f"{n} ({plural(c, 'contact')})", n) for _i, n, c in choices.lists]
        )
        self._fill(self.template_box, [(n, n) for n in choices.templates])
        self._fill(self.profile_box, [(p.name, p.name) for p in choices.profiles])
        for box, value in zip((self.list_box, self.template_box, self.profile_box), keep,
                              strict=True):  # fmt: skip
            if value is not None:
                self._choose(box, value)
        if self.detail is not None and not self.form_dirty:
            self._show_form(self.detail)

    @staticmethod
    def _fill(box: QComboBox, items: list[tuple[str, Any]]) -> None:
        box.blockSignals(True)
        box.clear()
        for label, data in items:
            box.addItem(label, data)
            box.setItemData(box.count() - 1, label, Qt.ItemDataRole.ToolTipRole)  # long names
        box.blockSignals(False)

    @staticmethod
    def _choose(box: QComboBox, value: str | None) -> None:
        if value is None:
            box.setCurrentIndex(-1)
            return
        index = box.findData(value)
        if index < 0:  # made elsewhere and not in the box yet, or deleted: show it anyway
            box.addItem(value, value)
            index = box.count() - 1
        box.setCurrentIndex(index)
        box.setToolTip(box.currentText())

    def _reload_all(self) -> None:
        self.reload_list()
        self.load_detail()

    def reload_list(self) -> None:
        self.context.query("campaign list", campaign_ops.list_campaigns,
                           on_done=self._list_arrived)  # fmt: skip

    def _list_arrived(self, campaigns: list[CampaignSummary]) -> None:
        self._live_listed = any(c.status in ("running", "scheduled") for c in campaigns)
        wanted = self._pending_select if self._pending_select is not None else self.current_id
        self.table.blockSignals(True)
        self.table.setRowCount(len(campaigns))
        style = self.style()
        selected_row = -1
        for row, c in enumerate(campaigns):
            name = QTableWidgetItem(c.name)
            name.setData(Qt.ItemDataRole.UserRole, c.id)
            name.setToolTip(
                fmt(
                    QCoreApplication.translate("CampaignsPage", "%1\nCreated %2"),
                    c.name,
                    local_time(c.created_at),
                )
            )
            name.setIcon(style.standardIcon(STATUS_ICONS.get(c.status, STATUS_ICONS["draft"])))
            text, tip = list_status(c)
            status = QTableWidgetItem(text)
            status.setToolTip(tip)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, status)
            if c.id == wanted:
                selected_row = row
        if selected_row < 0 and campaigns and self.current_id is None:
            selected_row = 0
        if selected_row >= 0:
            self.table.selectRow(selected_row)
        else:
            self.table.clearSelection()
        self.table.blockSignals(False)
        self._pending_select = None
        new_id = self.selected_id()
        if new_id != self.current_id:
            self._switch_to(new_id)

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select(self, campaign_id: object) -> None:
        """Show this campaign (the main window navigates here with an id)."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == campaign_id:
                self.table.selectRow(row)
                return
        if isinstance(campaign_id, int):
            self._pending_select = campaign_id
            self.reload_list()

    def _selection_changed(self) -> None:
        new_id = self.selected_id()
        if new_id == self.current_id:
            return
        if self.form_dirty and not self.confirm_discard():
            self._reselect(self.current_id)
            return
        self._switch_to(new_id)

    def _reselect(self, campaign_id: int | None) -> None:
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == campaign_id:
                self.table.selectRow(row)
        self.table.blockSignals(False)

    def _switch_to(self, campaign_id: int | None) -> None:
        self.current_id = campaign_id
        self.returns.show_campaign(campaign_id)
        self.detail = None
        self.progress_data = None
        self._samples.clear()
        self._chart_key = None
        self.allowance = None
        self.allowance_label.clear()
        self._allowance_tick = 0
        self._allowance_sent = -1
        self.chart.reset()
        self.test_result.clear()
        self._set_dirty(False)
        if campaign_id is None:
            self._clear_form()
            self._show_state()
            return
        self.load_detail()
        self.refresh_progress()

    def load_detail(self) -> None:
        if self.current_id is None:
            return
        campaign_id = self.current_id

        def arrived(detail: CampaignDetail) -> None:
            if campaign_id == self.current_id:
                self._show_detail(detail)

        def gone(_error: StaffettaError) -> None:
            if campaign_id == self.current_id:
                self._switch_to(None)
                self.reload_list()

        self.context.query("campaign detail", campaign_ops.campaign_detail, campaign_id,
                           on_done=arrived, on_error=gone)  # fmt: skip

    def _show_detail(self, detail: CampaignDetail) -> None:
        """Show a fresh read: the form only while the user has not edited it."""
        self.detail = detail
        if not self.form_dirty:
            self._show_form(detail)
        self._set_editable(detail.is_draft)
        self._show_state()

    def _show_form(self, detail: CampaignDetail) -> None:
        self.name.setText(detail.name)
        self._choose(self.list_box, detail.list_name)
        self._choose(self.template_box, detail.template_name)
        self._choose(self.profile_box, detail.profile.name)
        self.sender_edit.setText(detail.sender)
        self.reply_to.setText(detail.reply_to or "")
        self.unsubscribe_url.setText(detail.unsubscribe_url or "")
        self.unsubscribe_mailto.setText(detail.unsubscribe_mailto or "")
        for edit in (self.name, self.sender_edit, self.reply_to, self.unsubscribe_url,
                     self.unsubscribe_mailto):  # fmt: skip
            edit.setCursorPosition(0)  # a long value shows its start, not its end
        self._set_attachments(detail.attachments)
        extra = []
        if detail.audience_text and detail.audience_text != (detail.list_name or ""):
            extra.append(
                fmt(
                    QCoreApplication.translate("CampaignsPage", "Audience: %1"),
                    detail.audience_text,
                )
            )
        if detail.windows:
            extra.append(fmt(QCoreApplication.translate("CampaignsPage", "Sends %1"), ", ".join(detail.windows))
                         + (f" ({detail.time_zone})" if detail.time_zone else ""))  # fmt: skip
        if detail.scheduled_at and detail.status in ("draft", "scheduled"):
            extra.append(
                fmt(
                    QCoreApplication.translate("CampaignsPage", "Starts %1"),
                    local_time(detail.scheduled_at),
                )
            )
        self.audience_hint.setText(" · ".join(extra))
        self.audience_hint.setVisible(False)  # the audience box below shows all of it
        self.audience_box.set_primary(detail.list_name)
        self.audience_box.load(detail.id, editable=detail.is_draft)
        times = [
            fmt(
                QCoreApplication.translate("CampaignsPage", "Created %1"),
                local_time(detail.created_at),
            )
        ]
        if detail.started_at:
            times.append(
                fmt(
                    QCoreApplication.translate("CampaignsPage", "started %1"),
                    local_time(detail.started_at),
                )
            )
        if detail.finished_at:
            times.append(
                fmt(
                    QCoreApplication.translate("CampaignsPage", "ended %1"),
                    local_time(detail.finished_at),
                )
            )
        self.times_label.setText(" · ".join(times))

    def _clear_form(self) -> None:
        for edit in (self.name, self.sender_edit, self.reply_to, self.unsubscribe_url,
                     self.unsubscribe_mailto):  # fmt: skip
            edit.clear()
        self.attachments.clear()
        self.times_label.clear()
        self._set_editable(False)

    def _set_attachments(self, paths: list[str]) -> None:
        self.attachments.clear()
        for path in paths:
            self.attachments.addItem(path)

    def attachment_paths(self) -> list[str]:
        return [self.attachments.item(i).text() for i in range(self.attachments.count())]

    def _set_editable(self, editable: bool) -> None:
        for widget in self.form_widgets:
            widget.setEnabled(editable)
            if isinstance(widget, QLineEdit):  # a started campaign's empty field is empty
                hint = widget.property("hint")
                if hint is None:
                    widget.setProperty("hint", widget.placeholderText())
                    hint = widget.placeholderText()
                widget.setPlaceholderText(str(hint) if editable else "")

    def _edited(self, *_args: Any) -> None:
        self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self.form_dirty = dirty
        self.unsaved.setText(
            QCoreApplication.translate("CampaignsPage", "Unsaved changes") if dirty else ""
        )

    def confirm_discard(self) -> bool:
        """Unsaved draft edits: Save them (then go on), Discard them, or stay."""
        return confirm_unsaved(
            self, QCoreApplication.translate("CampaignsPage", "Unsaved changes"),
            fmt(QCoreApplication.translate("CampaignsPage", "Save the changes to %1?"),
                repr(self.name.text())),
            save=self.save,
        )  # fmt: skip

    # --- state, counters and the relay ----------------------------------------------------------

    def _status(self) -> str | None:
        if self.progress_data is not None and self.progress_data.campaign_id == self.current_id:
            return self.progress_data.status
        return self.detail.status if self.detail is not None else None

    def _update_buttons(self) -> None:
        status = self._status()
        has = self.current_id is not None
        enabled = {
            "save": status == "draft", "test": has and status is not None,
            "start": status == "draft", "pause": status == "running",
            "resume": status == "paused",
            "cancel": status in ("draft", "scheduled", "running", "paused"),
            "duplicate": has, "delete": has and status != "running",
        }  # fmt: skip
        for key, button in (("save", self.save_button), ("test", self.test_button),
                            ("start", self.start_button), ("pause", self.pause_button),
                            ("resume", self.resume_button), ("cancel", self.cancel_button),
                            ("duplicate", self.duplicate_button),
                            ("delete", self.delete_button)):  # fmt: skip
            button.setEnabled(enabled[key])
        for key, action in self.table_actions.items():
            action.setEnabled(enabled[key])

    def _show_state(self) -> None:
        self._update_buttons()
        status = self._status()
        progress = self.progress_data
        shown = progress if progress is not None else self.detail
        reason = shown.pause_reason if shown is not None else None
        paused_by = shown.paused_by if shown is not None else None
        disk_full = getattr(self._sender(), "disk_full", "")
        if disk_full and status == "running":
            self.banner.show_message(translated(disk_full), "error")
        elif status == "paused" and (paused_by == "user" or not reason):
            # Who paused is the paused_by column: the user's own pause is said in the
            # window's words, never as the stored English reason after "Paused:".
            self.banner.show_message(
                QCoreApplication.translate("CampaignsPage", "Paused by you."), "warning"
            )
        elif status == "paused":
            self.banner.show_message(
                fmt(QCoreApplication.translate("CampaignsPage", "Paused: %1"), translated(reason or "")), "warning"
            )
        elif status == "finished":
            self.banner.show_message(
                QCoreApplication.translate(
                    "CampaignsPage", "Finished: every message reached a final state."
                ),
                "info",
            )
        elif status == "cancelled":
            self.banner.show_message(
                QCoreApplication.translate(
                    "CampaignsPage", "Cancelled: nothing more is sent for this campaign."
                ),
                "info",
            )
        else:
            self.banner.clear()
        self._show_relay()

    def _sender(self) -> Any:
        return self.context.services.get("sender")

    def _show_relay(self) -> None:
        progress = self.progress_data
        if progress is None or progress.status != "running" or progress.relay.reachable or not (
            progress.counts.get("queued", 0) + progress.counts.get("deferred", 0)
        ):  # fmt: skip
            self.relay_banner.clear()
            return
        relay = progress.relay
        next_try = relay.next_try_at
        sender = self._sender()
        backoff = getattr(sender, "relay_retry_at", lambda _name: None)(progress.profile.name)
        if backoff is not None and (next_try is None or backoff > next_try):
            next_try = backoff
        now = datetime.now(UTC).replace(tzinfo=None)
        when = QCoreApplication.translate("CampaignsPage", "retrying now") if next_try is None or next_try <= now else (
            fmt(QCoreApplication.translate("CampaignsPage", "next try %1"), local_time(next_try)))  # fmt: skip
        problem = relay.problem.rstrip(".")
        problem = translated(problem[:1].upper() + problem[1:])  # core's words, in Italian too
        self.relay_banner.show_message(
            fmt(
                QCoreApplication.translate("CampaignsPage", "Can't reach %1:%2 — %3. %4."),
                relay.host,
                relay.port,
                when,
                problem,
            ),
            "error",
        )

    def refresh_progress(self) -> None:
        self._ticks += 1
        if self._ticks % 10 == 0 and self.isVisible() and self._live_listed:
            # What the list says changes with time alone (a window opens, today's cap
            # frees up): read it again now and then while something is running.
            self.reload_list()
        campaign_id = self.current_id
        if campaign_id is None or not self.isVisible():
            return

        def arrived(progress: CampaignProgress) -> None:
            if campaign_id != self.current_id:
                return
            self.progress_data = progress
            sent = progress.counts.get("sent", 0)
            if sent != self._allowance_sent and self._allowance_tick % 3 == 0:
                self._allowance_sent = sent
                self.refresh_allowance()  # what is left changed (re-read every 3 s at most)
            self.show_counts(progress)
            self._show_state()
            self._refresh_chart(campaign_id, progress.counts)

        self.context.query("campaign progress", campaign_ops.campaign_progress, campaign_id,
                           on_done=arrived, on_error=lambda _e: None)  # fmt: skip
        if self._allowance_tick % 10 == 0:  # a count over the last 24 hours: not every second
            self.refresh_allowance()
        self._allowance_tick += 1

    def refresh_allowance(self) -> None:
        campaign_id = self.current_id
        if campaign_id is None:
            return

        def arrived(value: ProfileAllowance | None) -> None:
            if campaign_id != self.current_id:
                return
            self.allowance = value
            self.allowance_label.setText(allowance_text(value) if value is not None else "")
            if self.progress_data is not None:
                self.rate_label.setText(self._rate_text(self.progress_data))

        self.context.query("campaign allowance", campaign_ops.campaign_allowance, campaign_id,
                           on_done=arrived, on_error=lambda _e: None)  # fmt: skip

    def _refresh_chart(self, campaign_id: int, counts: dict[str, int]) -> None:
        """Re-read the timeline only when something was sent or failed since the last read."""
        key = (campaign_id, counts["sent"], counts["failed"])
        if key == self._chart_key:
            return
        self._chart_key = key

        def drawn(timeline: SendTimeline) -> None:
            if campaign_id == self.current_id:
                self.chart.set_timeline(timeline)

        self.context.query("campaign chart", campaign_ops.campaign_timeline, campaign_id,
                           on_done=drawn)  # fmt: skip

    def campaign_rate(self) -> float:
        """Messages of this campaign that reached an outcome per second, lately."""
        if len(self._samples) < 2:
            return 0.0
        (t0, d0), (t1, d1) = self._samples[0], self._samples[-1]
        return (d1 - d0) / (t1 - t0) if t1 > t0 else 0.0

    def show_counts(self, progress: CampaignProgress) -> None:
        counts = progress.counts
        for status, label in self.counter_labels.items():
            label.setText(number(counts.get(status, 0)))
        total = progress.total
        went_out = counts["sent"] + counts["failed"]
        now = time.monotonic()
        self._samples.append((now, went_out + counts["deferred"] + counts["unknown"]))
        while self._samples and now - self._samples[0][0] > RATE_WINDOW_SECONDS:
            self._samples.popleft()
        if progress.status == "cancelled":
            self.progress.setMaximum(max(1, total))
            self.progress.setValue(went_out)
            self.progress.setFormat(fmt(QCoreApplication.translate("CampaignsPage", "Cancelled: %1 of %2 went out"), number(went_out),
                                        number(total)))  # fmt: skip
        elif total:
            planned = max(1, total - counts["cancelled"])
            self.progress.setMaximum(planned)
            self.progress.setValue(went_out)
            self.progress.setFormat(fmt(QCoreApplication.translate("CampaignsPage", "%1 of %2 done (%3%)"), number(went_out),
                                        number(planned), went_out * 100 // planned))  # fmt: skip
        else:
            self.progress.setMaximum(1)
            self.progress.setValue(0)
            self.progress.setFormat(QCoreApplication.translate("CampaignsPage", "Not started yet"))
        self.rate_label.setText(self._rate_text(progress))

    def _rate_text(self, progress: CampaignProgress) -> str:
        counts, status = progress.counts, progress.status
        remaining = counts["queued"] + counts["deferred"]
        if status == "draft":
            return QCoreApplication.translate("CampaignsPage", "Not started yet.")
        if status == "paused":
            return fmt(
                QCoreApplication.translate("CampaignsPage", "Paused with %1 still to send."),
                plural(remaining, "message"),
            )
        if status in ("finished", "cancelled"):
            sent, failed = counts["sent"], counts["failed"]  # each count agrees with its words
            return fmt(QCoreApplication.translate("CampaignsPage", "%1, %2."),
                       numerus(self.tr("%Ln message(s) sent", "", sent), sent),
                       numerus(self.tr("%Ln failed", "", failed), failed))  # fmt: skip
        if status == "scheduled":
            return fmt(QCoreApplication.translate("CampaignsPage", "Scheduled · starts %1 · %2 to send."),
                       zone_time(progress.scheduled_at, progress.time_zone),
                       plural(remaining, "message"))  # fmt: skip
        if status == "running" and progress.window_opens_at is not None and remaining:
            return fmt(QCoreApplication.translate("CampaignsPage", "Outside its send window · it opens %1 · %2 to go."),
                       zone_time(progress.window_opens_at, progress.time_zone),
                       plural(remaining, "message"))  # fmt: skip
        if not remaining and not counts["sending"]:
            return QCoreApplication.translate("CampaignsPage", "Every message has an outcome.")
        rate = self.campaign_rate()
        if not progress.relay.reachable:
            return fmt(
                QCoreApplication.translate("CampaignsPage", "Waiting for %1:%2 to answer."),
                progress.relay.host,
                progress.relay.port,
            )
        today = self.allowance
        if status == "running" and today is not None and not today.left and remaining:
            return fmt(QCoreApplication.translate("CampaignsPage", "Today's cap of %1 is reached: sending goes on as the last 24 hours' messages age out · %2 to go."),
                       number(today.cap), plural(remaining, "message"))  # fmt: skip
        sender = self._sender()
        blocked = getattr(sender, "blocked_text", "")
        if sender is None or not getattr(sender, "running", False):
            return blocked or QCoreApplication.translate(
                "CampaignsPage", "The sender is not running: start Staffetta's sender to send."
            )
        if rate > 0:
            return fmt(QCoreApplication.translate("CampaignsPage", "%1 messages/s · %2 to go · about %3 left"), number(rate, 1),
                       plural(remaining, "message"), human_duration(remaining / rate))  # fmt: skip
        if counts["queued"] or counts["sending"]:
            facts = self.audience_box.facts
            if facts is not None and facts.recipient_zone_field and facts.windows:
                return fmt(QCoreApplication.translate("CampaignsPage", "Sending to those inside their window · %1 to go."),
                           plural(remaining, "message"))  # fmt: skip
            return fmt(
                QCoreApplication.translate("CampaignsPage", "Sending · %1 to go."),
                plural(remaining, "message"),
            )
        next_try = progress.relay.next_try_at
        if next_try:
            deferred = counts["deferred"]
            return fmt(numerus(self.tr("%Ln message(s) deferred: retried automatically (next try %1).", "", deferred), deferred),
                       next_try_text(next_try))  # fmt: skip
        deferred = counts["deferred"]
        return numerus(self.tr("%Ln message(s) deferred: retried automatically.", "", deferred), deferred)

    # --- actions -------------------------------------------------------------------------------

    def _settings(self) -> DraftSettings:
        """The stored draft with the fields the form shows replaced: the settings above,
        and the audience and timing box once it shows this draft."""
        assert self.detail is not None
        form: dict[str, Any] = {
            "list_name": self.list_box.currentData() or None,
            "template_name": self.template_box.currentData() or "",
            "profile_name": self.profile_box.currentData() or "",
            "sender": self.sender_edit.text(),
            "reply_to": self.reply_to.text().strip() or None,
            "unsubscribe_url": self.unsubscribe_url.text().strip() or None,
            "unsubscribe_mailto": self.unsubscribe_mailto.text().strip() or None,
            "attachments": self.attachment_paths(),
        }
        if self.audience_box.campaign_id == self.detail.id and self.detail.is_draft:
            form.update(audience_ops.draft_fields(self.audience_box.values()))
            form["list_name"] = None  # the box's lists start with the form's list
        return replace(self.detail.draft_settings(), **form)

    def save(self, then: Any = None) -> None:
        """Save the draft form; ``then()`` runs once it is saved."""
        if self.detail is None or not self.detail.is_draft:
            return
        campaign_id = self.detail.id

        def saved(new_id: int) -> None:
            self._set_dirty(False)
            self.context.signals.status_message.emit(
                fmt(
                    QCoreApplication.translate("CampaignsPage", "Draft %1 saved."),
                    repr(self.name.text().strip()),
                )
            )
            if new_id == self.current_id:
                self.load_detail()
            if callable(then):
                then()

        try:
            settings = self._settings()  # a mistyped frequency cap is said here
        except StaffettaError as error:
            show_error(self, error)
            return
        self.context.op("save draft", campaign_ops.save, campaign_id, self.name.text(),
                        settings, on_done=saved,
                        on_error=lambda e: show_error(self, e))  # fmt: skip

    def _save_before_scheduling(self, then: Any) -> None:
        """Schedule… stores the whole draft form (this box included), then schedules."""
        if self.detail is not None and self.detail.is_draft:
            self.save(then=then)
        else:
            then()

    def _saved_then(self, action: Any) -> None:
        """Run ``action`` on the stored campaign: save unsaved draft edits first."""
        if self.form_dirty and self.detail is not None and self.detail.is_draft:
            self.save(then=action)
        else:
            action()

    def new_campaign(self) -> None:
        if self.form_dirty and not self.confirm_discard():
            return

        def created(campaign_id: int) -> None:
            self._pending_select = campaign_id
            self.name.setFocus()

        self.context.op("new campaign", campaign_ops.new_draft, on_done=created,
                        called=self.tr("New campaign"), on_error=lambda e: show_error(self, e))  # fmt: skip

    def duplicate(self) -> None:
        if self.current_id is None:
            return

        def created(campaign_id: int) -> None:
            self._pending_select = campaign_id
            self.context.signals.status_message.emit(
                QCoreApplication.translate("CampaignsPage", "Campaign duplicated as a new draft.")
            )

        self.context.op("duplicate campaign", campaign_ops.duplicate, self.current_id,
                        called=self.tr("%1 copy"), on_done=created,
                        on_error=lambda e: show_error(self, e))  # fmt: skip

    def delete(self) -> None:
        if self.current_id is None or self.detail is None:
            return
        campaign_id, name = self.current_id, self.detail.name
        answer = ask(self, QCoreApplication.translate('CampaignsPage', "Delete campaign"),
                     fmt(QCoreApplication.translate('CampaignsPage', "Delete the campaign %1 with its queued messages and history?"), repr(name)),
                     default=QMessageBox.StandardButton.No)  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return

        def deleted(_changes: Changes) -> None:
            if self.current_id == campaign_id:
                self._set_dirty(False)
                self._switch_to(None)
            self.context.signals.status_message.emit(
                fmt(QCoreApplication.translate("CampaignsPage", "Campaign %1 deleted."), repr(name))
            )

        self.context.op("delete campaign", campaign_ops.delete, campaign_id, on_done=deleted,
                        on_error=lambda e: show_error(self, e))  # fmt: skip

    def choose_attachments(self) -> None:
        dialog = file_dialog(
            self,
            "attachments",
            QCoreApplication.translate("CampaignsPage", "Attach files to every message"),
            multiple=True,
        )
        self.attachment_dialog = dialog

        def chosen() -> None:
            current = self.attachment_paths()
            for path in dialog.selectedFiles():
                if path not in current:
                    self.attachments.addItem(path)
            self._set_dirty(True)

        dialog.accepted.connect(chosen)
        dialog.open()

    def choose_recipient_files(self) -> None:
        """A file per recipient (core.content.attachments), checked against the first
        contacts as the pattern is typed."""
        list_id = self.detail.list_id if self.detail is not None else None
        dialog = RecipientFileDialog(self.context, self, list_id=list_id)
        self.recipient_file_dialog = dialog

        def chosen() -> None:
            path = dialog.path()
            if path and path not in self.attachment_paths():
                self.attachments.addItem(path)
                self._set_dirty(True)

        dialog.accepted.connect(chosen)
        dialog.open()

    def remove_attachment(self) -> None:
        row = self.attachments.currentRow()
        if row >= 0:
            self.attachments.takeItem(row)
            self._set_dirty(True)

    def open_test_send(self) -> None:
        if self.current_id is None or self.detail is None:
            return
        self._saved_then(self._open_test_dialog)

    def _open_test_dialog(self) -> None:
        detail = self.detail
        if detail is None:
            return
        profile = detail.profile
        dialog = TestSendDialog(
            self.context, self, campaign_id=detail.id, campaign_name=detail.name,
            list_id=detail.list_id, profile_text=f"{profile.name} ({profile.host}:{profile.port})",
        )  # fmt: skip
        self.test_dialog = dialog
        dialog.open()

    def start(self) -> None:
        if self.current_id is None or self._status() != "draft":
            return
        self._saved_then(self._check_then_ask)

    def _check_then_ask(self) -> None:
        campaign_id = self.current_id
        if campaign_id is None:
            return
        self.start_button.setEnabled(False)
        self.test_result.setText(
            QCoreApplication.translate("CampaignsPage", "Checking every recipient…")
        )

        def checked(check: StartCheck) -> None:
            self.test_result.clear()
            self._update_buttons()
            if campaign_id != self.current_id:
                return
            dialog = StartDialog(check, self)
            self.start_dialog = dialog
            if check.ok:
                dialog.accepted.connect(lambda: self._start_checked(campaign_id))
            dialog.open()

        def failed(error: StaffettaError) -> None:
            self.test_result.clear()
            self._update_buttons()
            show_error(self, error)

        self.context.query("start check", campaign_ops.check_start, campaign_id,
                           on_done=checked, on_error=failed)  # fmt: skip

    def _start_checked(self, campaign_id: int) -> None:
        self.test_result.setText(
            QCoreApplication.translate("CampaignsPage", "Queuing the messages…")
        )

        def started(result: Started) -> None:
            self.test_result.setText(
                fmt(
                    QCoreApplication.translate("CampaignsPage", "Started: %1, %2."),
                    numerus(self.tr("%Ln message(s) queued", "", result.queued), result.queued),
                    numerus(self.tr("%Ln recipient(s) skipped", "", result.skipped), result.skipped),
                )
            )
            self._wake()

        def failed(error: StaffettaError) -> None:
            self.test_result.clear()
            show_error(self, error)

        self.context.op("start campaign", campaign_ops.start, campaign_id, on_done=started,
                        on_error=failed)  # fmt: skip

    def _wake(self) -> None:
        sender = self._sender()
        if sender is not None:
            sender.wake()

    def _lifecycle(self, fn: Any, message: str) -> None:
        if self.current_id is None or self.detail is None:
            return
        name = self.detail.name

        def done(_result: Any) -> None:
            self._wake()
            self.context.signals.status_message.emit(message.format(name=name))

        self.context.op(message, fn, self.current_id, on_done=done,
                        on_error=lambda e: show_error(self, e))  # fmt: skip

    def pause(self) -> None:
        self._lifecycle(campaign_ops.pause, "Campaign {name!r} paused.")

    def resume(self) -> None:
        self._lifecycle(campaign_ops.resume, "Campaign {name!r} resumed.")

    def cancel(self) -> None:
        if self.current_id is None:
            return
        answer = ask(self, QCoreApplication.translate('CampaignsPage', "Cancel campaign"),
                     QCoreApplication.translate('CampaignsPage', "Cancel the campaign? Every message not yet sent is cancelled."))  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            self._lifecycle(campaign_ops.cancel, "Campaign {name!r} cancelled.")

    def retry_now(self) -> None:
        """The relay banner's Retry now: deferred messages due now, the sender tries at once."""
        if self.current_id is None:
            return

        def done(_count: int) -> None:
            sender = self._sender()
            if sender is not None:
                sender.retry_now()
            self.context.signals.status_message.emit(
                QCoreApplication.translate("CampaignsPage", "Trying the relay again now.")
            )

        self.context.op("retry now", queue_ops.flush, self.current_id, on_done=done)


def allowance_text(value: ProfileAllowance) -> str:
    """``SMTP profile "Office relay" today: 40 of 50 left (warm-up day 1 of 4).``"""
    if value.warmup_day:
        return fmt(QCoreApplication.translate("CampaignsPage", "SMTP profile %1 today: %2 of %3 left (warm-up day %4 of %5)."),
                   repr(value.profile), number(value.left), number(value.cap), value.warmup_day,
                   value.warmup_days)  # fmt: skip
    return fmt(QCoreApplication.translate("CampaignsPage", "SMTP profile %1 today: %2 of %3 left (its daily cap)."),
               repr(value.profile), number(value.left), number(value.cap))  # fmt: skip


def list_status(summary: CampaignSummary) -> tuple[str, str]:
    """The campaigns list's status and its tooltip, true to the moment: a scheduled one
    says when it starts, a running one whose relay cannot be reached or that is outside
    its send window says so (never "Sending" while nothing can leave), a paused one who
    or what paused it."""
    word = QCoreApplication.translate("CampaignStatus", STATUS_WORDS.get(summary.status, summary.status))
    if summary.status == "scheduled" and summary.scheduled_at is not None:
        return (fmt(QCoreApplication.translate("CampaignsPage", "Scheduled · %1"), local_time(summary.scheduled_at)),
                fmt(QCoreApplication.translate("CampaignsPage", "Scheduled: starts %1"),
                    zone_time(summary.scheduled_at, summary.time_zone)))  # fmt: skip
    if summary.status == "running" and summary.recipients_outside:
        return (QCoreApplication.translate("CampaignsPage", "Outside their windows"),
                fmt(QCoreApplication.translate("CampaignsPage", "Nobody is inside their send window now: the first opens %1 here, for %2."),
                    local_time(summary.window_opens_at),
                    plural(summary.recipients_outside, "recipient")))  # fmt: skip
    if summary.status == "running" and summary.window_opens_at is not None:
        return (QCoreApplication.translate("CampaignsPage", "Outside its window"),
                fmt(QCoreApplication.translate("CampaignsPage", "Outside its send window: it opens %1"),
                    zone_time(summary.window_opens_at, summary.time_zone)))  # fmt: skip
    if summary.status == "running" and summary.cap_reached:
        return (QCoreApplication.translate("CampaignsPage", "Daily cap reached"),
                fmt(QCoreApplication.translate("CampaignsPage", "Its SMTP profile sent today's %1: sending goes on as the last 24 hours' messages age out."),
                    number(summary.cap_reached)))  # fmt: skip
    if summary.status == "running" and summary.relay_problem:
        problem = translated(summary.relay_problem.rstrip("."))
        return (QCoreApplication.translate("CampaignsPage", "Waiting for the relay"),
                fmt(QCoreApplication.translate("CampaignsPage", "Waiting for the relay: %1."), problem))  # fmt: skip
    if summary.status == "paused":
        if summary.paused_by == "user":
            return QCoreApplication.translate("CampaignsPage", "Paused by you"), QCoreApplication.translate("CampaignsPage", "Paused by you.")
        reason = translated(summary.pause_reason or "")
        if not reason:
            return word, word
        if summary.paused_by == "relay":
            return (QCoreApplication.translate("CampaignsPage", "Paused: relay refused"),
                    fmt(QCoreApplication.translate("CampaignsPage", "Paused: %1"), reason))  # fmt: skip
        return word, fmt(QCoreApplication.translate("CampaignsPage", "Paused: %1"), reason)
    return word, word


def status_icon(widget: QWidget, status: str) -> QIcon:
    return widget.style().standardIcon(STATUS_ICONS.get(status, STATUS_ICONS["draft"]))
