"""Edit one contact: address, name and custom fields, validated before anything is saved.

The contact is read and saved through ``core.ops.contacts`` off the UI thread. A problem
(an invalid address, one another contact already has, two fields with the same name)
is said in one sentence inside the dialog, which stays open with what was typed.

A contact who gets no mail has a "Not mailed" section: why (the suppression list's
entry, the campaign, the relay's words; ``gui.suppression_detail``), with a way to lift
it after a confirmation.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.contacts import ContactDetail
from core.errors import StaffettaError
from core.ops import contacts as ops
from gui.context import AppContext
from gui.format import contact_status_word
from gui.i18n import fmt
from gui.suppression_detail import SuppressionDetailPanel
from gui.widgets import Banner


class ContactDialog(QDialog):
    """Opens empty, fills itself when the contact has been read, saves on Save."""

    saved = Signal(int)  # contact id

    def __init__(self, context: AppContext, contact_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.contact_id = contact_id
        self.detail: ContactDetail | None = None
        self.saving = False
        self.setWindowTitle(self.tr("Edit contact"))
        self.resize(560, 460)

        self.email = QLineEdit()
        self.email.setPlaceholderText("name@example.com")
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("How templates greet them: {{ name }}"))
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.lists = QLabel()
        self.lists.setObjectName("hint")
        self.lists.setWordWrap(True)
        self.fields = QTableWidget(0, 2)
        self.fields.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Value")])
        self.fields.verticalHeader().setVisible(False)
        self.fields.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.fields.horizontalHeader().setStretchLastSection(True)
        self.fields.setColumnWidth(0, 160)
        self.fields.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.fields.setEditTriggers(  # click a cell and type, as in a spreadsheet
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.fields.setToolTip(
            self.tr("Custom fields are template variables: {{ city }}. Double-click to edit.")
        )
        self.new_key = QLineEdit()
        self.new_key.setPlaceholderText(self.tr("New field, e.g. city"))
        self.new_value = QLineEdit()
        self.new_value.setPlaceholderText(self.tr("Its value"))
        self.add_field_button = QPushButton(self.tr("Add field"))
        self.add_field_button.clicked.connect(lambda _checked=False: self.add_typed_field())
        self.remove_field_button = QPushButton(self.tr("Remove field"))
        self.remove_field_button.clicked.connect(lambda _checked=False: self.remove_field())
        self.remove_field_button.setEnabled(False)
        self.fields.itemSelectionChanged.connect(
            lambda: self.remove_field_button.setEnabled(bool(self.fields.selectedItems()))
        )
        self.why_panel = SuppressionDetailPanel(context)
        self.why_panel.hide()
        self.why_panel.loaded.connect(self._why_loaded)
        self.why_panel.lifted.connect(self._lifted)
        self.problem = Banner()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)  # until the contact has been read
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Email"), self.email)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Status"), self.status)
        form.addRow(self.tr("Lists"), self.lists)
        field_buttons = QHBoxLayout()
        field_buttons.addWidget(self.new_key, 1)
        field_buttons.addWidget(self.new_value, 2)
        field_buttons.addWidget(self.add_field_button)
        field_buttons.addWidget(self.remove_field_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Fields")))
        layout.addWidget(self.fields, 1)
        layout.addLayout(field_buttons)
        layout.addWidget(self.why_panel)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        self._read()

    def _read(self) -> None:
        self.context.query(
            f"contact {self.contact_id}", ops.contact_detail, self.contact_id,
            on_done=self._loaded, on_error=self._load_failed,
        )  # fmt: skip

    def _why_loaded(self, why: object) -> None:
        self.why_panel.setVisible(why is not None)
        if why is not None:
            self.resize(max(self.width(), 640), max(self.height(), 680))

    def _lifted(self, removal: object) -> None:
        self.context.signals.status_message.emit(
            fmt(self.tr("%1 is off the suppression list."), self.email.text().strip())
        )
        self._read()  # its status may be active again

    def _loaded(self, detail: ContactDetail) -> None:
        self.detail = detail
        self.email.setText(detail.email)
        self.name.setText(detail.name)
        self.status.setText(
            contact_status_word(detail.status)
            + (" · " + self.tr("on the suppression list") if detail.suppressed else "")
        )
        self.lists.setText(", ".join(detail.lists) if detail.lists else self.tr("In no list"))
        self.why_panel.load(detail.email)  # shown if an entry (or its domain's) blocks it
        self.fields.setRowCount(0)
        for key, value in detail.fields.items():
            self.add_field(key, value)
        self.save_button.setEnabled(True)
        self.email.setFocus()

    def _load_failed(self, error: StaffettaError) -> None:
        self.problem.show_message(error.user_text(), "error")

    def add_field(self, key: str, value: str) -> None:
        row = self.fields.rowCount()
        self.fields.insertRow(row)
        self.fields.setItem(row, 0, QTableWidgetItem(key))
        self.fields.setItem(row, 1, QTableWidgetItem(value))

    def add_typed_field(self) -> None:
        """Add the field typed in the boxes under the table (its value may be empty)."""
        key = self.new_key.text().strip()
        if not key:
            self.new_key.setFocus()
            return
        self.add_field(key, self.new_value.text())
        self.new_key.clear()
        self.new_value.clear()
        self.new_key.setFocus()

    def remove_field(self) -> None:
        for row in sorted({i.row() for i in self.fields.selectedIndexes()}, reverse=True):
            self.fields.removeRow(row)

    def typed_fields(self) -> dict[str, str]:
        """The fields as typed; rows left entirely empty are ignored. Two rows with the same
        name are kept apart (``name``, then ``name `` with a space) so the core refuses them
        with its sentence instead of one silently replacing the other."""
        result: dict[str, str] = {}
        for row in range(self.fields.rowCount()):
            key_item, value_item = self.fields.item(row, 0), self.fields.item(row, 1)
            key = key_item.text() if key_item is not None else ""
            value = value_item.text() if value_item is not None else ""
            if not key.strip() and not value.strip():
                continue
            while key in result:
                key += " "
            result[key] = value
        return result

    def accept(self) -> None:
        if self.detail is None or self.saving:
            return
        self.saving = True
        self.save_button.setEnabled(False)
        self.problem.clear()
        job = functools.partial(
            ops.update_contact, self.contact_id, email=self.email.text(),
            name=self.name.text(), fields=self.typed_fields(),
        )  # fmt: skip
        self.context.op("save contact", job, on_done=self._saved, on_error=self._refused)

    def _saved(self, contact_id: int) -> None:
        self.saving = False
        self.context.signals.status_message.emit(fmt(self.tr("Saved %1."), self.email.text().strip()))
        self.saved.emit(contact_id)
        super().accept()

    def _refused(self, error: StaffettaError) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        self.problem.show_message(error.user_text(), "error")
        if "address" in error.message:
            self.email.setFocus()
            self.email.selectAll()
