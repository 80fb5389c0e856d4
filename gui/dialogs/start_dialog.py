"""The Start dialog: what starting a campaign will do, from one pre-flight check.

It names the profile and its relay, the recipient count, why others are skipped and
how long sending takes at the profile's rate; or, when some messages cannot be built,
each distinct problem once with how many recipients have it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
from gui.format import human_duration, local_time, plural

SKIP_WORDS = {
    "excluded": "excluded",
    "suppressed": "on the suppression list",
    "unsubscribed": "unsubscribed",
    "bounced": "bounced before",
    "complained": "marked a message as spam",
    "frequency_cap": "mailed too recently",
}


def eta_sentence(check: StartCheck, now: datetime | None = None) -> str:
    rate = check.profile.rate
    if check.eta_seconds is None:
        return (f"The profile {check.profile.name!r} has no rate limit: sending takes as long "
                "as the relay needs.")  # fmt: skip
    ends = (now or datetime.now(UTC)) + timedelta(seconds=check.eta_seconds)
    per = f"{rate:g} message a second" if rate == 1 else f"{rate:g} messages a second"
    return (f"At {per} this takes about {human_duration(check.eta_seconds)} "
            f"(done around {local_time(ends)}).")  # fmt: skip


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
            self.setWindowTitle(f"Start {check.campaign_name}")
            profile = check.profile
            self.summary.setText(
                f"Send <b>{_html(check.campaign_name)}</b> to "
                f"<b>{plural(check.recipients, 'recipient')}</b> from "
                f"{_html(check.list_name)}, through the SMTP profile "
                f"<b>{_html(profile.name)}</b> ({_html(profile.host)}:{profile.port}).<br><br>"
                f"{_html(self._skipped_sentence())}<br>{_html(eta_sentence(check))}"
            )
            for warning in check.warnings:
                self.details.addItem("⚠ " + warning)
            self.start_button = buttons.addButton(
                "Start sending", QDialogButtonBox.ButtonRole.AcceptRole
            )
            if check.recipients == 0:
                self.start_button.setEnabled(False)
            buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        else:
            self.setWindowTitle("The campaign cannot start")
            self.summary.setText(
                f"{plural(check.problem_count, 'recipient')} would get a broken message, so "
                "nothing was queued. Fix the template or the contacts, then start again."
            )
            for group in check.problems:
                examples = ", ".join(group.examples)
                more = f" (e.g. {examples})" if examples else ""
                message = group.message.rstrip(".")
                self.details.addItem(f"{plural(group.count, 'recipient')}: {message}{more}.")
            buttons.addButton(QDialogButtonBox.StandardButton.Close)
        if self.details.count():
            layout.addWidget(self.details, 1)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 380 if self.details.count() else 220)

    def _skipped_sentence(self) -> str:
        skipped = self.check.skipped
        if not any(skipped.values()):
            return "Nobody on the list is skipped."
        parts = [f"{count:,} {SKIP_WORDS.get(reason, reason)}" for reason, count in skipped.items()
                 if count]  # fmt: skip
        total = sum(skipped.values())
        return f"{plural(total, 'contact')} skipped: " + ", ".join(parts) + "."


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
