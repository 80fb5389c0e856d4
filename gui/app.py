"""Starting the window: Qt application, database, first run, qasync loop, crash reporting."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import sys

os.environ.setdefault("QT_API", "pyside6")  # qasync picks the binding by this

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from core import APP_NAME, __version__
from core.db import close_database, open_database
from core.errors import StaffettaError
from core.logsetup import configure_logging
from core.paths import database_location

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("staffetta")
    from gui import i18n
    from gui.style import apply_style

    i18n.install(app)  # before any widget exists: every string is read in its language
    apply_style(app)
    icon = app_icon()
    if icon is not None:
        app.setWindowIcon(icon)
    return app


def app_icon() -> QIcon | None:
    from resources import resource

    path = resource("icons/staffetta.png")
    if not path.is_file():
        return None
    return QIcon(str(path))


def settle_heap() -> None:
    """Once the window is built: what start-up made (modules, widgets, their wrappers:
    ~90,000 objects) is kept for good, so it leaves Python's cyclic garbage collector.

    A full collection scans every tracked object while holding the GIL, whichever thread
    runs it: measured with 100,000 contacts and messages, full collections of 100–215 ms
    were the window's longest stalls while sending (bench_gui: 220 ms without, 36 ms
    with, in one run each). ``gc.freeze()`` is the standard library's way for this."""
    gc.collect()
    gc.freeze()


def run_gui(db_location: str | None = None, argv: list[str] | None = None) -> int:
    """The desktop app's main: returns the process exit code."""
    log_path = configure_logging()
    app = make_application(argv)
    from gui.errors import CrashReporter

    sys.excepthook = CrashReporter(log_path)
    from gui import team_ui

    # --db, then STAFFETTA_DB, then the team database opened last, then the desktop one.
    team = "" if db_location or os.environ.get("STAFFETTA_DB") else team_ui.remembered_location()
    location = team or database_location(db_location)
    from gui.single_instance import SingleInstance, activate_running

    if activate_running(location):
        log.info("Staffetta is already open on %s: brought it to the front", location)
        print(f"Staffetta is already open on {location}: showing that window.", file=sys.stderr)
        return 0
    instance = SingleInstance(location)
    instance.listen()
    try:
        if team:
            # The team server may be down, the password changed, the network gone: the
            # user chooses Retry or the desktop database, and never waits long.
            opened = team_ui.open_start_database(team, database_location(db_location))
        else:
            open_database(location)
            opened = location
    except StaffettaError as exc:
        instance.close()
        QMessageBox.critical(None, APP_NAME, exc.user_text())
        return 1
    if opened != location:  # the desktop database instead: one window for it, too
        instance.close()
        if activate_running(opened):
            close_database()
            print(f"Staffetta is already open on {opened}: showing that window.", file=sys.stderr)
            return 0
        instance = SingleInstance(opened)
        instance.listen()
    from core.firstrun import seed_first_run
    from gui.i18n import installed_language

    seed_first_run(installed_language())  # the sample in the window's language

    import qasync

    # An explicit loop, not qasync.run(): that installs a global policy and breaks
    # aiosmtpd's own thread (GOTCHAS.md).
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    from gui.window_host import WindowHost

    host = WindowHost()  # File → Open team database… puts a new window in its place
    window = host.build()
    instance.activated.connect(host.bring_to_front)
    window.show()
    settle_heap()
    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    try:
        with loop:
            loop.run_until_complete(closed.wait())
            if host.window is not None:
                loop.run_until_complete(host.window.shutdown_async())
    finally:
        instance.close()
        if host.window is not None:
            host.window.shutdown()
        close_database()
    return 0
