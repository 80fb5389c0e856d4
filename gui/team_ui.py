"""The window's part of teams: File → Open team database… / Open desktop database, the
database named in the title and the status bar, and the Senders page on a team database.

The team database opened last is remembered (its URL, never a password: that is in the
keyring) and opened at the next start unless ``--db`` or ``STAFFETTA_DB`` says otherwise;
opening the desktop database again forgets it. When it cannot be reached at start, the
user chooses: Retry, or the desktop database for now (``open_start_database``); the
window never waits on the server for more than a few seconds.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from core import APP_NAME
from core.errors import StaffettaError
from core.ops import team as ops
from gui.i18n import fmt, number

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from core.team.database import TeamCheck
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
        self.switch_question: QMessageBox | None = None  # "Stop sending here?" while open
        self.deciding = False  # reading whether this window's sender has work here


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


START_WAIT_SECONDS = 5.0  # at start, a team server that does not answer is given up on
BUSY_AFTER_SECONDS = 0.4  # then "Connecting to…" shows, with a way out


def open_start_database(team: str, desktop: str, *, clock: Callable[[], float] = time.monotonic,
                        parent: QWidget | None = None) -> str:  # fmt: skip
    """At start: open the remembered team database, or the desktop one; returns which.

    The team one is checked on a thread of its own first (reachable, login accepted, a
    schema this version can use), never longer than ``START_WAIT_SECONDS`` by ``clock``
    ("Connecting to…" shows meanwhile, with "Open the desktop database" to stop waiting).
    When it cannot be used (server down, the password changed, no network) the user
    chooses: Retry, or the desktop database for now; the team one stays remembered.
    Raises ``StaffettaError`` only when the desktop database itself cannot be opened."""
    from core.db import open_database, redacted

    while True:
        problem, check = _reach(team, clock, parent)
        if isinstance(problem, _StoppedWaiting):  # chosen on "Connecting to…" already
            break
        if check is not None and check.needs_upgrade and not _agree_to_upgrade(check, parent):
            break  # made by an older Staffetta: upgraded only once the user agreed
        if problem is None:
            try:
                open_database(team)
            except StaffettaError as exc:
                problem = exc
            else:
                return team
        log.warning("the team database %s could not be opened: %s", redacted(team), problem.message)
        if not _ask_retry(team, problem, parent):
            break
    open_database(desktop)
    return desktop


class _StoppedWaiting(StaffettaError):
    """The user chose the desktop database while the team server was being reached."""


class _Attempt:
    """One check of the team database on a daemon thread (a server that never answers
    keeps it only until libpq's own connect timeout)."""

    def __init__(self, location: str) -> None:
        self.done = threading.Event()
        self.error: StaffettaError | None = None
        self.check: TeamCheck | None = None
        self.thread = threading.Thread(
            target=self._run, args=(location,), name="staffetta-team-check", daemon=True
        )
        self.thread.start()

    def _run(self, location: str) -> None:
        try:
            self.check = ops.connect(location)
        except StaffettaError as exc:
            self.error = exc
        except Exception as exc:  # a bug: said in one sentence here, logged in full
            log.exception("checking the team database failed")
            self.error = StaffettaError(f"Cannot check the team database: {exc}.")
        finally:
            self.done.set()


def _reach(
    location: str, clock: Callable[[], float], parent: QWidget | None
) -> tuple[StaffettaError | None, TeamCheck | None]:
    """(None, what is there) once the team database can be used; else (why not, None):
    given up on after ``START_WAIT_SECONDS``, or the user chose not to wait."""
    from core.errors import DatabaseProblem

    attempt = _Attempt(location)
    started = clock()
    busy: QProgressDialog | None = None
    try:
        while not attempt.done.wait(0.02):
            waited = clock() - started
            if waited >= START_WAIT_SECONDS:
                silent = DatabaseProblem(
                    fmt(
                        QCoreApplication.translate(
                            "TeamDatabase", "The server did not answer within %1 seconds."
                        ),
                        number(START_WAIT_SECONDS),
                    ),
                    hint=QCoreApplication.translate(
                        "TeamDatabase",
                        "Check the network connection, and that the server is running.",
                    ),
                )
                return silent, None
            if busy is None and waited >= BUSY_AFTER_SECONDS:
                busy = _connecting_box(location, parent)
                busy.show()
            if busy is not None and busy.wasCanceled():
                return _StoppedWaiting("The desktop database was chosen instead."), None
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    finally:
        if busy is not None:
            busy.close()
            busy.deleteLater()
    return attempt.error, attempt.check


def _agree_to_upgrade(check: TeamCheck, parent: QWidget | None) -> bool:
    """A team database made by an older Staffetta is upgraded at start only once the user
    agreed, as when it is opened from the menu (the same question)."""
    text = QCoreApplication.translate(
        "TeamDatabaseDialog",
        "%1 was made by an older Staffetta (schema %2). Opening it upgrades it to "
        "schema %3; senders still running the older version must be updated.",
    )
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("TeamDatabaseDialog", "Upgrade the team database?"),
        fmt(text, check.shown, check.schema_version, check.known_version),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    upgrade = box.addButton(
        QCoreApplication.translate("TeamDatabaseDialog", "Upgrade and open"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    return _ask_at_start(box, default=None) is upgrade


def _ask_at_start(box: QMessageBox, *, default: QPushButton | None) -> QAbstractButton | None:
    """Ask one of the questions at start, with "Open the desktop database" added as the way
    out (Escape; the default unless ``default`` is given); the button clicked."""
    desktop = box.addButton(
        QCoreApplication.translate("TeamDatabase", "Open the desktop database"),
        QMessageBox.ButtonRole.RejectRole,
    )
    box.setDefaultButton(desktop if default is None else default)
    box.setEscapeButton(desktop)
    global start_question
    start_question = box
    try:
        box.exec()
    finally:
        start_question = None
    return box.clickedButton()


def _connecting_box(location: str, parent: QWidget | None) -> QProgressDialog:
    busy = QProgressDialog(
        fmt(
            QCoreApplication.translate("TeamDatabase", "Connecting to the team database %1…"),
            _shown(location),
        ),
        QCoreApplication.translate("TeamDatabase", "Open the desktop database"),
        0, 0, parent,
    )  # fmt: skip
    busy.setWindowTitle(APP_NAME)
    busy.setMinimumDuration(0)
    busy.setAutoClose(False)
    busy.setAutoReset(False)
    busy.setMinimumWidth(420)
    return busy


def _shown(location: str) -> str:
    try:
        return ops.parse_address(location).shown
    except StaffettaError:
        return location


def _ask_retry(location: str, problem: StaffettaError, parent: QWidget | None) -> bool:
    """The choice at start: True for Retry, False for the desktop database."""
    from gui.core_text import translated

    address = ops.parse_address(location)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(APP_NAME)
    box.setText(
        fmt(
            QCoreApplication.translate(
                "TeamDatabase", "The team database at %1 is not reachable: %2"
            ),
            f"{address.host}:{address.port}",
            translated(problem.user_text()),
        )
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "TeamDatabase",
            "Retry, or work on the database on this computer for now: File → Open team "
            "database… opens the team one again.",
        )
    )
    retry = box.addButton(QMessageBox.StandardButton.Retry)
    return _ask_at_start(box, default=retry) is retry


start_question: QMessageBox | None = None  # the choice at start, while it is asked


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
        from gui.core_text import translated

        title = translated(info.title)  # "DB on HOST:PORT", core's words
        window.setWindowTitle(
            fmt(
                QCoreApplication.translate("TeamDatabase", "%1 — team database %2"),
                APP_NAME,
                title,
            )
        )
        label.setText(
            fmt(QCoreApplication.translate("TeamDatabase", "Team database: %1"), title)
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
    """Move the window onto ``location``; first ask "Stop sending here?" exactly when this
    window's sender has messages on their way or queued for its profiles."""
    if window.team.deciding:
        return
    scope = _sender_scope(window)
    if scope is None:  # no sender works here (none started, or another holds the queue)
        _go(window, location)
        return
    sender_id, profiles, in_flight = scope
    window.team.deciding = True

    def decide(work: ops.SenderWork) -> None:
        window.team.deciding = False
        now = _sender_scope(window)  # a claim may have been made meanwhile
        if in_flight or work.pending or (now is not None and now[2]):
            _ask_then_go(window, location)
        else:
            _go(window, location)

    def failed(_error: StaffettaError) -> None:  # cannot tell: ask rather than assume
        window.team.deciding = False
        _ask_then_go(window, location)

    window.context.query(
        "this window's sending work", ops.sender_work, sender_id, profiles,
        on_done=decide, on_error=failed,
    )  # fmt: skip


def _sender_scope(window: MainWindow) -> tuple[str | None, frozenset[int] | None, int] | None:
    """This window's sender as ``sender_work`` takes it (its team id and the profiles it
    holds; None on a desktop database), and its messages claimed and not yet recorded;
    None when no sender runs in this window."""
    sender = window.context.services.get("sender")
    worker = getattr(sender, "worker", None)
    if worker is None:
        return None
    in_flight = int(worker.committer.outstanding())
    team = getattr(worker, "team", None)
    if team is None:
        return None, None, in_flight
    return str(team.id), frozenset(team.held), in_flight


def _go(window: MainWindow, location: str) -> None:
    from gui.window_host import WindowHost

    WindowHost.of(window).switch_later(location)


def _ask_then_go(window: MainWindow, location: str) -> None:
    if window.team.switch_question is not None:
        return
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
    box.setDefaultButton(QMessageBox.StandardButton.No)
    window.team.switch_question = box

    def answered(_result: int) -> None:
        window.team.switch_question = None
        yes = box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
        box.deleteLater()
        if yes:
            _go(window, location)

    box.finished.connect(answered)
    box.open()
