"""GUI fixtures: real widgets on a real temporary database, offscreen."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
def qloop(qapp, monkeypatch: pytest.MonkeyPatch) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync loop for tests that drive coroutines with the GUI (see GOTCHAS.md).

    A modal dialog or menu opened inside a coroutine's step (a test's scenario clicking
    a button that asks a question) runs Qt's event loop nested in that step: asyncio
    refuses to enter any other task there ("Cannot enter into task …") and that task's
    wake-up is lost for good; the sender's committer then never runs again, and a stop
    hangs, now and then, on a loaded machine. A person's click comes from Qt's event
    loop, never from inside a task: here such an ``exec()`` fails the test at once
    (click with ``QTimer.singleShot(0, …)`` instead)."""
    import qasync
    from PySide6.QtWidgets import QDialog, QMenu

    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    for cls in (QDialog, QMenu):
        for name in ("exec", "exec_"):
            monkeypatch.setattr(cls, name, _outside_tasks(loop, getattr(cls, name)))
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


def _outside_tasks(loop: asyncio.AbstractEventLoop, exec_: Any) -> Any:
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        task = asyncio.current_task(loop)
        if task is not None:
            raise AssertionError(
                f"{type(self).__name__}.exec() inside the asyncio task {task.get_name()!r}: "
                "its nested event loop would lose other tasks' wake-ups; open it from Qt's "
                "event loop, as a person's click does (QTimer.singleShot(0, …))"
            )
        return exec_(self, *args, **kwargs)

    return guarded


def wait_idle(qtbot, context: AppContext, timeout: int = 10_000) -> None:
    """Wait until every background task of the window has delivered its result."""
    qtbot.waitUntil(lambda: not context.tasks.tasks, timeout=timeout)
