"""The built-in test inbox: an SMTP server on 127.0.0.1 that keeps what it receives.

It is the default SMTP profile of a new database, so a new user runs a whole campaign
with no account and no network and reads the result on the Test inbox page (or with
``python main.py inbox``). Messages are files in the user data folder (``inbox/``):
``N.eml`` with the raw bytes and ``N.json`` with the envelope, so they survive a
restart; the store is capped (count and size), dropping the oldest first.

aiosmtpd runs in its own thread with its own event loop (GOTCHAS.md: under qasync
the global policy would hand it a Qt loop).
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import threading
from dataclasses import dataclass
from email import policy
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from core.events import Signal
from core.models import Campaign, CampaignStatus, Security, SmtpProfile, iso, utcnow
from core.paths import data_dir

log = logging.getLogger(__name__)

BUILTIN_PROFILE_NAME = "Built-in test inbox"
DEFAULT_PORT = 2526
MAX_MESSAGES = 5_000
MAX_TOTAL_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class InboxMessage:
    id: int
    to: str
    mail_from: str
    subject: str
    received_at: str
    size: int

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "to": self.to, "subject": self.subject,
                "received_at": self.received_at, "size": self.size, "from": self.mail_from}  # fmt: skip


class InboxStore:
    """The files of the inbox. Thread-safe: the SMTP thread writes, the app reads."""

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

    def _ids(self) -> list[int]:
        return sorted(int(p.stem) for p in self.folder.glob("*.eml") if p.stem.isdigit())

    def add(self, *, mail_from: str, rcpt_tos: list[str], data: bytes) -> int:
        headers = BytesHeaderParser(policy=policy.default).parsebytes(data)
        try:
            subject = str(headers.get("Subject", "") or "")
        except Exception:  # a malformed header must not lose the message
            subject = ""
        with self._lock:
            ids = self._ids()
            new_id = (ids[-1] + 1) if ids else 1
            (self.folder / f"{new_id}.eml").write_bytes(data)
            meta = {"to": ", ".join(rcpt_tos), "from": mail_from, "subject": subject,
                    "received_at": iso(utcnow()), "size": len(data)}  # fmt: skip
            (self.folder / f"{new_id}.json").write_text(json.dumps(meta), encoding="utf-8")
            self._enforce_caps([*ids, new_id])
        return new_id

    def _enforce_caps(self, ids: list[int]) -> None:
        sizes = {i: (self.folder / f"{i}.eml").stat().st_size for i in ids}
        total = sum(sizes.values())
        while ids and (len(ids) > self.max_messages or total > self.max_bytes):
            oldest = ids.pop(0)
            total -= sizes.get(oldest, 0)
            self._remove(oldest)

    def _remove(self, message_id: int) -> None:
        for suffix in (".eml", ".json"):
            (self.folder / f"{message_id}{suffix}").unlink(missing_ok=True)

    def list(self) -> list[InboxMessage]:
        """Newest first."""
        result = []
        for message_id in reversed(self._ids()):
            meta_path = self.folder / f"{message_id}.json"
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            result.append(
                InboxMessage(message_id, meta.get("to", ""), meta.get("from", ""),
                             meta.get("subject", ""), meta.get("received_at", ""),
                             int(meta.get("size", 0)))
            )  # fmt: skip
        return result

    def raw(self, message_id: int) -> bytes:
        try:
            return (self.folder / f"{message_id}.eml").read_bytes()
        except FileNotFoundError:
            from core.errors import NotFound

            raise NotFound(f"The test inbox has no message {message_id}.") from None

    def delete(self, message_id: int) -> None:
        with self._lock:
            self._remove(message_id)

    def clear(self) -> int:
        with self._lock:
            ids = self._ids()
            for message_id in ids:
                self._remove(message_id)
        return len(ids)


class _CaptureHandler:
    def __init__(self, inbox: BuiltinInbox) -> None:
        self.inbox = inbox

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        message_id = self.inbox.store.add(
            mail_from=envelope.mail_from or "", rcpt_tos=list(envelope.rcpt_tos), data=data
        )
        self.inbox.message_received.emit(message_id)
        return f"250 OK: captured as message {message_id} in the test inbox"


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
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
    """Start/stop the capture server; ``message_received`` fires with each new id."""

    def __init__(self, store: InboxStore | None = None, *, port: int | None = None) -> None:
        self.store = store or InboxStore()
        self.requested_port = port
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
        """Listen (on the requested port, else the default, else any free one)."""
        if self._controller is not None:
            return int(self.port or 0)
        port = self.requested_port or DEFAULT_PORT
        if self.requested_port is None and not port_is_free(port):
            port = _free_port()
        self._loop = asyncio.new_event_loop()
        controller = Controller(
            _CaptureHandler(self),
            hostname="127.0.0.1",
            port=port,
            server_hostname="localhost",
            loop=self._loop,
            data_size_limit=50 * 1024 * 1024,
            decode_data=False,
            enable_SMTPUTF8=True,
            ready_timeout=10,
        )
        try:
            controller.start()
        except Exception as exc:
            from core.errors import StaffettaError

            self._loop.close()
            self._loop = None
            raise StaffettaError(
                f"The test inbox cannot listen on 127.0.0.1:{port} ({exc}).",
                hint="Another program may use that port; choose another with --port.",
            ) from None
        self._controller = controller
        self.port = port
        log.info("built-in test inbox listening on 127.0.0.1:%d", port)
        return port

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
        if profile.host in ("127.0.0.1", "localhost") and not port_is_listening(profile.port):
            inbox = BuiltinInbox(port=profile.port)
            inbox.start()
            return inbox
    return None
