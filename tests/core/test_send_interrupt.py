"""Ctrl-C at any instant of `send`, from the very first: a clean exit, never a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.db import close_database, open_database
from core.models import Message
from tests.core.engine_helpers import make_campaign
from tests.smtp_servers import STALL, FaultServer

ROOT = Path(__file__).resolve().parents[2]


def interpreter_start_up(env: dict[str, str]) -> float:
    """Seconds a bare interpreter of this venv takes to start and exit (the slowest of 3)."""
    times = []
    for _ in range(3):
        started = time.monotonic()
        subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
        times.append(time.monotonic() - started)
    return max(times)


@pytest.mark.slow
def test_sigint_in_the_first_instants_of_send_exits_cleanly(
    tmp_path: Path, isolated_data_dir: Path
):
    db = tmp_path / "early.db"
    env = {**os.environ, "STAFFETTA_DATA_DIR": str(isolated_data_dir)}
    with FaultServer(replies={"greeting": STALL}) as server:
        open_database(str(db))
        make_campaign(
            tmp_path, server.port, ["ann@example.com"], connect_timeout=1, max_attempts=1000
        )
        close_database()
        seen = []
        # A Ctrl-C before main.py's first line lands in Python's own start-up (site, a venv's
        # .pth files), which no program can catch: start counting once a bare interpreter
        # of the same venv would have started, measured now, on this (maybe loaded) machine.
        interpreter = interpreter_start_up(env)
        # From main.py's imports to the worker's first claim: every ~70 ms.
        for step in range(1, 19):
            process = subprocess.Popen(
                [sys.executable, str(ROOT / "main.py"), "--db", str(db), "send"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
            )  # fmt: skip
            time.sleep(interpreter + 0.07 * step)
            process.send_signal(signal.SIGINT)
            _out, err = process.communicate(timeout=60)
            seen.append((0.07 * step, process.returncode, err))
    for delay, code, err in seen:
        assert "Traceback" not in err, f"after {delay:.2f} s:\n{err}"
        assert code in (0, 1), f"after {delay:.2f} s: exit {code}\n{err}"
    open_database(str(db))
    try:
        assert Message.get().status in ("queued", "deferred", "unknown")  # never lost
    finally:
        close_database()
