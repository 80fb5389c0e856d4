"""The suppression list: every address (or @domain) no campaign sends to, and why.

Reads and writes go through ``core.ops.returnpath`` off the UI thread. Import takes a
CSV exported from another tool, export writes one, Add takes addresses or ``@domain``
entries typed in, Remove takes the selection off the list (a contact who had bounced is
active again; one who unsubscribed or complained stays so). "Check mailboxes now" reads
every profile's mailbox once.

The table shows each entry's reason, the campaign whose message came back and the date
(local time); the pane under it says everything about the selected entry (the relay's
words, the reports before it, the contact) and lifts it after asking
(``gui.suppression_detail``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.ops import Changes
from core.ops import returnpath as ops
from core.suppressions import SuppressionEntry
from gui.context import AppContext
from gui.core_text import translated
from gui.format import local_datetime
from gui.i18n import fmt, numerus
from gui.suppression_detail import SuppressionDetailPanel
from gui.widgets import Banner, big_table_view, page_header

Index = QModelIndex | QPersistentModelIndex


def _since(created_at: str | None) -> str:
    """The stored UTC time (ISO text) in the user's zone and locale: 1 dic 2026, 14:05:12."""
    if not created_at:
        return ""
    try:
        return local_datetime(datetime.fromisoformat(created_at.rstrip("Z")))
    except ValueError:
        return created_at


class SuppressionModel(QAbstractTableModel):
    """The entries as plain rows (the list is read whole: addresses and a reason each)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[SuppressionEntry] = []
        self.headers = [
            self.tr("Address or domain"), self.tr("Why"), self.tr("Campaign"), self.tr("Since"),
        ]  # fmt: skip

    def set_rows(self, rows: list[SuppressionEntry]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        entry = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = (entry.email, entry.reason, entry.campaign or "", _since(entry.created_at))
            return value[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return entry.email
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


class SuppressionsPage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.loading = False
        self.file_dialog: QFileDialog | None = None
        self.add_dialog: QInputDialog | None = None
        self.model = SuppressionModel()
        self.table = big_table_view()
        self.table.setModel(self.model)
        self.table.setColumnWidth(0, 240)
        self.table.setColumnWidth(1, 380)
        self.table.setColumnWidth(2, 150)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.detail = SuppressionDetailPanel(context)
        self.detail.lifted.connect(self._lifted)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search addresses…"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.import_button = QPushButton(self.tr("Import CSV…"))
        self.import_button.clicked.connect(self.import_csv)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.clicked.connect(self.export_csv)
        self.add_button = QPushButton(self.tr("Add…"))
        self.add_button.setToolTip(self.tr("Addresses or @domain entries, separated by commas"))
        self.add_button.clicked.connect(self.add_entries)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.remove_button.setEnabled(False)
        self.check_button = QPushButton(self.tr("Check mailboxes now"))
        self.check_button.setToolTip(
            self.tr("Read the bounces, complaints and unsubscribe requests that came back")
        )
        self.check_button.clicked.connect(self.check_mailboxes)
        self.banner = Banner()
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        buttons = QHBoxLayout()
        for button in (self.import_button, self.export_button, self.add_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(
            page_header(
                self.tr("Suppression list"),
                self.tr(
                    "Addresses no campaign sends to: hard bounces, complaints, unsubscribe "
                    "requests and the ones you add. An entry @example.org blocks the whole domain."
                ),
            )
        )
        layout.addLayout(top)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.banner)
        layout.addLayout(buttons)
        context.signals.changed.connect(self._changed)
        self.reload()

    # --- reading -----------------------------------------------------------------------

    def _changed(self, changes: Changes) -> None:
        if changes.suppressions:
            self.reload()

    def reload(self) -> None:
        self.loading = True
        self.context.query(
            "load suppressions", ops.suppression_list, self.search.text(), on_done=self._show
        )

    def _show(self, rows: list[SuppressionEntry]) -> None:
        self.model.set_rows(rows)
        count = len(rows)
        self.count.setText(numerus(self.tr("%Ln (entry|entries)", "", count), count))
        self.loading = False

    def _selection_changed(self) -> None:
        chosen = self.selected()
        self.remove_button.setEnabled(bool(chosen))
        self.detail.load(chosen[0] if len(chosen) == 1 else None)
        if len(chosen) > 1:
            n = len(chosen)
            self.detail.title.setText(numerus(self.tr(
                "%Ln (entry|entries) selected: Remove takes them all off the list.", "", n), n))  # fmt: skip

    def _lifted(self, removal: Any) -> None:
        self._removed(removal)

    def selected(self) -> list[str]:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        return [self.model.rows[r].email for r in sorted(rows) if r < len(self.model.rows)]

    # --- writing -----------------------------------------------------------------------

    def _file_dialog(self, title: str, *, save: bool) -> QFileDialog:
        """A non-native, non-blocking file dialog (kept as ``file_dialog``)."""
        if self.file_dialog is not None:
            self.file_dialog.deleteLater()
        dialog = QFileDialog(self, title, "", self.tr("CSV files (*.csv *.txt)"))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        if save:
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setDefaultSuffix("csv")
            dialog.selectFile("suppressions.csv")
        else:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        self.file_dialog = dialog
        return dialog

    def import_csv(self) -> None:
        dialog = self._file_dialog(self.tr("Import a suppression list"), save=False)
        dialog.fileSelected.connect(self.import_file)
        dialog.open()

    def import_file(self, path: str) -> None:
        self.context.op("import suppressions", ops.import_suppressions, path,
                        on_done=self._imported)  # fmt: skip

    def _imported(self, report: Any) -> None:
        added, domains, already = report.imported, report.domains, report.already
        text = fmt(self.tr("%1 (%2), %3."),
                   numerus(self.tr("%Ln (entry|entries) added", "", added), added),
                   numerus(self.tr("%Ln domain(s)", "", domains), domains),
                   numerus(self.tr("%Ln already on the list", "", already), already))  # fmt: skip
        if report.invalid:
            first, n = report.invalid[0], len(report.invalid)
            text += " " + fmt(numerus(self.tr("%Ln row(s) skipped (first: line %1, %2).", "", n), n),
                              first["row"], translated(first["reason"]))  # fmt: skip
        self.banner.show_message(text, "warning" if report.invalid else "success")

    def export_csv(self) -> None:
        dialog = self._file_dialog(self.tr("Export the suppression list"), save=True)
        dialog.fileSelected.connect(self.export_file)
        dialog.open()

    def export_file(self, path: str) -> None:
        self.context.query(
            "export suppressions", ops.export_suppressions, path,
            on_done=lambda n: self.banner.show_message(
                fmt(numerus(self.tr("%Ln (entry|entries) written to %1.", "", n), n), path),
                "success",
            ),
        )  # fmt: skip

    def add_entries(self) -> None:
        if self.add_dialog is not None:
            self.add_dialog.deleteLater()
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Add to the suppression list"))
        dialog.setLabelText(self.tr("Addresses or @domain entries (separated by commas or spaces):"))
        dialog.textValueSelected.connect(self.add_text)
        self.add_dialog = dialog
        dialog.open()

    def add_text(self, text: str) -> None:
        values = [v for v in text.replace(",", " ").replace(";", " ").split() if v]
        if not values:
            return
        self.context.op(
            "add suppressions", ops.add_suppressions, values,
            on_done=lambda n: self.banner.show_message(
                numerus(self.tr("%Ln (entry|entries) added.", "", n), n), "success"
            ),
        )  # fmt: skip

    def remove_selected(self) -> None:
        entries = self.selected()
        if not entries:
            return
        shown = ", ".join(entries[:5]) + (" …" if len(entries) > 5 else "")
        answer = QMessageBox.question(
            self, self.tr("Remove from the suppression list"),
            self.tr("Send to these addresses again?\n\n%s") % shown,
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.context.op("remove suppressions", ops.remove_suppressions, entries,
                        on_done=self._removed)  # fmt: skip

    def _removed(self, removal: Any) -> None:
        removed, kept = len(removal.removed), len(removal.still_blocked)
        text = numerus(self.tr("%Ln (entry|entries) removed.", "", removed), removed)
        if kept:
            text += " " + numerus(self.tr(
                "%Ln of them (stays|stay) unsubscribed or complained: that was the person's own "
                "wish.", "", kept), kept)  # fmt: skip
        self.banner.show_message(text, "info")

    def check_mailboxes(self) -> None:
        self.check_button.setEnabled(False)
        self.check_button.setText(self.tr("Checking…"))
        self.context.op(
            "check mailboxes", ops.check_now, io=True, on_done=self._checked,
            on_error=self._check_failed,
        )  # fmt: skip

    def _checked(self, report: Any) -> None:
        self.check_button.setEnabled(True)
        self.check_button.setText(self.tr("Check mailboxes now"))
        c = report.counts
        alone = c.unmatched + c.auto_replies
        text = fmt(self.tr("%1: %2, %3, %4, %5, %6."),
                   numerus(self.tr("%Ln new mail(s)", "", c.checked), c.checked),
                   numerus(self.tr("%Ln bounce(s)", "", c.bounces), c.bounces),
                   numerus(self.tr("%Ln soft bounce(s)", "", c.soft_bounces), c.soft_bounces),
                   numerus(self.tr("%Ln complaint(s)", "", c.complaints), c.complaints),
                   numerus(self.tr("%Ln unsubscribe(s)", "", c.unsubscribes), c.unsubscribes),
                   numerus(self.tr("%Ln left alone", "", alone), alone))  # fmt: skip
        for profile, error in report.errors.items():
            text += "\n" + self.tr("%s: %s") % (profile, error)
        self.banner.show_message(text, "warning" if report.errors else "success")

    def _check_failed(self, error: Any) -> None:
        self.check_button.setEnabled(True)
        self.check_button.setText(self.tr("Check mailboxes now"))
        self.banner.show_message("✗ " + error.user_text(), "error")
