"""Import contacts: choose a file, check what was detected, map columns, import, review.

Detection (encoding, delimiter, email column) is shown and changeable before anything
is written; the import runs in the background with progress and can be cancelled; the
summary lists every rejected row with its line and reason, savable as CSV.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
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

from core.contacts import list_summaries, neutralise_cell
from core.errors import StaffettaError
from core.events import CancelToken
from core.importer import SKIP, CsvLayout, ImportProgress, ImportReport, import_contacts, sniff_csv
from gui.context import AppContext
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
DELIMITERS = [(",", "Comma ,"), (";", "Semicolon ;"), ("\t", "Tab"), ("|", "Pipe |")]
TARGETS = [
    ("email", "Email address"),
    ("name", "Name"),
    ("field", "Keep as a field"),
    (SKIP, "Skip"),
]


class _ProgressRelay(QObject):
    progressed = Signal(object)


class ImportWizard(QDialog):
    imported = Signal(object)  # ImportReport

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Import contacts")
        self.resize(900, 620)
        self.layout_info: CsvLayout | None = None
        self.report: ImportReport | None = None
        self.cancel_token: CancelToken | None = None
        self._relay = _ProgressRelay(self)
        self._relay.progressed.connect(self._show_progress)

        # Step 1: file and detection
        self.path = QLineEdit()
        self.path.setPlaceholderText("Choose a CSV file exported from your spreadsheet")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        self.encoding = QComboBox()
        self.encoding.setEditable(True)
        self.encoding.addItems(ENCODINGS)
        self.delimiter = QComboBox()
        for value, label in DELIMITERS:
            self.delimiter.addItem(label, value)
        self.list_name = QComboBox()
        self.list_name.setEditable(True)
        for _i, name, _c in list_summaries():
            self.list_name.addItem(name)
        self.list_name.setCurrentText(
            self.list_name.itemText(0) if self.list_name.count() else "My contacts"
        )
        self.encoding.activated.connect(lambda _i: self.analyse(keep_choices=True))
        self.delimiter.activated.connect(lambda _i: self.analyse(keep_choices=True))
        self.detected = QLabel()
        self.detected.setObjectName("hint")
        self.problem = Banner()
        self.mapping = QTableWidget(0, 3)
        self.mapping.setHorizontalHeaderLabels(["Column", "Use as", "First value"])
        self.mapping.verticalHeader().setVisible(False)
        self.mapping.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.preview = QTableWidget(0, 0)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setVisible(False)

        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("File", file_row)
        form.addRow("Encoding", self.encoding)
        form.addRow("Delimiter", self.delimiter)
        form.addRow("Into list", self.list_name)
        setup = QWidget()
        setup_layout = QVBoxLayout(setup)
        setup_layout.addLayout(form)
        setup_layout.addWidget(self.detected)
        setup_layout.addWidget(self.problem)
        setup_layout.addWidget(QLabel("Columns:"))
        setup_layout.addWidget(self.mapping, 1)
        setup_layout.addWidget(QLabel("Preview of the first rows:"))
        setup_layout.addWidget(self.preview, 1)

        # Step 2: progress
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress_label = QLabel("Importing…")
        running = QWidget()
        running_layout = QVBoxLayout(running)
        running_layout.addStretch(1)
        running_layout.addWidget(self.progress_label)
        running_layout.addWidget(self.progress)
        running_layout.addStretch(1)

        # Step 3: summary
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.rejected = QTableWidget(0, 3)
        self.rejected.setHorizontalHeaderLabels(["Line", "Value", "Why it was rejected"])
        self.rejected.verticalHeader().setVisible(False)
        self.rejected.horizontalHeader().setStretchLastSection(True)
        self.rejected.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.save_rejected_button = QPushButton("Save rejected rows as CSV…")
        self.save_rejected_button.clicked.connect(lambda: self.save_rejected())
        done = QWidget()
        done_layout = QVBoxLayout(done)
        done_layout.addWidget(self.summary)
        done_layout.addWidget(self.rejected, 1)
        done_layout.addWidget(self.save_rejected_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.steps = QStackedWidget()
        for page in (setup, running, done):
            self.steps.addWidget(page)
        self.import_button = QPushButton("Import")
        self.import_button.setDefault(True)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps, 1)
        layout.addLayout(buttons)
        self.path.editingFinished.connect(lambda: self.analyse())

    # --- step 1 ---------------------------------------------------------------------------

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a CSV file", "", "CSV or text (*.csv *.txt *.tsv);;All files (*)"
        )
        if path:
            self.set_path(path)

    def set_path(self, path: str) -> None:
        self.path.setText(path)
        self.analyse()

    def analyse(self, *, keep_choices: bool = False) -> None:
        """Detect (or re-read with the chosen encoding/delimiter) and fill mapping and preview."""
        path = self.path.text().strip()
        if not path:
            return
        try:
            layout = sniff_csv(
                path,
                encoding=self.encoding.currentText() if keep_choices else None,
                delimiter=self.delimiter.currentData() if keep_choices else None,
            )
        except StaffettaError as exc:
            self.layout_info = None
            self.problem.show_message(exc.user_text(), "error")
            self.import_button.setEnabled(False)
            self.mapping.setRowCount(0)
            self.preview.setRowCount(0)
            return
        self.problem.clear()
        self.layout_info = layout
        self.encoding.setCurrentText(layout.encoding)
        self.delimiter.setCurrentIndex(max(0, self.delimiter.findData(layout.delimiter)))
        if (
            not keep_choices
            and Path(path).stem
            and self.list_name.currentText() in ("", "My contacts")
        ):
            self.list_name.setCurrentText(Path(path).stem)
        self.detected.setText(
            f"Detected: {layout.encoding}, {dict(DELIMITERS).get(layout.delimiter, layout.delimiter).lower()}, "
            f"{len(layout.headers)} columns; the email address is in “{layout.email_column}”."
        )
        self.mapping.setRowCount(len(layout.headers))
        first = layout.preview[0] if layout.preview else []
        for row, header in enumerate(layout.headers):
            self.mapping.setItem(row, 0, QTableWidgetItem(header))
            combo = QComboBox()
            for key, label in TARGETS:
                combo.addItem(label, key)
            target = layout.mapping.get(header, header)
            combo.setCurrentIndex(
                combo.findData(target if target in ("email", "name", SKIP) else "field")
            )
            combo.currentIndexChanged.connect(lambda _i: self._validate_mapping())
            self.mapping.setCellWidget(row, 1, combo)
            self.mapping.setItem(row, 2, QTableWidgetItem(first[row] if row < len(first) else ""))
        self.preview.setColumnCount(len(layout.headers))
        self.preview.setHorizontalHeaderLabels(layout.headers)
        self.preview.setRowCount(len(layout.preview))
        for r, values in enumerate(layout.preview):
            for c, value in enumerate(values[: len(layout.headers)]):
                self.preview.setItem(r, c, QTableWidgetItem(value))
        self._validate_mapping()

    def chosen_mapping(self) -> dict[str, str]:
        mapping: dict[str, str] = {}
        for row in range(self.mapping.rowCount()):
            header = self.mapping.item(row, 0).text()
            combo = self.mapping.cellWidget(row, 1)
            assert isinstance(combo, QComboBox)
            target = combo.currentData()
            mapping[header] = header if target == "field" else target
        return mapping

    def set_target(self, header: str, target: str) -> None:
        for row in range(self.mapping.rowCount()):
            if self.mapping.item(row, 0).text() == header:
                combo = self.mapping.cellWidget(row, 1)
                assert isinstance(combo, QComboBox)
                combo.setCurrentIndex(combo.findData(target))

    def _validate_mapping(self) -> None:
        emails = [h for h, t in self.chosen_mapping().items() if t == "email"]
        if len(emails) != 1:
            self.problem.show_message("Choose exactly one column as the email address.", "warning")
            self.import_button.setEnabled(False)
        else:
            self.problem.clear()
            self.import_button.setEnabled(self.layout_info is not None)

    # --- step 2 ---------------------------------------------------------------------------

    def start_import(self) -> None:
        if self.layout_info is None:
            return
        list_name = self.list_name.currentText().strip()
        if not list_name:
            self.problem.show_message("Give the list a name.", "warning")
            return
        layout = CsvLayout(
            encoding=self.layout_info.encoding, delimiter=self.layout_info.delimiter,
            headers=self.layout_info.headers, mapping=self.chosen_mapping(), preview=[],
        )  # fmt: skip
        self.cancel_token = CancelToken()
        self.steps.setCurrentIndex(1)
        self.import_button.setEnabled(False)
        self.cancel_button.setText("Stop")
        self.context.tasks.submit(
            "import contacts", import_contacts, self.path.text().strip(), list_name, layout=layout,
            progress=self._relay.progressed.emit, cancel=self.cancel_token,
            on_done=self._finished, on_error=self._failed,
        )  # fmt: skip

    def _show_progress(self, progress: ImportProgress) -> None:
        share = progress.bytes_read / progress.total_bytes if progress.total_bytes else 1
        self.progress.setValue(int(share * 1000))
        self.progress_label.setText(f"Importing… {progress.rows:,} rows read")

    def _failed(self, error: StaffettaError) -> None:
        self.steps.setCurrentIndex(0)
        self.problem.show_message(error.user_text(), "error")
        self.cancel_button.setText("Close")
        self.context.signals.contacts_changed.emit()

    def _finished(self, report: ImportReport) -> None:
        self.report = report
        self.steps.setCurrentIndex(2)
        stopped = (
            " The import was stopped; the rows before that point are saved."
            if report.cancelled
            else ""
        )
        self.summary.setText(
            f"<b>List “{report.list_name}”</b>: {report.imported:,} new contacts, {report.updated:,} "
            f"updated, {report.duplicates:,} duplicates skipped, {report.invalid_count:,} rows rejected.{stopped}"
        )
        self.rejected.setRowCount(len(report.invalid))
        for row, bad in enumerate(report.invalid):
            for column, value in enumerate((str(bad.row), bad.value, bad.reason)):
                self.rejected.setItem(row, column, QTableWidgetItem(value))
        self.save_rejected_button.setEnabled(bool(report.invalid))
        self.cancel_button.setText("Close")
        self.import_button.hide()
        self.imported.emit(report)
        self.context.signals.contacts_changed.emit()
        self.context.signals.status_message.emit(
            f"Imported {report.imported:,} contacts into {report.list_name!r}."
        )

    def save_rejected(self, path: str | None = None) -> None:
        if self.report is None:
            return
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Save rejected rows", "rejected.csv", "CSV (*.csv)"
            )
            if not path:
                return
        with Path(path).open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["line", "value", "reason"])
            for bad in self.report.invalid:
                writer.writerow([neutralise_cell(v) for v in (bad.row, bad.value, bad.reason)])

    def cancel(self) -> None:
        if self.steps.currentIndex() == 1 and self.cancel_token is not None:
            self.cancel_token.cancel()
            self.progress_label.setText("Stopping after the current batch…")
            return
        self.reject()

    def done_value(self) -> Any:
        return self.report
