"""Who may send from a queue: one sender per SQLite file, and what a dead sender left behind."""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import tempfile
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
    """One sender per SQLite queue: OS file locks keyed on the database file itself.

    Two locks are taken, both released by the OS when the process dies (even with
    SIGKILL), so a crashed sender never blocks the next one:

    - ``<resolved path>.sender.lock`` next to the database, after resolving symlinks
      and relative paths: the same file reached as ``./q.db``, ``/data/q.db`` or
      through a symlink meets the same lock file; so does a second computer that opens
      the database in a shared folder, since the lock file sits on the share beside it.
    - ``<temp dir>/staffetta-sender-locks/<device>-<inode>.lock``: the file's identity
      on this computer, which also catches a hard link (another name, same file).

    What cannot be guaranteed: over a network filesystem the first lock holds only as
    far as that filesystem carries ``flock`` between computers (NFS v4 and SMB with
    byte-range locks do; some NAS setups and sync folders such as Dropbox do not), and
    a hard link seen from two computers is caught by neither lock (the inode key is
    per computer). SQLite itself warns against sharing a WAL database over a network
    filesystem; a team should use PostgreSQL.
    """

    def __init__(self, database_path: str) -> None:
        resolved = Path(os.path.realpath(Path(database_path).expanduser()))
        self.database = resolved
        self.path = resolved.with_name(f"{resolved.name}.sender.lock")
        self._handles: list[TextIO] = []

    def identity_path(self) -> Path | None:
        """The per-computer lock named by the file's device and inode (None: no file yet)."""
        try:
            st = self.database.stat()
        except OSError:
            return None
        folder = Path(tempfile.gettempdir()) / "staffetta-sender-locks"
        if not folder.is_dir():
            with contextlib.suppress(FileExistsError):
                folder.mkdir()
                folder.chmod(0o1777)  # shared by every user of this computer, like /tmp
        return folder / f"{st.st_dev:x}-{st.st_ino:x}.lock"

    def acquire(self) -> None:
        paths = [self.path]
        identity = self.identity_path()
        if identity is not None:
            paths.append(identity)
        try:
            for path in paths:
                self._handles.append(self._lock(path))
        except BaseException:
            self.release()
            raise

    def _lock(self, path: Path) -> TextIO:
        try:
            handle = path.open("a+", encoding="utf-8")
        except PermissionError:  # another user's lock file: a read-only handle locks too
            handle = path.open("r", encoding="utf-8")
        try:
            _try_lock(handle)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip()
            handle.close()
            raise SenderBusy(
                "Another Staffetta sender is already sending from this database"
                + (f" ({holder})." if holder else "."),
                hint="Let it finish or stop it first; two senders would risk double sends.",
            ) from None
        if handle.writable():
            handle.seek(0)
            handle.truncate()
            handle.write(f"process {os.getpid()} on {socket.gethostname()}")
            handle.flush()
        return handle

    def release(self) -> None:
        handles, self._handles = self._handles, []
        for handle in reversed(handles):
            try:
                if sys.platform != "win32":
                    import fcntl

                    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            finally:
                handle.close()

    @property
    def held(self) -> bool:
        return bool(self._handles)


def _try_lock(handle: TextIO) -> None:
    """An exclusive lock without waiting; OSError if another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


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
