"""`db copy SQLITE_FILE POSTGRES_URL`: a desktop database moved to a team server, counts checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.cli import run
from core.db import close_database, open_database
from core.models import ALL_MODELS, Contact, Message
from tests.core.engine_helpers import make_campaign, run_worker
from tests.smtp_servers import FaultServer

PEOPLE = [f"c{i:02d}@example.com" for i in range(12)]


def _counts() -> dict[str, int]:
    return {m._meta.table_name: m.select().count() for m in ALL_MODELS}


@pytest.fixture
def desktop_file(db_path: Path, tmp_path: Path) -> Path:
    """A desktop database with a campaign half sent, a failure, and a crashed send."""
    replies = {"rcpt": lambda to: "550 5.1.1 No such user" if to == PEOPLE[0] else ""}
    open_database(str(db_path))
    try:
        with FaultServer(replies=replies) as server:
            make_campaign(tmp_path, server.port, PEOPLE, rate=0)
            run_worker()
        Contact.update(name="N" * 600).where(Contact.email_key == PEOPLE[1]).execute()
        Message.update(status="sending").where(Message.to_addr == PEOPLE[2]).execute()
    finally:
        close_database()
    return db_path


def test_db_copy_moves_everything_and_checks_the_counts(
    desktop_file: Path, postgres_cluster, capsys: pytest.CaptureFixture[str]
):
    server = postgres_cluster.server
    name = server.create_database()  # empty: no schema yet
    url = server.url(name)
    try:
        open_database(str(desktop_file))
        before = _counts()
        statuses = {m.to_addr: (m.status, m.message_id) for m in Message.select()}
        close_database()

        assert run(["db", "copy", str(desktop_file), url, "--json"]) == 0
        out, err = capsys.readouterr()
        report = json.loads(out)
        assert report["ok"] is True
        assert {t: c["copied"] for t, c in report["tables"].items()} == before
        assert all(c["source"] == c["copied"] for c in report["tables"].values())
        assert report["unknown_from_sending"] == 1 and "unknown" in err

        open_database(url)
        try:
            assert _counts() == before
            copied = {m.to_addr: (m.status, m.message_id) for m in Message.select()}
            assert copied[PEOPLE[2]][0] == "unknown"  # was in flight on the desktop
            del statuses[PEOPLE[2]], copied[PEOPLE[2]]
            assert copied == statuses  # same states, same Message-IDs
            assert len(Contact.get(Contact.email_key == PEOPLE[1]).name) == 600
            Contact.create(email="new@example.com", email_key="new@example.com")  # ids go on
        finally:
            close_database()

        # A second copy into the same (now filled) database is refused, and changes nothing.
        assert run(["db", "copy", str(desktop_file), url]) == 1
        err = capsys.readouterr().err
        assert "is not empty" in err and "db copy only fills an empty database" in err
        assert len(err.strip().splitlines()) == 1
        assert "Traceback" not in err
    finally:
        close_database()
        server.drop_database(name)


def test_db_copy_prints_the_counts_for_a_person(
    desktop_file: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
):
    """Into a database that has the schema already (and the built-in inbox profile that
    opening it from the command line adds): still empty, so it is filled."""
    assert run(["--db", postgres_url, "smtp", "list"]) == 0
    capsys.readouterr()
    assert run(["db", "copy", str(desktop_file), postgres_url]) == 0
    out, _err = capsys.readouterr()
    assert "in the file" in out and "message" in out and f"{len(PEOPLE):>10,} copied" in out


def test_db_copy_says_what_is_wrong_with_its_arguments(tmp_path: Path, capsys):
    assert run(["db", "copy", str(tmp_path / "missing.db"), "postgresql://x@127.0.0.1/y"]) == 1
    assert "There is no database file" in capsys.readouterr().err
    (tmp_path / "a.db").write_bytes(b"")
    assert run(["db", "copy", str(tmp_path / "a.db"), str(tmp_path / "b.db")]) == 1
    assert "is not a PostgreSQL address" in capsys.readouterr().err
