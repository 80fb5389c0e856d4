"""Import contacts: choose a file, check what was detected, map columns, import, review.

Detection (encoding, delimiter, email column) is shown and changeable before anything
is written; the import runs in the background with progress and can be cancelled; the
summary lists every rejected row with its line and reason, savable as CSV.
"""

from __future__ import annotations

import functools
import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.errors import StaffettaError
from core.events import CancelToken
from core.importer import SKIP, CsvLayout, ImportProgress, ImportReport
from core.ops import Changes
from core.ops import importing as ops
from gui.context import AppContext
from gui.core_text import translated
from gui.file_dialogs import choose_open_path, choose_save_path
from gui.format import plural
from gui.i18n import QT_TRANSLATE_NOOP, fmt, number, numerus
from gui.widgets import Banner

ENCODINGS = [
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "cp1252",
    "latin-1",
    "iso8859-15",
    "cp1250",
    "mac_roman",
]
DELIMITERS = [  # labels translated where shown (context ImportWizard)
    (",", QT_TRANSLATE_NOOP("ImportWizard", "Comma ,")),
    (";", QT_TRANSLATE_NOOP("ImportWizard", "Semicolon ;")),
    ("\t", QT_TRANSLATE_NOOP("ImportWizard", "Tab")),
    ("|", QT_TRANSLATE_NOOP("ImportWizard", "Pipe |")),
]
DELIMITER_NAMES = {
    ",": QT_TRANSLATE_NOOP("ImportWizard", "commas"),
    ";": QT_TRANSLATE_NOOP("ImportWizard", "semicolons"),
    "\t": QT_TRANSLATE_NOOP("ImportWizard", "tabs"),
    "|": QT_TRANSLATE_NOOP("ImportWizard", "pipes"),
}
TARGETS = [
    ("email", QT_TRANSLATE_NOOP("ImportWizard", "Email address")),
    ("name", QT_TRANSLATE_NOOP("ImportWizard", "Name")),
    ("field", QT_TRANSLATE_NOOP("ImportWizard", "Keep as a field")),
    (SKIP, QT_TRANSLATE_NOOP("ImportWizard", "Skip")),
]
STEPS = (
    QT_TRANSLATE_NOOP("ImportWizard", "Choose and check the file"),
    QT_TRANSLATE_NOOP("ImportWizard", "Import"),
    QT_TRANSLATE_NOOP("ImportWizard", "Review"),
)
NEW_LIST = QT_TRANSLATE_NOOP("ImportWizard", "My contacts")


def _t(text: str) -> str:
    return QCoreApplication.translate("ImportWizard", text)


class _ProgressRelay(QObject):
    """Carries progress from the import thread to the dialog (queued connection)."""

    progressed = Signal(object)


def _looks_like_email_column(values: list[str]) -> bool:
    filled = [v for v in values if v.strip()]
    return bool(filled) and sum("@" in v for v in filled) * 2 > len(filled)


class ImportWizard(QDialog):
    imported = Signal(object)  # ImportReport
    analysed = Signal()  # the file was read (or found unusable) and the form shows it

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Import contacts"))
        self.new_list = _t(NEW_LIST)
        self.resize(920, 640)
        self.layout_info: CsvLayout | None = None
        self.report: ImportReport | None = None
        self.cancel_token: CancelToken | None = None
        self.running = False
        self._list_chosen_by_user = False
        self.analysing = False
        self._close_when_done = False
        self._relay = _ProgressRelay(self)
        self._relay.progressed.connect(self._show_progress)

        self.step_label = QLabel()
        self.step_label.setTextFormat(Qt.TextFormat.RichText)

        # Step 1: file, detection, mapping and preview
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("Choose a CSV file exported from your spreadsheet"))
        self.path.installEventFilter(self)  # Return here reads the file, never imports it
        self.browse_button = browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(lambda _checked=False: self.browse())
        self.encoding = QComboBox()
        self.encoding.setEditable(True)
        self.encoding.addItems(ENCODINGS)
        self.encoding.setToolTip(self.tr(
            "How the file's characters are stored. Files from Excel on Windows are usually "
            "cp1252; if accents look wrong in the preview, try another."
        ))  # fmt: skip
        self.delimiter = QComboBox()
        for value, label in DELIMITERS:
            self.delimiter.addItem(_t(label), value)
        self.delimiter.setToolTip(
            self.tr("The character between columns (Excel in Europe uses ;).")
        )
        self.list_name = QComboBox()
        self.list_name.setEditable(True)
        self.list_name.setCurrentText(self.new_list)
        context.query("import lists", ops.list_names, on_done=self._show_lists)
        self.list_name.setToolTip(self.tr(
            "Pick an existing list or type a new name. Contacts already stored are updated, "
            "never duplicated."
        ))  # fmt: skip
        self.list_name.activated.connect(lambda _i: self._list_touched())
        list_edit, encoding_edit = self.list_name.lineEdit(), self.encoding.lineEdit()
        assert list_edit is not None and encoding_edit is not None  # both are editable
        list_edit.textEdited.connect(lambda _t: self._list_touched())
        self.encoding.activated.connect(lambda _i: self.analyse(keep_choices=True))
        encoding_edit.editingFinished.connect(lambda: self.analyse(keep_choices=True))
        self.delimiter.activated.connect(lambda _i: self.analyse(keep_choices=True))
        self.detected = QLabel()
        self.detected.setObjectName("hint")
        self.detected.setWordWrap(True)
        # Two lines are always kept: a wrapped label inside the stacked steps is not
        # given its height otherwise (the Italian sentence is two lines at this width).
        self.detected.setMinimumHeight(2 * self.detected.fontMetrics().lineSpacing() + 4)
        self.problem = Banner()
        self.mapping = QTableWidget(0, 4)
        self.mapping.setHorizontalHeaderLabels(
            [self.tr("Column"), self.tr("Use as"), self.tr("Field name"), self.tr("First value")]
        )
        self.mapping.verticalHeader().setVisible(False)
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.mapping.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.preview = QTableWidget(0, 0)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setVisible(False)
        self.preview.setAlternatingRowColors(True)
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.preview.setWordWrap(False)

        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("File"), file_row)
        detection_row = QHBoxLayout()
        detection_row.addWidget(QLabel(self.tr("Encoding")))
        detection_row.addWidget(self.encoding, 1)
        detection_row.addSpacing(16)
        detection_row.addWidget(QLabel(self.tr("Delimiter")))
        detection_row.addWidget(self.delimiter, 1)
        form.addRow("", detection_row)
        form.addRow("", self.detected)
        form.addRow(self.tr("Into list"), self.list_name)
        setup = QWidget()
        setup_layout = QVBoxLayout(setup)
        setup_layout.setContentsMargins(0, 0, 0, 0)
        setup_layout.addLayout(form)
        setup_layout.addWidget(self.problem)
        setup_layout.addWidget(_section(self.tr("Columns: what each one becomes")))
        setup_layout.addWidget(self.mapping, 1)
        setup_layout.addWidget(_section(self.tr("Preview of the first rows")))
        setup_layout.addWidget(self.preview, 1)

        # Step 2: progress
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress_label = QLabel(self.tr("Importing…"))
        running = QWidget()
        running_layout = QVBoxLayout(running)
        running_layout.addStretch(1)
        running_layout.addWidget(self.progress_label)
        running_layout.addWidget(self.progress)
        hint = QLabel(self.tr("You can stop at any time: the rows imported so far are kept."))
        hint.setObjectName("hint")
        running_layout.addWidget(hint)
        running_layout.addStretch(1)

        # Step 3: summary
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.rejected_title = _section(self.tr("Rejected rows"))
        self.rejected_rows = QTableWidget(0, 3)
        self.rejected_rows.setHorizontalHeaderLabels(
            [self.tr("Line"), self.tr("Value"), self.tr("Why it was rejected")]
        )
        self.rejected_rows.verticalHeader().setVisible(False)
        self.rejected_rows.horizontalHeader().setStretchLastSection(True)
        self.rejected_rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rejected_rows.setAlternatingRowColors(True)
        self.save_rejected_button = QPushButton(self.tr("Save rejected rows as CSV…"))
        self.save_rejected_button.clicked.connect(lambda _checked=False: self.save_rejected())
        done = QWidget()
        done_layout = QVBoxLayout(done)
        done_layout.setContentsMargins(0, 0, 0, 0)
        done_layout.addWidget(self.summary)
        done_layout.addWidget(self.rejected_title)
        done_layout.addWidget(self.rejected_rows, 1)
        done_layout.addWidget(self.save_rejected_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.steps = QStackedWidget()
        for page in (setup, running, done):
            self.steps.addWidget(page)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setDefault(True)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(lambda _checked=False: self.start_import())
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(lambda _checked=False: self.cancel())
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.steps, 1)
        layout.addLayout(buttons)
        self.path.editingFinished.connect(self._path_edited)
        self._go_to(0)

    def _show_lists(self, lists: list[tuple[str, int]]) -> None:
        typed = self.list_name.currentText()
        self.list_name.clear()
        for name, count in lists:
            self.list_name.addItem(name)
            self.list_name.setItemData(
                self.list_name.count() - 1, plural(count, "contact"), Qt.ItemDataRole.ToolTipRole
            )
        if self._list_chosen_by_user or typed != self.new_list or not lists:
            self.list_name.setCurrentText(typed)
        else:
            self.list_name.setCurrentText(lists[0][0])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Return or Enter in the file field reads that file; it does not press Import."""
        if (
            watched is self.path
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.path.setModified(False)
            self.analyse()
            return True
        return super().eventFilter(watched, event)

    def _list_touched(self) -> None:
        self._list_chosen_by_user = True

    def _go_to(self, step: int) -> None:
        self.steps.setCurrentIndex(step)
        parts = []
        for index, title in enumerate(STEPS):
            text = f"{index + 1}. {_t(title)}"
            parts.append(
                f"<b>{text}</b>" if index == step else f"<span style='color:gray'>{text}</span>"
            )
        self.step_label.setText(" &nbsp;›&nbsp; ".join(parts))

    # --- step 1 ---------------------------------------------------------------------------

    def browse(self) -> None:
        path = choose_open_path(
            self, self.tr("Choose a CSV file"),
            self.tr("CSV or text (*.csv *.txt *.tsv);;All files (*)"),
        )
        if path:
            self.set_path(path)

    def set_path(self, path: str) -> None:
        self.path.setText(path)
        self.analyse()

    def _path_edited(self) -> None:
        if self.path.isModified():
            self.path.setModified(False)
            self.analyse()

    def analyse(self, *, keep_choices: bool = False) -> None:
        """Detect (or re-read with the chosen encoding/delimiter) and fill mapping and preview."""
        path = self.path.text().strip()
        if not path:
            return
        self.analysing = True
        self.import_button.setEnabled(False)
        self.detected.setText(self.tr("Reading the file…"))
        job = functools.partial(
            ops.sniff, path,
            encoding=self.encoding.currentText().strip() if keep_choices else None,
            delimiter=self.delimiter.currentData() if keep_choices else None,
        )  # fmt: skip
        self.context.query(
            "sniff csv", job,
            on_done=lambda layout: self._show_layout(layout, path, keep_choices=keep_choices),
            on_error=self._unreadable,
        )  # fmt: skip

    def _unreadable(self, exc: StaffettaError) -> None:
        self.analysing = False
        self.layout_info = None
        self.problem.show_message(exc.user_text(), "error")
        self.import_button.setEnabled(False)
        self.detected.clear()
        self.mapping.setRowCount(0)
        self.preview.setRowCount(0)
        self.preview.setColumnCount(0)
        self.analysed.emit()

    def _show_layout(self, layout: CsvLayout, path: str, *, keep_choices: bool) -> None:
        self.analysing = False
        self.problem.clear()
        mapping = dict(layout.mapping)
        if layout.email_column is None:
            for index, header in enumerate(layout.headers):
                column = [row[index] if index < len(row) else "" for row in layout.preview]
                if _looks_like_email_column(column):
                    mapping[header] = "email"
                    break
        self.layout_info = layout
        self.encoding.setCurrentText(layout.encoding)
        self.delimiter.setCurrentIndex(max(0, self.delimiter.findData(layout.delimiter)))
        if not keep_choices and Path(path).stem and not self._list_chosen_by_user:
            self.list_name.setCurrentText(Path(path).stem)
        delimiter = layout.delimiter
        delimiter_name = _t(DELIMITER_NAMES[delimiter]) if delimiter in DELIMITER_NAMES else repr(delimiter)
        columns = len(layout.headers)
        self.detected.setText(fmt(numerus(self.tr(
            "Read as %1 with columns separated by %2: %Ln column(s). If accents or columns look "
            "wrong below, change the encoding or the delimiter.", "", columns), columns),
            layout.encoding, delimiter_name))  # fmt: skip
        self.mapping.setRowCount(len(layout.headers))
        first = layout.preview[0] if layout.preview else []
        for row, header in enumerate(layout.headers):
            self.mapping.setItem(row, 0, QTableWidgetItem(header))
            combo = QComboBox()
            for key, label in TARGETS:
                combo.addItem(_t(label), key)
            target = mapping.get(header, header)
            combo.setCurrentIndex(
                combo.findData(target if target in ("email", "name", SKIP) else "field")
            )
            field_name = QLineEdit(target if target not in ("email", "name", SKIP) else header)
            field_name.setToolTip(self.tr("The name of this field in templates: {{ name_here }}"))
            combo.currentIndexChanged.connect(lambda _i: self._mapping_changed())
            field_name.textChanged.connect(lambda _t: self._mapping_changed())
            self.mapping.setCellWidget(row, 1, combo)
            self.mapping.setCellWidget(row, 2, field_name)
            self.mapping.setItem(row, 3, QTableWidgetItem(first[row] if row < len(first) else ""))
        self.preview.setColumnCount(len(layout.headers))
        self.preview.setRowCount(len(layout.preview))
        for r, values in enumerate(layout.preview):
            for c, value in enumerate(values[: len(layout.headers)]):
                self.preview.setItem(r, c, QTableWidgetItem(value))
        self._mapping_changed()
        self.preview.resizeColumnsToContents()
        for c in range(self.preview.columnCount()):
            self.preview.setColumnWidth(c, min(260, self.preview.columnWidth(c) + 12))
        self.analysed.emit()

    def _header_at(self, row: int) -> str:
        item = self.mapping.item(row, 0)
        return item.text() if item is not None else ""

    def chosen_mapping(self) -> dict[str, str]:
        """Column header → "email", "name", "-" or the field name it is kept under."""
        mapping: dict[str, str] = {}
        for row in range(self.mapping.rowCount()):
            header = self._header_at(row)
            combo = self.mapping.cellWidget(row, 1)
            field_name = self.mapping.cellWidget(row, 2)
            assert isinstance(combo, QComboBox) and isinstance(field_name, QLineEdit)
            target = combo.currentData()
            mapping[header] = (field_name.text().strip() or header) if target == "field" else target
        return mapping

    def _mapping_changed(self) -> None:
        mapping = self.chosen_mapping()
        labels = []
        for row, (header, target) in enumerate(mapping.items()):
            editor = self.mapping.cellWidget(row, 2)
            if editor is not None:
                editor.setEnabled(target not in ("email", "name", SKIP))
            shown = {"email": self.tr("email address"), "name": self.tr("name"),
                     SKIP: self.tr("skipped")}.get(target, target)  # fmt: skip
            labels.append(f"{header}\n→ {shown}")
            for r in range(self.preview.rowCount()):
                item = self.preview.item(r, row)
                if item is not None:
                    item.setForeground(self.palette().placeholderText() if target == SKIP
                                       else self.palette().text())  # fmt: skip
        self.preview.setHorizontalHeaderLabels(labels)
        self._validate_mapping(mapping)

    def _validate_mapping(self, mapping: dict[str, str]) -> None:
        emails = [h for h, t in mapping.items() if t == "email"]
        fields = [t for t in mapping.values() if t not in ("email", "name", SKIP)]
        problem = ""
        if not emails:
            problem = self.tr(
                "No column looks like email addresses: set “Use as” to “Email address” on "
                "the column that holds them."
            )
        elif len(emails) > 1:
            problem = self.tr("Choose only one column as the email address.")
        elif len(set(fields)) != len(fields):
            problem = self.tr("Two columns are kept under the same field name: rename one.")
        elif sum(t == "name" for t in mapping.values()) > 1:
            problem = self.tr("Choose only one column as the name.")
        if problem:
            self.problem.show_message(problem, "warning")
            self.import_button.setEnabled(False)
        else:
            self.problem.clear()
            self.import_button.setEnabled(self.layout_info is not None and not self.analysing)

    # --- step 2 ---------------------------------------------------------------------------

    def start_import(self) -> None:
        if self.layout_info is None or self.running or self.analysing:
            return
        list_name = self.list_name.currentText().strip()
        if not list_name:
            self.problem.show_message(self.tr("Give the list a name."), "warning")
            return
        layout = CsvLayout(
            encoding=self.layout_info.encoding, delimiter=self.layout_info.delimiter,
            headers=self.layout_info.headers, mapping=self.chosen_mapping(), preview=[],
        )  # fmt: skip
        self.cancel_token = CancelToken()
        self.running = True
        self.progress.setValue(0)
        self.progress_label.setText(self.tr("Importing…"))
        self._go_to(1)
        self.import_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Stop"))
        # TaskRunner.submit takes its own ``cancel``; bind the importer's token explicitly.
        job = functools.partial(
            ops.import_file, self.path.text().strip(), list_name, layout=layout,
            progress=self._relay.progressed.emit, cancel=self.cancel_token,
        )  # fmt: skip
        self.context.op("import contacts", job, on_done=self._finished, on_error=self._failed)

    def _show_progress(self, progress: ImportProgress) -> None:
        if not self.running:
            return
        share = progress.bytes_read / progress.total_bytes if progress.total_bytes else 1
        self.progress.setValue(int(share * 1000))
        if self.cancel_token is None or not self.cancel_token.cancelled:
            rows = progress.rows
            self.progress_label.setText(numerus(self.tr("Importing… %Ln row(s) read", "", rows), rows))

    def _failed(self, error: StaffettaError) -> None:
        self.running = False
        self._go_to(0)
        self.problem.show_message(error.user_text(), "error")
        self.cancel_button.setText(self.tr("Close"))
        self.cancel_button.setEnabled(True)
        # Batches stored before the problem stay: the pages show them.
        self.context.signals.broadcast(Changes(contacts=True, lists=True))
        if self._close_when_done:
            super().reject()

    def _finished(self, report: ImportReport) -> None:
        self.running = False
        self.report = report
        self._go_to(2)
        stopped = (
            "<br>" + self.tr("The import was stopped; the rows before that point are saved.")
            if report.cancelled
            else ""
        )
        stats = "".join(
            f"<td style='padding-right:36px'><span style='font-size:22px; font-weight:600'>"
            f"{number(count)}</span><br>{label}</td>"
            for count, label in (
                (report.imported, numerus(self.tr("new contact(s)", "", report.imported),
                                          report.imported)),
                (report.updated, numerus(self.tr("updated", "", report.updated), report.updated)),
                (report.duplicates, numerus(self.tr("duplicate(s) skipped", "", report.duplicates),
                                            report.duplicates)),
                (report.invalid_count, numerus(self.tr("row(s) rejected", "",
                                                       report.invalid_count), report.invalid_count)),
            )
        )  # fmt: skip
        self.summary.setText(
            "<p style='font-size:15px'><b>"
            + fmt(self.tr("List “%1”"), html.escape(report.list_name))
            + f"</b></p><table cellspacing=0 cellpadding=0><tr>{stats}</tr></table>{stopped}"
        )
        self.rejected_rows.setRowCount(len(report.invalid))
        for row, bad in enumerate(report.invalid):
            for column, value in enumerate((str(bad.row), bad.value, translated(bad.reason))):
                self.rejected_rows.setItem(row, column, QTableWidgetItem(value))
        self.rejected_rows.resizeColumnToContents(0)
        self.rejected_rows.setColumnWidth(
            1, max(200, min(360, self.rejected_rows.sizeHintForColumn(1)))
        )
        for widget in (self.rejected_title, self.rejected_rows, self.save_rejected_button):
            widget.setVisible(bool(report.invalid))
        if report.invalid_count > len(report.invalid):
            self.rejected_title.setText(fmt(
                self.tr("Rejected rows (the first %1 of %2)"),
                number(len(report.invalid)), number(report.invalid_count),
            ))  # fmt: skip
        self.cancel_button.setText(self.tr("Close"))
        self.import_button.hide()
        self.imported.emit(report)
        self.context.signals.status_message.emit(fmt(
            numerus(self.tr("Imported %Ln new contact(s) into “%1”.", "", report.imported),
                    report.imported),
            report.list_name,
        ))  # fmt: skip
        if self._close_when_done:
            super().reject()

    def save_rejected(self) -> None:
        """Rejected rows as CSV (line, value, reason), safe to open in a spreadsheet."""
        if self.report is None:
            return
        path = choose_save_path(self, self.tr("Save rejected rows"), "rejected.csv")
        if not path:
            return
        self.context.op(
            "save rejected rows", functools.partial(ops.save_rejected, path, self.report.invalid),
            on_done=lambda n: self.context.signals.status_message.emit(
                fmt(numerus(self.tr("Saved %Ln row(s) to %1.", "", n), n), path)
            ),
            on_error=lambda error: self.problem.show_message(error.user_text(), "error"),
        )  # fmt: skip

    def cancel(self) -> None:
        if self.running and self.cancel_token is not None:
            self.cancel_token.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(self.tr("Stopping after the current batch…"))
            return
        self.reject()

    def reject(self) -> None:
        """Closing while importing stops the import first; the dialog closes when it has."""
        if self.running:
            self._close_when_done = True
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    def done_value(self) -> Any:
        return self.report


def _section(title: str) -> QLabel:
    label = QLabel(title)
    label.setStyleSheet("font-weight: 600; margin-top: 6px;")
    return label
