"""The fields a connection to a mail server asks for, the same in the SMTP profile form and
in its IMAP mailbox section: host, port, security, username, password, CA certificate.

One set of widgets with one behaviour: editing the port picks the security that port
normally uses (the caller says which: a relay's ports are not a mailbox's); the password
field is never filled from the keyring (the form's placeholder says whether one is
kept); the CA file is typed or chosen in Qt's own file dialog, window-modal. The caller
lays the fields out in its own form (``add_rows``), so their labels line up with the
form's other rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

UsualSecurity = Callable[[int, str], str | None]  # (port, host) → "tls" | "starttls" | …


class ConnectionFields(QObject):
    """Host, port, security, username, password and CA file of one server."""

    def __init__(
        self,
        parent: QWidget,
        *,
        host_label: str,
        host_placeholder: str,
        security: Sequence[tuple[str, str]],
        usual_security: UsualSecurity,
        default_port: int,
    ) -> None:
        """``security``: (key, label) of each choice; ``usual_security``: the choice a
        port normally goes with (None: leave it as it is). Labels come translated."""
        super().__init__(parent)
        self.parent_widget = parent
        self.host_label = host_label
        self._usual_security = usual_security
        self.host = QLineEdit()
        self.host.setPlaceholderText(host_placeholder)
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(default_port)
        self.port.setGroupSeparatorShown(False)
        self.port.editingFinished.connect(self._port_edited)
        self.security = QComboBox()
        for key, label in security:
            self.security.addItem(label, key)
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.ca_file = QLineEdit()
        self.ca_file.setPlaceholderText(self.tr("none: the authorities this computer trusts"))
        self.ca_file.setToolTip(self.tr(
            "A private certificate authority (a PEM file) to trust for this server, e.g. "
            "your company's, or a self-signed server's own certificate. Leave empty for "
            "public servers."
        ))  # fmt: skip
        self.ca_button = QPushButton(self.tr("Choose…"))
        self.ca_button.setToolTip(self.tr("Choose the CA certificate file (PEM)."))
        self.ca_button.clicked.connect(self.choose_ca_file)
        self.ca_dialog: QFileDialog | None = None
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.ca_file, 1)
        row.addWidget(self.ca_button)
        self.ca_row = QWidget()
        self.ca_row.setLayout(row)

    def add_rows(self, form: QFormLayout, *, after_password: Sequence[tuple[str, QWidget]] = ()) -> None:  # fmt: skip
        """Host, Port, Security, Username, Password, ``after_password``, CA certificate."""
        form.addRow(self.host_label, self.host)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("Security"), self.security)
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Password"), self.password)
        for label, widget in after_password:
            form.addRow(label, widget)
        form.addRow(self.tr("CA certificate"), self.ca_row)

    def show_values(self, *, host: str, port: int, security: str, username: str | None,
                    ca_file: str | None) -> None:  # fmt: skip
        """Fill the fields from stored settings (the password stays empty)."""
        self.host.setText(host)
        self.port.setValue(port)
        self.choose_security(security)
        self.username.setText(username or "")
        self.ca_file.setText(ca_file or "")

    def choose_security(self, key: str) -> None:
        self.security.setCurrentIndex(max(0, self.security.findData(key)))

    def host_text(self) -> str:
        return self.host.text().strip()

    def username_text(self) -> str | None:
        return self.username.text().strip() or None

    def ca_file_text(self) -> str | None:
        return self.ca_file.text().strip() or None

    def choose_ca_file(self) -> None:
        """A file chooser for the CA certificate (Qt's own dialog, window-modal)."""
        dialog = QFileDialog(self.parent_widget, self.tr("Choose the CA certificate (PEM)"))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(
            [self.tr("Certificates (*.pem *.crt *.cer)"), self.tr("All files (*)")]
        )
        current = self.ca_file.text().strip()
        if current:
            dialog.selectFile(current)
        dialog.fileSelected.connect(self.ca_file.setText)
        self.ca_dialog = dialog
        dialog.open()

    def _port_edited(self) -> None:
        """Changing the port picks the security that port normally uses."""
        usual = self._usual_security(self.port.value(), self.host.text().strip())
        if usual is not None:
            self.choose_security(usual)
