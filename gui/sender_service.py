"""Runs the sending worker inside the window, on qasync's loop, and reports what it does.

The worker's events arrive through the bridge: progress coalesced to a few updates a
second, campaign and throttle changes as they happen. Only one sender may work a
queue, so the service takes the database's sender lock; if another Staffetta holds
it, the window says so and does not send.
"""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from core.errors import SenderBusy
from core.models import database_proxy
from core.queue import SenderLock, recover_interrupted
from core.worker import CampaignEvent, ProgressEvent, SendingWorker, ThrottleEvent, WorkerStateEvent
from gui.context import AppContext

log = logging.getLogger(__name__)


class SenderService(QObject):
    progress = Signal(object)  # ProgressEvent, a few times per second

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.worker: SendingWorker | None = None
        self.task: asyncio.Task[object] | None = None
        self.lock: SenderLock | None = None
        self.last_progress: ProgressEvent | None = None
        self.recovered = 0
        self._throttle_text = ""
        self._state = "idle"
        self._detail = ""
        self._changes = QTimer(self)
        self._changes.setInterval(1000)
        self._changes.timeout.connect(self._announce_changes)
        self._dirty = False

    # --- lifecycle ----------------------------------------------------------------------

    def start(self) -> bool:
        """Take the lock, recover interrupted sends, and run the worker on the loop."""
        if self.task is not None:
            return True
        self.lock = SenderLock(database_proxy.obj.database)
        try:
            self.lock.acquire()
        except SenderBusy as exc:
            self.lock = None
            self.context.signals.sender_status.emit("Not sending: " + exc.message)
            return False
        self.recovered = recover_interrupted()
        if self.recovered:
            self.context.signals.status_message.emit(
                f"{self.recovered} message(s) were in flight when Staffetta last stopped; "
                "they are marked 'unknown' in the Queue."
            )
        worker = SendingWorker()
        self.worker = worker
        bridge = self.context.bridge
        bridge.coalesce(worker.events.progress, self._on_progress, 250)
        bridge.relay(worker.events.campaign, self._on_campaign)
        bridge.relay(worker.events.throttle, self._on_throttle)
        bridge.relay(worker.events.state, self._on_state)
        bridge.coalesce(worker.events.message, lambda _e: self._mark_dirty(), 500)
        self.task = asyncio.ensure_future(worker.run())
        self.task.add_done_callback(self._finished)
        self._changes.start()
        return True

    def _finished(self, task: asyncio.Task[object]) -> None:
        if not task.cancelled() and task.exception() is not None:
            error = task.exception()
            log.error("sending worker crashed", exc_info=error)
            import sys

            if error is not None:
                sys.excepthook(type(error), error, error.__traceback__)

    def wake(self) -> None:
        if self.worker is not None:
            self.worker.wake()

    @property
    def busy(self) -> bool:
        return bool(self.last_progress and self.last_progress.in_flight) or self._state == "sending"

    async def stop_async(self) -> None:
        if self.worker is not None and self.task is not None:
            self.worker.stop()
            try:
                await asyncio.wait_for(asyncio.shield(self.task), 40)
            except (TimeoutError, asyncio.CancelledError):
                self.task.cancel()
        self._release()

    def _release(self) -> None:
        self._changes.stop()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def shutdown(self) -> None:
        if self.worker is not None:
            self.worker.stop()
        self._release()

    def confirm_close(self, parent: QWidget) -> bool:
        if not self.busy:
            return True
        answer = QMessageBox.question(
            parent,
            "Stop sending?",
            "Staffetta is sending right now. Stop and quit? Messages already on their way "
            "finish first; the rest stay queued and go out next time you open Staffetta.",
        )
        return answer == QMessageBox.StandardButton.Yes

    # --- events -------------------------------------------------------------------------

    def _mark_dirty(self) -> None:
        self._dirty = True

    def _announce_changes(self) -> None:
        if self._dirty:
            self._dirty = False
            self.context.signals.queue_changed.emit()
            self.context.signals.campaigns_changed.emit()

    def _on_progress(self, event: ProgressEvent) -> None:
        self.last_progress = event
        self.progress.emit(event)
        self._update_status()

    def _on_campaign(self, event: CampaignEvent) -> None:
        if event.status == "paused":
            self.context.signals.status_message.emit(
                f"Campaign {event.name!r} paused: {event.reason}"
            )
        elif event.status == "finished":
            self.context.signals.status_message.emit(f"Campaign {event.name!r} finished.")
        self.context.signals.campaigns_changed.emit()
        self.context.signals.queue_changed.emit()
        self._update_status()

    def _on_throttle(self, event: ThrottleEvent) -> None:
        self._throttle_text = f"slowed down because {event.reason}" if event.slowed else ""
        self._update_status()

    def _on_state(self, event: WorkerStateEvent) -> None:
        self._state, self._detail = event.state, event.detail
        self._update_status()

    def _update_status(self) -> None:
        progress = self.last_progress
        if self._state == "stopped":
            text = "Sender stopped"
        elif self._state == "sending" and progress is not None and progress.in_flight:
            text = f"Sending {progress.rate:,.1f}/s"
            if progress.remaining:
                text += f" · {progress.remaining:,} to go"
            if progress.eta_seconds:
                text += f" · about {_duration(progress.eta_seconds)} left"
        elif self._state == "waiting":
            text = "Waiting to retry deferred messages"
        else:
            text = "Idle"
        if self._detail:
            text += f" · {self._detail}"
        if self._throttle_text:
            text += f" · {self._throttle_text}"
        self.context.signals.sender_status.emit(text)


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def start_sender_service(context: AppContext) -> SenderService:
    """Created with the window; ``start()`` once the qasync loop is set (gui/app.py does)."""
    return SenderService(context)
