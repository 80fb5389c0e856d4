"""Open and save dialogs that start somewhere sensible and remember where you went.

They start in the folder last used for the same purpose (``key``), else Documents, else
the home folder: never the program's own folder. They are real ``QFileDialog`` objects
run modally (not the static helpers), so a test finds one with
``QApplication.activeModalWidget()`` and types a path into it as a person would.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

CSV_FILTER = "CSV (*.csv)"


def start_folder(key: str) -> str:
    remembered = QSettings().value(f"dialogs/{key}")
    if isinstance(remembered, str) and Path(remembered).is_dir():
        return remembered
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return documents
    return str(Path.home())


def _run(dialog: QFileDialog, key: str) -> str | None:
    if not dialog.exec():
        return None
    chosen = dialog.selectedFiles()
    if not chosen:
        return None
    QSettings().setValue(f"dialogs/{key}", str(Path(chosen[0]).parent))
    return chosen[0]


def choose_save_path(
    parent: QWidget | None, title: str, suggested_name: str, name_filter: str = CSV_FILTER,
    *, key: str = "export",
) -> str | None:  # fmt: skip
    """Where to write a file (None: cancelled); asks before replacing an existing one."""
    dialog = QFileDialog(parent, title, str(Path(start_folder(key)) / suggested_name), name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix(Path(suggested_name).suffix.lstrip(".") or "csv")
    dialog.selectFile(suggested_name)
    return _run(dialog, key)


def choose_open_path(
    parent: QWidget | None, title: str, name_filter: str, *, key: str = "import"
) -> str | None:
    """An existing file to read (None: cancelled)."""
    dialog = QFileDialog(parent, title, start_folder(key), name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _run(dialog, key)
