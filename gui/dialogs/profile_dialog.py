"""An SMTP profile form (presets, security, limits, retries, password, connection test).

``ProfileEditor`` is the form; the Settings page shows it for the selected profile and
``ProfileDialog`` wraps it to create a new one. Presets and validation come from
``core.profiles``; saving (with the password, kept in the keyring or for this session
only) and "Test connection" run as ``core.ops.profiles`` operations off the UI thread,
so the window never freezes. More settings (a CA file, a bounce mailbox) go in their
own group box through ``add_section``. The connection fields (host to CA file) are
``gui.dialogs.connection_fields``, shared with the mailbox section.
"""

from __future__ import annotations

import functools

import shiboken6
from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.audience.warmup import Allowance, parse_warmup
from core.errors import StaffettaError
from core.ops import profiles as ops
from core.ops.profiles import ProfileData, SavedProfile
from core.profiles import PRESETS, ProfileSettings, is_loopback, preset, security_for_port
from core.secrets import keyring_available
from gui.context import AppContext
from gui.dialogs.connection_fields import ConnectionFields
from gui.dialogs.mailbox_editor import MailboxEditor
from gui.i18n import QT_TRANSLATE_NOOP, fmt, number
from gui.widgets import Banner

SECURITY_LABELS = {  # translated where shown (context ProfileEditor)
    "starttls": QT_TRANSLATE_NOOP(
        "ProfileEditor", "STARTTLS (encrypts after connecting; ports 587, 2525)"
    ),
    "tls": QT_TRANSLATE_NOOP("ProfileEditor", "TLS from the start (port 465)"),
    "none": QT_TRANSLATE_NOOP("ProfileEditor", "None (only for a relay on this computer)"),
}
PRESET_TEXTS = (  # core.profiles.PRESETS' labels and help, for the translators
    QT_TRANSLATE_NOOP("ProfileEditor", "Built-in test inbox"),
    QT_TRANSLATE_NOOP("ProfileEditor", "Catches everything on this computer; read it on the Test inbox page."),
    QT_TRANSLATE_NOOP("ProfileEditor", "Mailtrap sandbox"),
    QT_TRANSLATE_NOOP("ProfileEditor", "Mailtrap → Email Testing → Inboxes → your inbox → SMTP Settings shows the username and password. Ports 2525 or 587 (STARTTLS) and 465 (TLS)."),
    QT_TRANSLATE_NOOP("ProfileEditor", "Use an app password (Google Account → Security → App passwords)."),
    QT_TRANSLATE_NOOP("ProfileEditor", "SMTP credentials come from the SES console (SMTP settings); change the region in the host name to yours."),
    QT_TRANSLATE_NOOP("ProfileEditor", "Custom relay"),
)  # fmt: skip


def _t(text: str) -> str:
    return QCoreApplication.translate("ProfileEditor", text) if text else text


DEFAULT_PRESET = "mailtrap"


def _spin(low: int, high: int, tip: str, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setToolTip(tip)
    box.setGroupSeparatorShown(True)
    if suffix:
        box.setSuffix(suffix)
    return box


class ProfileEditor(QWidget):
    """The fields of one SMTP profile, a preset chooser and a connection test."""

    test_finished = Signal(bool, str)  # ok, verdict
    saved = Signal(int)  # profile id, after a save succeeded
    save_failed = Signal(str)  # the sentence shown

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.profile_id: int | None = None
        self.verdict = ""
        self._sandbox = False
        self._testing = False
        self.saving = False
        self._password_stored = False

        self.preset = QComboBox()
        for p in PRESETS:
            self.preset.addItem(_t(p.label), p.key)
        self.preset.setToolTip(
            self.tr("Fills in the host, port, security and safe limits of a provider.")
        )
        self.preset.activated.connect(lambda _i: self.apply_preset(self.preset.currentData()))
        self.preset_help = QLabel()
        self.preset_help.setWordWrap(True)
        self.preset_help.setObjectName("hint")
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("A name you recognise, e.g. Newsletter via Mailtrap"))
        # Host, port, security, login and CA file: the same fields as the mailbox's.
        self.connection = ConnectionFields(
            self, host_label=self.tr("Host"), host_placeholder="smtp.example.com",
            security=[(key, _t(label)) for key, label in SECURITY_LABELS.items()],
            usual_security=self._usual_security, default_port=587,
        )  # fmt: skip
        fields = self.connection
        self.host, self.port, self.security = fields.host, fields.port, fields.security
        self.username, self.password = fields.username, fields.password
        self.ca_file, self.ca_button, self.ca_row = fields.ca_file, fields.ca_button, fields.ca_row
        self.host.setToolTip(self.tr("The SMTP server (relay) your provider gave you."))
        self.port.setToolTip(self.tr("The relay's port: 587 or 2525 for STARTTLS, 465 for TLS."))
        self.security.setToolTip(self.tr(
            "How the connection is encrypted. STARTTLS and TLS protect your password and mail; "
            "Staffetta refuses to fall back to plain text."
        ))  # fmt: skip
        self.username.setToolTip(self.tr("Leave empty if the relay needs no login."))
        self.keyring_note = QLabel()
        self.username.textChanged.connect(
            lambda text: self.keyring_note.setVisible(bool(text.strip()))
        )
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setObjectName("hint")
        self.insecure = QCheckBox(
            self.tr("Allow sending the password without TLS (not recommended)")
        )
        self.insecure.setToolTip(self.tr("Only for an old relay inside your own network."))

        self.rate = QDoubleSpinBox()
        self.rate.setRange(0, 10_000)
        self.rate.setDecimals(2)
        self.rate.setSuffix(self.tr(" msg/s"))
        self.rate.setSpecialValueText(self.tr("no limit"))
        self.rate.setToolTip(self.tr(
            "At most this many messages per second, on average. Providers publish a limit "
            "(SES: your account's sending rate; Gmail about 1/s). 0 = no limit."
        ))  # fmt: skip
        self.burst = _spin(
            1, 10_000, self.tr("How many messages may leave at once after a quiet moment, "
            "before the rate applies. 1 spreads them evenly.")
        )  # fmt: skip
        self.connections = _spin(
            1, 50,
            self.tr("Connections opened to the relay in parallel. Most providers allow 2 to 10."),
        )  # fmt: skip
        self.per_connection = _spin(
            1, 100_000,
            self.tr("Messages sent on one connection before closing it and opening a fresh one."),
        )  # fmt: skip
        self.daily_cap = _spin(
            0, 10_000_000, self.tr("At most this many messages in any 24 hours, counted across "
            "restarts (Gmail: 2,000 a day for Workspace, 500 for a free account). 0 = no cap.")
        )  # fmt: skip
        self.daily_cap.setSpecialValueText(self.tr("no cap"))
        self.warmup = QLineEdit()
        self.warmup.setPlaceholderText(self.tr("e.g. 50,100,250,500"))
        self.warmup.setToolTip(self.tr(
            "Warm-up for a new account or domain: at most this many messages on the first "
            "day of sending, this many on the second… then the daily cap. Empty = no warm-up."
        ))  # fmt: skip
        self.allowance_label = QLabel()
        self.allowance_label.setObjectName("hint")
        self.allowance_label.setWordWrap(True)
        self.retry_base = _spin(
            1, 86_400, self.tr("When the relay says “try again later” (4xx), the first wait "
            "before retrying; each later wait doubles."), " s"
        )  # fmt: skip
        self.retry_max = _spin(1, 86_400, self.tr("The longest wait between two retries."), " s")
        self.max_attempts = _spin(
            1, 1000, self.tr("Give up on a message (failed) after this many tries.")
        )
        self.lifetime = _spin(
            1, 720, self.tr("Give up on a message this long after it was queued, however many "
            "tries (mail servers use 5 days)."), " h"
        )  # fmt: skip
        self.max_failures = _spin(
            1, 10_000, self.tr("Pause the campaign after this many permanent failures in a row: "
            "usually a sign the account or the list has a problem.")
        )  # fmt: skip

        connection_box = QGroupBox(self.tr("Connection"))
        connection = QFormLayout(connection_box)
        connection.addRow(self.tr("Preset"), self.preset)
        connection.addRow("", self.preset_help)
        connection.addRow(self.tr("Name"), self.name)
        fields.add_rows(connection, after_password=[("", self.keyring_note), ("", self.insecure)])
        limits_box = QGroupBox(self.tr("Speed"))
        limits = QFormLayout(limits_box)
        limits.addRow(self.tr("Rate"), self.rate)
        limits.addRow(self.tr("Burst"), self.burst)
        limits.addRow(self.tr("Connections"), self.connections)
        limits.addRow(self.tr("Per connection"), self.per_connection)
        limits.addRow(self.tr("Daily cap"), self.daily_cap)
        limits.addRow(self.tr("Warm-up caps"), self.warmup)
        limits.addRow("", self.allowance_label)
        retries_box = QGroupBox(self.tr("Retries"))
        retries = QFormLayout(retries_box)
        retries.addRow(self.tr("First retry after"), self.retry_base)
        retries.addRow(self.tr("Longest wait"), self.retry_max)
        retries.addRow(self.tr("Attempts at most"), self.max_attempts)
        retries.addRow(self.tr("Give up after"), self.lifetime)
        retries.addRow(self.tr("Pause after failures in a row"), self.max_failures)
        for box in (self.rate, self.burst, self.connections, self.per_connection, self.daily_cap,
                    self.retry_base, self.retry_max, self.max_attempts, self.lifetime,
                    self.max_failures):  # fmt: skip
            box.setMinimumWidth(120)

        self.banner = Banner()
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setToolTip(
            self.tr("Connect, start TLS, log in and say goodbye: nothing is sent.")
        )
        self.test_button.clicked.connect(lambda _checked=False: self.test())

        self.right_column = right = QVBoxLayout()
        right.addWidget(limits_box)
        right.addWidget(retries_box)
        right.addStretch(1)
        self.left_column = left = QVBoxLayout()
        left.addWidget(connection_box)
        # Where this profile's bounces come back (core.returnpath), saved with the profile.
        self.mailbox = MailboxEditor(context)
        left.addWidget(self.mailbox)
        left.addStretch(1)
        forms = QHBoxLayout()
        forms.addLayout(left, 3)
        forms.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(forms)
        layout.addWidget(self.banner)
        self._update_password_hint()

    def add_section(self, box: QGroupBox, *, right: bool = True) -> None:
        """Add a group of settings (e.g. a CA file, a bounce mailbox) under the others."""
        column = self.right_column if right else self.left_column
        column.insertWidget(column.count() - 1, box)

    # --- loading ------------------------------------------------------------------------

    def load(self, profile: ProfileData | None) -> None:
        """Show a stored profile, or (None) a new one from the default preset."""
        self.banner.clear()
        self.verdict = ""
        self.password.clear()
        self.mailbox.load(profile.id if profile is not None else None,
                          profile.name if profile is not None else "")  # fmt: skip
        self.allowance_label.clear()
        if profile is None:
            self.profile_id = None
            self.name.clear()
            self.preset.setCurrentIndex(self.preset.findData(DEFAULT_PRESET))
            self.apply_preset(DEFAULT_PRESET)
            return
        self.profile_id = profile.id
        self.name.setText(profile.name)
        self.show_settings(profile.settings)
        steps = len(profile.settings.warmup)
        shown_id = profile.id

        def show_allowance(value: Allowance) -> None:
            # The form may have moved to another profile, or closed, meanwhile.
            if shiboken6.isValid(self.allowance_label) and self.profile_id == shown_id:
                self.allowance_label.setText(self._allowance_text(value, steps))

        self.context.query("profile allowance", ops.allowance, profile.id,
                           on_done=show_allowance)  # fmt: skip
        self.preset.setCurrentIndex(
            self.preset.findData("builtin" if profile.settings.is_sandbox else "custom")
        )
        self.preset_help.clear()
        self.preset_help.hide()
        self._update_password_hint()

    def _allowance_text(self, value: Allowance, steps: int) -> str:
        """``Today: 40 of 50 left (warm-up day 1 of 4).`` (as ``describe_allowance``)."""
        if value.cap is None:
            return fmt(self.tr("No cap today (%1 sent in the last 24 hours)."), number(value.sent))
        if value.warmup_day:
            return fmt(self.tr("Today: %1 of %2 left (warm-up day %3 of %4)."),
                       number(value.left or 0), number(value.cap), value.warmup_day, steps)  # fmt: skip
        return fmt(self.tr("Today: %1 of %2 left."), number(value.left or 0), number(value.cap))

    @property
    def ca_dialog(self) -> QFileDialog | None:
        """The CA file chooser last opened (``choose_ca_file``)."""
        return self.connection.ca_dialog

    def show_settings(self, s: ProfileSettings) -> None:
        self.connection.show_values(host=s.host, port=s.port, security=s.security,
                                    username=s.username, ca_file=s.ca_file)  # fmt: skip
        self.insecure.setChecked(s.allow_insecure_auth)
        self.rate.setValue(s.rate)
        self.burst.setValue(s.burst)
        self.connections.setValue(s.max_connections)
        self.per_connection.setValue(s.per_connection)
        self.daily_cap.setValue(s.daily_cap)
        self.warmup.setText(",".join(str(n) for n in s.warmup))
        self.retry_base.setValue(s.retry_base)
        self.retry_max.setValue(s.retry_max)
        self.max_attempts.setValue(s.max_attempts)
        self.lifetime.setValue(max(1, round(s.lifetime / 3600)))
        self.max_failures.setValue(s.max_consecutive_failures)
        self._sandbox = s.is_sandbox

    def apply_preset(self, key: str) -> None:
        """Fill in a provider's host, port, security and limits; defaults for the rest."""
        chosen = preset(key)
        settings = ProfileSettings(host="", port=587)
        for field, value in chosen.values.items():
            setattr(settings, field, value)
        self.show_settings(settings)
        self.preset.setCurrentIndex(self.preset.findData(key))
        self.preset_help.setText(_t(chosen.help))
        self.preset_help.setVisible(bool(chosen.help))
        known = {p.label for p in PRESETS} | {_t(p.label) for p in PRESETS}
        if not self.name.text().strip() or self.name.text() in known:
            self.name.setText(_t(chosen.label))
        self._update_password_hint()

    def choose_ca_file(self) -> None:
        """A file chooser for the CA certificate (Qt's own dialog, window-modal)."""
        self.connection.choose_ca_file()

    def _usual_security(self, port: int, host: str) -> str:
        """The security a port normally uses: the preset's own ports first."""
        chosen = preset(self.preset.currentData() or "custom")
        return dict(chosen.ports).get(port) or security_for_port(port, host)

    def _update_password_hint(self) -> None:
        """Ask (off the UI thread: a keyring may be slow) whether a password is stored."""
        name = self.name.text().strip()
        if self.profile_id is None or not name:
            self._password_stored = False
            self._show_password_hint()
            return

        def known(stored: bool) -> None:
            if self.name.text().strip() == name:
                self._password_stored = stored
                self._show_password_hint()

        self.context.query("password stored", ops.password_stored, name, on_done=known)

    def _show_password_hint(self) -> None:
        # Where the password is kept matters only to a profile with a login.
        self.keyring_note.setVisible(bool(self.username.text().strip()))
        stored = self._password_stored
        if keyring_available():
            self.password.setPlaceholderText(self.tr("unchanged") if stored else "")
            self.keyring_note.setText(self.tr("The password is stored in your system keyring."))
        else:
            self.password.setPlaceholderText(
                self.tr("unchanged (kept for this session)") if stored
                else self.tr("kept for this session only")
            )  # fmt: skip
            self.keyring_note.setText(self.tr(
                "No system keyring (such as GNOME Keyring or KWallet) is available, so the "
                "password is never written to disk: Staffetta keeps it in memory until you "
                "quit and asks again next time."
            ))  # fmt: skip

    # --- reading ------------------------------------------------------------------------

    def settings(self) -> ProfileSettings:
        is_builtin = self.preset.currentData() == "builtin"
        return ProfileSettings(
            host=self.connection.host_text(), port=self.port.value(), security=self.security.currentData(),
            username=self.connection.username_text(), allow_insecure_auth=self.insecure.isChecked(),
            is_sandbox=(self._sandbox or is_builtin) and is_loopback(self.host.text().strip()),
            rate=self.rate.value(), burst=self.burst.value(), max_connections=self.connections.value(),
            per_connection=self.per_connection.value(), daily_cap=self.daily_cap.value(),
            retry_base=self.retry_base.value(), retry_max=self.retry_max.value(),
            max_attempts=self.max_attempts.value(), lifetime=self.lifetime.value() * 3600,
            max_consecutive_failures=self.max_failures.value(),
            ca_file=self.connection.ca_file_text(),
            warmup=parse_warmup(self.warmup.text()),
        )  # fmt: skip

    def save(self) -> None:
        """Validate and store off the UI thread (a rename keeps the password); the result
        shows in the banner and ``saved`` or ``save_failed`` is emitted."""
        if self.saving:
            return
        try:
            settings = self.settings()
        except StaffettaError as exc:
            self._not_saved(exc)
            return
        self.saving = True
        job = functools.partial(ops.save_from_form, self.profile_id, self.name.text(), settings,
                                self.password.text())  # fmt: skip
        self.context.op("save profile", job, on_done=self._saved, on_error=self._not_saved)

    def _saved(self, result: SavedProfile) -> None:
        self.saving = False
        self.password.clear()
        self.profile_id = result.id
        self.mailbox.profile_id = result.id
        self.mailbox.save(result.name)  # the bounce mailbox, saved with its profile
        self.banner.show_message(
            {
                "keyring": self.tr("Saved. The password is in your system keyring."),
                "session": self.tr("Saved. The password is kept in memory for this session only "
                                   "(no keyring here)."),
            }.get(result.password_kept, self.tr("Saved.")),
            "info",
        )  # fmt: skip
        self._update_password_hint()
        self.saved.emit(result.id)

    def _not_saved(self, error: StaffettaError) -> None:
        self.saving = False
        self.banner.show_message(error.user_text(), "error")
        self.save_failed.emit(error.user_text())

    # --- testing ------------------------------------------------------------------------

    def test(self) -> None:
        """Connect, TLS, AUTH, QUIT on the I/O thread; the verdict shows in the banner."""
        if self._testing:
            return
        try:
            settings = self.settings()
            settings.validate()
        except StaffettaError as exc:
            self._verdict(False, exc.user_text())
            return
        self.verdict = ""
        self._testing = True
        self.banner.show_message(
            fmt(self.tr("Connecting to %1:%2…"), settings.host, settings.port), "info"
        )
        self.test_button.setEnabled(False)
        self.test_button.setText(self.tr("Testing…"))
        job = functools.partial(
            ops.check_connection, self.name.text(), settings, self.password.text()
        )
        self.context.op(
            "test connection", job, io=True,
            on_done=lambda verdict: self._verdict(True, verdict),
            on_error=lambda error: self._verdict(False, error.user_text()),
        )  # fmt: skip

    def _verdict(self, ok: bool, text: str) -> None:
        self._testing = False
        self.verdict = text
        self.test_button.setEnabled(True)
        self.test_button.setText(self.tr("Test connection"))
        self.banner.show_message(("✓ " if ok else "✗ ") + text, "success" if ok else "error")
        self.test_finished.emit(ok, text)


class ProfileDialog(QDialog):
    """Create an SMTP profile: pick a preset, fill in the login, test, save."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New SMTP profile"))
        self.resize(980, 520)
        self.profile_id: int | None = None
        self.editor = ProfileEditor(context, self)
        self.editor.load(None)
        self.editor.saved.connect(self._saved)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        row = QHBoxLayout()
        row.addWidget(self.editor.test_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor, 1)
        layout.addLayout(row)

    def accept(self) -> None:
        """Save first; the dialog closes when the profile is stored, else shows why not."""
        self.editor.save()

    def _saved(self, profile_id: int) -> None:
        self.profile_id = profile_id
        super().accept()
