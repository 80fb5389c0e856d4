"""The second-sender lock is keyed on the database file, not on the path as typed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.db import close_database, open_database
from core.errors import SenderBusy
from core.models import Message
from core.queue import SenderLock
from tests.core.engine_helpers import make_campaign
from tests.smtp_servers import FaultServer

ROOT = Path(__file__).resolve().parents[2]


def other_names(db: Path, tmp_path: Path) -> dict[str, str]:
    """The same file by three other names: a symlink, a relative path, a hard link."""
    link_dir = tmp_path / "elsewhere"
    link_dir.mkdir()
    (link_dir / "link.db").symlink_to(db)
    os.link(db, link_dir / "hard.db")
    return {
        "symlink": str(link_dir / "link.db"),
        "relative": os.path.relpath(db, Path.cwd()),
        "hard link": str(link_dir / "hard.db"),
        "dotted": str(db.parent / "." / ".." / db.parent.name / db.name),
    }


@pytest.mark.parametrize("how", ["symlink", "relative", "hard link", "dotted"])
def test_the_same_file_by_another_name_is_refused(tmp_path: Path, how: str):
    db = tmp_path / "queue.db"
    db.write_bytes(b"")
    first = SenderLock(str(db))
    first.acquire()
    try:
        second = SenderLock(other_names(db, tmp_path)[how])
        with pytest.raises(SenderBusy, match="Another Staffetta sender") as raised:
            second.acquire()
        assert str(os.getpid()) in raised.value.message
        assert not second.held
    finally:
        first.release()
    again = SenderLock(str(db))
    again.acquire()  # released: the next sender gets it
    again.release()


def test_another_database_in_the_same_folder_is_not_blocked(tmp_path: Path):
    (tmp_path / "a.db").write_bytes(b"")
    (tmp_path / "b.db").write_bytes(b"a different file")
    first, second = SenderLock(str(tmp_path / "a.db")), SenderLock(str(tmp_path / "b.db"))
    first.acquire()
    second.acquire()
    first.release()
    second.release()


def sender(db: str, data_dir: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "STAFFETTA_DATA_DIR": str(data_dir)}
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--db", db, "send", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )  # fmt: skip


@pytest.mark.parametrize("how", ["symlink", "hard link"])
def test_a_second_sender_through_another_name_leaves_the_first_alone(
    tmp_path: Path, isolated_data_dir: Path, how: str
):
    """Before: the second sender got its own lock and turned the first's in-flight rows
    unknown. Now it is refused before it touches anything."""
    db = tmp_path / "queue.db"
    with FaultServer(replies={"greeting": "__stall__"}) as server:
        open_database(str(db))
        make_campaign(tmp_path, server.port, ["ann@example.com", "bob@example.com"],
                      connect_timeout=30)  # fmt: skip
        close_database()
        first = sender(str(db), isolated_data_dir)
        try:
            deadline = time.monotonic() + 30
            while server.connections == 0 and time.monotonic() < deadline:
                time.sleep(0.05)  # the first sender has claimed and is connecting
            assert server.connections > 0
            second = sender(other_names(db, tmp_path)[how], isolated_data_dir, "--until-done")
            _out, err = second.communicate(timeout=30)
            open_database(str(db))
            try:
                states = sorted(m.status for m in Message.select())
            finally:
                close_database()
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(30)
    assert second.returncode == 1
    assert "Another Staffetta sender" in err and "Traceback" not in err
    assert "unknown" not in states  # the first sender's in-flight rows are untouched
    assert "sending" in states
