"""The built-in test inbox: an SMTP server on 127.0.0.1 that keeps what it receives.

It is the default SMTP profile of a new database, so a new user runs a whole campaign
with no account and no network and reads the result on the Test inbox page (or with
``python main.py inbox``). Messages live in the user data folder (``inbox/``): ``N.eml``
holds the raw bytes and a small SQLite index (``index.sqlite3``) the envelope, so they
survive a restart, ids are never reused (a window showing message 7 never shows a
different 7 after a clear), and adding or listing stays cheap at the cap. The store is
capped by count and total size, dropping the oldest first. Several processes may share
it (the window, ``sandbox``, ``send``, ``inbox``): SQLite serialises their writes.

aiosmtpd runs in its own thread with its own event loop (GOTCHAS.md: under qasync
the global policy would hand it a Qt loop).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import policy
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from core.errors import NotFound, StaffettaError
from core.events import Signal
from core.models import Campaign, CampaignStatus, Security, SmtpProfile, iso, utcnow
from core.paths import data_dir

log = logging.getLogger(__name__)

BUILTIN_PROFILE_NAME = "Built-in test inbox"
DEFAULT_PORT = 2526
MAX_MESSAGES = 5_000
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_MESSAGE_BYTES = 50 * 1024 * 1024
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS message (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipients TEXT NOT NULL,
    mail_from TEXT NOT NULL,
    subject TEXT NOT NULL,
    received_at TEXT NOT NULL,
    size INTEGER NOT NULL
)
"""


@dataclass(frozen=True)
class InboxMessage:
    id: int
    to: str
    mail_from: str
    subject: str
    received_at: str
    size: int

    def as_dict(self) -> dict[str, Any]:
        """The ``inbox --json`` shape (CLI.md) plus the envelope sender."""
        return {"id": self.id, "to": self.to, "subject": self.subject,
                "received_at": self.received_at, "size": self.size, "from": self.mail_from}  # fmt: skip


def _subject_of(data: bytes) -> str:
    try:
        headers = BytesHeaderParser(policy=policy.default).parsebytes(data)
        return str(headers.get("Subject", "") or "")
    except Exception:  # a malformed header must not lose the message
        return ""


class InboxStore:
    """The files and index of the inbox. Thread-safe: the SMTP thread writes, the app reads."""

    def __init__(
        self,
        folder: Path | None = None,
        *,
        max_messages: int = MAX_MESSAGES,
        max_bytes: int = MAX_TOTAL_BYTES,
    ) -> None:
        self.folder = folder or data_dir() / "inbox"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.max_messages = max_messages
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(
                self.folder / "index.sqlite3",
                timeout=10,
                isolation_level=None,
                check_same_thread=False,
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise StaffettaError(
                f"The test inbox index in {self.folder} cannot be opened ({exc}).",
                hint="Delete that folder to start the test inbox afresh.",
            ) from None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _path(self, message_id: int) -> Path:
        return self.folder / f"{message_id}.eml"

    def add(self, *, mail_from: str, rcpt_tos: list[str], data: bytes) -> int:
        """Keep one message; returns its id (never reused). Drops the oldest over the caps."""
        temporary = self.folder / f".{uuid.uuid4().hex}.tmp"
        temporary.write_bytes(data)
        try:
            with self._transaction() as db:
                cursor = db.execute(
                    "INSERT INTO message (recipients, mail_from, subject, received_at, size)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (", ".join(rcpt_tos), mail_from, _subject_of(data), iso(utcnow()), len(data)),
                )
                new_id = int(cursor.lastrowid or 0)
                os.replace(temporary, self._path(new_id))
                dropped = self._over_caps(db)
                if dropped:
                    db.executemany("DELETE FROM message WHERE id = ?", [(i,) for i in dropped])
        finally:
            temporary.unlink(missing_ok=True)
        for message_id in dropped:
            self._path(message_id).unlink(missing_ok=True)
        return new_id

    def _over_caps(self, db: sqlite3.Connection) -> list[int]:
        """The oldest ids to drop so that what remains fits both caps."""
        count, total = db.execute("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM message").fetchone()
        if count <= self.max_messages and total <= self.max_bytes:
            return []
        dropped: list[int] = []
        for message_id, size in db.execute("SELECT id, size FROM message ORDER BY id"):
            if (count <= self.max_messages and total <= self.max_bytes) or count <= 1:
                break  # within the caps; the newest message is always kept
            dropped.append(int(message_id))
            count -= 1
            total -= int(size)
        return dropped

    def list(self, limit: int | None = None) -> list[InboxMessage]:
        """Newest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, recipients, mail_from, subject, received_at, size FROM message"
                " ORDER BY id DESC LIMIT ?",
                (-1 if limit is None else limit,),
            ).fetchall()
        return [InboxMessage(int(r[0]), r[1], r[2], r[3], r[4], int(r[5])) for r in rows]

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM message").fetchone()[0])

    def get(self, message_id: int) -> InboxMessage:
        with self._lock:
            row = self._db.execute(
                "SELECT id, recipients, mail_from, subject, received_at, size FROM message"
                " WHERE id = ?",
                (message_id,),
            ).fetchone()
        if row is None:
            raise NotFound(f"The test inbox has no message {message_id}.")
        return InboxMessage(int(row[0]), row[1], row[2], row[3], row[4], int(row[5]))

    def raw(self, message_id: int) -> bytes:
        try:
            return self._path(message_id).read_bytes()
        except FileNotFoundError:
            raise NotFound(
                f"The test inbox has no message {message_id}.",
                hint="`python main.py inbox` lists the messages it has.",
            ) from None

    def delete(self, message_id: int) -> bool:
        with self._transaction() as db:
            deleted = db.execute("DELETE FROM message WHERE id = ?", (message_id,)).rowcount
        self._path(message_id).unlink(missing_ok=True)
        return bool(deleted)

    def clear(self) -> int:
        """Delete every message (and stray files of ids up to the newest one)."""
        with self._transaction() as db:
            newest = int(db.execute("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence"
                                    " WHERE name = 'message'").fetchone()[0])  # fmt: skip
            deleted = db.execute("DELETE FROM message").rowcount
        for leftover in self.folder.glob("*.eml"):
            if leftover.stem.isdigit() and int(leftover.stem) <= newest:
                leftover.unlink(missing_ok=True)
        return int(deleted)


class _CaptureHandler:
    def __init__(self, inbox: BuiltinInbox) -> None:
        self.inbox = inbox

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        try:
            message_id = self.inbox.store.add(
                mail_from=envelope.mail_from or "", rcpt_tos=list(envelope.rcpt_tos), data=data
            )
        except Exception:
            log.exception("the test inbox could not store a message")
            return "451 4.3.0 The test inbox could not store the message; try again"
        self.inbox.message_received.emit(message_id)
        return f"250 OK: captured as message {message_id} in the test inbox"


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def port_is_listening(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class BuiltinInbox:
    """The capture server and its store; ``message_received`` fires with each new id.

    ``port`` is strict (fail if taken); without it the inbox tries ``preferred_port``
    (the built-in profile's port, 2526 by default) and else any free port, so the
    caller must point the profile at ``inbox.port`` afterwards (``start_builtin_inbox``
    does both). ``message_received`` fires on the server thread: the GUI relays it
    through ``gui/bridge.py``.
    """

    def __init__(
        self,
        store: InboxStore | None = None,
        *,
        port: int | None = None,
        preferred_port: int = DEFAULT_PORT,
    ) -> None:
        self.store = store or InboxStore()
        self.requested_port = port
        self.preferred_port = preferred_port
        self.port: int | None = None
        self.message_received: Signal[int] = Signal()
        self._controller: Controller | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> int:
        """Listen on 127.0.0.1 and return the port."""
        if self._controller is not None:
            return int(self.port or 0)
        port = self.requested_port or self.preferred_port
        if not port_is_free(port):
            if self.requested_port is not None:  # fail now, not after aiosmtpd's 10 s wait
                raise self._cannot_listen(port, "another program uses that port")
            port = _free_port()
        self._loop = asyncio.new_event_loop()
        controller = Controller(
            _CaptureHandler(self),
            hostname="127.0.0.1",
            port=port,
            server_hostname="localhost",
            loop=self._loop,
            data_size_limit=MAX_MESSAGE_BYTES,
            decode_data=False,
            enable_SMTPUTF8=True,
            ready_timeout=10,
        )
        try:
            controller.start()
        except Exception as exc:
            self._loop.close()
            self._loop = None
            busy = port_is_listening(port)
            why = "another program uses that port" if busy else str(exc)
            raise self._cannot_listen(port, why) from None
        self._controller = controller
        self.port = port
        log.info("built-in test inbox listening on 127.0.0.1:%d", port)
        return port

    @staticmethod
    def _cannot_listen(port: int, why: str) -> StaffettaError:
        return StaffettaError(
            f"The test inbox cannot listen on 127.0.0.1:{port}: {why}.",
            hint="The window or another `sandbox` may already run it there; "
            "otherwise choose another port with --port.",
        )

    def stop(self) -> None:
        controller, self._controller = self._controller, None
        if controller is not None:
            try:
                controller.stop()
            except Exception:
                log.exception("stopping the test inbox failed")
        if self._loop is not None:
            self._loop.close()
            self._loop = None

    # The store, for callers that hold only the inbox.
    def list(self, limit: int | None = None) -> list[InboxMessage]:
        return self.store.list(limit)

    def get(self, message_id: int) -> InboxMessage:
        return self.store.get(message_id)

    def raw(self, message_id: int) -> bytes:
        return self.store.raw(message_id)

    def delete(self, message_id: int) -> bool:
        return self.store.delete(message_id)

    def clear(self) -> int:
        return self.store.clear()


def ensure_builtin_profile(port: int = DEFAULT_PORT) -> SmtpProfile:
    """The SMTP profile of the built-in inbox (created on a new database)."""
    profile: SmtpProfile | None = SmtpProfile.get_or_none(SmtpProfile.name == BUILTIN_PROFILE_NAME)
    if profile is None:
        profile = SmtpProfile.create(
            name=BUILTIN_PROFILE_NAME, host="127.0.0.1", port=port, security=Security.NONE,
            is_sandbox=True, rate=0.0, burst=50, max_connections=4, per_connection=1000,
            retry_base=30, retry_max=300,
        )  # fmt: skip
    return profile


def point_builtin_profile_at(port: int) -> None:
    """After the inbox had to pick another port, send the built-in profile there."""
    SmtpProfile.update(port=port).where(
        (SmtpProfile.name == BUILTIN_PROFILE_NAME) & (SmtpProfile.is_sandbox == True)  # noqa: E712
    ).execute()


def start_builtin_inbox(store: InboxStore | None = None) -> BuiltinInbox:
    """Start the inbox where the built-in profile points (else on a free port, moving it).

    Needs an open database. The profile's port is the stable setting: 2526 unless
    that was busy once, so a script that saw it keeps finding it.
    """
    profile = ensure_builtin_profile()
    inbox = BuiltinInbox(store, preferred_port=int(profile.port))
    port = inbox.start()
    if port != profile.port:
        log.info("port %d busy: the built-in test inbox moved to %d", profile.port, port)
        point_builtin_profile_at(port)
    return inbox


def inbox_for_profile(profile: SmtpProfile) -> BuiltinInbox | None:
    """Start an in-process inbox for a loopback sandbox profile nobody serves, else None."""
    if not profile.is_sandbox or profile.host not in LOOPBACK_HOSTS:
        return None
    if port_is_listening(int(profile.port)):
        return None
    inbox = BuiltinInbox(port=int(profile.port))
    inbox.start()
    return inbox


def ensure_inbox_running(campaign_ids: list[int] | None = None) -> BuiltinInbox | None:
    """For headless sending: start the inbox in-process when a running campaign needs it."""
    query = (
        SmtpProfile.select()
        .join(Campaign)
        .where((Campaign.status == CampaignStatus.RUNNING) & (SmtpProfile.is_sandbox == True))  # noqa: E712
        .distinct()
    )
    if campaign_ids:
        query = query.where(Campaign.id.in_(campaign_ids))
    for profile in query:
        inbox = inbox_for_profile(profile)
        if inbox is not None:
            return inbox
    return None
