"""The segment builder: field / operator / value rows, all or any, a live count and a
preview of the first matching contacts.

Opened from the Contacts page's "Filter by field…", the same builder filters the page:
"Show contacts" applies the conditions there, and "Save as segment" keeps them under a
name for campaigns.

Every edit asks ``core.ops.segments.preview`` off the UI thread (after a short pause
while typing); the newest answer wins. A condition that cannot work (an unknown
field, ``>`` on a text column, a value that is not a number) shows its one sentence
where the count would be, and Save stays off until the segment is valid.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import AlreadyExists, StaffettaError
from core.ops import segments as segment_ops
from gui.context import AppContext
from gui.core_text import translated
from gui.i18n import QT_TRANSLATE_NOOP, fmt, numerus

PREVIEW_ROWS = 20


OPERATOR_WORDS = {  # the operators written as words; = != > < >= <= are shown as they are
    "contains": QT_TRANSLATE_NOOP("ConditionRow", "contains"),
    "starts-with": QT_TRANSLATE_NOOP("ConditionRow", "starts-with"),
    "ends-with": QT_TRANSLATE_NOOP("ConditionRow", "ends-with"),
    "in": QT_TRANSLATE_NOOP("ConditionRow", "in"),
    "empty": QT_TRANSLATE_NOOP("ConditionRow", "empty"),
    "not-empty": QT_TRANSLATE_NOOP("ConditionRow", "not-empty"),
}


class ConditionRow(QWidget):
    """One ``FIELD OP VALUE`` row."""

    def __init__(self, fields: list[str], dialog: SegmentDialog) -> None:
        super().__init__()
        self.field_box = QComboBox()
        self.field_box.setEditable(True)  # a column not seen in the sample can be typed
        self.field_box.addItems(fields)
        self.field_box.setMinimumWidth(150)
        self.op_box = QComboBox()
        for op in segment_ops.OPERATORS:  # the words in the window's language, the operator kept
            words = OPERATOR_WORDS.get(op)
            self.op_box.addItem(QCoreApplication.translate("ConditionRow", words) if words else op, op)
        self.value = QLineEdit()
        self.value.setPlaceholderText(self.tr("value (several: comma-separated with “in”)"))
        self.remove_button = QToolButton()
        self.remove_button.setText("✕")
        self.remove_button.setToolTip(self.tr("Remove this condition"))
        self.remove_button.clicked.connect(lambda: dialog.remove_row(self))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field_box)
        layout.addWidget(self.op_box)
        layout.addWidget(self.value, 1)
        layout.addWidget(self.remove_button)
        self.field_box.currentTextChanged.connect(lambda _t: dialog.schedule_preview())
        self.op_box.currentIndexChanged.connect(lambda _i: self._op_changed(dialog))
        self.value.textChanged.connect(lambda _t: dialog.schedule_preview())

    def _op_changed(self, dialog: SegmentDialog) -> None:
        self.value.setEnabled(self.op_box.currentData() not in segment_ops.NO_VALUE_OPERATORS)
        dialog.schedule_preview()

    def text(self) -> str:
        return segment_ops.condition_text(
            self.field_box.currentText().strip(), str(self.op_box.currentData()),
            self.value.text().strip(),
        )  # fmt: skip


class SegmentDialog(QDialog):
    """Create (or, given a segment, change) a saved segment; with ``filter_mode``, build
    the Contacts page's filter (``where`` and ``match_any`` prefill its rows)."""

    filter_applied = Signal(list, bool)  # the conditions' texts, match any
    segment_saved = Signal(int, str)  # id, name

    def __init__(
        self, context: AppContext, parent: QWidget | None = None,
        segment: segment_ops.SegmentData | None = None, *, filter_mode: bool = False,
        where: list[str] | None = None, match_any: bool = False,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.context = context
        self.segment = segment
        self.filter_mode = filter_mode
        self.saved_id: int | None = None
        self.fields: list[str] = list(segment_ops.BUILTIN_FIELDS)  # until the columns load
        self.latest: segment_ops.SegmentPreview | None = None
        self.setWindowTitle(
            self.tr("Filter contacts") if filter_mode
            else self.tr("Edit segment") if segment else self.tr("New segment")
        )
        self.resize(760, 560)
        if segment is not None:
            where, match_any = segment.where, segment.match_any

        self.name = QLineEdit(segment.name if segment else "")
        self.name.setPlaceholderText(
            self.tr("only to save it as a segment campaigns can send to") if filter_mode
            else self.tr("e.g. Milano gold customers")
        )  # fmt: skip
        self.name.textChanged.connect(lambda _t: self._update_buttons())
        self.match_all = QRadioButton(self.tr("all of these conditions"))
        self.match_any = QRadioButton(self.tr("any of them"))
        (self.match_any if match_any else self.match_all).setChecked(True)
        self.match_any.toggled.connect(lambda _on: self.schedule_preview())
        match_row = QHBoxLayout()
        match_row.addWidget(QLabel(self.tr("Contacts matching")))
        match_row.addWidget(self.match_all)
        match_row.addWidget(self.match_any)
        match_row.addStretch(1)

        self.rows_box = QVBoxLayout()
        self.rows: list[ConditionRow] = []
        self.add_button = QPushButton(self.tr("Add condition"))
        self.add_button.clicked.connect(lambda: self.add_row())

        self.count_label = QLabel(self.tr("Counting…"))
        self.count_label.setObjectName("segmentCount")
        self.count_label.setWordWrap(True)
        self.preview = QTableWidget(0, 3)
        self.preview.setHorizontalHeaderLabels(self._headers())
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setVisible(False)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.show_button: QPushButton | None = None
        if filter_mode:
            self.save_button.setText(self.tr("Save as segment"))
            self.save_button.setToolTip(
                self.tr("Keep this filter under its name (campaigns can send to it)")
            )
            self.show_button = self.buttons.addButton(
                self.tr("Show contacts"), QDialogButtonBox.ButtonRole.ApplyRole
            )
            self.show_button.setDefault(True)
            self.show_button.setToolTip(self.tr("Show the matching contacts on the Contacts page"))
            self.show_button.clicked.connect(self.apply_filter)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Segment name") if filter_mode else self.tr("Name"), self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(match_row)
        layout.addLayout(self.rows_box)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.count_label)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh_preview)
        for text in where or [""]:
            self.add_row(text or None)
        context.query("segment fields", segment_ops.fields, on_done=self._fields_loaded)

    # --- rows ---------------------------------------------------------------------------

    def add_row(self, text: str | None = None) -> ConditionRow:
        row = ConditionRow(self.fields, self)
        if text:
            field_name, op, value = segment_ops.split_condition(text)
            row.field_box.setCurrentText(field_name)
            row.op_box.setCurrentIndex(max(0, row.op_box.findData(op)))
            row.value.setText(value)
        self.rows.append(row)
        self.rows_box.addWidget(row)
        self._update_buttons()
        self.schedule_preview()
        return row

    def set_conditions(self, where: list[str], match_any: bool) -> None:
        """Replace the rows (a segment's conditions arriving after the dialog opened)."""
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        (self.match_any if match_any else self.match_all).setChecked(True)
        for text in where or [""]:
            self.add_row(text or None)

    def remove_row(self, row: ConditionRow) -> None:
        if len(self.rows) == 1:
            row.value.clear()
            return
        self.rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self.schedule_preview()

    def _fields_loaded(self, fields: list[str]) -> None:
        self.fields = fields
        for row in self.rows:
            current = row.field_box.currentText()
            row.field_box.blockSignals(True)
            row.field_box.clear()
            row.field_box.addItems(fields)
            row.field_box.setCurrentText(current)
            row.field_box.blockSignals(False)

    # --- the live count -----------------------------------------------------------------

    def where(self) -> list[str]:
        return [row.text() for row in self.rows]

    def schedule_preview(self) -> None:
        self.count_label.setText(self.tr("Counting…"))
        self._timer.start()

    def refresh_preview(self) -> None:
        self.context.query(
            "segment preview", segment_ops.preview, self.where(), self.match_any.isChecked(),
            PREVIEW_ROWS, on_done=self._preview_loaded,
        )  # fmt: skip

    def _preview_loaded(self, result: segment_ops.SegmentPreview) -> None:
        self.latest = result
        if result.problem is not None:
            self.count_label.setText(translated(result.problem))
            self.count_label.setStyleSheet("color: #b3261e;")
            self.preview.setRowCount(0)
        else:
            count = result.count or 0
            shown = numerus(self.tr("%Ln contact(s) (matches|match)", "", count), count)
            first = (fmt(self.tr(" — the first %1 by address:"), len(result.rows))
                     if result.rows else "")  # fmt: skip
            self.count_label.setText(shown + first)
            self.count_label.setStyleSheet("")
            # The columns the conditions compare, after the address, name and status.
            named = [r.field_box.currentText().strip() for r in self.rows]
            extra = [f for f in dict.fromkeys(named) if f and f not in segment_ops.BUILTIN_FIELDS]
            self.preview.setColumnCount(3 + len(extra))
            self.preview.setHorizontalHeaderLabels([*self._headers(), *extra])
            self.preview.setRowCount(len(result.rows))
            for index, row in enumerate(result.rows):
                lowered = {k.lower(): v for k, v in row.fields.items()}
                values = [row.email, row.name or "", row.status]
                values += [row.fields.get(f, lowered.get(f.lower(), "")) for f in extra]
                for column, value in enumerate(values):
                    self.preview.setItem(index, column, QTableWidgetItem(str(value)))
            self.preview.resizeColumnsToContents()
        self._update_buttons()

    def _headers(self) -> list[str]:
        return [self.tr("Email"), self.tr("Name"), self.tr("Status")]

    def _update_buttons(self) -> None:
        valid = self.latest is not None and self.latest.problem is None
        self.save_button.setEnabled(bool(self.name.text().strip()) and valid)
        if self.show_button is not None:
            self.show_button.setEnabled(valid)

    # --- saving -------------------------------------------------------------------------

    def apply_filter(self) -> None:
        if self.latest is None or self.latest.problem is not None:
            return
        self.filter_applied.emit(self.where(), self.match_any.isChecked())
        self.accept()

    def save(self) -> None:
        if not self.save_button.isEnabled():  # Enter in a field with nothing to save yet
            return
        name = self.name.text().strip()

        def done(segment_id: Any) -> None:
            self.saved_id = int(segment_id)
            self.segment_saved.emit(self.saved_id, name)
            self.accept()

        self.context.op(
            "save segment", segment_ops.save, name, self.where(),
            self.match_any.isChecked(), self.segment is not None, on_done=done,
            on_error=self._not_saved,
        )  # fmt: skip

    def _not_saved(self, error: StaffettaError) -> None:
        """Said where the count is; the dialog stays open with everything typed."""
        text = error.user_text()
        if isinstance(error, AlreadyExists):
            text = fmt(self.tr("%1 Choose another name."), translated(error.message))
        self.count_label.setText(text)
        self.count_label.setStyleSheet("color: #b3261e;")
