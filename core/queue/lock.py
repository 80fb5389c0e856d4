"""Who may send from a queue: one sender per SQLite file, and what a dead sender left behind."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from core.errors import SenderBusy
from core.models import (
    Attempt,
    Message,
    MessageStatus,
    database_proxy,
    utcnow,
)


class SenderLock:
    """An OS file lock next to the database: one sender per SQLite queue.

    The OS releases it when the process dies (even with SIGKILL), so a crashed sender
    never blocks the next one.
    """

    def __init__(self, database_path: str) -> None:
        self.path = Path(f"{database_path}.sender.lock")
        self._file: TextIO | None = None

    def acquire(self) -> None:
        handle = self.path.open("a+", encoding="utf-8")
        try:
            if sys.platform == "win32":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip()
            handle.close()
            raise SenderBusy(
                "Another Staffetta sender is already sending from this database"
                + (f" (process {holder})." if holder else "."),
                hint="Let it finish or stop it first; two senders would risk double sends.",
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._file = handle

    def release(self) -> None:
        handle, self._file = self._file, None
        if handle is None:
            return
        try:
            if sys.platform != "win32":
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        finally:
            handle.close()

    @property
    def held(self) -> bool:
        return self._file is not None


def recover_interrupted() -> int:
    """Rows a dead sender left in ``sending`` become ``unknown`` (never ``queued``)."""
    now = utcnow()
    with database_proxy.atomic():
        stuck = [m for (m,) in Message.select(Message.id).where(
            Message.status == MessageStatus.SENDING).tuples()]  # fmt: skip
        if not stuck:
            return 0
        Message.update(
            status=MessageStatus.UNKNOWN,
            updated_at=now,
            last_response="The app stopped while this message was being sent; it may or may "
            "not have been delivered. Resend it (same Message-ID) or mark it sent.",
        ).where(Message.id.in_(stuck)).execute()
        Attempt.update(finished_at=now, outcome=MessageStatus.UNKNOWN).where(
            Attempt.message.in_(stuck) & Attempt.finished_at.is_null()
        ).execute()
    return len(stuck)
