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


def test_a_campaign_sent_to_the_inbox_arrives_complete_and_readable(db, tmp_path: Path):
    from core.inbox_checks import analyse
    from tests.core.engine_helpers import make_campaign, run_worker

    store = InboxStore(tmp_path / "inbox")
    inbox = BuiltinInbox(store, port=free_port())
    inbox.start()
    try:
        make_campaign(tmp_path, inbox.port, ["zoë@example.com", "ann@example.com"])
        _, summary = run_worker()
    finally:
        inbox.stop()
    assert summary.sent == 2
    caught = {m.to: m for m in InboxStore(tmp_path / "inbox").list()}  # as after a restart
    assert set(caught) == {"zoë@example.com", "ann@example.com"}
    report = analyse(store.raw(caught["zoë@example.com"].id))
    assert report.subject == "Hi Name0" and report.to == "zoë@example.com"
    assert "Ciao Name0 from Roma!" in (report.html or "")
    assert report.text is not None and "Ciao Name0 from Roma!" in report.text
    assert report.one_click and "https://example.com/u?e=zo%C3%AB%40example.com" in report.links
    assert all(ok for ok, _ in report.checks), report.checks
    assert any(name == "Message-ID" for name, _ in report.headers)


def test_ids_are_never_reused_and_the_byte_cap_drops_the_oldest(tmp_path: Path):
    store = InboxStore(tmp_path / "inbox", max_bytes=2_500)
    body = b"Subject: s\r\n\r\n" + b"x" * 1_000
    ids = [store.add(mail_from="a@x.com", rcpt_tos=["b@x.com"], data=body) for _ in range(3)]
    assert ids == [1, 2, 3] and [m.id for m in store.list()] == [3, 2]  # 3 x 1 KB > 2.5 KB
    assert not (tmp_path / "inbox" / "1.eml").exists()
    assert store.clear() == 2 and not list((tmp_path / "inbox").glob("*.eml"))
    assert store.add(mail_from="a@x.com", rcpt_tos=["b@x.com"], data=body) == 4
    assert store.get(4).size == len(body) and store.delete(4) and not store.delete(4)
    store.close()
    assert InboxStore(tmp_path / "inbox").add(mail_from="", rcpt_tos=["b@x.com"], data=body) == 5


def test_the_inbox_moves_off_a_busy_port_and_the_profile_follows(db, tmp_path: Path):
    import socket

    from core.sandbox import ensure_inbox_running, start_builtin_inbox

    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        busy = squatter.getsockname()[1]
        ensure_builtin_profile(busy)
        inbox = start_builtin_inbox(InboxStore(tmp_path / "inbox"))
        try:
            assert inbox.port != busy
            assert ensure_builtin_profile().port == inbox.port
            assert ensure_inbox_running() is None  # no running campaign needs it
        finally:
            inbox.stop()


def test_concurrent_deliveries_all_land_once(tmp_path: Path):
    inbox = BuiltinInbox(InboxStore(tmp_path / "inbox"), port=free_port())
    inbox.start()

    async def burst() -> None:
        async def one(i: int) -> None:
            msg = EmailMessage()
            msg["From"], msg["To"], msg["Subject"] = "a@example.com", f"r{i}@example.com", f"n{i}"
            msg.set_content("x")
            await aiosmtplib.send(msg, hostname="127.0.0.1", port=inbox.port)

        await asyncio.gather(*(one(i) for i in range(40)))

    try:
        asyncio.run(burst())
    finally:
        inbox.stop()
    listed = inbox.list()
    assert sorted(m.subject for m in listed) == sorted(f"n{i}" for i in range(40))
    assert sorted(m.id for m in listed) == list(range(1, 41))
