"""The window's part of teams: File → Open team database… / Open desktop database, the
database named in the title and the status bar, and the Senders page on a team database.

The team database opened last is remembered (its URL, never a password: that is in the
keyring) and opened at the next start unless ``--db`` or ``STAFFETTA_DB`` says otherwise;
opening the desktop database again forgets it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QListWidgetItem, QMenu, QMessageBox

from core import APP_NAME
from core.errors import StaffettaError
from core.ops import team as ops
from gui.i18n import fmt

if TYPE_CHECKING:
    from gui.main_window import MainWindow

SETTINGS_KEY = "database/team"  # the team database to open at start (URL without password)
LAST_KEY = "database/last_team"  # what the dialog offers (kept after going back to desktop)
SENDERS_PAGE = "senders"


class TeamParts:
    """What this module adds to a window (tests reach the widgets through it)."""

    def __init__(self) -> None:
        self.open_team_action: QAction | None = None
        self.open_desktop_action: QAction | None = None
        self.database: ops.OpenedDatabase | None = None
        self.label: QLabel | None = None
        self.dialog: Any = None  # the TeamDatabaseDialog last opened
        self.switch_question: QMessageBox | None = None


def remembered_location() -> str:
    value = QSettings().value(SETTINGS_KEY, "")
    return value if isinstance(value, str) and ops.is_team_location(value) else ""


def remember(location: str) -> None:
    """The database to open at the next start: a team one, or (desktop) none."""
    settings = QSettings()
    if ops.is_team_location(location):
        settings.setValue(SETTINGS_KEY, location)
        settings.setValue(LAST_KEY, location)
    else:
        settings.remove(SETTINGS_KEY)


def could_not_open_team_text(error: StaffettaError) -> str:
    """At start: the remembered team database did not open (the desktop one opens instead)."""
    from gui.core_text import translated

    return fmt(
        QCoreApplication.translate("TeamDatabase", "The team database could not be opened: %1 The database on this computer opens "
           "instead; File → Open team database… tries again."),
        translated(error.user_text()),
    )  # fmt: skip


def add_menu(window: MainWindow, file_menu: QMenu) -> None:
    """File → Open team database… and Open desktop database."""
    action = file_menu.addAction(QCoreApplication.translate("TeamDatabase", "Open &team database…"))
    action.setToolTip(
        QCoreApplication.translate(
            "TeamDatabase",
            "Share contacts, campaigns and the queue with a team on a PostgreSQL server",
        )
    )
    action.triggered.connect(lambda: open_team_database(window))
    window.team.open_team_action = action
    desktop = file_menu.addAction(
        QCoreApplication.translate("TeamDatabase", "Open &desktop database")
    )
    desktop.setToolTip(
        QCoreApplication.translate("TeamDatabase", "Go back to the database on this computer")
    )
    desktop.triggered.connect(lambda: open_desktop_database(window))
    window.team.open_desktop_action = desktop
    file_menu.addSeparator()


def install(window: MainWindow) -> None:
    """Name the open database (title, status bar); on a team one, add the Senders page."""
    info = ops.current_database()
    window.team.database = info
    label = QLabel()
    label.setObjectName("hint")
    label.setContentsMargins(0, 0, 12, 0)
    if info.team:
        window.setWindowTitle(
            fmt(
                QCoreApplication.translate("TeamDatabase", "%1 — team database %2"),
                APP_NAME,
                info.title,
            )
        )
        label.setText(
            fmt(QCoreApplication.translate("TeamDatabase", "Team database: %1"), info.title)
        )
        label.setToolTip(
            fmt(
                QCoreApplication.translate("TeamDatabase", "%1 as user %2"),
                info.location,
                info.user,
            )
        )
        _add_senders_page(window)
    else:
        label.setText(QCoreApplication.translate("TeamDatabase", "Desktop database"))
        label.setToolTip(info.location)
    if window.team.open_desktop_action is not None:
        window.team.open_desktop_action.setEnabled(info.team)
    window.team.label = label
    window.statusBar().insertPermanentWidget(0, label)


def _add_senders_page(window: MainWindow) -> None:
    from gui.pages.senders_page import SendersPage

    page = SendersPage(window.context)
    index = len(window._page_keys)
    window.pages[SENDERS_PAGE] = page
    window._page_keys.append(SENDERS_PAGE)
    window.stack.addWidget(page)
    label = QCoreApplication.translate("TeamDatabase", "Senders")
    item = QListWidgetItem(label)
    item.setToolTip(fmt(QCoreApplication.translate("MainWindow", "%1 (Ctrl+%2)"), label, index + 1))
    window.navigation.addItem(item)
    action = window.go_menu.addAction(label)
    action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
    action.triggered.connect(lambda: window.show_page(SENDERS_PAGE))


def open_team_database(window: MainWindow) -> None:
    """Ask for the team database; once it checked out, the window moves onto it."""
    from gui.dialogs.team_database_dialog import TeamDatabaseDialog

    info = window.team.database
    initial = info.location if info is not None and info.team else ""
    if not initial:
        last = QSettings().value(LAST_KEY, "")
        initial = last if isinstance(last, str) else ""
    dialog = TeamDatabaseDialog(window.context, initial, window)
    window.team.dialog = dialog
    dialog.chosen.connect(lambda location: _switch(window, location))
    dialog.open()


def open_desktop_database(window: MainWindow) -> None:
    from core.paths import database_location

    _switch(window, database_location())


def _switch(window: MainWindow, location: str) -> None:
    from gui.window_host import WindowHost

    if not _may_stop_sending(window):
        return
    WindowHost.of(window).switch_later(location)


def _may_stop_sending(window: MainWindow) -> bool:
    sender = window.context.services.get("sender")
    if sender is None or not getattr(sender, "busy", False):
        return True
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("TeamDatabase", "Stop sending here?"),
        QCoreApplication.translate(
            "TeamDatabase",
            "This window is sending right now. Stop and open the other database? Messages "
            "already on their way finish first; the rest stay queued and go out when a "
            "sender works on this database again.",
        ),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        window,
    )
    window.team.switch_question = box
    try:
        return box.exec() == QMessageBox.StandardButton.Yes
    finally:
        window.team.switch_question = None
