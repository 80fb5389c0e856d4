"""What every page shares: the bridge, the background runner and the long-lived services.

Pages receive one ``AppContext`` instead of reaching for globals, so tests build a
window on a temporary database with exactly the services they want.

Pages reach the data only through ``context.query`` (a read returning plain data) and
``context.op`` (a write returning ``core.ops.Changes``), both run off the UI thread.
After an op succeeds its ``Changes`` is broadcast on ``signals.changed``; each page
looks at the flags it shows and refreshes those, never a field the user is editing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from core.errors import StaffettaError
from core.ops import Changes, OpResult
from gui.bridge import CoreBridge
from gui.tasks import BackgroundTask, TaskRunner

# The older per-kind signals, kept in step with ``changed`` for pages not yet reading it.
_LEGACY = {
    "contacts": "contacts_changed",
    "templates": "templates_changed",
    "campaigns": "campaigns_changed",
    "queue": "queue_changed",
    "profiles": "profiles_changed",
    "inbox": "inbox_changed",
}


class AppSignals(QObject):
    """App-wide Qt signals pages use to tell each other that data changed."""

    changed = Signal(object)  # core.ops.Changes, after every successful op
    contacts_changed = Signal()
    templates_changed = Signal()
    campaigns_changed = Signal()
    queue_changed = Signal()
    profiles_changed = Signal()
    inbox_changed = Signal()
    sender_status = Signal(str)  # the status bar's permanent "what the sender does" text
    status_message = Signal(str)  # a short line for the status bar
    navigate = Signal(str, object)  # page key, optional argument (e.g. a campaign id)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._broadcasting = False
        for flag, name in _LEGACY.items():
            getattr(self, name).connect(lambda flag=flag: self._legacy_emitted(flag))

    def broadcast(self, changes: Changes) -> None:
        """Tell every page what changed (``changed``, then the matching older signals)."""
        if not changes:
            return
        self._broadcasting = True
        try:
            self.changed.emit(changes)
            for flag, name in _LEGACY.items():
                if getattr(changes, flag):
                    getattr(self, name).emit()
        finally:
            self._broadcasting = False

    def _legacy_emitted(self, flag: str) -> None:
        if not self._broadcasting:
            values: dict[str, Any] = {flag: True}
            self.changed.emit(Changes(**values))


@dataclass
class AppContext:
    bridge: CoreBridge
    tasks: TaskRunner
    signals: AppSignals
    # Long-lived services started by the window when their module exists:
    # "inbox" (core.sandbox.BuiltinInbox), "sender" (gui.sender_service.SenderService).
    services: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def create(cls, parent: QObject | None = None) -> AppContext:
        return cls(bridge=CoreBridge(parent), tasks=TaskRunner(parent), signals=AppSignals(parent))

    def query(
        self,
        name: str,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], object] | None = None,
        on_error: Callable[[StaffettaError], object] | None = None,
        latest: bool = True,
        **kwargs: Any,
    ) -> BackgroundTask:
        """Run a read ``fn(*args, **kwargs)`` on a reader thread; ``on_done(result)`` on the
        UI thread. Only the newest query of a ``name`` is delivered (unless ``latest=False``).
        Known errors without ``on_error`` are shown as a message."""
        return self.tasks.submit(name, fn, *args, on_done=on_done, on_error=on_error or _show,
                                 read=True, latest=latest, **kwargs)  # fmt: skip

    def op(
        self,
        name: str,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], object] | None = None,
        on_error: Callable[[StaffettaError], object] | None = None,
        io: bool = False,
        **kwargs: Any,
    ) -> BackgroundTask:
        """Run a write ``fn(*args, **kwargs)`` on the writer thread (``io``: a network
        thread). ``fn`` returns ``Changes`` or an ``OpResult``; ``on_done`` gets the
        result's value (or the Changes), then the Changes are broadcast on
        ``signals.changed``. Known errors without ``on_error`` are shown as a message."""

        def done(result: Any) -> None:
            if isinstance(result, OpResult):
                value, changes = result.value, result.changes
            elif isinstance(result, Changes):
                value, changes = result, result
            else:
                value, changes = result, Changes()
            try:
                if on_done is not None:
                    on_done(value)
            finally:
                self.signals.broadcast(changes)

        return self.tasks.submit(name, fn, *args, on_done=done,
                                 on_error=on_error or _show, io=io, **kwargs)  # fmt: skip

    def shutdown(self) -> None:
        self.tasks.shutdown()
        self.bridge.disconnect_all()


def _show(error: StaffettaError) -> None:
    from gui.errors import show_error

    show_error(QApplication.activeWindow(), error)
