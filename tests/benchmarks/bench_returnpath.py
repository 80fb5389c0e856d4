"""Return path benchmark: classifying and matching returned mail, and a 10,000-message
mailbox on a local Dovecot.

Run: ``.venv/bin/python -m tests.benchmarks.bench_returnpath [--mails N] [--mailbox N]``.
Prints a table; never asserts. Targets (issue 15): parsing and matching ≥ 500 mails/s;
a 10,000-message mailbox processed in under a minute.

1. Parse + match + apply: ``process_batch`` on batches of 250 mails (Postfix, Exchange,
   Gmail DSNs, Exim and Yahoo bounces found by the fallback scanner, ARF complaints,
   out-of-office replies, unsubscribe requests, human replies) against a database of
   sent messages. Baseline: ``email.message_from_bytes`` of the same mails, the least
   any reader does.
2. The mailbox: ``check_mailbox`` end to end (IMAP fetch, classify, match, apply,
   flag) on 10,000 mails in a private Dovecot. Baseline: fetching the same mails over
   IMAP and doing nothing with them.
"""

from __future__ import annotations

import argparse
import email
import imaplib
import itertools
import tempfile
import time
from pathlib import Path

from core.campaigns import find_campaign
from core.db import close_database, open_database
from core.models import Mailbox, Message, MessageStatus, ProcessedMail, ReturnEvent, database_proxy
from core.returnpath.apply import process_batch
from core.returnpath.check import check_mailbox
from core.returnpath.mailboxes import MailboxSettings, save_mailbox
from tests.core.engine_helpers import make_campaign
from tests.core.returnpath_helpers import sample
from tests.dovecot_server import DovecotServer
from tests.smtp_servers import free_port

PASSWORD = "bench-imap-pw"
KINDS = ("postfix_dsn", "exchange_ndr", "gmail_bounce", "exim_bounce", "yahoo_bounce",
         "postfix_mailbox_full", "arf_yahoo", "out_of_office", "unsubscribe", "human_reply")  # fmt: skip


def mails_for(people: dict[str, str], count: int) -> list[bytes]:
    """``count`` mails of every kind, each about one of the sent messages."""
    addresses = itertools.cycle(people.items())
    kinds = itertools.cycle(KINDS)
    found = []
    for i in range(count):
        rcpt, mid = next(addresses)
        found.append(sample(next(kinds), message_id=mid, rcpt=rcpt, unique=f"m{i}"))
    return found


def reset() -> None:
    with database_proxy.atomic():
        ReturnEvent.delete().execute()
        ProcessedMail.delete().execute()
        Message.update(status=MessageStatus.SENT).execute()
        Mailbox.update(last_uid=0, uidvalidity=None).execute()


def parse_and_match(mailbox: Mailbox, mails: list[bytes]) -> tuple[float, float]:
    start = time.perf_counter()
    for raw in mails:
        email.message_from_bytes(raw)
    baseline = time.perf_counter() - start
    reset()
    start = time.perf_counter()
    for offset in range(0, len(mails), 250):
        batch = [(offset + i + 1, raw) for i, raw in enumerate(mails[offset : offset + 250])]
        process_batch(mailbox, 1, batch, soft_bounce_limit=3)
    return baseline, time.perf_counter() - start


def raw_fetch(server: DovecotServer) -> float:
    start = time.perf_counter()
    client = imaplib.IMAP4("127.0.0.1", server.port)
    client.login("bounces", PASSWORD)
    client.select("INBOX", readonly=True)
    _typ, data = client.uid("SEARCH", "ALL")
    uids = data[0].split()
    for offset in range(0, len(uids), 250):
        chunk = b",".join(uids[offset : offset + 250]).decode()
        client.uid("FETCH", chunk, "(UID BODY.PEEK[])")
    client.logout()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mails", type=int, default=5000)
    parser.add_argument("--mailbox", type=int, default=10_000)
    parser.add_argument("--recipients", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        open_database(str(folder / "bench.db"))
        try:
            people = [f"person{i}@example.org" for i in range(args.recipients)]
            make_campaign(folder, free_port(), people, name="News")
            campaign = find_campaign("News")
            Message.update(status=MessageStatus.SENT).where(Message.campaign == campaign.id).execute()
            ids = dict(Message.select(Message.to_key, Message.message_id).tuples())
            server = DovecotServer(users={"bounces": PASSWORD}).start()
            try:
                mailbox, _ = save_mailbox(
                    "News relay",
                    MailboxSettings(host="127.0.0.1", port=server.port, security="none",
                                    username="bounces"),
                    password=PASSWORD,
                )  # fmt: skip
                mails = mails_for(ids, args.mails)
                base, took = parse_and_match(mailbox, mails)
                print(f"{'step':<44}{'mails':>8}{'seconds':>10}{'mails/s':>10}{'ratio':>8}")
                print(f"{'email.message_from_bytes only (baseline)':<44}{len(mails):>8,}"
                      f"{base:>10.2f}{len(mails) / base:>10,.0f}{1:>8.1f}")  # fmt: skip
                print(f"{'classify + match + apply (target ≥ 500/s)':<44}{len(mails):>8,}"
                      f"{took:>10.2f}{len(mails) / took:>10,.0f}{took / base:>8.1f}")  # fmt: skip

                reset()
                server.deliver("bounces", mails_for(ids, args.mailbox))
                fetch = raw_fetch(server)  # also lets Dovecot index the new maildir once
                fetch = raw_fetch(server)
                start = time.perf_counter()
                counts = check_mailbox(Mailbox.get_by_id(mailbox.id))
                whole = time.perf_counter() - start
                print(f"{'IMAP fetch only (baseline)':<44}{args.mailbox:>8,}{fetch:>10.2f}"
                      f"{args.mailbox / fetch:>10,.0f}{1:>8.1f}")  # fmt: skip
                print(f"{'mailbox check, end to end (target < 60 s)':<44}{counts.checked:>8,}"
                      f"{whole:>10.2f}{counts.checked / whole:>10,.0f}{whole / fetch:>8.1f}")  # fmt: skip
                print(f"  found: {counts.bounces:,} bounces, {counts.soft_bounces:,} soft, "
                      f"{counts.complaints:,} complaints, {counts.unsubscribes:,} unsubscribes, "
                      f"{counts.auto_replies:,} auto-replies, {counts.unmatched:,} unmatched")  # fmt: skip
            finally:
                server.stop()
        finally:
            close_database()


if __name__ == "__main__":
    main()
