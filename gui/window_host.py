"""The one main window of the app, and replacing it by one on another database.

File → Open team database… (or Open desktop database) changes the database under every
page, service and background task: rather than re-pointing each of them, the host stops
the window's sender (messages on their way finish and are recorded), shuts the window's
pages and threads down, opens the other database off the UI thread, and puts a new
window in the old one's place (same size and position). If the other database cannot
be opened after all, the one that was open is opened again and the user told why.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal

from core.errors import StaffettaError

if TYPE_CHECKING:
    from gui.main_window import MainWindow

log = logging.getLogger(__name__)


def _reopen(location: str) -> None:
    from core.db import close_database, open_database
    from core.firstrun import seed_first_run
    from gui.i18n import installed_language

    close_database()
    open_database(location)
    seed_first_run(installed_language())  # a new database's sample in the window's language


class WindowHost(QObject):
    """Owns the current ``MainWindow``; ``switch`` puts one on another database."""

    replaced = Signal(object)  # the new MainWindow

    def __init__(self, *, start_services: bool = True) -> None:
        super().__init__()
        self.start_services = start_services
        self.window: MainWindow | None = None
        self.switching: asyncio.Task[bool] | None = None
        self.last_error: StaffettaError | None = None

    @classmethod
    def of(cls, window: MainWindow) -> WindowHost:
        """The host of ``window`` (a window built on its own gets one)."""
        host = getattr(window, "host", None)
        if isinstance(host, WindowHost):
            return host
        host = cls(start_services=bool(window.context.services))
        host.adopt(window)
        return host

    def adopt(self, window: MainWindow) -> None:
        self.window = window
        window.host = self

    def build(self) -> MainWindow:
        """A new window on the open database, its sender started."""
        from gui.main_window import MainWindow

        window = MainWindow(start_services=self.start_services)
        self.adopt(window)
        sender = window.context.services.get("sender")
        if sender is not None:
            sender.start()
        return window

    def bring_to_front(self) -> None:
        if self.window is not None:
            self.window.bring_to_front()

    def switch_later(self, location: str) -> asyncio.Task[bool]:
        """``switch`` as a task of the event loop (from a menu or a dialog's signal)."""
        if self.switching is None or self.switching.done():
            self.switching = asyncio.ensure_future(self.switch(location))
        return self.switching

    async def switch(self, location: str) -> bool:
        """Replace the window by one on ``location``; False if it stayed where it was."""
        from core.models import database_proxy
        from gui.errors import show_error

        old = self.window
        assert old is not None
        previous = str(database_proxy.obj.database)
        central = old.centralWidget()
        if central is not None:
            central.setEnabled(False)
        old.menuBar().setEnabled(False)
        old.statusBar().showMessage(
            QCoreApplication.translate("TeamDatabase", "Opening the other database…")
        )
        await old.shutdown_async()  # the sender stops; what is on its way is recorded
        geometry = old.saveGeometry()
        old.shutdown()
        loop = asyncio.get_running_loop()
        self.last_error = None
        try:
            await loop.run_in_executor(None, _reopen, location)
        except StaffettaError as exc:
            log.warning("could not open %s: %s", location, exc.message)
            self.last_error = exc
            await loop.run_in_executor(None, _reopen, previous)
        new = self.build()
        new.restoreGeometry(geometry)
        new.show()
        old.close_without_asking()
        old.deleteLater()
        self.replaced.emit(new)
        if self.last_error is not None:
            show_error(new, self.last_error)
            return False
        from gui import team_ui

        team_ui.remember(location)
        return True
