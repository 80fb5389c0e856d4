"""How problems reach the user: a clear sentence for known errors, a crash dialog for bugs."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from core.db import disk_full_problem
from core.errors import DiskFull, StaffettaError
from gui.i18n import fmt

log = logging.getLogger(__name__)


def known_error(error: BaseException, *, resumes: bool = False) -> StaffettaError | None:
    """The user's sentence for ``error``: a ``StaffettaError`` as it is, a condition that
    arrives as another exception (a full disk: SQLite's ``database or disk is full``, an
    ``OSError`` ENOSPC) as its ``StaffettaError``; None for a bug."""
    if isinstance(error, StaffettaError):
        return error
    full = disk_full_problem(error, resumes=resumes)
    return None if full is None else DiskFull(full.message, hint=disk_full_hint(resumes=resumes))


def disk_full_hint(*, resumes: bool) -> str:
    """What to do about a full disk, in the window's words: the CLI's hint names ``--db``
    and says "run the command again", which mean nothing to someone in the window."""
    if resumes:
        return QCoreApplication.translate(
            "Errors", "Free some space there; sending resumes by itself once there is room. "
            "Nothing that was already saved is lost.",
        )  # fmt: skip
    return QCoreApplication.translate(
        "Errors", "Free some space there; then try again. Nothing that was already saved is lost."
    )


def show_error(
    parent: QWidget | None, error: StaffettaError | str, title: str = "Staffetta"
) -> None:
    """One sentence and what to do; never a traceback."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    from gui.core_text import translated  # core writes English; the window may not

    if isinstance(error, StaffettaError):
        box.setText(translated(error.message))
        if error.hint:
            box.setInformativeText(translated(error.hint))
    else:
        box.setText(translated(error))
    box.open()


class CrashReporter:
    """Installed as ``sys.excepthook``: logs the bug and shows a dialog naming the log file."""

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self.shown = 0

    def __call__(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        known = known_error(error)
        if known is not None:
            log.warning("%s", known.user_text())
            show_error(QApplication.activeWindow(), known)
            return
        log.error("unhandled error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
        self.shown += 1
        if QApplication.instance() is None:
            sys.__excepthook__(kind, error, tb)
            return
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(QCoreApplication.translate("CrashReporter", "Staffetta hit a bug"))
        box.setText(
            QCoreApplication.translate(
                "CrashReporter", "Something went wrong inside Staffetta. Your data is safe."
            )
        )
        box.setInformativeText(
            fmt(
                QCoreApplication.translate(
                    "CrashReporter",
                    "The details are in the log file:\n%1\n\nPlease send that file to the developers.",
                ),
                self.log_path,
            )
        )
        box.setDetailedText("".join(traceback.format_exception(kind, error, tb)))
        box.open()
