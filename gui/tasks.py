"""Blocking core work off the UI thread, with results and errors back on it.

This is the machinery (threads, delivery, supersession); pages use it through
``AppContext.query`` (a read) and ``AppContext.op`` (a write broadcasting its Changes),
Anki's ``QueryOp`` and ``CollectionOp``.

Writes (``op``: imports, saves, expansion) run on one worker thread (like Anki's
single-worker database pool: SQLite writes are serialised anyway); reads (``query``)
run on two others, so a read never waits behind a write that waits for another
program's lock (WAL readers are not blocked by writers). The outcome comes back
through a Qt signal. Every task is named, kept by
reference until it ends, and can carry a ``CancelToken``. Errors the user can act on
(``StaffettaError``, and a full disk, which SQLite reports as an ``OperationalError``) go
to ``on_error``, or are shown as a message when there is none; anything else is a bug and
goes to the crash dialog through ``sys.excepthook``.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from core.errors import StaffettaError
from core.events import CancelToken
from gui.errors import known_error, show_error

log = logging.getLogger(__name__)


@dataclass
class BackgroundTask:
    name: str
    future: Future[Any]
    cancel: CancelToken = field(default_factory=CancelToken)


class _Delivery(QObject):
    done = Signal(object, object, object)  # callback, result, error


class TaskRunner(QObject):
    """Runs callables on a single background thread; callbacks run on the GUI thread."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="staffetta-db")
        self._read_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="staffetta-read")
        self._generations: dict[str, int] = {}
        # Network checks (test connection, test send) must not queue behind database work.
        self._io_executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="staffetta-io")
        self._delivery = _Delivery(self)
        self._delivery.done.connect(self._deliver)
        self.tasks: dict[int, BackgroundTask] = {}
        # Set at shutdown: a late network task must not signal a deleted QObject.
        self._closed = threading.Event()

    def submit(
        self,
        name: str,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], object] | None = None,
        on_error: Callable[[StaffettaError], object] | None = None,
        cancel: CancelToken | None = None,
        io: bool = False,
        read: bool = False,
        latest: bool = False,
        **kwargs: Any,
    ) -> BackgroundTask:
        """Run ``fn(*args, **kwargs)`` off the UI thread; ``on_done(result)`` or
        ``on_error(error)`` run on it. With ``latest``, a newer task of the same ``name``
        supersedes this one: its result is dropped (a stale read never overwrites a newer
        one)."""
        if self._closed.is_set():
            # A timer or a late signal may still ask for work while the window closes:
            # nothing runs and nothing is delivered, instead of an executor error.
            future: Future[Any] = Future()
            future.cancel()
            return BackgroundTask(name, future, cancel or CancelToken())
        executor = self._io_executor if io else self._read_executor if read else self._executor
        generation = self._generations.get(name, 0) + 1
        self._generations[name] = generation
        if latest and on_done is not None:
            on_done = self._only_latest(name, generation, on_done)
        if latest and on_error is not None:
            on_error = self._only_latest(name, generation, on_error)
        future = executor.submit(fn, *args, **kwargs)
        task = BackgroundTask(name, future, cancel or CancelToken())
        self.tasks[id(task)] = task
        self.busy_changed.emit(True)

        def finished(fut: Future[Any]) -> None:
            if self._closed.is_set() or fut.cancelled():
                return
            error = fut.exception()
            result = None if error is not None else fut.result()
            self._delivery.done.emit((task, on_done, on_error), result, error)

        future.add_done_callback(finished)
        return task

    def _only_latest(
        self, name: str, generation: int, callback: Callable[[Any], object]
    ) -> Callable[[Any], object]:
        def deliver(value: Any) -> object:
            if self._generations.get(name) != generation:
                return None
            return callback(value)

        return deliver

    def idle(self) -> bool:
        return not self.tasks

    def _deliver(self, callbacks: Any, result: Any, error: Any) -> None:
        task, on_done, on_error = callbacks
        self.tasks.pop(id(task), None)
        if not self.tasks:
            self.busy_changed.emit(False)
        if self._closed.is_set():
            return
        try:
            if error is None:
                if on_done is not None:
                    on_done(result)
                return
            known = known_error(error)
            if known is None:
                log.error("background task %s failed", task.name, exc_info=error)
                sys.excepthook(type(error), error, error.__traceback__)
            elif on_error is not None:
                on_error(known)
            else:
                log.warning("%s: %s", task.name, known.user_text())
                show_error(QApplication.activeWindow(), known)
        except RuntimeError as exc:
            # The widget that asked was closed (and deleted) before the answer came.
            if "already deleted" not in str(exc):
                raise
            log.debug("result of %s dropped: its widget is gone", task.name)

    def cancel_all(self) -> None:
        for task in list(self.tasks.values()):
            task.cancel.cancel()
            task.future.cancel()

    def shutdown(self) -> None:
        self.cancel_all()
        self._closed.set()
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._read_executor.shutdown(wait=True, cancel_futures=True)
        self._io_executor.shutdown(wait=False, cancel_futures=True)
