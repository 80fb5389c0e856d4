"""SIGKILL the headless sender at several points: nothing is lost, nothing sent twice on its own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from core.db import close_database, open_database
from core.models import Message
from tests.core.engine_helpers import make_campaign
from tests.smtp_servers import FaultServer

ROOT = Path(__file__).resolve().parents[2]
RECIPIENTS = [f"r{i:03d}@example.com" for i in range(150)]


def sender(db: Path | str, data_dir: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "STAFFETTA_DATA_DIR": str(data_dir)}
    if str(db).startswith("postgresql://"):
        # A killed team sender's profile lease expires after --lease: 2 s, not 30.
        extra = ("--lease", "2", *extra)
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db), "send", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )  # fmt: skip


@pytest.mark.slow
@pytest.mark.databases()
def test_kill_9_at_several_points_loses_nothing(
    tmp_path: Path, isolated_data_dir: Path, db_location: str
):
    db = db_location
    with FaultServer() as server:
        open_database(str(db))
        make_campaign(tmp_path, server.port, RECIPIENTS, rate=60, burst=5, max_connections=2)
        close_database()

        for kill_after in (10, 45, 90):
            process = sender(db, isolated_data_dir)
            deadline = time.monotonic() + 30
            while len(server.delivered) < kill_after and time.monotonic() < deadline:
                time.sleep(0.01)
            process.send_signal(signal.SIGKILL)
            process.wait(10)

        # The user looks at what was in flight and chooses to resend it (same Message-ID).
        open_database(str(db))
        unknown_after_restart: list[str] = []
        from core.queue import recover_interrupted, retry

        if db.startswith("postgresql://"):
            # The next team sender, once the dead ones' leases have expired (a clock
            # moved past them instead of a sleep), turns their in-flight rows unknown.
            from datetime import timedelta

            from core.models import utcnow
            from core.team.senders import TeamSender

            later = TeamSender(db, clock=lambda: utcnow() + timedelta(seconds=10))
            assert (
                later.recover_expired().senders == 1
            )  # the last; the others were found by the next sender
            later.close()
        else:
            recover_interrupted()
        unknown_after_restart = [
            m.to_addr for m in Message.select().where(Message.status == "unknown")
        ]
        assert len(unknown_after_restart) <= 3 * 2 * 2  # at most ~2x connections per crash
        retry(status="unknown")
        close_database()

        final = sender(db, isolated_data_dir, "--until-done", "--json")
        _out, err = final.communicate(timeout=60)
        assert final.returncode == 0, err

    copies = Counter(r for d in server.delivered for r in d.rcpt_to)
    missing = [r for r in RECIPIENTS if copies[r] == 0]
    assert missing == []
    doubled = {r for r, n in copies.items() if n > 1}
    assert doubled <= set(unknown_after_restart)  # duplicates only where the user chose to resend
    assert all(n <= 2 for n in copies.values())
    open_database(str(db))
    try:
        assert {m.status for m in Message.select()} == {"sent"}
        ids = [m.message_id for m in Message.select()]
        assert len(set(ids)) == len(RECIPIENTS)
    finally:
        close_database()
    # Every copy of a resent message carries the Message-ID fixed at queue time.
    for delivery in server.delivered:
        assert b"Message-ID: <" in delivery.data


def test_a_second_sender_on_the_same_queue_exits_with_a_clear_message(
    tmp_path: Path, isolated_data_dir: Path
):
    db = tmp_path / "lock.db"
    with FaultServer(replies={"greeting": "__stall__"}) as server:
        open_database(str(db))
        make_campaign(tmp_path, server.port, RECIPIENTS[:2], connect_timeout=30)
        close_database()
        first = sender(db, isolated_data_dir)
        # It holds the lock once it connects to the relay (which never greets it).
        deadline = time.monotonic() + 30
        while server.connections == 0 and first.poll() is None:
            assert time.monotonic() < deadline, "the first sender never connected"
            time.sleep(0.02)
        second = sender(db, isolated_data_dir, "--until-done")
        _out, err = second.communicate(timeout=30)
        first.send_signal(signal.SIGKILL)  # not what this test is about: only the second's exit
        first.wait(30)
    assert second.returncode == 1
    assert "Another Staffetta sender" in err
    assert "Traceback" not in err


@pytest.mark.databases()
def test_ctrl_c_stops_cleanly_and_records_honestly(
    tmp_path: Path, isolated_data_dir: Path, db_location: str
):
    db = db_location
    with FaultServer() as server:
        open_database(str(db))
        make_campaign(tmp_path, server.port, RECIPIENTS[:100], rate=30, burst=2)
        close_database()
        process = sender(db, isolated_data_dir, "--json")
        deadline = time.monotonic() + 30
        while len(server.delivered) < 10 and time.monotonic() < deadline:
            time.sleep(0.01)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
        delivered = {r for d in server.delivered for r in d.rcpt_to}
    assert process.returncode == 0, err
    assert "Traceback" not in err
    import json

    summary = json.loads(out)
    open_database(str(db))
    try:
        states = Counter(m.status for m in Message.select())
        sent = {m.to_addr for m in Message.select().where(Message.status == "sent")}
    finally:
        close_database()
    assert states["sending"] == 0  # in-flight messages finished and were recorded
    assert sent == delivered  # what the relay accepted is exactly what is recorded sent
    assert summary["sent"] == len(sent)
    assert states["queued"] == 100 - len(sent)
