"""Test send: one rendered message to one or several addresses, as a chosen contact.

Opened from the Campaigns page (the campaign's own profile and sender) and from the
template editor (the editors' text, saved or not, through a profile chosen here).
The send runs off the UI thread; the result stays in the dialog, so several tests
can be sent in a row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import StaffettaError
from core.ops import OpResult
from core.ops import campaigns as campaign_ops
from core.ops import templates as template_ops
from core.ops.campaigns import TestSendResult
from core.ops.templates import TemplateSource
from gui.contact_picker import ContactPicker
from gui.context import AppContext
from gui.core_text import translated
from gui.format import plural
from gui.i18n import fmt

LAST_ADDRESSES = "test_send/addresses"
LAST_SENDER = "test_send/sender"


@dataclass(frozen=True)
class TemplateToTest:
    """What the template editor shows (saved or not) and the list its preview uses."""

    source: TemplateSource
    list_id: int | None


class TestSendDialog(QDialog):
    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        campaign_id: int | None = None,
        campaign_name: str = "",
        list_id: int | None = None,
        profile_text: str = "",
        template: TemplateToTest | None = None,
        contact_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        assert (campaign_id is None) != (template is None), "a campaign or a template"
        self.context = context
        self.campaign_id = campaign_id
        self.template = template
        self.last_result: TestSendResult | None = None
        self.setWindowTitle(
            fmt(QCoreApplication.translate("TestSendDialog", "Test send: %1"), campaign_name)
            if campaign_name
            else QCoreApplication.translate("TestSendDialog", "Test send")
        )
        settings = QSettings()
        self.addresses = QLineEdit(str(settings.value(LAST_ADDRESSES, "test@example.com")))
        self.addresses.setPlaceholderText(
            QCoreApplication.translate("TestSendDialog", "you@example.com, colleague@example.com")
        )
        self.addresses.setToolTip(
            QCoreApplication.translate(
                "TestSendDialog", "One or several addresses, separated by commas"
            )
        )
        form = QFormLayout()
        form.addRow(QCoreApplication.translate("TestSendDialog", "Send to"), self.addresses)
        self.profile_box: QComboBox | None = None
        self.sender_edit: QLineEdit | None = None
        if template is not None:
            self.profile_box = QComboBox()
            self.sender_edit = QLineEdit(str(settings.value(LAST_SENDER, "You <you@example.com>")))
            form.addRow(QCoreApplication.translate("TestSendDialog", "Through"), self.profile_box)
            form.addRow(QCoreApplication.translate("TestSendDialog", "From"), self.sender_edit)
            context.query("test send profiles", campaign_ops.draft_choices,
                          on_done=self._profiles_arrived)  # fmt: skip
        else:
            form.addRow(
                QCoreApplication.translate("TestSendDialog", "Through"), QLabel(profile_text)
            )
        self.picker = ContactPicker(context, rows=7)
        form.addRow(QCoreApplication.translate("TestSendDialog", "Render as"), self.picker)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.send_button = QPushButton(QCoreApplication.translate("TestSendDialog", "Send"))
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        self.inbox_button = QPushButton(
            QCoreApplication.translate("TestSendDialog", "Open the Test inbox")
        )
        self.inbox_button.hide()
        self.inbox_button.clicked.connect(self.open_inbox)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.inbox_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result_label)
        layout.addWidget(buttons)
        self.resize(560, 420)
        self.picker.prefer(contact_id)
        self.picker.set_list(list_id if template is None else template.list_id)

    def _profiles_arrived(self, choices: campaign_ops.DraftChoices) -> None:
        assert self.profile_box is not None
        for profile in choices.profiles:
            self.profile_box.addItem(
                f"{profile.name} ({profile.host}:{profile.port})", profile.name
            )

    def send(self) -> None:
        text = self.addresses.text()
        try:
            addresses = campaign_ops.parse_addresses(text)
        except StaffettaError as exc:
            self._show(f"✗ {exc.user_text()}", ok=False)
            return
        settings = QSettings()
        settings.setValue(LAST_ADDRESSES, ", ".join(addresses))
        contact_id = self.picker.current_id()
        job: Callable[[], OpResult[TestSendResult]]
        if self.campaign_id is not None:
            campaign_id = self.campaign_id
            job = partial(campaign_ops.test_send, campaign_id, addresses, contact_id)
        else:
            assert self.template is not None and self.profile_box is not None
            assert self.sender_edit is not None
            settings.setValue(LAST_SENDER, self.sender_edit.text())
            job = partial(
                template_ops.test_send, self.template.source,
                profile_name=str(self.profile_box.currentData() or ""),
                sender=self.sender_edit.text(), addresses=addresses, contact_id=contact_id,
                list_id=self.template.list_id,
            )  # fmt: skip
        self.send_button.setEnabled(False)
        self._show(fmt(self.tr("Sending to %1…"), ", ".join(addresses)), ok=True)
        self.context.op("test send", job, on_done=self._sent, on_error=self._failed, io=True)

    def _sent(self, result: TestSendResult) -> None:
        self.last_result = result
        self.send_button.setEnabled(True)
        text = "✓ " + fmt(self.tr("Sent %1 to %2, rendered for %3."),
                          plural(len(result.accepted), "test"), ", ".join(result.accepted),
                          result.rendered_for)  # fmt: skip
        for address, why in result.refused.items():
            text += f"\n✗ {address}: {translated(why)}"
        self._show(text, ok=not result.refused)
        self.inbox_button.setVisible(result.to_builtin_inbox and bool(result.accepted))
        self.context.signals.status_message.emit(text.splitlines()[0])

    def open_inbox(self) -> None:
        """Show the caught test in the window's Test inbox."""
        self.accept()
        self.context.signals.navigate.emit("inbox", None)

    def _failed(self, error: StaffettaError) -> None:
        self.send_button.setEnabled(True)
        self._show(f"✗ {error.user_text()}", ok=False)

    def _show(self, text: str, *, ok: bool) -> None:
        self.result_label.setText(text)
        self.result_label.setStyleSheet("" if ok else "color: #b3261e")
