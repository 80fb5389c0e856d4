"""A tiny Qt-free observer, so the core can report progress without knowing about Qt.

``gui/bridge.py`` connects to these and re-emits them as Qt signals; the CLI connects
plain functions (a progress bar on stderr).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

E = TypeVar("E")


class Signal(Generic[E]):
    """Synchronous fan-out to callbacks. A failing listener is logged, never breaks the core."""

    def __init__(self) -> None:
        self._listeners: list[Callable[[E], object]] = []

    def connect(self, listener: Callable[[E], object]) -> None:
        if listener not in self._listeners:
            self._listeners.append(listener)

    def disconnect(self, listener: Callable[[E], object]) -> None:
        try:
            self._listeners.remove(listener)
        except ValueError:
            pass

    def emit(self, event: E) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("event listener %r failed", listener)

    def __len__(self) -> int:
        return len(self._listeners)


class CancelToken:
    """Cooperative cancellation for long blocking work (imports, expansion) run in a thread."""

    def __init__(self) -> None:
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    @property
    def cancelled(self) -> bool:
        return self._cancelled
