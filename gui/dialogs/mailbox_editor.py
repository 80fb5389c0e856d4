"""The mailbox section of an SMTP profile: where its bounces, complaints and unsubscribe
requests arrive (IMAP), and the return path that sends them there.

Everything goes through ``core.ops.returnpath`` off the UI thread: loading the settings
(``context.query``), "Test connection" (an I/O task: logging in can take the server's
whole timeout) and saving (``context.op``). The password field is never filled from
the keyring; it says "unchanged" when one is stored. The connection fields (host to CA
file) are ``gui.dialogs.connection_fields``, shared with the SMTP profile form.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import StaffettaError
from core.ops import Changes
from core.ops import returnpath as ops
from core.returnpath.mailboxes import MailboxSettings
from gui.context import AppContext
from gui.core_text import translated
from gui.dialogs.connection_fields import ConnectionFields
from gui.i18n import number
from gui.widgets import Banner

FLAG, MOVE, DELETE = "flag", "move", "delete"
USUAL_SECURITY = {993: "tls", 143: "starttls"}  # IMAP's ports


class MailboxEditor(QGroupBox):
    """Enable, fill in, test and save one profile's mailbox."""

    test_finished = Signal(bool, str)  # ok, verdict
    saved = Signal()
    loaded = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setTitle(self.tr("Bounces and replies (mailbox)"))
        self.profile_id: int | None = None
        self.profile_name = ""
        self.has_password = False
        self.had_mailbox = False
        self.verdict = ""
        self._testing = False

        self.enabled = QCheckBox(self.tr("Read bounces, complaints and unsubscribe requests"))
        self.enabled.setToolTip(
            self.tr(
                "Most relays accept a message and bounce it later, to the return path. "
                "Staffetta reads that mailbox, marks bounced messages and suppresses the "
                "addresses that bounced, complained or asked to unsubscribe."
            )
        )
        self.enabled.toggled.connect(self._enable)
        # Host, port, security, login and CA file: the same fields as the relay's.
        self.connection = ConnectionFields(
            self, host_label=self.tr("IMAP host"), host_placeholder=self.tr("imap.example.com"),
            security=[("tls", self.tr("TLS from the start (port 993)")),
                      ("starttls", self.tr("STARTTLS (port 143)")),
                      ("none", self.tr("None (only for a server on this computer)"))],
            usual_security=lambda port, _host: USUAL_SECURITY.get(port), default_port=993,
        )  # fmt: skip
        fields = self.connection
        self.host, self.port, self.security = fields.host, fields.port, fields.security
        self.username, self.password, self.ca_file = (
            fields.username,
            fields.password,
            fields.ca_file,
        )
        self.username.setPlaceholderText(self.tr("the SMTP username"))
        self.folder = QLineEdit("INBOX")
        self.after = QComboBox()
        self.after.addItem(self.tr("Flag it (it stays where it is)"), FLAG)
        self.after.addItem(self.tr("Move it to a folder"), MOVE)
        self.after.addItem(self.tr("Delete it"), DELETE)
        self.after.setToolTip(
            self.tr("What happens to a mail Staffetta has handled. Other mail is never touched.")
        )
        self.move_to = QLineEdit()
        self.move_to.setPlaceholderText(self.tr("Staffetta"))
        self.after.currentIndexChanged.connect(
            lambda _i: self.move_to.setVisible(self.after.currentData() == MOVE)
        )
        self.move_to.hide()
        self.return_path = QLineEdit()
        self.return_path.setPlaceholderText(self.tr("the campaign's From address"))
        self.return_path.setToolTip(
            self.tr(
                "The envelope sender (Return-Path): where relays send bounces. Use an address "
                "of this mailbox, e.g. bounces@example.com."
            )
        )
        self.verp = QCheckBox(self.tr("A return path per message (VERP: bounces+123@…)"))
        self.verp.setToolTip(
            self.tr(
                "Each message gets its own return path, so even a bounce that quotes nothing "
                "of the message names it. The mailbox must accept addresses with +."
            )
        )
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.banner = Banner()
        self.test_button = QPushButton(self.tr("Test mailbox"))
        self.test_button.setToolTip(self.tr("Log in and open the folder; nothing is changed."))
        self.test_button.clicked.connect(self.test)

        self.form = QWidget()
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        fields.add_rows(form)
        form.addRow(self.tr("Folder"), self.folder)
        after = QHBoxLayout()
        after.addWidget(self.after)
        after.addWidget(self.move_to, 1)
        form.addRow(self.tr("Handled mail"), after)
        form.addRow(self.tr("Return path"), self.return_path)
        form.addRow("", self.verp)
        top = QHBoxLayout()  # the test button up here: the form fits a 1280×800 screen
        top.addWidget(self.enabled)
        top.addStretch(1)
        top.addWidget(self.test_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.form)
        layout.addWidget(self.status)
        layout.addWidget(self.banner)
        self._enable(False)

    # --- loading -----------------------------------------------------------------------

    def load(self, profile_id: int | None, profile_name: str = "") -> None:
        """Show the mailbox of a stored profile (read off the UI thread), or none."""
        self.profile_id, self.profile_name = profile_id, profile_name
        self.banner.clear()
        self.password.clear()
        if profile_id is None:
            self._show(None)
            return

        def loaded(data: ops.MailboxData | None) -> None:
            if profile_id == self.profile_id:  # not another profile chosen meanwhile
                self._show(data)

        self.context.query("load mailbox", ops.get_mailbox, profile_id, on_done=loaded)

    def _show(self, data: ops.MailboxData | None) -> None:
        self.enabled.setChecked(data is not None)
        self.had_mailbox = data is not None
        self.has_password = bool(data and data.has_password)
        settings = data.settings if data is not None else MailboxSettings(host="", port=993)
        self.connection.show_values(host=settings.host, port=settings.port,
                                    security=settings.security, username=settings.username,
                                    ca_file=settings.ca_file)  # fmt: skip
        self.folder.setText(settings.folder)
        mode = DELETE if settings.delete_handled else MOVE if settings.move_to else FLAG
        self.after.setCurrentIndex(self.after.findData(mode))
        self.move_to.setText(settings.move_to or "")
        self.return_path.setText(settings.return_path or "")
        self.verp.setChecked(settings.verp)
        self.password.setPlaceholderText(self.tr("unchanged") if self.has_password else "")
        if data is None:
            self.status.setText("")
        elif data.last_error:
            self.status.setText(self.tr("Last check failed: %s") % translated(data.last_error))
        elif data.last_checked_at:
            self.status.setText(self.tr("Last checked %s (UTC).") % data.last_checked_at)
        else:
            self.status.setText(self.tr("Not checked yet."))
        self.loaded.emit()

    def _enable(self, on: bool) -> None:
        self.form.setVisible(on)
        self.test_button.setVisible(on)

    # --- reading -----------------------------------------------------------------------

    def settings(self) -> MailboxSettings:
        mode = self.after.currentData()
        return MailboxSettings(
            host=self.connection.host_text(), port=self.port.value(),
            security=self.security.currentData(), username=self.connection.username_text(),
            ca_file=self.connection.ca_file_text(),
            folder=self.folder.text().strip() or "INBOX",
            move_to=(self.move_to.text().strip() or "Staffetta") if mode == MOVE else None,
            delete_handled=mode == DELETE, return_path=self.return_path.text().strip() or None,
            verp=self.verp.isChecked(),
        )  # fmt: skip

    def save(self, profile_name: str) -> None:
        """Save (or remove, when unticked) for this profile; off the UI thread."""
        self.profile_name = profile_name
        if not self.enabled.isChecked():
            if self.had_mailbox:
                self.context.op("remove mailbox", _remove_if_present, profile_name,
                                on_done=lambda _v: self._saved(None))  # fmt: skip
            return
        try:
            settings = self.settings()
            settings.validate()
        except StaffettaError as exc:
            self.banner.show_message("✗ " + exc.user_text(), "error")
            return
        password = self.password.text() or None
        self.context.op(
            "save mailbox", lambda: ops.save_mailbox(profile_name, settings, password=password),
            on_done=self._saved,
            on_error=lambda exc: self.banner.show_message("✗ " + exc.user_text(), "error"),
        )  # fmt: skip

    def _saved(self, stored: object) -> None:
        """After a save (``stored``: whether the password went to the keyring) or a removal
        (None)."""
        typed = bool(self.password.text())
        self.password.clear()
        self.had_mailbox = stored is not None
        self.has_password = self.had_mailbox and (self.has_password or typed)
        self.password.setPlaceholderText(self.tr("unchanged") if self.has_password else "")
        if stored is not None:
            self.banner.show_message(
                self.tr("Mailbox saved.")
                + " "
                + (
                    self.tr("The password is in your system keyring.")
                    if stored
                    else self.tr("The password is kept for this session only.")
                    if typed
                    else ""
                ),
                "info",
            )
        self.saved.emit()

    # --- testing -----------------------------------------------------------------------

    def test(self) -> None:
        """Log in and open the folder on an I/O thread; the verdict shows in the banner."""
        if self._testing:
            return
        try:
            settings = self.settings()
            settings.validate()
        except StaffettaError as exc:
            self._verdict(False, exc.user_text())
            return
        password = self.password.text() or None
        self._testing = True
        self.test_button.setEnabled(False)
        self.test_button.setText(self.tr("Testing…"))
        self.banner.show_message(
            self.tr("Connecting to %s:%d…") % (settings.host, settings.port), "info"
        )
        self.context.tasks.submit(
            "test mailbox", ops.test_connection, settings, profile_name=self.profile_name,
            password=password, io=True,
            on_done=lambda result: self._verdict(True, self._describe(result)),
            on_error=lambda error: self._verdict(False, error.user_text()),
        )  # fmt: skip

    def _describe(self, result: dict[str, Any]) -> str:
        return self.tr("Logged in: %s messages in %s.") % (
            number(result["messages"]),
            result["folder"],
        )

    def _verdict(self, ok: bool, text: str) -> None:
        self._testing = False
        self.verdict = text
        self.test_button.setEnabled(True)
        self.test_button.setText(self.tr("Test mailbox"))
        self.banner.show_message(("✓ " if ok else "✗ ") + text, "success" if ok else "error")
        self.test_finished.emit(ok, text)


def _remove_if_present(profile_name: str) -> Changes:
    from core.errors import NotFound

    try:
        return ops.remove_mailbox(profile_name)
    except NotFound:
        return Changes()
