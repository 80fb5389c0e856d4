"""One sending session: lock → recover → inbox → run → release.

The CLI's ``send`` and the window's sender service both send through a ``SendSession``,
so they take the single-sender lock, recover what an earlier sender left in flight,
start the built-in inbox when a campaign needs it, and stop the same way.

Stopping has one grace period (``SHUTDOWN_GRACE_SECONDS``): claiming stops at once,
messages already on their way finish and their outcome is written, claimed messages
not yet sent go back to ``queued``. Only a session still running after the grace
period is cancelled (its messages in flight then become ``unknown`` at the next start,
never resent blindly).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.db import is_postgres
from core.models import database_proxy
from core.queue import SenderLock, recover_interrupted
from core.sandbox import BuiltinInbox, ensure_inbox_running
from core.worker import RunSummary, SendingWorker

if TYPE_CHECKING:
    from core.team.senders import TeamSender

log = logging.getLogger(__name__)

# RFC 5321 §4.5.3.2 gives the final dot 10 minutes; a person quitting waits far less.
# This covers a DATA reply from a slow relay; the worker's own drain fits inside it.
SHUTDOWN_GRACE_SECONDS = 45.0


@dataclass(frozen=True)
class SessionStart:
    """What opening the session did, for the caller to tell the user."""

    recovered: int  # messages found in flight from an earlier sender, now `unknown`
    inbox_address: str | None  # the built-in inbox started for this session


class SendSession:
    """Owns the lock, the optional in-process inbox and one ``SendingWorker`` run."""

    def __init__(
        self,
        *,
        campaign_ids: list[int] | None = None,
        until_done: bool = False,
        start_inbox: bool = True,
        grace_seconds: float = SHUTDOWN_GRACE_SECONDS,
        worker_factory: Callable[..., SendingWorker] = SendingWorker,
        team: TeamSender | None = None,
    ) -> None:
        """``team``: on a PostgreSQL queue, this sender's membership of the team (leases
        per profile instead of the lock; recovery of senders that died)."""
        self.campaign_ids = list(campaign_ids or [])
        self.until_done = until_done
        self.start_inbox = start_inbox
        self.grace_seconds = grace_seconds
        if team is None and is_postgres():  # a team database: a team sender, never the lock
            from core.team.senders import TeamSender

            team = TeamSender(database_proxy.obj.database)
        self.team = team
        extra: dict[str, Any] = {"team": team} if team is not None else {}
        self.worker = worker_factory(campaign_ids=self.campaign_ids, until_done=until_done,
                                     **extra)  # fmt: skip
        self.worker.shutdown_grace = grace_seconds
        self._lock: SenderLock | None = None
        self._inbox: BuiltinInbox | None = None
        self._run: asyncio.Task[RunSummary] | None = None
        self._team_open = False
        self.started: SessionStart | None = None  # what prepare() did

    # --- lock → recover → inbox ------------------------------------------------------------

    def open(self) -> SessionStart:
        """Take the lock (``SenderBusy`` if another sender has it), recover, start the inbox."""
        self.take_lock()
        return self.prepare()

    def take_lock(self) -> None:
        """The single-sender lock: a file lock, so cheap enough for the GUI thread. A team
        sender takes none (its worker leases profiles)."""
        if self.team is not None:
            self._team_open = True
            return
        lock = SenderLock(database_proxy.obj.database)
        lock.acquire()
        self._lock = lock

    def prepare(self) -> SessionStart:
        """Recover what an earlier sender left in flight and start the inbox if needed.

        Database work that may wait for another program's write lock: the window runs it
        on a thread (``run`` does when it was not called)."""
        try:
            if self.team is not None:
                recovered = self.team.register().messages
            else:
                recovered = recover_interrupted()
            address = None
            if self.start_inbox:
                inbox = ensure_inbox_running(self.campaign_ids)
                if inbox is not None:
                    self._inbox = inbox
                    address = inbox.address
        except BaseException:
            self.close()
            raise
        self.started = SessionStart(recovered, address)
        return self.started

    @property
    def is_open(self) -> bool:
        return self._lock is not None or self._team_open

    # --- run -------------------------------------------------------------------------------

    async def run(self) -> RunSummary:
        """Send until stopped (or, with ``until_done``, until nothing is left to try)."""
        assert self.is_open, "open() or take_lock() first"
        if self.started is None:
            await asyncio.get_running_loop().run_in_executor(None, self.prepare)
        self._run = asyncio.ensure_future(self.worker.run())
        return await asyncio.shield(self._run)

    def stop(self) -> None:
        """Stop claiming; what is on its way finishes (see ``stop_and_wait``)."""
        self.worker.stop()

    async def stop_and_wait(self) -> RunSummary | None:
        """Stop and wait up to the grace period for messages on their way to be recorded."""
        self.stop()
        run = self._run
        if run is None:
            return None
        try:
            # The worker drains within the grace period; a little more for its last commit.
            return await asyncio.wait_for(asyncio.shield(run), self.grace_seconds + 5)
        except TimeoutError:
            log.warning("the sender did not stop within %.0f s; cancelling it", self.grace_seconds)
            run.cancel()
            await asyncio.gather(run, return_exceptions=True)
            return None
        except asyncio.CancelledError:
            if run.done():
                return None
            raise

    # --- release ---------------------------------------------------------------------------

    def close(self) -> None:
        """Stop the inbox and release the lock (the run must have ended)."""
        inbox, self._inbox = self._inbox, None
        if inbox is not None:
            try:
                inbox.stop()
            except Exception:
                log.exception("the built-in inbox did not stop cleanly")
        self._team_open = False
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.release()

    async def __aenter__(self) -> SendSession:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self._run is not None and not self._run.done():
            await self.stop_and_wait()
        self.close()
