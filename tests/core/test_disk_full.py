"""A full disk under the database: one sentence (full, where, what to do), nothing lost,
and the work goes on once there is room. On a real small filesystem (a tmpfs of a few MB)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.cli import run
from core.db import close_database, open_database
from core.models import Campaign, Contact, Message
from tests.conftest import require_server
from tests.core.engine_helpers import make_campaign
from tests.smtp_servers import FaultServer

ROOT = Path(__file__).resolve().parents[2]


class SmallDisk:
    """A tmpfs of ``megabytes`` MB, and a filler file that takes all but ``spare`` bytes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.filler = folder / "filler.bin"

    def fill(self, spare: int = 128 * 1024) -> None:
        with self.filler.open("ab") as fh:
            chunk = b"\0" * 65536
            try:
                while True:
                    fh.write(chunk)
                    fh.flush()
            except OSError:
                pass
        size = self.filler.stat().st_size
        os.truncate(self.filler, max(0, size - spare))

    def free(self) -> None:
        self.filler.unlink(missing_ok=True)


def small_disk(tmp_path: Path, megabytes: int) -> Iterator[SmallDisk]:
    folder = tmp_path / "small"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(folder)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if mounted.returncode != 0:
        require_server("a small tmpfs (mount as root)", mounted.stderr.strip() or "mount failed")
    try:
        yield SmallDisk(folder)
    finally:
        close_database()
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def disk16(tmp_path: Path) -> Iterator[SmallDisk]:
    yield from small_disk(tmp_path, 16)


@pytest.fixture
def disk10(tmp_path: Path) -> Iterator[SmallDisk]:
    yield from small_disk(tmp_path, 10)


def cli(db: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = run(["--db", str(db), *args])
    return code, capsys.readouterr().err


def write_csv(path: Path, rows: int, prefix: str = "p") -> Path:
    lines = ["email,first_name,city"] + [
        f"{prefix}{i}@example.com,Name{i},Roma" for i in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def assert_one_clear_line(err: str, folder: Path) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "disk is full" in lines[0] and str(folder) in lines[0], err
    assert "Free some space" in lines[0]
    assert "bug" not in err and "Traceback" not in err


def test_import_on_a_full_disk_says_so_and_completes_once_there_is_room(
    disk16: SmallDisk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    db = disk16.folder / "q.db"
    csv_path = write_csv(tmp_path / "people.csv", 20_000)  # the CSV is elsewhere
    assert cli(db, "contacts", capsys=capsys)[0] == 0  # the database exists
    disk16.fill()
    code, err = cli(db, "import", str(csv_path), "--list", "People", capsys=capsys)
    assert code == 1
    assert_one_clear_line(err, disk16.folder)
    open_database(str(db))  # the file is still a sound database
    stored_before = Contact.select().count()
    assert database_ok()
    close_database()
    disk16.free()
    code, err = cli(db, "import", str(csv_path), "--list", "People", capsys=capsys)
    assert code == 0, err
    open_database(str(db))
    assert Contact.select().count() == 20_000 >= stored_before
    close_database()


def database_ok() -> bool:
    from core.models import database_proxy

    return database_proxy.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_start_on_a_full_disk_says_so_and_starts_once_there_is_room(
    disk10: SmallDisk, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    db = disk10.folder / "q.db"
    open_database(str(db))
    campaign = make_campaign(tmp_path, 2525, ["seed@example.com"], name="Seed")
    close_database()
    csv_path = write_csv(tmp_path / "many.csv", 8_000, prefix="m")
    assert cli(db, "import", str(csv_path), "--list", "Many", capsys=capsys)[0] == 0
    code, err = cli(db, "campaign", "create", "Big", "--list", "Many", "--template",
                    "Seed template", "--smtp", "Seed relay", "--sender", "Shop <shop@example.com>",
                    capsys=capsys)  # fmt: skip
    assert code == 0, err
    disk10.fill(spare=64 * 1024)
    code, err = cli(db, "campaign", "start", "Big", capsys=capsys)
    assert code == 1
    assert_one_clear_line(err, disk10.folder)
    disk10.free()
    code, err = cli(db, "campaign", "start", "Big", capsys=capsys)
    assert code == 0, err
    open_database(str(db))
    big = Campaign.get(Campaign.name == "Big")
    assert big.status == "running"
    assert Message.select().where(Message.campaign == big.id).count() == 8_000
    assert Campaign.get_by_id(campaign.id).status == "running"
    assert database_ok()
    close_database()


@pytest.mark.slow
def test_send_on_a_full_disk_waits_saying_so_and_goes_on_once_there_is_room(
    disk10: SmallDisk, tmp_path: Path, isolated_data_dir: Path
):
    db = disk10.folder / "q.db"
    people = [f"s{i:04d}@example.com" for i in range(3_000)]
    with FaultServer() as server:
        open_database(str(db))
        make_campaign(tmp_path, server.port, people, max_connections=2)
        close_database()
        disk10.fill(spare=96 * 1024)
        env = {**os.environ, "STAFFETTA_DATA_DIR": str(isolated_data_dir)}
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--db", str(db), "send", "--until-done"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
        )  # fmt: skip
        assert process.stderr is not None
        said = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            said.append(line)
            if "disk is full" in line or not line:
                break
        assert "disk is full" in said[-1], "".join(said)
        assert str(disk10.folder) in said[-1]
        stalled_at = len(server.delivered)
        time.sleep(1.0)
        assert len(server.delivered) <= stalled_at + 2 * 2 * 2  # nothing new is claimed
        disk10.free()
        _out, rest = process.communicate(timeout=120)
    err = "".join(said) + rest
    assert process.returncode == 0, err
    assert "Traceback" not in err and "bug" not in err
    assert "sending again" in rest
    copies = Counter(r for d in server.delivered for r in d.rcpt_to)
    assert sorted(copies) == people and set(copies.values()) == {1}  # each once
    open_database(str(db))
    assert {m.status for m in Message.select()} == {"sent"}
    close_database()
