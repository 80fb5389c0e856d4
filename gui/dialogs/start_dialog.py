"""The Start dialog: what starting a campaign will do, from one pre-flight check.

It names the profile and its relay, the recipient count, why others are skipped and
how long sending takes at the profile's rate; or, when some messages cannot be built,
each distinct problem once with how many recipients have it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.ops.campaigns import StartCheck
from gui.core_text import translated
from gui.format import human_duration, local_time, plural
from gui.i18n import fmt, number, numerus


def eta_sentence(check: StartCheck, now: datetime | None = None) -> str:
    rate = check.profile.rate
    if check.eta_seconds is None:
        return fmt(QCoreApplication.translate(
            "StartDialog", "The profile %1 has no rate limit: sending takes as long as the "
            "relay needs."), repr(check.profile.name))  # fmt: skip
    ends = (now or datetime.now(UTC)) + timedelta(seconds=check.eta_seconds)
    per = (QCoreApplication.translate("StartDialog", "1 message a second") if rate == 1 else
           fmt(QCoreApplication.translate("StartDialog", "%1 messages a second"), number(rate, 1)
               if rate != int(rate) else number(int(rate))))  # fmt: skip
    return fmt(QCoreApplication.translate(
        "StartDialog", "At %1 this takes about %2 (done around %3)."), per,
        human_duration(check.eta_seconds), local_time(ends))  # fmt: skip


class StartDialog(QDialog):
    def __init__(self, check: StartCheck, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = check
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.details = QListWidget()
        self.details.setWordWrap(True)
        self.start_button: QPushButton | None = None
        buttons = QDialogButtonBox()
        if check.ok:
            self.setWindowTitle(
                fmt(QCoreApplication.translate("StartDialog", "Start %1"), check.campaign_name)
            )
            profile = check.profile
            self.summary.setText(
                fmt(
                    QCoreApplication.translate(
                        "StartDialog",
                        "Send <b>%1</b> to <b>%2</b> from %3, through the SMTP profile <b>%4</b> (%5:%6).<br><br>%7<br>%8",
                    ),
                    _html(check.campaign_name),
                    plural(check.recipients, "recipient"),
                    _html(check.list_name),
                    _html(profile.name),
                    _html(profile.host),
                    profile.port,
                    _html(self._skipped_sentence()),
                    _html(eta_sentence(check)),
                )
            )
            for warning in check.warnings:
                self.details.addItem("⚠ " + translated(warning))
            self.start_button = buttons.addButton(
                QCoreApplication.translate("StartDialog", "Start sending"),
                QDialogButtonBox.ButtonRole.AcceptRole,
            )
            if check.recipients == 0:
                self.start_button.setEnabled(False)
            buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        else:
            self.setWindowTitle(
                QCoreApplication.translate("StartDialog", "The campaign cannot start")
            )
            self.summary.setText(
                numerus(self.tr("%Ln recipient(s) would get a broken message, so nothing was queued. Fix the template or the contacts, then start again.", "", check.problem_count),
                        check.problem_count)
            )
            for group in check.problems:
                examples = ", ".join(group.examples)
                more = " " + fmt(self.tr("(e.g. %1)"), examples) if examples else ""
                message = translated(group.message).rstrip(".")
                self.details.addItem(f"{plural(group.count, 'recipient')}: {message}{more}.")
            buttons.addButton(QDialogButtonBox.StandardButton.Close)
        if self.details.count():
            layout.addWidget(self.details, 1)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 380 if self.details.count() else 220)

    def _skip_words(self, reason: str, n: int) -> str:
        """``3 excluded``: why contacts are skipped, the words agreeing with ``n``."""
        words = {
            "excluded": lambda: self.tr("%Ln excluded", "", n),
            "suppressed": lambda: self.tr("%Ln on the suppression list", "", n),
            "unsubscribed": lambda: self.tr("%Ln unsubscribed", "", n),
            "bounced": lambda: self.tr("%Ln bounced before", "", n),
            "complained": lambda: self.tr("%Ln marked a message as spam", "", n),
            "frequency_cap": lambda: self.tr("%Ln mailed too recently", "", n),
        }  # fmt: skip
        said = words.get(reason)
        return numerus(said(), n) if said is not None else f"{number(n)} {reason}"

    def _skipped_sentence(self) -> str:
        skipped = self.check.skipped
        if not any(skipped.values()):
            return self.tr("Nobody on the list is skipped.")
        parts = [self._skip_words(reason, count) for reason, count in skipped.items() if count]
        total = sum(skipped.values())
        return fmt(numerus(self.tr("%Ln contact(s) skipped: %1.", "", total), total),
                   ", ".join(parts))  # fmt: skip


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
