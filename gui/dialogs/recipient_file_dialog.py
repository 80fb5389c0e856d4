"""Choosing a file per recipient: a folder and a name with variables
(``{{ customer_id }}.pdf``), checked against the first contacts of the list as it is typed."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import StaffettaError
from core.ops import content as content_ops
from gui.context import AppContext
from gui.core_text import translated
from gui.i18n import fmt, number


class RecipientFileDialog(QDialog):
    """``path()`` is the folder joined with the name pattern once accepted."""

    def __init__(self, context: AppContext, parent: QWidget | None, *,
                 list_id: int | None, folder: str = "") -> None:  # fmt: skip
        super().__init__(parent)
        self.context = context
        self.list_id = list_id
        self.setWindowTitle(self.tr("A file for each recipient"))
        self.folder = QLineEdit(folder)
        self.folder.setPlaceholderText(self.tr("The folder holding the files"))
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.clicked.connect(self.choose_folder)
        self.folder_dialog: QFileDialog | None = None
        self.name = QLineEdit("{{ customer_id }}.pdf")
        self.name.setToolTip(
            self.tr("Each recipient gets the file whose name their values make, e.g. "
                    "invoice-{{ customer_id }}.pdf")
        )  # fmt: skip
        self.variables = QComboBox()
        self.insert_button = QPushButton(self.tr("Insert"))
        self.insert_button.clicked.connect(self.insert_variable)
        self.findings = QLabel()
        self.findings.setWordWrap(True)
        self.findings.setMinimumHeight(90)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse_button)
        variable_row = QHBoxLayout()
        variable_row.addWidget(self.variables, 1)
        variable_row.addWidget(self.insert_button)
        form = QFormLayout()
        form.addRow(self.tr("Folder"), folder_row)
        form.addRow(self.tr("File name"), self.name)
        form.addRow(self.tr("Variables"), variable_row)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("Every message gets its own file, such as an invoice. Before anything is "
                    "sent, the pre-flight check lists every recipient whose file is missing.")
        )  # fmt: skip
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.findings)
        layout.addWidget(self.buttons)
        self.resize(560, 320)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.check)
        self.folder.textChanged.connect(lambda _t: self._timer.start())
        self.name.textChanged.connect(lambda _t: self._timer.start())
        context.query("file variables", content_ops.list_variables, list_id,
                      on_done=self._variables_arrived)  # fmt: skip
        self.check()

    def path(self) -> str:
        return os.path.join(self.folder.text().strip(), self.name.text().strip())

    def _variables_arrived(self, names: list[str]) -> None:
        self.variables.clear()
        for name in names:
            if name != "unsubscribe_url":
                self.variables.addItem(f"{{{{ {name} }}}}", name)

    def insert_variable(self) -> None:
        if self.variables.currentIndex() >= 0:
            self.name.insert(self.variables.currentText())
            self.name.setFocus()

    def choose_folder(self) -> None:
        dialog = QFileDialog(
            self, self.tr("Folder of the files"), self.folder.text() or os.path.expanduser("~")
        )
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.fileSelected.connect(self.folder.setText)
        self.folder_dialog = dialog
        dialog.open()

    def check(self) -> None:
        self._timer.stop()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if not self.folder.text().strip() or not self.name.text().strip():
            self.findings.setText(self.tr("Choose the folder and write the file name."))
            ok.setEnabled(False)
            return
        if "{{" not in self.name.text() and "{%" not in self.name.text():
            self.findings.setText(self.tr("Put at least one {{ variable }} in the name, or use "
                                        "Add… for a file everyone gets."))  # fmt: skip
            ok.setEnabled(False)
            return
        ok.setEnabled(True)
        self.context.query("file pattern", content_ops.attachment_preview, self.path(),
                           self.list_id, on_done=self._checked,
                           on_error=self._problem)  # fmt: skip

    def _problem(self, error: StaffettaError) -> None:
        self.findings.setText("✗ " + translated(error.user_text()))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

    def _checked(self, files: list[Any]) -> None:
        if not files:
            self.findings.setText(self.tr("The list has no contacts to try the name on."))
            return
        lines = []
        for file in files:
            if file.size is not None:
                lines.append(fmt(self.tr("✓ %1: %2 (%3 KB)"), file.email,
                                 os.path.basename(file.path), number(max(1, file.size // 1024))))  # fmt: skip
            else:
                lines.append(fmt(self.tr("✗ %1: %2"), file.email, translated(file.problem)))
        self.findings.setText("\n".join(lines))
