"""Test inbox benchmark: storing at the 5,000-message cap, over SMTP and directly.

Run: ``.venv/bin/python -m tests.benchmarks.bench_inbox [--messages N]``.
Baseline: writing the same bytes to files with no index (the least any store can do).
Prints a table; never asserts. Here (2 shared cores, 20 KB messages): ~590 msg/s
stored directly (2.7x the plain-file baseline, flat at the cap: the old one-file-per-
message scan took 50 ms per message at 3,000); over SMTP ~150 msg/s stored against
~330 msg/s for aiosmtpd accepting and forgetting.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib

from core.sandbox import MAX_MESSAGES, BuiltinInbox, InboxStore
from tests.smtp_servers import free_port

BODY = b"Subject: Novit\xc3\xa0\r\nTo: a@example.com\r\n\r\n" + b"x" * 20_000


def baseline(folder: Path, n: int) -> float:
    folder.mkdir()
    start = time.perf_counter()
    for i in range(n):
        (folder / f"{i}.eml").write_bytes(BODY)
    return time.perf_counter() - start


def direct(folder: Path, n: int) -> float:
    store = InboxStore(folder)
    start = time.perf_counter()
    for _ in range(n):
        store.add(mail_from="a@example.com", rcpt_tos=["b@example.com"], data=BODY)
    return time.perf_counter() - start


class _NoStore(InboxStore):
    """aiosmtpd alone: accepts and forgets, to show what storing adds over SMTP."""

    def add(self, *, mail_from: str, rcpt_tos: list[str], data: bytes) -> int:
        return 0


def over_smtp(folder: Path, n: int, *, store: bool = True) -> float:
    inbox = BuiltinInbox((InboxStore if store else _NoStore)(folder), port=free_port())
    inbox.start()
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "a@example.com", "b@example.com", "bench"
    msg.set_content("x" * 20_000)

    async def run() -> None:
        async def connection(count: int) -> None:
            async with aiosmtplib.SMTP(hostname="127.0.0.1", port=inbox.port) as client:
                for _ in range(count):
                    await client.send_message(msg)

        await asyncio.gather(*(connection(n // 4) for _ in range(4)))

    start = time.perf_counter()
    asyncio.run(run())
    seconds = time.perf_counter() - start
    inbox.stop()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=MAX_MESSAGES + 1_000)
    n = parser.parse_args().messages
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        base = baseline(root / "plain", n)
        store = direct(root / "store", n)
        listed_start = time.perf_counter()
        count = len(InboxStore(root / "store").list())
        listed = time.perf_counter() - listed_start
        smtp_bare = over_smtp(root / "bare", n // 4 * 4, store=False)
        smtp = over_smtp(root / "smtp", n // 4 * 4)
    print(f"{'what':<42}{'messages':>10}{'seconds':>10}{'msg/s':>10}")
    for label, seconds, total in [
        ("plain files, no index (baseline)", base, n),
        (f"InboxStore.add (cap {MAX_MESSAGES:,})", store, n),
        ("over SMTP, 4 connections, not stored", smtp_bare, n // 4 * 4),
        ("over SMTP, 4 connections, stored", smtp, n // 4 * 4),
    ]:
        print(f"{label:<42}{total:>10,}{seconds:>10.2f}{total / seconds:>10,.0f}")
    print(f"{'list() after the cap (rows kept: ' + f'{count:,})':<42}{'':>10}{listed:>10.3f}")
    print(f"store cost vs baseline: {store / base:.1f}x")


if __name__ == "__main__":
    main()
