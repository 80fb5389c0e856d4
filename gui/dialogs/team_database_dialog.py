"""File → Open team database…: where the team's PostgreSQL database is, and its password.

The address is typed in its parts (host, port, database, user) or pasted whole
(``postgresql://USER@HOST:PORT/DATABASE``, which fills the parts). "Open" first checks
it off the UI thread (``core.ops.team.connect``: reachable, login accepted, a schema
this version can use); a problem is one sentence in the dialog, which stays open to
correct it. The password goes to the keyring only once it worked, and is never shown
again, written in the settings or logged: the field then says it is kept.

A database made by an older Staffetta is upgraded only after the user agreed (senders
still running the older version must then be updated).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.errors import StaffettaError
from core.ops import team as ops
from gui.context import AppContext
from gui.i18n import fmt
from gui.widgets import Banner

if TYPE_CHECKING:  # psycopg loads only for a team database
    from core.team.database import TeamCheck

DEFAULT_PORT = 5432


class TeamDatabaseDialog(QDialog):
    """Ask for a team database, check it, and say which one to open (``chosen``)."""

    chosen = Signal(str)  # the URL (no password) once it was checked and accepted

    def __init__(self, context: AppContext, initial: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Open team database"))
        self.setModal(True)
        self.setMinimumWidth(520)
        self.location = ""  # what was opened, once accepted
        self.check: TeamCheck | None = None
        self.upgrade_question: QMessageBox | None = None
        self._checking = False

        intro = QLabel(
            self.tr(
                "A team shares one contact base and one queue in a PostgreSQL database; "
                "several computers can send from it at once. Ask whoever runs the server "
                "for its address and your login."
            )
        )
        intro.setWordWrap(True)
        intro.setObjectName("hint")
        self.address = QLineEdit()
        self.address.setPlaceholderText(self.tr("postgresql://user@host:5432/database"))
        self.address.setToolTip(
            self.tr("Paste the whole address here, or fill in the parts below.")
        )
        self.address.setClearButtonEnabled(True)
        self.address.textEdited.connect(self._address_edited)
        self.host = QLineEdit()
        self.host.setPlaceholderText(self.tr("db.example.com"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit()
        self.database.setPlaceholderText(self.tr("staffetta"))
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        for field in (self.host, self.database, self.user):
            field.textEdited.connect(self._parts_edited)
        self.port.valueChanged.connect(self._parts_edited)
        self.keyring_note = QLabel()
        self.keyring_note.setObjectName("hint")
        self.keyring_note.setWordWrap(True)
        if ops.keyring_available():
            self.keyring_note.setText(
                self.tr("The password is kept in this computer's keyring, never in a file.")
            )
        else:
            self.keyring_note.setText(
                self.tr("This computer has no keyring: the password is kept only until you quit.")
            )

        form = QFormLayout()
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Host"), self.host)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("Database"), self.database)
        form.addRow(self.tr("User"), self.user)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.keyring_note)
        self.banner = Banner()
        self.buttons = QDialogButtonBox()
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.setDefault(True)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.open_button.clicked.connect(self.try_open)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)
        if initial:
            self.address.setText(initial)
            self._address_edited(initial)
        self._password_hint()

    # --- the address, whole or in parts ------------------------------------------------------

    def _address_edited(self, text: str) -> None:
        if not ops.is_team_location(text.strip()):
            return
        try:
            address = ops.parse_address(text)
        except StaffettaError:
            return
        self.host.setText(address.host)
        self.port.blockSignals(True)
        self.port.setValue(address.port)
        self.port.blockSignals(False)
        self.database.setText(address.database)
        self.user.setText(address.user)
        self.banner.clear()
        self._password_hint()

    def _parts_edited(self, *_args: object) -> None:
        try:
            url = self.url()
        except StaffettaError:
            return
        self.address.setText(url)
        self.banner.clear()
        self._password_hint()

    def url(self) -> str:
        """The address in the fields (``InvalidValue`` when one is missing)."""
        return ops.address_url(
            self.host.text(), self.port.value(), self.database.text(), self.user.text()
        )

    def _password_hint(self) -> None:
        try:
            kept = ops.has_kept_password(self.url())
        except StaffettaError:
            kept = False
        self.password.setPlaceholderText(
            self.tr("unchanged (kept in the keyring)") if kept else self.tr("the user's password")
        )

    # --- open --------------------------------------------------------------------------------

    def try_open(self) -> None:
        """Check the address off the UI thread; accept once it can be used."""
        if self._checking:
            return
        try:
            url = self.url()
        except StaffettaError as exc:
            self.banner.show_message(exc.user_text(), "error")
            return
        self._set_checking(True)
        self.banner.show_message(
            fmt(self.tr("Connecting to %1…"), ops.parse_address(url).shown), "info"
        )
        self.context.op(
            "connect to team database", ops.connect, url, self.password.text(),
            on_done=self._checked, on_error=self._failed, io=True,
        )  # fmt: skip

    def _set_checking(self, checking: bool) -> None:
        self._checking = checking
        for widget in (self.address, self.host, self.port, self.database, self.user,
                       self.password, self.open_button):  # fmt: skip
            widget.setEnabled(not checking)
        self.setCursor(Qt.CursorShape.BusyCursor if checking else Qt.CursorShape.ArrowCursor)

    def _failed(self, error: StaffettaError) -> None:
        from gui.core_text import translated

        self._set_checking(False)
        self.banner.show_message(translated(error.user_text()), "error")
        if "login" in error.message or "password" in error.message:
            self.password.selectAll()
            self.password.setFocus()

    def _checked(self, check: TeamCheck) -> None:
        self._set_checking(False)
        self.password.clear()
        self._password_hint()
        if check.needs_upgrade and not self._agree_to_upgrade(check):
            self.banner.show_message(
                self.tr("Not opened: the database was left as it is."), "warning"
            )
            return
        self.check = check
        self.location = check.location
        self.chosen.emit(check.location)
        self.accept()

    def _agree_to_upgrade(self, check: TeamCheck) -> bool:
        text = self.tr(
            "%1 was made by an older Staffetta (schema %2). Opening it upgrades it to "
            "schema %3; senders still running the older version must be updated."
        )
        shown = fmt(text, check.shown, check.schema_version, check.known_version)
        box = QMessageBox(
            QMessageBox.Icon.Question, self.tr("Upgrade the team database?"), shown,
            QMessageBox.StandardButton.Cancel, self,
        )  # fmt: skip
        upgrade = box.addButton(self.tr("Upgrade and open"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.upgrade_question = box
        try:
            box.exec()
        finally:
            self.upgrade_question = None
        return box.clickedButton() is upgrade
