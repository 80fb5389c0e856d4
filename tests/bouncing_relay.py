"""A relay that accepts every message with 250 and reports back later, as providers do.

An aiosmtpd server on 127.0.0.1: for each accepted message it answers ``250 2.0.0 Ok:
queued``, and a moment later (on its own thread, after the client has moved on) drops
into a Dovecot maildir what the real world would send back to the envelope sender:

- a recipient in ``unknown``: an RFC 3464 DSN (Postfix's shape, built with the email
  package: notification, ``message/delivery-status``, ``text/rfc822-headers``);
- one in ``complainers``: an RFC 5965 ARF abuse report from the "provider";
- one in ``leavers``: an unsubscribe request from the recipient to the message's
  ``List-Unsubscribe`` mailto;
- one in ``on_vacation``: an RFC 3834 out-of-office reply to the From address.

Every address is delivered to the Dovecot user named by its local part before ``+``
(``bounces+17@example.com`` → ``bounces``), falling back to ``catch_all``.
"""

from __future__ import annotations

import asyncio
import email
import threading
import time
from dataclasses import dataclass, field
from email.message import Message
from email.utils import formatdate, make_msgid, parseaddr

from tests.dovecot_server import DovecotServer
from tests.smtp_servers import free_port


@dataclass
class BouncingRelay:
    dovecot: DovecotServer
    catch_all: str = "bounces"
    unknown: set[str] = field(default_factory=set)
    complainers: set[str] = field(default_factory=set)
    leavers: set[str] = field(default_factory=set)
    on_vacation: set[str] = field(default_factory=set)
    delay: float = 0.05
    # Held reports wait for release(): "later" made deterministic (after send exits).
    hold: bool = False
    port: int = 0
    accepted: list[tuple[str, str]] = field(default_factory=list)  # (MAIL FROM, RCPT TO)
    reports: int = 0  # reports dropped so far
    _pending: int = 0
    _held: list[tuple[str, bytes]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _done: threading.Condition = field(init=False)

    def __post_init__(self) -> None:
        self._done = threading.Condition(self._lock)

    def start(self) -> BouncingRelay:
        from aiosmtpd.controller import Controller

        self.port = self.port or free_port()
        self._controller = Controller(
            self, hostname="127.0.0.1", port=self.port, loop=asyncio.new_event_loop()
        )
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> BouncingRelay:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def wait_for_reports(self, count: int, timeout: float = 30.0) -> None:
        """Until ``count`` reports are in the maildir (they are dropped asynchronously)."""
        deadline = time.monotonic() + timeout
        with self._done:
            while self.reports < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"only {self.reports} of {count} reports arrived")
                self._done.wait(left)

    # --- aiosmtpd handler ------------------------------------------------------------

    async def handle_DATA(self, server, session, envelope) -> str:
        data = bytes(envelope.content)
        for rcpt in envelope.rcpt_tos:
            self.accepted.append((envelope.mail_from, rcpt))
            report = self._report_for(envelope.mail_from, rcpt.lower(), data)
            if report is not None:
                with self._lock:
                    self._pending += 1
                if self.hold:
                    self._held.append(report)
                else:
                    self._later(*report)
        return "250 2.0.0 Ok: queued as 4Wq1Xz3hT9z9sVk"

    def _later(self, to: str, raw: bytes) -> None:
        timer = threading.Timer(self.delay, self._drop, (to, raw))
        timer.daemon = True
        timer.start()

    def release(self) -> None:
        """Send the held reports now."""
        held, self._held = self._held, []
        for to, raw in held:
            self._later(to, raw)

    def _drop(self, to: str, raw: bytes) -> None:
        user = to.partition("@")[0].partition("+")[0]
        self.dovecot.deliver(user if user in self.dovecot.users else self.catch_all, [raw])
        with self._done:
            self._pending -= 1
            self.reports += 1
            self._done.notify_all()

    def _report_for(self, mail_from: str, rcpt: str, data: bytes) -> tuple[str, bytes] | None:
        original = email.message_from_bytes(data)
        if rcpt in self.unknown:
            return mail_from, _dsn(mail_from, rcpt, original)
        if rcpt in self.complainers:
            return mail_from, _arf(mail_from, rcpt, data)
        if rcpt in self.leavers:
            mailto = _mailto(original)
            return mailto, _unsubscribe(rcpt, mailto)
        if rcpt in self.on_vacation:
            sender = parseaddr(str(original["From"]))[1]
            return sender, _vacation(rcpt, sender, original)
        return None


def _headers_of(original: Message) -> bytes:
    return b"".join(f"{k}: {v}\r\n".encode() for k, v in original.items())


def _dsn(mail_from: str, rcpt: str, original: Message) -> bytes:
    boundary = "4Wq1Xz3hT9z9sVk.1764576751/relay.example.net"
    return (
        "From: MAILER-DAEMON@relay.example.net (Mail Delivery System)\r\n"
        f"To: {mail_from}\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        f"Date: {formatdate()}\r\nMessage-ID: {make_msgid(domain='relay.example.net')}\r\n"
        "Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"\r\n'
        f"\r\nThis is a MIME-encapsulated message.\r\n\r\n--{boundary}\r\n"
        "Content-Description: Notification\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
        "This is the mail system at host relay.example.net.\r\n\r\n"
        f"<{rcpt}>: host mx.example.org[192.0.2.25] said: 550 5.1.1 <{rcpt}>: Recipient\r\n"
        "    address rejected: User unknown (in reply to RCPT TO command)\r\n"
        f"\r\n--{boundary}\r\nContent-Description: Delivery report\r\n"
        "Content-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; relay.example.net\r\n\r\n"
        f"Final-Recipient: rfc822; {rcpt}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        f"Diagnostic-Code: smtp; 550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown\r\n"
        f"\r\n--{boundary}\r\nContent-Description: Undelivered Message Headers\r\n"
        "Content-Type: text/rfc822-headers\r\n\r\n"
    ).encode() + _headers_of(original) + f"\r\n--{boundary}--\r\n".encode()


def _arf(mail_from: str, rcpt: str, data: bytes) -> bytes:
    boundary = "arf-boundary-0001"
    return (
        "From: feedback@arf.provider.example\r\n"
        f"To: {mail_from}\r\nSubject: FW: abuse report\r\nDate: {formatdate()}\r\n"
        f"Message-ID: {make_msgid(domain='arf.provider.example')}\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: multipart/report; report-type=feedback-report; boundary="{boundary}"\r\n'
        f"\r\n--{boundary}\r\nContent-Type: text/plain\r\n\r\nThis is an abuse report.\r\n"
        f"\r\n--{boundary}\r\nContent-Type: message/feedback-report\r\n\r\n"
        "Feedback-Type: abuse\r\nUser-Agent: ProviderFBL/1.0\r\nVersion: 1\r\n"
        f"Original-Mail-From: <{mail_from}>\r\nOriginal-Rcpt-To: <{rcpt}>\r\n"
        f"\r\n--{boundary}\r\nContent-Type: message/rfc822\r\n\r\n"
    ).encode() + data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n") + (
        f"\r\n--{boundary}--\r\n".encode()
    )


def _mailto(original: Message) -> str:
    value = str(original.get("List-Unsubscribe", ""))
    for part in value.split(","):
        part = part.strip().strip("<>")
        if part.startswith("mailto:"):
            return part[len("mailto:") :].partition("?")[0]
    raise AssertionError(f"no mailto in List-Unsubscribe: {value!r}")


def _unsubscribe(rcpt: str, mailto: str) -> bytes:
    return (
        f"From: {rcpt}\r\nTo: {mailto}\r\nSubject: unsubscribe\r\nDate: {formatdate()}\r\n"
        f"Message-ID: {make_msgid(domain='mail.example.org')}\r\n\r\n"
        "This message was automatically generated by your mail client.\r\n"
    ).encode()


def _vacation(rcpt: str, sender: str, original: Message) -> bytes:
    return (
        f"From: {rcpt}\r\nTo: {sender}\r\nSubject: Out of office: {original['Subject']}\r\n"
        f"Date: {formatdate()}\r\nMessage-ID: {make_msgid(domain='mail.example.org')}\r\n"
        f"In-Reply-To: {original['Message-ID']}\r\nReferences: {original['Message-ID']}\r\n"
        "Auto-Submitted: auto-replied\r\n\r\nI am away until Monday.\r\n"
    ).encode()
