"""Runs the sending worker inside the window, on qasync's loop, and reports what it does.

The service sends through a ``core.session.SendSession`` (lock → recover → run →
release), the same as ``main.py send``. The worker's events arrive through the bridge:
progress coalesced to a few updates a second, campaign and throttle changes as they
happen. Only one sender may work a queue: if another Staffetta holds the lock, the
window says so, does not send, and takes over by itself once the other sender stops.

A session that ends by itself (a crash, the database failing) releases the lock at once
and is started again after a pause that grows with each crash; a session is also
restarted, gracefully, when an SMTP profile changes, so a fixed profile is used at once.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from core.errors import SenderBusy
from core.ops import Changes
from core.ops import campaigns as campaign_ops
from core.session import SHUTDOWN_GRACE_SECONDS, SendSession
from core.worker import CampaignEvent, ProgressEvent, ThrottleEvent, WorkerStateEvent
from gui.context import AppContext
from gui.core_text import translated
from gui.errors import disk_full_hint, known_error
from gui.format import human_duration, plural
from gui.i18n import fmt, number

log = logging.getLogger(__name__)

LOCK_RETRY_MS = 5000
RESTART_DELAYS_MS = (2000, 5000, 15000, 60000)
STATUS_MAX_CHARS = 110


class SenderService(QObject):
    progress = Signal(object)  # ProgressEvent, a few times per second

    def __init__(
        self,
        context: AppContext,
        *,
        session_factory: Callable[[], SendSession] | None = None,
        grace_seconds: float = SHUTDOWN_GRACE_SECONDS,
    ) -> None:
        super().__init__()
        self.context = context
        self._session_factory = session_factory or (
            lambda: SendSession(start_inbox=False, grace_seconds=grace_seconds)
        )
        self.session: SendSession | None = None
        self.task: asyncio.Task[object] | None = None
        self.last_progress: ProgressEvent | None = None
        self.recovered = 0
        self.crashes = 0
        self.last_error: str = ""
        self._throttle_text = ""
        self._state = "idle"
        self._detail = ""
        self._stopped_after = False  # the detail says why it stopped (kept until it runs)
        self._dirty_campaigns: set[int] = set()
        self._changes = QTimer(self)
        self._changes.setInterval(1000)
        self._changes.timeout.connect(self._announce_changes)
        self.blocked_text = ""  # why this window does not send (another sender holds the lock)
        self.paused: dict[int, tuple[str, str]] = {}  # campaign id → (name, why it paused itself)
        self._lock_retry = QTimer(self)
        self._lock_retry.setInterval(LOCK_RETRY_MS)
        self._lock_retry.timeout.connect(self._retry_lock)
        self._restart = QTimer(self)
        self._restart.setSingleShot(True)
        self._restart.timeout.connect(self.start)
        self._restarting = False
        self._restart_task: asyncio.Future[None] | None = None
        self._closing = False
        self._started_at = 0.0
        context.signals.changed.connect(self._on_changes)

    # --- lifecycle ----------------------------------------------------------------------

    @property
    def worker(self) -> Any:
        return self.session.worker if self.session is not None else None

    @property
    def lock(self) -> object | None:
        """Whether this window holds the sender lock (None when it does not)."""
        return self.session if self.session is not None and self.session.is_open else None

    def start(self) -> bool:
        """Take the lock, recover interrupted sends, and run the worker on the loop."""
        if self.task is not None:
            return True
        self._closing = False
        session = self._session_factory()
        try:
            session.take_lock()  # a file lock; recovery waits for the database off this thread
        except SenderBusy as exc:
            if not self.blocked_text:
                self.context.signals.status_message.emit(exc.user_text())
            self.blocked_text = fmt(
                QCoreApplication.translate(
                    "SenderService", "Not sending here: %1; this window takes over when it stops"
                ),
                translated(exc.message).rstrip("."),
            )
            self.context.signals.sender_status.emit(self.blocked_text)
            self._lock_retry.start()
            return False
        self._lock_retry.stop()
        if self.blocked_text:
            self.blocked_text = ""
            self.context.signals.status_message.emit(
                QCoreApplication.translate(
                    "SenderService", "The other sender stopped: sending from here."
                )
            )
        self.session = session
        self.load_paused()
        worker = session.worker
        bridge = self.context.bridge
        bridge.coalesce(worker.events.progress, self._on_progress, 250)
        bridge.relay(worker.events.campaign, self._on_campaign)
        bridge.relay(worker.events.throttle, self._on_throttle)
        bridge.relay(worker.events.state, self._on_state)
        bridge.relay(worker.events.message, self._on_message)
        self._started_at = time.monotonic()
        self.task = asyncio.ensure_future(self._run(session))
        self.task.add_done_callback(self._finished)
        self._changes.start()
        return True

    async def _run(self, session: SendSession) -> object:
        opened = await asyncio.get_running_loop().run_in_executor(None, session.prepare)
        self.recovered = opened.recovered
        if self.recovered:
            self.context.signals.status_message.emit(
                fmt(
                    QCoreApplication.translate(
                        "SenderService",
                        "%1 were in flight when Staffetta last stopped; marked 'unknown' in the "
                        "Queue.",
                    )
                    if self.recovered != 1
                    else QCoreApplication.translate(
                        "SenderService",
                        "1 message was in flight when Staffetta last stopped; marked 'unknown' "
                        "in the Queue.",
                    ),
                    plural(self.recovered, "message"),
                )
            )
        return await session.run()

    def _retry_lock(self) -> None:
        if self.task is None:
            self.start()
        else:
            self._lock_retry.stop()

    def _finished(self, task: asyncio.Task[object]) -> None:
        """The session ended: release the lock now; restart unless we asked it to stop."""
        session, self.session, self.task = self.session, None, None
        if session is not None:
            session.close()
        self._changes.stop()
        self._announce_changes()
        if self._closing or self._restarting:
            return
        error = None if task.cancelled() else task.exception()
        if error is None:
            return
        if time.monotonic() - self._started_at > 60:  # it had been sending fine: start over
            self.crashes = 0
        self.crashes += 1
        delay = RESTART_DELAYS_MS[min(self.crashes, len(RESTART_DELAYS_MS)) - 1]
        known = known_error(error, resumes=True)
        if known is not None:
            self.last_error = known.user_text()
            log.warning("the sender stopped: %s", self.last_error)
        else:
            self.last_error = QCoreApplication.translate(
                "SenderService", "an unexpected error (see the log)"
            )
            log.error("sending worker crashed", exc_info=error)
            sys.excepthook(type(error), error, error.__traceback__)
        self._state = "stopped"
        self._detail = fmt(
            QCoreApplication.translate("SenderService", "stopped after %1; restarting in %2 s"),
            translated(self.last_error),
            delay // 1000,
        )
        self._stopped_after = True
        self._update_status()
        self._restart.start(delay)

    @property
    def disk_full(self) -> str:
        """While the worker finds no room for its commits: the sentence saying so (where,
        that nothing is lost, that sending resumes by itself); else ""."""
        worker = self.worker
        said = str(getattr(worker, "disk_full", "") or "") if worker is not None else ""
        if not said:
            return ""
        first = said.split(". ")[0].rstrip(".") + "."
        return translated(first) + " " + disk_full_hint(resumes=True)  # in the window's language

    @property
    def running(self) -> bool:
        """True while this window's worker sends (False when another sender holds the lock)."""
        return self.task is not None and not self.task.done()

    def wake(self) -> None:
        """Look for work now; called after the user starts, resumes or retries something.

        The user asked: relays that could not be reached are tried again now too, not
        after their backoff (else "Retry deferred now" would try nothing for minutes)."""
        self.load_paused()
        worker = self.worker
        if worker is not None:
            worker.retry_now()
        elif not self.blocked_text and not self._restart.isActive():
            self.start()

    def retry_now(self) -> None:
        """Try the relays again at once (Retry now / Retry deferred now)."""
        worker = self.worker
        if worker is not None:
            worker.retry_now()
        elif self._restart.isActive():
            self._restart.stop()
            self.start()

    def relay_retry_at(self, profile_name: str) -> datetime | None:
        """When this window's sender next tries a relay it cannot reach (UTC, naive)."""
        worker = self.worker
        if worker is None:
            return None
        left = worker.relay_backoff().get(profile_name)
        if left is None:
            return None
        return datetime.now(UTC).replace(tzinfo=None) + timedelta(seconds=left)

    def load_paused(self) -> None:
        """Campaigns that paused themselves, read off the UI thread."""

        def arrived(paused: dict[int, tuple[str, str]]) -> None:
            self.paused = paused
            self._update_status()

        self.context.query("self-paused campaigns", campaign_ops.self_paused, on_done=arrived)

    def _on_changes(self, changes: Changes) -> None:
        if changes.campaigns:
            self.load_paused()
        if changes.profiles and self.running:
            self.restart_gracefully()

    def restart_gracefully(self) -> None:
        """A profile changed: let what is on its way finish, then send with the new settings."""
        if self._restarting or self.session is None:
            return
        self._restarting = True
        session = self.session

        async def restart() -> None:
            try:
                await session.stop_and_wait()
            finally:
                self._restarting = False
                if not self._closing:
                    self.start()

        self._restart_task = asyncio.ensure_future(restart())

    @property
    def busy(self) -> bool:
        return bool(self.last_progress and self.last_progress.in_flight) or self._state == "sending"

    async def stop_async(self) -> None:
        """Stop sending: messages on their way finish within one grace period, then the
        lock is released."""
        self._closing = True
        self._restart.stop()
        self._lock_retry.stop()
        session = self.session
        if session is not None:
            await session.stop_and_wait()
            if self.task is not None:  # the done callback has not run yet
                await asyncio.gather(self.task, return_exceptions=True)
            session.close()
        self._release()

    def _release(self) -> None:
        self._changes.stop()
        self._lock_retry.stop()
        self._restart.stop()
        session, self.session = self.session, None
        if session is not None:
            session.close()

    def shutdown(self) -> None:
        """Last resort when the loop no longer runs: stop claiming, release the lock."""
        self._closing = True
        if self.session is not None:
            self.session.stop()
        self._release()

    def confirm_close(self, parent: QWidget) -> bool:
        if not self.busy:
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question, QCoreApplication.translate('SenderService', "Stop sending?"),
            QCoreApplication.translate('SenderService', "Staffetta is sending right now. Stop and quit? Messages already on their way finish first; the rest stay queued and go out next time you open Staffetta."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent,
        )  # fmt: skip
        self.close_question = box
        try:
            return box.exec() == QMessageBox.StandardButton.Yes
        finally:
            self.close_question = None

    close_question: QMessageBox | None = None

    # --- events -------------------------------------------------------------------------

    def _on_message(self, event: Any) -> None:
        self._dirty_campaigns.add(event.campaign_id)

    def _announce_changes(self) -> None:
        if self._dirty_campaigns:
            ids, self._dirty_campaigns = frozenset(self._dirty_campaigns), set()
            self.context.signals.broadcast(Changes(queue=True, campaigns=True, campaign_ids=ids))

    def _on_progress(self, event: ProgressEvent) -> None:
        self.last_progress = event
        self.progress.emit(event)
        self._update_status()

    def _on_campaign(self, event: CampaignEvent) -> None:
        if event.status == "paused":
            self.paused[event.campaign_id] = (event.name, event.reason or "")
            self.context.signals.status_message.emit(
                fmt(
                    QCoreApplication.translate("SenderService", "Campaign %1 paused: %2"),
                    repr(event.name),
                    translated(event.reason or ""),
                )
            )
        else:
            self.paused.pop(event.campaign_id, None)
        if event.status == "finished":
            self.context.signals.status_message.emit(
                fmt(
                    QCoreApplication.translate("SenderService", "Campaign %1 finished."),
                    repr(event.name),
                )
            )
        self.context.signals.broadcast(Changes.of_campaigns(event.campaign_id))
        self._update_status()

    def _on_throttle(self, event: ThrottleEvent) -> None:
        self._throttle_text = (
            fmt(QCoreApplication.translate("SenderService", "slowed down because %1"),
                translated(event.reason))
            if event.slowed
            else ""
        )  # fmt: skip
        self._update_status()

    def _on_state(self, event: WorkerStateEvent) -> None:
        if event.state == "stopped" and self._stopped_after:
            return
        self._stopped_after = False
        self._state, self._detail = event.state, event.detail
        self._update_status()

    def _update_status(self) -> None:
        self.context.signals.sender_status.emit(_clip(self.status_text()))

    def status_text(self) -> str:
        """One line for the status bar: idle, sending N/s, slowed down and why, paused and why."""
        progress = self.last_progress
        if self.blocked_text:
            return self.blocked_text
        if self.disk_full:  # nothing goes out until there is room: say only that
            return translated(self.disk_full.split(". ")[0] + ".")
        idle = QCoreApplication.translate("SenderService", "Idle")
        if self._state == "stopped":
            text = QCoreApplication.translate("SenderService", "Sender stopped")
        elif self._state == "sending" and progress is not None and progress.in_flight:
            text = fmt(QCoreApplication.translate("SenderService", "Sending %1/s"),
                       number(progress.rate, 1))  # fmt: skip
            if progress.remaining:
                text += " · " + fmt(QCoreApplication.translate("SenderService", "%1 to go"),
                                    number(progress.remaining))  # fmt: skip
            if progress.eta_seconds:
                text += " · " + fmt(QCoreApplication.translate("SenderService", "about %1 left"),
                                    human_duration(progress.eta_seconds))  # fmt: skip
        elif self._state == "waiting":
            text = QCoreApplication.translate("SenderService", "Waiting to retry deferred messages")
        else:
            text = idle
        if self._detail:
            text += f" · {self._detail}"
        if self._throttle_text:
            text += f" · {self._throttle_text}"
        if self.paused:
            name, reason = next(iter(self.paused.values()))
            more = (
                fmt(
                    QCoreApplication.translate("SenderService", " (+%1 more)"), len(self.paused) - 1
                )
                if len(self.paused) > 1
                else ""
            )
            paused = fmt(QCoreApplication.translate("SenderService", "Paused: %1%2: %3"), name,
                         more, translated(_first_sentence(reason)))  # fmt: skip
            text = paused if text == idle else f"{text} · {paused}"
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
