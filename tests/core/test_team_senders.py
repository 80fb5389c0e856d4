"""Two senders, separate processes, one PostgreSQL queue, a campaign over two profiles.

The team's "done when": every recipient is delivered exactly once; SIGKILL of one
sender three times loses nothing and turns none of the other sender's rows `unknown`
(only the killed one's in-flight rows, which the user then resends with the same
Message-ID); a profile the relay refuses leaves its messages to the other.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from core.db import close_database, open_database
from core.models import Message, Sender
from tests.core.engine_helpers import make_campaign, other_connection
from tests.smtp_servers import FaultServer

pytestmark = [pytest.mark.databases("postgresql"), pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
RECIPIENTS = [f"r{i:03d}@example.com" for i in range(300)]
LEASE = "2"  # seconds: a killed sender's profile is taken over quickly


def sender(url: str, data_dir: Path, name: str, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "STAFFETTA_DATA_DIR": str(data_dir)}
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--db", url, "send", "--name", name,
         "--lease", LEASE, *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )  # fmt: skip


def message_ids(*servers: FaultServer) -> list[tuple[str, str]]:
    """(recipient, Message-ID) of every delivery the sinks recorded."""
    found = []
    for server in servers:
        for delivery in list(server.delivered):
            match = re.search(rb"^Message-ID: *(<[^>]+>)", delivery.data, re.M | re.I)
            assert match, "a delivery without a Message-ID"
            found += [(rcpt, match.group(1).decode()) for rcpt in delivery.rcpt_to]
    return found


def sent_by(connection, name: str) -> int:  # type: ignore[no-untyped-def]
    """Messages recorded sent by the sender of that name, seen from another connection."""
    (count,) = connection.execute(
        "SELECT count(*) FROM message m JOIN sender s ON s.id = m.sender_id "
        "WHERE s.name = %s AND m.status = 'sent'",
        (name,),
    ).fetchone()
    return int(count)


def queued(connection) -> int:  # type: ignore[no-untyped-def]
    (count,) = connection.execute("SELECT count(*) FROM message WHERE status = 'queued'").fetchone()
    return int(count)


def wait_for(condition, timeout: float = 60.0, describe=None) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out" + (f": {describe()}" if describe else "")
        time.sleep(0.02)


def test_two_senders_share_the_profiles_and_survive_kills(
    db, tmp_path: Path, isolated_data_dir: Path
):
    url = str(db)
    with FaultServer() as north, FaultServer() as south:
        make_campaign(
            tmp_path, north.port, RECIPIENTS, rate=10, burst=2, max_connections=2,
            more_profiles=[("South relay", south.port, 1, {})],
        )  # fmt: skip
        close_database()
        watcher = other_connection(url)
        killed_names = []
        steady = None
        for round_ in range(3):
            name = f"flaky-{round_}"
            killed_names.append(name)
            flaky = sender(url, isolated_data_dir, name)
            if steady is None:
                # The first one starts alone, so it surely sends before it is killed (a
                # steady sender started first could finish the campaign on a loaded
                # machine before this one has even imported its modules).
                wait_for(lambda n=name: sent_by(watcher, n) >= 10, timeout=90)
                steady = sender(url, isolated_data_dir, "steady", "--until-done", "--json")
                flaky.send_signal(signal.SIGKILL)
                flaky.wait(10)
                continue
            # Killed while it really sends: it holds a profile (the steady one gave it
            # one back) and has recorded some of its messages.
            wait_for(
                lambda n=name: sent_by(watcher, n) >= 10 or queued(watcher) == 0, timeout=90,
                describe=lambda: repr(watcher.execute(
                    "SELECT s.name, s.stopped_at, l.smtp_profile_id FROM sender s LEFT JOIN "
                    "profile_lease l ON l.sender_id = s.id ORDER BY s.started_at"
                ).fetchall()),
            )  # fmt: skip
            flaky.send_signal(signal.SIGKILL)
            flaky.wait(10)
        # The first one was killed in the middle of sending (a loaded machine may finish
        # the campaign before the last rounds).
        assert sent_by(watcher, killed_names[0]) >= 10
        assert steady is not None
        last = sender(url, isolated_data_dir, "last", "--until-done", "--json")
        out, err = steady.communicate(timeout=180)
        assert steady.returncode == 0, err
        last_out, last_err = last.communicate(timeout=180)
        assert last.returncode == 0, last_err
        steady_summary = json.loads(out)
        assert steady_summary["sent"] > 0 and json.loads(last_out)["sent"] >= 0

        watcher.close()
        open_database(url)
        senders = {s.id: s.name for s in Sender.select()}
        unknown = list(Message.select().where(Message.status == "unknown"))
        unknown_owners = {senders[m.sender_id] for m in unknown}
        # Only the killed senders' in-flight rows are unknown, at most ~2 per connection.
        assert unknown_owners <= set(killed_names), unknown_owners
        per_sender = Counter(senders[m.sender_id] for m in unknown)
        # At most about twice its open connections per crash: 2 per profile, and a sender
        # that started first may hold both profiles when it is killed.
        assert max(per_sender.values(), default=0) <= 2 * (2 * 2), per_sender
        # The user resends them (same Message-ID); then everything is final.
        resend = [m.to_addr for m in unknown]
        from core.queue import retry

        retry(status="unknown")
        close_database()
        final = sender(url, isolated_data_dir, "final", "--until-done", "--json")
        _out, err = final.communicate(timeout=120)
        assert final.returncode == 0, err
        deliveries = message_ids(north, south)

    copies = Counter(rcpt for rcpt, _mid in deliveries)
    assert sorted(copies) == sorted(RECIPIENTS)  # nothing lost
    doubled = {r for r, n in copies.items() if n > 1}
    assert doubled <= set(resend)  # never twice on its own
    assert all(n <= 2 for n in copies.values())
    # Every copy of a message carries the Message-ID fixed when it was queued.
    open_database(url)
    try:
        fixed = {m.to_addr: m.message_id for m in Message.select()}
        assert all(fixed[rcpt] == mid for rcpt, mid in deliveries)
        assert {m.status for m in Message.select()} == {"sent"}
        by_sender = Counter(senders.get(m.sender_id, "?") for m in Message.select())
        assert by_sender["steady"] > 0 and sum(by_sender[n] for n in killed_names) > 0
        profiles = Counter(m.smtp_profile.name for m in Message.select())
        assert profiles["Launch relay"] > 0 and profiles["South relay"] > 0
    finally:
        close_database()


def test_two_senders_deliver_every_recipient_once_over_two_profiles(
    db, tmp_path: Path, isolated_data_dir: Path
):
    url = str(db)
    people = RECIPIENTS[:120]  # fmt: skip
    with FaultServer() as north, FaultServer() as south:
        make_campaign(
            tmp_path, north.port, people, rate=0, max_connections=2,
            more_profiles=[("South relay", south.port, 1, {})],
        )  # fmt: skip
        close_database()
        first = sender(url, isolated_data_dir, "first", "--until-done", "--json")
        second = sender(url, isolated_data_dir, "second", "--until-done", "--json")
        results = [p.communicate(timeout=120) for p in (first, second)]
        deliveries = message_ids(north, south)
    assert [p.returncode for p in (first, second)] == [0, 0], results
    copies = Counter(rcpt for rcpt, _mid in deliveries)
    assert sorted(copies) == sorted(people) and set(copies.values()) == {1}
    assert len(north.delivered) == len(south.delivered) == 60  # spread 1:1
    sent = [json.loads(out)["sent"] for out, _err in results]
    assert sum(sent) == len(people)
    open_database(url)
    try:
        assert {m.status for m in Message.select()} == {"sent"}
    finally:
        close_database()


def test_a_refused_profile_leaves_its_messages_to_the_other_sender(
    db, tmp_path: Path, isolated_data_dir: Path
):
    url = str(db)
    people = RECIPIENTS[:60]
    with FaultServer() as good, FaultServer(replies={"greeting": "554 5.7.1 Not you"}) as bad:
        make_campaign(
            tmp_path, good.port, people, rate=0,
            more_profiles=[("Refused relay", bad.port, 1, {})],
        )  # fmt: skip
        close_database()
        first = sender(url, isolated_data_dir, "first", "--until-done", "--json")
        second = sender(url, isolated_data_dir, "second", "--until-done", "--json")
        results = [p.communicate(timeout=120) for p in (first, second)]
        deliveries = message_ids(good, bad)
    assert [p.returncode for p in (first, second)] == [0, 0], results
    assert sorted(r for r, _m in deliveries) == sorted(people)
    assert bad.delivered == []
    open_database(url)
    try:
        assert {m.status for m in Message.select()} == {"sent"}
        assert {m.smtp_profile.name for m in Message.select()} == {"Launch relay"}
    finally:
        close_database()
