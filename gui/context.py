"""What every page shares: the bridge, the background runner and the long-lived services.

Pages receive one ``AppContext`` instead of reaching for globals, so tests build a
window on a temporary database with exactly the services they want.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from gui.bridge import CoreBridge
from gui.tasks import TaskRunner


class AppSignals(QObject):
    """App-wide Qt signals pages use to tell each other that data changed."""

    contacts_changed = Signal()
    templates_changed = Signal()
    campaigns_changed = Signal()
    queue_changed = Signal()
    profiles_changed = Signal()
    inbox_changed = Signal()
    sender_status = Signal(str)  # the status bar's permanent "what the sender does" text
    status_message = Signal(str)  # a short line for the status bar
    navigate = Signal(str, object)  # page key, optional argument (e.g. a campaign id)


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

    def shutdown(self) -> None:
        self.tasks.shutdown()
        self.bridge.disconnect_all()
