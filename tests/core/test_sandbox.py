"""The built-in test inbox: real SMTP delivery, restart, caps."""

from __future__ import annotations

import asyncio
import email
from email import policy
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib

from core.sandbox import BUILTIN_PROFILE_NAME, BuiltinInbox, InboxStore, ensure_builtin_profile
from tests.smtp_servers import free_port


def send(port: int, subject: str, body: str = "Ciao, è tutto ok? ✓") -> None:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "a@example.com", "zoë@example.com", subject
    msg.set_content(body)
    asyncio.run(aiosmtplib.send(msg, hostname="127.0.0.1", port=port))


def test_catches_messages_and_survives_a_restart(tmp_path: Path):
    store = InboxStore(tmp_path / "inbox")
    inbox = BuiltinInbox(store, port=free_port())
    arrived = []
    inbox.message_received.connect(arrived.append)
    inbox.start()
    try:
        send(inbox.port, "Novità ✓")
    finally:
        inbox.stop()
    assert arrived == [1]
    again = InboxStore(tmp_path / "inbox").list()
    assert [(m.subject, m.to) for m in again] == [("Novità ✓", "zoë@example.com")]
    parsed = email.message_from_bytes(InboxStore(tmp_path / "inbox").raw(1), policy=policy.default)
    assert parsed.get_content().strip() == "Ciao, è tutto ok? ✓"


def test_cap_drops_the_oldest(tmp_path: Path):
    store = InboxStore(tmp_path / "inbox", max_messages=3)
    for i in range(5):
        store.add(
            mail_from="a@x.com", rcpt_tos=["b@x.com"], data=f"Subject: m{i}\r\n\r\nx".encode()
        )
    assert [m.subject for m in store.list()] == ["m4", "m3", "m2"]
    store.delete(4)
    assert [m.id for m in store.list()] == [5, 3]
    assert store.clear() == 2 and store.list() == []


def test_builtin_profile_is_a_loopback_sandbox(db):
    profile = ensure_builtin_profile()
    assert profile.name == BUILTIN_PROFILE_NAME
    assert (profile.host, profile.security, profile.is_sandbox) == ("127.0.0.1", "none", True)
    assert ensure_builtin_profile().id == profile.id
