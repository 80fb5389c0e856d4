"""Runs the sending worker inside the window, on qasync's loop, and reports what it does.

The worker's events arrive through the bridge: progress coalesced to a few updates a
second, campaign and throttle changes as they happen. Only one sender may work a
queue, so the service takes the database's sender lock; if another Staffetta holds
it, the window says so, does not send, and takes over by itself once the other
sender stops (campaigns started here are sent by that other sender meanwhile).
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from core.errors import SenderBusy
from core.models import Campaign, CampaignStatus, database_proxy
from core.queue import SenderLock, recover_interrupted
from core.worker import CampaignEvent, ProgressEvent, SendingWorker, ThrottleEvent, WorkerStateEvent
from gui.context import AppContext
from gui.widgets import human_duration

log = logging.getLogger(__name__)

LOCK_RETRY_MS = 5000
STATUS_MAX_CHARS = 110
PAUSED_BY_USER = "Paused by you."


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
        self.blocked_text = ""  # why this window does not send (another sender holds the lock)
        self.paused: dict[int, tuple[str, str]] = {}  # campaign id → (name, why it paused itself)
        self._lock_retry = QTimer(self)
        self._lock_retry.setInterval(LOCK_RETRY_MS)
        self._lock_retry.timeout.connect(self._retry_lock)

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
            if not self.blocked_text:
                self.context.signals.status_message.emit(exc.user_text())
            self.blocked_text = (
                f"Not sending here: {exc.message.rstrip('.')}; this window takes over when it stops"
            )
            self.context.signals.sender_status.emit(self.blocked_text)
            self._lock_retry.start()
            return False
        self._lock_retry.stop()
        if self.blocked_text:
            self.blocked_text = ""
            self.context.signals.status_message.emit("The other sender stopped: sending from here.")
        self._load_paused()
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

    def _retry_lock(self) -> None:
        if self.task is None:
            self.start()
        else:
            self._lock_retry.stop()

    def _finished(self, task: asyncio.Task[object]) -> None:
        if not task.cancelled() and task.exception() is not None:
            error = task.exception()
            log.error("sending worker crashed", exc_info=error)
            if error is not None:
                sys.excepthook(type(error), error, error.__traceback__)

    @property
    def running(self) -> bool:
        """True while this window's worker sends (False when another sender holds the lock)."""
        return self.task is not None and not self.task.done()

    def wake(self) -> None:
        """Look for work now; called after the user starts, resumes or retries something."""
        if self.paused:
            self._load_paused()
            self._update_status()
        if self.worker is not None:
            self.worker.wake()

    def _load_paused(self) -> None:
        """Campaigns that paused themselves (the relay refused the login, too many failures)."""
        self.paused = {
            c.id: (c.name, c.pause_reason)
            for c in Campaign.select(Campaign.id, Campaign.name, Campaign.pause_reason).where(
                (Campaign.status == CampaignStatus.PAUSED)
                & Campaign.pause_reason.is_null(False)
                & (Campaign.pause_reason != PAUSED_BY_USER)
            )
        }

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
        self._lock_retry.stop()
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
            self.paused[event.campaign_id] = (event.name, event.reason or "")
            self.context.signals.status_message.emit(
                f"Campaign {event.name!r} paused: {event.reason}"
            )
        else:
            self.paused.pop(event.campaign_id, None)
        if event.status == "finished":
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
        self.context.signals.sender_status.emit(_clip(self.status_text()))

    def status_text(self) -> str:
        """One line for the status bar: idle, sending N/s, slowed down and why, paused and why."""
        progress = self.last_progress
        if self.blocked_text:
            return self.blocked_text
        if self._state == "stopped":
            text = "Sender stopped"
        elif self._state == "sending" and progress is not None and progress.in_flight:
            text = f"Sending {progress.rate:,.1f}/s"
            if progress.remaining:
                text += f" · {progress.remaining:,} to go"
            if progress.eta_seconds:
                text += f" · about {human_duration(progress.eta_seconds)} left"
        elif self._state == "waiting":
            text = "Waiting to retry deferred messages"
        else:
            text = "Idle"
        if self._detail:
            text += f" · {self._detail}"
        if self._throttle_text:
            text += f" · {self._throttle_text}"
        if self.paused:
            name, reason = next(iter(self.paused.values()))
            more = f" (+{len(self.paused) - 1} more)" if len(self.paused) > 1 else ""
            paused = f"Paused: {name}{more}: {_first_sentence(reason)}"
            text = paused if text == "Idle" else f"{text} · {paused}"
        return text


def _first_sentence(reason: str) -> str:
    """Shorten a pause reason for the status bar.

    "At AUTH: 535 5.7.8 … — authentication refused. Fix …" → "authentication refused (535)".
    """
    said, _, why = reason.partition(" — ")
    if not why:
        return said.split(". ")[0].rstrip(".")
    code = re.search(r"\b[45]\d\d\b", said)
    why = why.split(". ")[0].rstrip(".")
    return f"{why} ({code.group(0)})" if code else why


def _clip(text: str) -> str:
    return text if len(text) <= STATUS_MAX_CHARS else text[: STATUS_MAX_CHARS - 1] + "…"


def start_sender_service(context: AppContext) -> SenderService:
    """Created with the window; ``start()`` once the qasync loop is set (gui/app.py does)."""
    return SenderService(context)
