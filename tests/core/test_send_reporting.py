"""What `send` and `queue list` tell a person: why nothing goes out, and counts of messages."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.cli import run
from core.db import close_database, open_database
from core.models import Message, SmtpProfile
from core.worker import SendingWorker, WorkerStateEvent
from tests.core.engine_helpers import make_campaign, run_worker
from tests.smtp_servers import FaultServer, delivered_to

ROOT = Path(__file__).resolve().parents[2]


def test_an_unknown_host_is_said_in_plain_text_by_send_and_queue_list(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    campaign = make_campaign(tmp_path, 2525, ["ann@example.com", "bob@example.com"])
    SmtpProfile.update(host="relay.nowhere.invalid").where(
        SmtpProfile.id == campaign.smtp_profile_id
    ).execute()
    worker = SendingWorker(until_done=False)
    states: list[WorkerStateEvent] = []
    worker.events.state.connect(states.append)
    run_worker(worker=worker, seconds=3)
    details = [s.detail for s in states if s.detail]
    assert details, states
    assert "relay.nowhere.invalid:2525 cannot be reached" in details[-1]
    assert "could not be found" in details[-1]
    assert "next try in" in details[-1]

    close_database()
    try:
        assert run(["--db", str(db), "queue", "list"]) == 0
        out, _err = capsys.readouterr()
    finally:
        open_database(str(db))
    deferred = [line for line in out.splitlines() if "deferred" in line]
    assert deferred, out
    assert all("could not be found" in line for line in deferred), out


def test_send_prints_why_it_waits(db: Path, tmp_path: Path, isolated_data_dir: Path):
    campaign = make_campaign(tmp_path, 2525, ["ann@example.com"])
    SmtpProfile.update(host="relay.nowhere.invalid").where(
        SmtpProfile.id == campaign.smtp_profile_id
    ).execute()
    close_database()
    try:
        env = {**os.environ, "STAFFETTA_DATA_DIR": str(isolated_data_dir)}
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--db", str(db), "send"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
        )  # fmt: skip
        assert process.stderr is not None
        said = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # until it says why it waits (or gives up)
            line = process.stderr.readline()
            said.append(line)
            if not line or "cannot be reached" in line:
                break
        process.send_signal(signal.SIGINT)
        _out, rest = process.communicate(timeout=60)
        err = "".join(said) + rest
    finally:
        open_database(str(db))
    assert process.returncode == 0, err
    assert "cannot be reached: the host name 'relay.nowhere.invalid' could not be found" in err


def test_the_summary_counts_messages_not_deferrals(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    """Each message greylisted once, then accepted: 6 sent, 0 deferred (was 'deferred 6')."""
    seen: set[str] = set()

    def greylist(to: str) -> str:
        if to in seen:
            return ""
        seen.add(to)
        return "451 4.7.1 Greylisted, try later"

    people = [f"g{i}@example.com" for i in range(6)]
    with FaultServer(replies={"rcpt": greylist}) as server:
        make_campaign(tmp_path, server.port, people)
        close_database()
        try:
            code = run(["--db", str(db), "send", "--until-done"])
        finally:
            open_database(str(db))
    err = capsys.readouterr().err
    assert code == 0, err
    assert sorted(delivered_to(server)) == people
    assert "Sent 6, failed 0, deferred 0, unknown 0" in err
    assert all(m.attempts == 2 for m in Message.select())
