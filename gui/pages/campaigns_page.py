"""Campaigns: drafts, test sends, start/pause/resume/cancel, live progress and a chart."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.campaigns import (
    CampaignComposer,
    DraftSettings,
    PreflightFailed,
    SendTimeline,
    campaign_counts,
    cancel_campaign,
    envelope_sender,
    pause_campaign,
    preflight,
    recipient_snapshot,
    resume_campaign,
    save_draft,
    send_timeline,
    start_campaign,
)
from core.contacts import list_summaries
from core.errors import StaffettaError
from core.mime import make_message_id
from core.models import Campaign, CampaignStatus, SmtpProfile, Template
from core.smtp.transport import send_single
from gui.context import AppContext
from gui.errors import show_error
from gui.style import STATUS_COLOURS
from gui.widgets import Banner, human_duration, page_header

COUNTERS = ["queued", "sending", "deferred", "sent", "failed", "unknown", "held", "cancelled"]
STATUS_BADGE = {"draft": "✎", "scheduled": "⏰", "running": "▶", "paused": "⏸", "cancelled": "✕", "finished": "✓"}


class SendChart(QWidget):
    """Sent and failed messages over the campaign's life, as bars per time bucket.

    Drawn from the recorded attempts (``send_timeline``), so it tells the same story
    after a restart as while sending.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumHeight(140)
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
            f"messages per {human_duration(self.timeline.bucket_seconds)}: sent (green), failed (red)",
        )
        if not points:
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "No messages sent yet")
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


class CampaignsPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.current_id: int | None = None
        self.last_test_result: str = ""
        self._test_task: asyncio.Future[Any] | None = None

        self.campaigns = QListWidget()
        self.campaigns.setTextElideMode(Qt.TextElideMode.ElideRight)  # long names end in "…"
        self.campaigns.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.campaigns.currentItemChanged.connect(self._campaign_chosen)
        new_button = QPushButton("New campaign")
        new_button.clicked.connect(self.new_campaign)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.campaigns, 1)
        left_layout.addWidget(new_button)

        self.name = QLineEdit()
        self.list_box = QComboBox()
        self.template_box = QComboBox()
        self.profile_box = QComboBox()
        self.sender = QLineEdit()
        self.sender.setPlaceholderText("Your Shop <news@yourshop.example>")
        self.reply_to = QLineEdit()
        self.reply_to.setPlaceholderText("optional")
        self.unsubscribe_url = QLineEdit()
        self.unsubscribe_url.setPlaceholderText(
            "https://yourshop.example/unsubscribe?e={{ email|urlencode }}"
        )
        self.unsubscribe_url.setToolTip(
            "Enables one-click unsubscribe (required by Gmail and Yahoo for bulk mail)."
        )
        form_box = QGroupBox("Settings")
        form = QFormLayout(form_box)
        form.addRow("Name", self.name)
        form.addRow("Contact list", self.list_box)
        form.addRow("Template", self.template_box)
        form.addRow("SMTP profile", self.profile_box)
        form.addRow("Sender", self.sender)
        form.addRow("Reply-To", self.reply_to)
        form.addRow("Unsubscribe URL", self.unsubscribe_url)

        self.save_button = QPushButton("Save draft")
        self.save_button.clicked.connect(self.save)
        self.test_button = QPushButton("Test send…")
        self.test_button.clicked.connect(self.test_send)
        self.start_button = QPushButton("Start")
        self.start_button.clicked.connect(self.start)
        self.pause_button = QPushButton("Pause")
        self.pause_button.clicked.connect(self.pause)
        self.resume_button = QPushButton("Resume")
        self.resume_button.clicked.connect(self.resume)
        self.cancel_button = QPushButton("Cancel campaign…")
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        for b in (self.save_button, self.test_button, self.start_button, self.pause_button,
                  self.resume_button, self.cancel_button):  # fmt: skip
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.banner = Banner()
        self.progress = QProgressBar()
        self.progress.setFormat("%v of %m done (%p%)")
        self.counter_labels: dict[str, QLabel] = {}
        counters = QGridLayout()
        for i, status in enumerate(COUNTERS):
            title = QLabel(status.capitalize())
            title.setStyleSheet(f"color: {STATUS_COLOURS[status]}; font-weight: 600")
            value = QLabel("0")
            value.setStyleSheet("font-size: 18px")
            counters.addWidget(title, 0, i)
            counters.addWidget(value, 1, i)
            self.counter_labels[status] = value
        self.rate_label = QLabel()
        self.rate_label.setObjectName("hint")
        self.chart = SendChart()
        self._chart_key: tuple[int, int, int] | None = None
        progress_box = QGroupBox("Progress")
        progress_layout = QVBoxLayout(progress_box)
        progress_layout.addWidget(self.progress)
        progress_layout.addLayout(counters)
        progress_layout.addWidget(self.rate_label)
        progress_layout.addWidget(self.chart, 1)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.banner)
        right_layout.addWidget(form_box)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.test_result)
        right_layout.addWidget(progress_box, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([230, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(page_header(
            "Campaigns",
            "Pick a list, a template and an SMTP profile; send yourself a test; then Start. "
            "Every recipient is checked before anything is queued.",
        ))  # fmt: skip
        layout.addWidget(splitter, 1)

        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.refresh_counts)
        self._timer.start()
        for signal in (context.signals.contacts_changed, context.signals.templates_changed,
                       context.signals.profiles_changed):  # fmt: skip
            signal.connect(self.reload_choices)
        context.signals.campaigns_changed.connect(self.reload_campaigns)
        self.reload_choices()
        self.reload_campaigns()

    # --- loading ------------------------------------------------------------------------

    def reload_choices(self) -> None:
        def fill(box: QComboBox, items: list[tuple[str, Any]]) -> None:
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            for label, data in items:
                box.addItem(label, data)
            index = box.findData(current)
            box.setCurrentIndex(max(0, index))
            box.blockSignals(False)

        fill(self.list_box, [(f"{n} ({c:,})", n) for _i, n, c in list_summaries()])
        fill(
            self.template_box, [(t.name, t.name) for t in Template.select().order_by(Template.name)]
        )
        fill(
            self.profile_box,
            [(p.name, p.name) for p in SmtpProfile.select().order_by(SmtpProfile.name)],
        )

    def reload_campaigns(self) -> None:
        self.campaigns.blockSignals(True)
        self.campaigns.clear()
        for campaign in Campaign.select().order_by(Campaign.created_at.desc()):
            item = QListWidgetItem(f"{STATUS_BADGE.get(campaign.status, '')}  {campaign.name}")
            item.setData(Qt.ItemDataRole.UserRole, campaign.id)
            item.setToolTip(f"{campaign.name} — {campaign.status}")
            self.campaigns.addItem(item)
            if campaign.id == self.current_id:
                self.campaigns.setCurrentItem(item)
        self.campaigns.blockSignals(False)
        if self.campaigns.currentItem() is None and self.campaigns.count():
            self.campaigns.setCurrentRow(0)
        else:
            self._show_campaign()

    def select(self, campaign_id: object) -> None:
        for row in range(self.campaigns.count()):
            if self.campaigns.item(row).data(Qt.ItemDataRole.UserRole) == campaign_id:
                self.campaigns.setCurrentRow(row)

    def campaign(self) -> Campaign | None:
        if self.current_id is None:
            return None
        return Campaign.get_or_none(Campaign.id == self.current_id)

    def _campaign_chosen(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        self.current_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.chart.reset()
        self._chart_key = None
        self.test_result.clear()
        self._show_campaign()

    def _show_campaign(self) -> None:
        campaign = self.campaign()
        editable = campaign is None or campaign.status == CampaignStatus.DRAFT
        for widget in (self.name, self.list_box, self.template_box, self.profile_box, self.sender,
                       self.reply_to, self.unsubscribe_url):  # fmt: skip
            widget.setEnabled(editable)
        if campaign is not None:
            list_name = campaign.contact_list.name if campaign.contact_list else None
            if self.profile_box.findData(campaign.smtp_profile.name) < 0 or (
                list_name is not None and self.list_box.findData(list_name) < 0
            ):
                self.reload_choices()  # made elsewhere (a script, another page): never show a wrong one
            self.name.setText(campaign.name)
            self.list_box.setCurrentIndex(
                max(0, self.list_box.findData(list_name))
            )
            if campaign.template is not None:
                self.template_box.setCurrentIndex(
                    max(0, self.template_box.findData(campaign.template.name))
                )
            self.profile_box.setCurrentIndex(
                max(0, self.profile_box.findData(campaign.smtp_profile.name))
            )
            self.sender.setText(campaign.sender)
            self.reply_to.setText(campaign.reply_to or "")
            self.unsubscribe_url.setText(campaign.unsubscribe_url or "")
        status = campaign.status if campaign else None
        self.save_button.setEnabled(editable)
        self.test_button.setEnabled(campaign is not None)
        self.start_button.setEnabled(status == CampaignStatus.DRAFT)
        self.pause_button.setEnabled(status == CampaignStatus.RUNNING)
        self.resume_button.setEnabled(status == CampaignStatus.PAUSED)
        self.cancel_button.setEnabled(
            status in (CampaignStatus.RUNNING, CampaignStatus.PAUSED, CampaignStatus.DRAFT)
        )
        if campaign is not None and status == CampaignStatus.PAUSED and campaign.pause_reason:
            self.banner.show_message(f"Paused: {campaign.pause_reason}", "warning")
        elif status == CampaignStatus.FINISHED:
            self.banner.show_message("Finished: every message reached a final state.", "info")
        else:
            self.banner.clear()
        self.refresh_counts()

    def refresh_counts(self) -> None:
        campaign_id = self.current_id
        if campaign_id is None or not self.isVisible():
            return

        def shown(counts: dict[str, int]) -> None:
            if campaign_id != self.current_id:
                return
            self.show_counts(counts)
            self._refresh_chart(campaign_id, counts)

        self.context.tasks.submit("campaign counts", campaign_counts, campaign_id, on_done=shown)

    def _refresh_chart(self, campaign_id: int, counts: dict[str, int]) -> None:
        """Re-read the timeline only when something was sent or failed since the last read."""
        key = (campaign_id, counts["sent"], counts["failed"])
        if key == self._chart_key:
            return
        self._chart_key = key

        def drawn(timeline: SendTimeline) -> None:
            if campaign_id == self.current_id:
                self.chart.set_timeline(timeline)

        self.context.tasks.submit("campaign chart", send_timeline, campaign_id, on_done=drawn)

    def show_counts(self, counts: dict[str, int]) -> None:
        for status, label in self.counter_labels.items():
            label.setText(f"{counts.get(status, 0):,}")
        total = sum(counts.values())
        done = counts["sent"] + counts["failed"] + counts["cancelled"]
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat("%v of %m done (%p%)" if total else "Not started yet")
        sender = self.context.services.get("sender")
        progress = getattr(sender, "last_progress", None)
        if progress is not None and progress.rate > 0:
            remaining = counts["queued"] + counts["deferred"]
            eta = remaining / progress.rate if remaining else 0
            self.rate_label.setText(
                f"{progress.rate:,.1f} messages/s · about {eta / 60:,.1f} min left"
            )
        elif total:
            if counts["queued"]:
                text = "Queued, waiting for the sender."
            elif counts["deferred"]:
                text = (f"{counts['deferred']:,} deferred: retried automatically when their "
                        "next try is due (see Queue).")  # fmt: skip
            else:
                text = "Not sending right now."
            self.rate_label.setText(text)
        else:
            self.rate_label.setText("Nothing queued yet.")

    # --- actions ------------------------------------------------------------------------

    def _settings(self) -> DraftSettings:
        return DraftSettings(
            list_name=self.list_box.currentData() or "", template_name=self.template_box.currentData() or "",
            profile_name=self.profile_box.currentData() or "", sender=self.sender.text(),
            reply_to=self.reply_to.text() or None, unsubscribe_url=self.unsubscribe_url.text() or None,
        )  # fmt: skip

    def save(self) -> bool:
        try:
            campaign = save_draft(self.name.text(), self._settings(), replace=True)
        except StaffettaError as exc:
            show_error(self, exc)
            return False
        previous = self.campaign()
        if (
            previous is not None
            and previous.id != campaign.id
            and previous.status == CampaignStatus.DRAFT
        ):
            previous.delete_instance()
        self.current_id = campaign.id
        self.context.signals.campaigns_changed.emit()
        self.context.signals.status_message.emit(f"Draft {campaign.name!r} saved.")
        return True

    def new_campaign(self) -> None:
        name, n = "New campaign", 2
        while Campaign.select().where(Campaign.name == name).exists():
            name, n = f"New campaign {n}", n + 1
        self.current_id = None
        self.name.setText(name)
        if not self.sender.text():
            self.sender.setText("Staffetta Demo <demo@example.com>")
        for widget in (self.name, self.list_box, self.template_box, self.profile_box, self.sender,
                       self.reply_to, self.unsubscribe_url):  # fmt: skip
            widget.setEnabled(True)
        if self.save():
            self.reload_campaigns()

    def test_send(self, address: str | None = None) -> None:
        campaign = self.campaign()
        if campaign is None:
            return
        if campaign.status == CampaignStatus.DRAFT and not self.save():
            return
        if address is None:
            address, ok = QInputDialog.getText(
                self, "Test send", "Send one rendered message to:", text=self.last_test_address()
            )
            if not ok or not address.strip():
                return
        address = address.strip()
        self._last_address = address
        self.test_result.setText(f"Sending a test to {address}…")

        def send() -> str:
            fresh = Campaign.get_by_id(campaign.id)
            composer = CampaignComposer.for_campaign(fresh)
            snapshot = recipient_snapshot(fresh, None)
            sender = envelope_sender(fresh)
            data = composer.build_for(
                snapshot, to_address=address, message_id=make_message_id(sender.rpartition("@")[2])
            )
            reply = asyncio.run(
                send_single(fresh.smtp_profile, mail_from=sender, rcpt_to=address, data=data)
            )
            return f"✓ The relay accepted the test for {address} (rendered for {snapshot['email']}): {reply.code} {reply.message}"

        def failed(error: StaffettaError) -> None:
            self.last_test_result = "✗ " + error.user_text()
            self.test_result.setText(self.last_test_result)

        def done(text: str) -> None:
            self.last_test_result = text
            self.test_result.setText(text)
            self.context.signals.inbox_changed.emit()

        self.context.tasks.submit("test send", send, on_done=done, on_error=failed, io=True)

    def last_test_address(self) -> str:
        return getattr(self, "_last_address", "") or "test@example.com"

    def start(self, *, confirm: bool = True) -> None:
        campaign = self.campaign()
        if campaign is None or (campaign.status == CampaignStatus.DRAFT and not self.save()):
            return
        campaign = self.campaign()
        assert campaign is not None
        self.start_button.setEnabled(False)
        self.test_result.setText("Checking every recipient…")

        def checked(report: Any) -> None:
            if not report.ok:
                self._show_problems(report)
                self._show_campaign()
                return
            if confirm and report.warnings:
                text = "\n".join("• " + w for w in report.warnings)
                answer = QMessageBox.question(
                    self, "Start campaign",
                    f"{report.recipients:,} recipients are ready ({report.suppressed:,} skipped).\n\n{text}\n\nStart anyway?",
                )  # fmt: skip
                if answer != QMessageBox.StandardButton.Yes:
                    self.test_result.clear()
                    self._show_campaign()
                    return
            self.context.tasks.submit("start campaign", start_campaign, Campaign.get_by_id(campaign.id),
                                      on_done=started, on_error=failed)  # fmt: skip

        def started(result: Any) -> None:
            self.test_result.setText(
                f"Started: {result.queued:,} messages queued, {result.preflight.suppressed:,} recipients skipped."
            )
            sender = self.context.services.get("sender")
            if sender is not None:
                sender.wake()
            self.context.signals.campaigns_changed.emit()
            self.context.signals.queue_changed.emit()

        def failed(error: StaffettaError) -> None:
            if isinstance(error, PreflightFailed):
                self._show_problems(error.report)
            else:
                show_error(self, error)
            self.test_result.clear()
            self._show_campaign()

        self.context.tasks.submit(
            "pre-flight", preflight, campaign, on_done=checked, on_error=failed
        )

    def _show_problems(self, report: Any) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle("The campaign cannot start")
        layout = QVBoxLayout(dialog)
        layout.addWidget(
            QLabel(
                f"{report.error_count:,} recipient(s) would get a broken message. Nothing was queued.\nFix the template or the contacts, then start again."
            )
        )
        details = QPlainTextEdit(readOnly=True)
        details.setPlainText("\n".join(f"{p.email}: {p.message}" for p in report.errors))
        layout.addWidget(details)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(dialog.reject)
        layout.addWidget(box)
        dialog.resize(640, 360)
        self.problems_dialog = dialog
        dialog.open()

    def _lifecycle(self, action: Any, message: str) -> None:
        campaign = self.campaign()
        if campaign is None:
            return
        try:
            action(campaign)
        except StaffettaError as exc:
            show_error(self, exc)
            return
        sender = self.context.services.get("sender")
        if sender is not None:
            sender.wake()
        self.context.signals.status_message.emit(message.format(name=campaign.name))
        self.context.signals.campaigns_changed.emit()
        self.context.signals.queue_changed.emit()

    def pause(self) -> None:
        self._lifecycle(pause_campaign, "Campaign {name!r} paused.")

    def resume(self) -> None:
        self._lifecycle(resume_campaign, "Campaign {name!r} resumed.")

    def cancel(self, *, confirm: bool = True) -> None:
        if confirm and QMessageBox.question(
            self, "Cancel campaign", "Cancel the campaign? Every message not yet sent is cancelled."
        ) != QMessageBox.StandardButton.Yes:  # fmt: skip
            return
        self._lifecycle(cancel_campaign, "Campaign {name!r} cancelled.")
