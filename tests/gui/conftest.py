"""GUI fixtures: real widgets on a real temporary database, offscreen."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings

from gui.context import AppContext


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path: Path) -> None:
    """Window geometry and other QSettings go to the test's folder, not the user's."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))


@pytest.fixture(autouse=True, scope="session")
def c_locale() -> None:
    """Numbers and dates as Qt's C locale writes them (1 Dec 2026, 14:05), whatever the
    machine's: tests that switch the language (``i18n.install``) put it back."""
    QLocale.setDefault(QLocale.c())


@pytest.fixture
def context(qapp, db: Path) -> Iterator[AppContext]:
    ctx = AppContext.create()
    yield ctx
    ctx.shutdown()
    # The context and a sender service reference each other; collect them now, on the
    # GUI thread. A collection that happens to run on a worker thread later would delete
    # their QObjects there and crash Qt's event loop in a later test.
    ctx.services.clear()
    del ctx
    gc.collect()


@pytest.fixture
def qloop(qapp) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync loop for tests that drive coroutines with the GUI (see GOTCHAS.md)."""
    import qasync

    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    # Leave nothing scheduled on Qt timers for a closed loop: a later test's event
    # processing would call into it (a crash, not an error).
    try:
        pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        asyncio.set_event_loop(None)
        loop.close()
        qapp.processEvents()


def wait_idle(qtbot, context: AppContext, timeout: int = 10_000) -> None:
    """Wait until every background task of the window has delivered its result."""
    qtbot.waitUntil(lambda: not context.tasks.tasks, timeout=timeout)
