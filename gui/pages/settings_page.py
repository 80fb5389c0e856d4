"""Settings: the SMTP profiles (where mail goes, how securely, how fast) and where data lives."""

from __future__ import annotations

import functools

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.ops import Changes
from core.ops import profiles as ops
from core.ops.profiles import ProfileData
from core.paths import data_dir, log_dir
from core.secrets import keyring_available
from gui.context import AppContext
from gui.dialogs.profile_dialog import ProfileDialog, ProfileEditor
from gui.errors import show_error
from gui.i18n import fmt
from gui.language_box import LanguageBox
from gui.widgets import page_header


class SettingsPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.dialog: ProfileDialog | None = None
        self.profiles_data: dict[int, ProfileData] = {}
        self._select_after_reload: int | None = None
        self.loading = False

        self.profiles = QListWidget()
        self.profiles.setStyleSheet("QListWidget::item { padding: 5px 6px; }")  # as Contacts' lists
        self.profiles.currentItemChanged.connect(self._profile_chosen)
        self.new_button = new_button = QPushButton(self.tr("New profile…"))
        new_button.clicked.connect(lambda _checked=False: self.open_new_profile())
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.delete_button.setToolTip(self.tr("Delete the selected profile (one no campaign uses)"))
        self.delete_button.clicked.connect(lambda _checked=False: self.delete_current())
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("SMTP profiles")))
        left_layout.addWidget(self.profiles, 1)
        row = QHBoxLayout()
        row.addWidget(new_button)
        row.addWidget(self.delete_button)
        left_layout.addLayout(row)

        self.editor = ProfileEditor(context)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda _checked=False: self.save())
        buttons = QHBoxLayout()
        buttons.addWidget(self.editor.test_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)

        general = QGroupBox(self.tr("Where Staffetta keeps things"))
        general_form = QFormLayout(general)
        for label, folder in ((self.tr("Data"), data_dir()), (self.tr("Logs"), log_dir())):
            general_form.addRow(label, _folder_row(str(folder)))
        general_form.addRow(
            self.tr("Passwords"),
            QLabel(self.tr("System keyring") if keyring_available()
                   else self.tr("Memory only (no keyring found)")),
        )  # fmt: skip

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.editor)
        right_layout.addLayout(buttons)
        right_layout.addSpacing(8)
        right_layout.addWidget(general)
        right_layout.addWidget(LanguageBox())
        right_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(right)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(page_header(
            self.tr("Settings"), self.tr("SMTP profiles: where your mail goes, how securely, and "
            "how fast your provider lets it go. Hover over a field for what it means.")
        ))  # fmt: skip
        layout.addWidget(splitter, 1)
        context.signals.changed.connect(self._data_changed)
        self.reload()

    def _data_changed(self, changes: Changes) -> None:
        if changes.profiles:
            self.reload()

    # --- profiles -----------------------------------------------------------------------

    def reload(self) -> None:
        self.loading = True
        self.context.query("profiles", ops.list_profiles, on_done=self._listed)

    def _listed(self, profiles: list[ProfileData]) -> None:
        self.loading = False
        wanted, self._select_after_reload = self._select_after_reload, None
        current = wanted or self.editor.profile_id
        self.profiles_data = {p.id: p for p in profiles}
        self.profiles.blockSignals(True)
        self.profiles.clear()
        for profile in profiles:
            item = QListWidgetItem(profile.name)
            item.setData(Qt.ItemDataRole.UserRole, profile.id)
            item.setToolTip(f"{profile.settings.host}:{profile.settings.port}")
            self.profiles.addItem(item)
            if profile.id == current:
                self.profiles.setCurrentItem(item)
        self.profiles.blockSignals(False)
        if wanted is not None and wanted in self.profiles_data:
            self.editor.load(self.profiles_data[wanted])  # a new profile: show it
        if self.profiles.currentItem() is None:
            if self.profiles.count():
                self.profiles.setCurrentRow(0)
            else:
                self.editor.load(None)
        self.delete_button.setEnabled(self.profiles.count() > 0)

    def _profile_chosen(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        profile = self.profiles_data.get(item.data(Qt.ItemDataRole.UserRole))
        if profile is not None and profile.id != self.editor.profile_id:
            self.editor.load(profile)

    def select(self, profile_id: object) -> None:
        for row in range(self.profiles.count()):
            if self.profiles.item(row).data(Qt.ItemDataRole.UserRole) == profile_id:
                self.profiles.setCurrentRow(row)

    def open_new_profile(self) -> ProfileDialog:
        """The new-profile dialog (non-blocking); the new profile is selected when saved."""
        dialog = ProfileDialog(self.context, self)
        if self.dialog is not None:
            self.dialog.deleteLater()
        dialog.accepted.connect(self._new_profile_saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _new_profile_saved(self) -> None:
        if self.dialog is not None and self.dialog.profile_id is not None:
            self._select_after_reload = self.dialog.profile_id  # shown once the list is read
            self.reload()

    def save(self) -> None:
        self.editor.save()

    def delete_current(self) -> None:
        profile = self.profiles_data.get(self.editor.profile_id or -1)
        if profile is None:
            return
        if (
            QMessageBox.question(
                self, self.tr("Delete profile"),
                fmt(self.tr("Delete the SMTP profile '%1'?"), profile.name),
            )
            != QMessageBox.StandardButton.Yes
        ):
            return

        def deleted(_changes: Changes) -> None:
            self.editor.profile_id = None
            self.context.signals.status_message.emit(
                fmt(self.tr("Deleted the profile '%1'."), profile.name)
            )

        self.context.op(
            "delete profile", functools.partial(ops.delete_unused, profile.id),
            on_done=deleted, on_error=lambda error: show_error(self, error),
        )  # fmt: skip

    def shutdown(self) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.done(QDialog.DialogCode.Rejected)


def _folder_row(folder: str) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    label = QLabel(folder)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setObjectName("hint")
    row.addWidget(label, 1)
    button = QPushButton(QCoreApplication.translate("SettingsPage", "Open"))
    button.setToolTip(
        QCoreApplication.translate("SettingsPage", "Open this folder in your file manager")
    )
    button.clicked.connect(
        lambda _checked=False: QDesktopServices.openUrl(QUrl.fromLocalFile(folder))
    )
    row.addWidget(button)
    return box
