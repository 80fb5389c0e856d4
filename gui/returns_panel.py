"""What came back for one campaign: bounces, soft bounces, complaints, unsubscribes.

A strip of counters the Campaigns page shows under its progress, read off the UI thread
(``core.ops.returnpath.campaign_returns``) and refreshed when an op says the campaign,
its queue or the suppression list changed (a mailbox check does). "Check mailbox now"
reads every mailbox once (the window's mailbox service when it runs).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from core.ops import Changes
from core.ops import returnpath as ops
from gui.context import AppContext
from gui.i18n import number

COUNTERS = ("bounces", "soft_bounces", "complaints", "unsubscribes")


class ReturnsPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.campaign_id: int | None = None
        self.counts: dict[str, int] = dict.fromkeys(COUNTERS, 0)
        titles = {
            "bounces": self.tr("Bounced"),
            "soft_bounces": self.tr("Soft bounces"),
            "complaints": self.tr("Complaints"),
            "unsubscribes": self.tr("Unsubscribed"),
        }
        tips = {
            "bounces": self.tr(
                "Accepted by the relay, then returned for good (the address "
                "does not work): never mailed again"
            ),
            "soft_bounces": self.tr(
                "Returned for now (mailbox full, refused for a while); suppressed after a few"
            ),
            "complaints": self.tr("Reported as spam by the recipient: never mailed again"),
            "unsubscribes": self.tr("Asked to unsubscribe by mail"),
        }
        self.labels: dict[str, QLabel] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("Came back:"))
        heading.setObjectName("hint")
        layout.addWidget(heading)
        for key in COUNTERS:
            label = QLabel()
            label.setToolTip(tips[key])
            label.setObjectName(f"returned_{key}")
            self.labels[key] = label
            label.setProperty("title", titles[key])
            layout.addWidget(label)
        layout.addStretch(1)
        self.check_button = QPushButton(self.tr("Check mailbox now"))
        self.check_button.setToolTip(
            self.tr("Read the bounces, complaints and unsubscribe requests in the mailboxes")
        )
        self.check_button.clicked.connect(self.check_now)
        layout.addWidget(self.check_button)
        self._show(self.counts)
        context.signals.changed.connect(self._changed)

    def show_campaign(self, campaign_id: int | None) -> None:
        self.campaign_id = campaign_id
        if campaign_id is None:
            self._show(dict.fromkeys(COUNTERS, 0))
            return
        def loaded(counts: dict[str, int]) -> None:
            if campaign_id == self.campaign_id:
                self._show(counts)

        self.context.query("campaign returns", ops.campaign_returns, campaign_id, on_done=loaded)

    def _changed(self, changes: Changes) -> None:
        if self.campaign_id is not None and (
            changes.suppressions or changes.touches_campaign(self.campaign_id)
        ):
            self.show_campaign(self.campaign_id)

    def _show(self, counts: dict[str, int]) -> None:
        self.counts = {k: int(counts.get(k, 0)) for k in COUNTERS}
        for key, label in self.labels.items():
            label.setText(f"{label.property('title')} {number(self.counts[key])}")

    def check_now(self) -> None:
        self.check_button.setEnabled(False)
        self.check_button.setText(self.tr("Checking…"))
        self.context.op("check mailboxes", ops.check_now, io=True, on_done=self._checked,
                        on_error=self._failed)  # fmt: skip

    def _checked(self, report: Any = None) -> None:
        self.check_button.setEnabled(True)
        self.check_button.setText(self.tr("Check mailbox now"))
        if report is not None:
            for profile, error in report.errors.items():
                self.context.signals.status_message.emit(f"{profile}: {error}")

    def _failed(self, error: Any) -> None:
        self._checked()
        self.context.signals.status_message.emit(error.user_text())
