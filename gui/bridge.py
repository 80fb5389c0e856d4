"""The one seam between the Qt-free core and the widgets.

Core code reports through ``core.events.Signal`` objects, possibly from worker threads.
``CoreBridge.relay`` turns such a signal into a Qt signal that is always delivered on
the GUI thread (a queued connection when emitted elsewhere). ``CoalescingRelay`` does
the same for high-rate progress (one event per message sent) but keeps only the latest
event and emits it a few times per second from a timer, so the window repaints a few
times per second instead of once per message.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from core.events import Signal as CoreSignal


class _Forwarder(QObject):
    """Lives on the GUI thread; ``fired`` emitted from any thread arrives there."""

    fired = Signal(object)


class CoreBridge(QObject):
    """Owns every relay so they live (and are disconnected) with the window."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relays: list[tuple[CoreSignal[Any], Callable[[Any], object]]] = []

    def relay(self, core_signal: CoreSignal[Any], slot: Callable[[Any], object]) -> None:
        """Call ``slot(event)`` on the GUI thread for every event of ``core_signal``."""
        forwarder = _Forwarder(self)
        forwarder.fired.connect(slot)
        core_signal.connect(forwarder.fired.emit)
        self._relays.append((core_signal, forwarder.fired.emit))

    def coalesce(
        self, core_signal: CoreSignal[Any], slot: Callable[[Any], object], interval_ms: int = 250
    ) -> CoalescingRelay:
        """Like ``relay`` but delivers only the latest event, at most every ``interval_ms``."""
        relay = CoalescingRelay(slot, interval_ms, self)
        core_signal.connect(relay.offer)
        self._relays.append((core_signal, relay.offer))
        return relay

    def disconnect_all(self) -> None:
        for core_signal, listener in self._relays:
            core_signal.disconnect(listener)
            owner = getattr(listener, "__self__", None)
            if isinstance(owner, CoalescingRelay):
                owner.stop()  # no live timer left if Python frees the bridge on another thread
        self._relays.clear()


class CoalescingRelay(QObject):
    """Keeps the newest event offered (from any thread) and hands it to ``slot`` on a timer."""

    def __init__(self, slot: Callable[[Any], object], interval_ms: int, parent: QObject) -> None:
        super().__init__(parent)
        self._slot = slot
        self._lock = threading.Lock()
        self._pending: Any = None
        self._has_pending = False
        self.delivered = 0
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.flush)
        self._timer.start()

    def stop(self) -> None:
        """Deliver nothing more (the sender stopped, the window closes)."""
        self._timer.stop()
        with self._lock:
            self._pending, self._has_pending = None, False

    def offer(self, event: Any) -> None:
        with self._lock:
            self._pending = event
            self._has_pending = True

    def flush(self) -> None:
        with self._lock:
            if not self._has_pending:
                return
            event, self._pending, self._has_pending = self._pending, None, False
        self.delivered += 1
        self._slot(event)
