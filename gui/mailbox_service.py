"""The window reads the mailboxes of the profiles in use every few minutes while it sends.

Like ``send`` on the command line (``core.returnpath.check.MailboxWatcher``): the first
check comes as soon as the sender runs, the next ones every ``check_every_minutes``
(``mailbox options``). A light timer ticks every few seconds and compares an
injectable clock with the time the next check is due, so tests move the clock instead
of waiting. A check is I/O (IMAP) and database work, run as an op off the UI thread;
what it changed (bounced messages, suppressed contacts) is broadcast like any op's.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from core.ops import returnpath as ops
from core.returnpath.mailboxes import ReturnPathOptions
from gui.context import AppContext
from gui.i18n import number

log = logging.getLogger(__name__)

TICK_MS = 5000


class MailboxService(QObject):
    checked = Signal(object)  # core.returnpath.check.CheckReport

    def __init__(
        self, context: AppContext, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__()
        self.context = context
        self.clock = clock
        self.every = ReturnPathOptions().check_every_minutes * 60
        self.next_due: float | None = None  # None: check as soon as the sender runs
        self.checking = False
        self.last_report: Any = None
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        context.query("mailbox options", ops.options, on_done=self._options,
                      on_error=lambda _e: None)  # fmt: skip

    def _options(self, options: ReturnPathOptions) -> None:
        self.every = options.check_every_minutes * 60

    def sending(self) -> bool:
        sender = self.context.services.get("sender")
        return bool(sender is not None and getattr(sender, "running", False))

    def tick(self) -> None:
        """Check when the sender runs and a check is due."""
        if self.checking or not self.sending():
            return
        now = self.clock()
        if self.next_due is not None and now < self.next_due:
            return
        self.next_due = now + self.every
        self.context.query("mailboxes in use", ops.profiles_to_watch, on_done=self._check_these,
                           on_error=lambda _e: None)  # fmt: skip

    def _check_these(self, profile_ids: list[int]) -> None:
        if profile_ids:
            self.check_now(profile_ids)

    def check_now(self, profile_ids: list[int] | None = None) -> None:
        """Read the mailboxes (of these profiles, or all) now; the result is announced."""
        if self.checking:
            return
        self.checking = True
        self.context.op("check mailboxes", ops.check_now, profile_ids, io=True,
                        on_done=self._done, on_error=self._failed)  # fmt: skip

    def _done(self, report: Any) -> None:
        self.checking = False
        self.last_report = report
        c = report.counts
        if c.bounces or c.soft_bounces or c.complaints or c.unsubscribes:
            self.context.signals.status_message.emit(
                QCoreApplication.translate(
                    "MailboxService", "Mailbox: %s bounces, %s complaints, %s unsubscribes applied."
                )
                % (number(c.bounces), number(c.complaints), number(c.unsubscribes))
            )
        for profile, error in report.errors.items():
            self.context.signals.status_message.emit(
                QCoreApplication.translate(
                    "MailboxService", "The mailbox of %s could not be read: %s"
                )
                % (profile, error)
            )
        self.checked.emit(report)

    def _failed(self, error: Any) -> None:
        self.checking = False
        log.info("mailbox check failed: %s", error.user_text())
        self.context.signals.status_message.emit(error.user_text())

    def shutdown(self) -> None:
        self._timer.stop()


def start_mailbox_service(context: AppContext) -> MailboxService:
    return MailboxService(context)
