"""Settings: SMTP profiles with presets, limits, retry policy, password and a connection test."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.errors import StaffettaError
from core.models import Security, SmtpProfile
from core.profiles import (
    PRESETS,
    ProfileSettings,
    delete_profile,
    preset,
    save_profile,
    settings_of,
)
from core.secrets import get_password, keyring_available, store_password
from core.smtp.transport import test_connection
from gui.context import AppContext
from gui.errors import show_error
from gui.widgets import Banner, page_header

SECURITY_LABELS = {Security.STARTTLS: "STARTTLS (required)", Security.TLS: "TLS from the start (port 465)",
                   Security.NONE: "None (only for a relay on this computer)"}  # fmt: skip


def _spin(low: int, high: int, tip: str, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setToolTip(tip)
    if suffix:
        box.setSuffix(suffix)
    return box


class SettingsPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.current_id: int | None = None
        self.verdict = ""

        self.profiles = QListWidget()
        self.profiles.currentItemChanged.connect(self._profile_chosen)
        new_button = QPushButton("New profile")
        new_button.clicked.connect(self.new_profile)
        delete_button = QPushButton("Delete…")
        delete_button.clicked.connect(self.delete_current)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.profiles, 1)
        row = QHBoxLayout()
        row.addWidget(new_button)
        row.addWidget(delete_button)
        left_layout.addLayout(row)

        self.preset = QComboBox()
        for p in PRESETS:
            self.preset.addItem(p.label, p.key)
        self.preset.activated.connect(lambda _i: self.apply_preset(self.preset.currentData()))
        self.preset_help = QLabel()
        self.preset_help.setWordWrap(True)
        self.preset_help.setObjectName("hint")
        self.name = QLineEdit()
        self.host = QLineEdit()
        self.port = _spin(1, 65535, "The relay's port: 587 or 2525 for STARTTLS, 465 for TLS.")
        self.security = QComboBox()
        for key, label in SECURITY_LABELS.items():
            self.security.addItem(label, key)
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(
            "unchanged" if keyring_available() else "kept for this session only"
        )
        self.keyring_note = QLabel(
            "Passwords are stored in your system keyring." if keyring_available() else
            "No system keyring is available here, so the password is never written to disk: "
            "Staffetta keeps it in memory until you quit, and asks again next time."
        )  # fmt: skip
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setObjectName("hint")
        self.insecure = QCheckBox("Allow sending the password without TLS (not recommended)")

        self.rate = QDoubleSpinBox()
        self.rate.setRange(0, 10_000)
        self.rate.setDecimals(2)
        self.rate.setSuffix(" msg/s")
        self.rate.setSpecialValueText("no limit")
        self.rate.setToolTip("How many messages per second the relay accepts. 0 = no limit.")
        self.burst = _spin(1, 10_000, "How many messages may go at once before the rate applies.")
        self.connections = _spin(1, 50, "Connections opened in parallel.")
        self.per_connection = _spin(
            1, 100_000, "Messages sent on one connection before reconnecting."
        )
        self.daily_cap = _spin(
            0,
            10_000_000,
            "At most this many messages in any 24 hours (0 = no cap). Survives restarts.",
        )
        self.daily_cap.setSpecialValueText("no cap")
        self.retry_base = _spin(
            1,
            86_400,
            "The first pause before retrying a deferred message; it doubles each time.",
            " s",
        )
        self.retry_max = _spin(1, 86_400, "The longest pause between retries.", " s")
        self.max_attempts = _spin(1, 1000, "Give up on a message after this many attempts.")
        self.lifetime = _spin(
            1, 720, "Give up on a message this long after it was queued (Postfix: 5 days).", " h"
        )
        self.max_failures = _spin(
            1, 10_000, "Pause the campaign after this many permanent failures in a row."
        )

        connection_box = QGroupBox("Connection")
        connection = QFormLayout(connection_box)
        connection.addRow("Preset", self.preset)
        connection.addRow("", self.preset_help)
        connection.addRow("Name", self.name)
        connection.addRow("Host", self.host)
        connection.addRow("Port", self.port)
        connection.addRow("Security", self.security)
        connection.addRow("Username", self.username)
        connection.addRow("Password", self.password)
        connection.addRow("", self.keyring_note)
        connection.addRow("", self.insecure)
        limits_box = QGroupBox("Speed and retries")
        limits = QFormLayout(limits_box)
        limits.addRow("Rate", self.rate)
        limits.addRow("Burst", self.burst)
        limits.addRow("Connections", self.connections)
        limits.addRow("Messages per connection", self.per_connection)
        limits.addRow("Daily cap", self.daily_cap)
        limits.addRow("First retry after", self.retry_base)
        limits.addRow("Longest retry pause", self.retry_max)
        limits.addRow("Attempts at most", self.max_attempts)
        limits.addRow("Give up after", self.lifetime)
        limits.addRow("Pause after failures in a row", self.max_failures)

        self.banner = Banner()
        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.test_button = QPushButton("Test connection")
        self.test_button.clicked.connect(self.test)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)

        forms = QHBoxLayout()
        forms.addWidget(connection_box, 3)
        forms.addWidget(limits_box, 2)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(forms)
        right_layout.addWidget(self.banner)
        right_layout.addLayout(buttons)
        right_layout.addStretch(1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([220, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(page_header(
            "Settings", "SMTP profiles: where your mail goes, how securely, and how fast your provider lets it go."
        ))  # fmt: skip
        layout.addWidget(splitter, 1)
        context.signals.profiles_changed.connect(self.reload)
        self.reload()

    # --- profiles -----------------------------------------------------------------------

    def reload(self) -> None:
        self.profiles.blockSignals(True)
        self.profiles.clear()
        for profile in SmtpProfile.select().order_by(SmtpProfile.name):
            item = QListWidgetItem(profile.name)
            item.setData(Qt.ItemDataRole.UserRole, profile.id)
            item.setToolTip(f"{profile.host}:{profile.port}")
            self.profiles.addItem(item)
            if profile.id == self.current_id:
                self.profiles.setCurrentItem(item)
        self.profiles.blockSignals(False)
        if self.profiles.currentItem() is None:
            if self.profiles.count():
                self.profiles.setCurrentRow(0)
            else:
                self.new_profile()

    def _profile_chosen(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        if item is None:
            return
        profile = SmtpProfile.get_or_none(SmtpProfile.id == item.data(Qt.ItemDataRole.UserRole))
        if profile is None:
            return
        self.current_id = profile.id
        self.name.setText(profile.name)
        self.show_settings(settings_of(profile))
        self.password.clear()
        self.banner.clear()
        self.preset.setCurrentIndex(
            self.preset.findData("builtin" if profile.is_sandbox else "custom")
        )
        self.preset_help.clear()

    def show_settings(self, s: ProfileSettings) -> None:
        self.host.setText(s.host)
        self.port.setValue(s.port)
        self.security.setCurrentIndex(max(0, self.security.findData(s.security)))
        self.username.setText(s.username or "")
        self.insecure.setChecked(s.allow_insecure_auth)
        self.rate.setValue(s.rate)
        self.burst.setValue(s.burst)
        self.connections.setValue(s.max_connections)
        self.per_connection.setValue(s.per_connection)
        self.daily_cap.setValue(s.daily_cap)
        self.retry_base.setValue(s.retry_base)
        self.retry_max.setValue(s.retry_max)
        self.max_attempts.setValue(s.max_attempts)
        self.lifetime.setValue(max(1, round(s.lifetime / 3600)))
        self.max_failures.setValue(s.max_consecutive_failures)
        self._sandbox = s.is_sandbox

    def apply_preset(self, key: str) -> None:
        chosen = preset(key)
        settings = ProfileSettings(host="", port=587)
        for field, value in chosen.values.items():
            setattr(settings, field, value)
        self.show_settings(settings)
        self.preset_help.setText(chosen.help)
        if not self.name.text() or self.current_id is None:
            self.name.setText(chosen.label)

    def settings(self) -> ProfileSettings:
        return ProfileSettings(
            host=self.host.text().strip(), port=self.port.value(), security=self.security.currentData(),
            username=self.username.text().strip() or None, allow_insecure_auth=self.insecure.isChecked(),
            is_sandbox=getattr(self, "_sandbox", False) or self.preset.currentData() == "builtin",
            rate=self.rate.value(), burst=self.burst.value(), max_connections=self.connections.value(),
            per_connection=self.per_connection.value(), daily_cap=self.daily_cap.value(),
            retry_base=self.retry_base.value(), retry_max=self.retry_max.value(),
            max_attempts=self.max_attempts.value(), lifetime=self.lifetime.value() * 3600,
            max_consecutive_failures=self.max_failures.value(),
        )  # fmt: skip

    def new_profile(self) -> None:
        self.current_id = None
        self.profiles.clearSelection()
        self.name.clear()
        self.preset.setCurrentIndex(self.preset.findData("mailtrap"))
        self.apply_preset("mailtrap")
        self.password.clear()

    def save(self) -> bool:
        try:
            settings = self.settings()
            old = (
                SmtpProfile.get_or_none(SmtpProfile.id == self.current_id)
                if self.current_id
                else None
            )
            if old is not None and old.name != self.name.text().strip():
                old.name = self.name.text().strip()
                old.save()
            profile = save_profile(self.name.text(), settings, replace=True)
        except StaffettaError as exc:
            show_error(self, exc)
            return False
        if self.password.text():
            stored = store_password(profile.name, self.password.text())
            self.password.clear()
            self.banner.show_message(
                "Saved; the password is in your system keyring." if stored else
                "Saved; the password is kept in memory for this session only (no keyring here).",
                "info",
            )  # fmt: skip
        else:
            self.banner.show_message("Saved.", "info")
        self.current_id = profile.id
        self.context.signals.profiles_changed.emit()
        return True

    def delete_current(self) -> None:
        profile = (
            SmtpProfile.get_or_none(SmtpProfile.id == self.current_id) if self.current_id else None
        )
        if profile is None:
            return
        if profile.campaigns.exists():
            show_error(self, f"Campaigns use {profile.name!r}; it cannot be deleted.")
            return
        if (
            QMessageBox.question(self, "Delete profile", f"Delete {profile.name!r}?")
            != QMessageBox.StandardButton.Yes
        ):
            return
        delete_profile(profile.name)
        self.current_id = None
        self.context.signals.profiles_changed.emit()

    def test(self) -> None:
        """Connect, TLS, AUTH, QUIT in the background; the verdict shows in the banner."""
        try:
            settings = self.settings()
            settings.validate()
        except StaffettaError as exc:
            self.banner.show_message(exc.user_text(), "error")
            return
        profile = SmtpProfile(name=self.name.text() or "unsaved", **{
            k: v for k, v in settings.__dict__.items() if k != "extra"})  # fmt: skip
        password = self.password.text() or get_password(profile.name)
        self.banner.show_message(f"Connecting to {settings.host}:{settings.port}…", "info")
        self.test_button.setEnabled(False)

        def done(verdict: str) -> None:
            self.verdict = verdict
            self.banner.show_message("✓ " + verdict, "info")
            self.test_button.setEnabled(True)

        def failed(error: StaffettaError) -> None:
            self.verdict = error.user_text()
            self.banner.show_message("✗ " + error.user_text(), "error")
            self.test_button.setEnabled(True)

        self.context.tasks.submit(
            "test connection", lambda: asyncio.run(test_connection(profile, password)),
            on_done=done, on_error=failed, io=True,
        )  # fmt: skip
