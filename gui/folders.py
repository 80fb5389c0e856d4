"""Where file dialogs open: the folder used last for that kind of file, else Documents.

Never the program's own folder (the current directory of a bundle or a source checkout).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


def default_folder() -> str:
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation
    )
    if documents and Path(documents).is_dir():
        return documents
    return str(Path.home())


def last_folder(kind: str) -> str:
    """The folder a ``kind`` of file ("attachments", "csv import", "export") was last in."""
    value = QSettings().value(f"folders/{kind}")
    if isinstance(value, str) and Path(value).is_dir():
        return value
    return default_folder()


def remember_folder(kind: str, path: str) -> None:
    folder = Path(path)
    if not folder.is_dir():
        folder = folder.parent
    QSettings().setValue(f"folders/{kind}", str(folder))


def file_dialog(
    parent: QWidget, kind: str, title: str, *, name_filter: str = "",
    save: bool = False, multiple: bool = False,
) -> QFileDialog:  # fmt: skip
    """A non-native file dialog (the same on every desktop, and answerable in tests)
    opening in the last folder of ``kind``; the chosen folder is remembered on accept."""
    dialog = QFileDialog(parent, title, last_folder(kind), name_filter)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    else:
        dialog.setFileMode(
            QFileDialog.FileMode.ExistingFiles if multiple else QFileDialog.FileMode.ExistingFile
        )
    dialog.accepted.connect(
        lambda: remember_folder(kind, dialog.selectedFiles()[0]) if dialog.selectedFiles() else None
    )
    return dialog
