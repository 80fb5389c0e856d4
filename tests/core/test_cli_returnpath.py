"""The return path end to end, as a script runs it: a campaign through a relay that
accepts everything and reports back later, one `mailbox check`, the next campaign."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.bouncing_relay import BouncingRelay
from tests.conftest import free_port
from tests.dovecot_server import DovecotServer

ROOT = Path(__file__).resolve().parents[2]
IMAP_PASSWORD = "Imap-Pa55word-not-in-any-file"


class Cli:
    def __init__(self, tmp_path: Path, data_dir: Path) -> None:
        self.db = tmp_path / "cli.db"
        self.env = {**os.environ, "STAFFETTA_DATA_DIR": str(data_dir), "IMAP_PW": IMAP_PASSWORD}
        self.tmp = tmp_path

    def command(self, *args: str) -> list[str]:
        return [sys.executable, str(ROOT / "main.py"), "--db", str(self.db), *args]

    def __call__(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            self.command(*args), capture_output=True, text=True, env=self.env, cwd=ROOT,
            check=False, timeout=180,
        )  # fmt: skip
        if ok:
            assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        return result

    def json(self, *args: str):
        return json.loads(self(*args, "--json").stdout)


@pytest.fixture
def dovecot() -> Iterator[DovecotServer]:
    server = DovecotServer(users={"bounces": IMAP_PASSWORD}).start()
    yield server
    server.stop()


PEOPLE = {
    "ann@example.org": "stays",
    "gone@example.org": "unknown",
    "lost@example.org": "unknown",
    "angry@example.org": "complains",
    "leaving@example.org": "unsubscribes",
    "away@example.org": "on vacation",
    "bob@example.org": "stays",
}


def prepare(cli: Cli, relay: BouncingRelay, dovecot: DovecotServer) -> None:
    contacts = cli.tmp / "c.csv"
    contacts.write_text("email,first_name\n" + "".join(f"{p},{p[:3]}\n" for p in PEOPLE))
    page = cli.tmp / "t.html"
    page.write_text("<p>Hi {{ first_name }}</p>")
    cli("import", str(contacts), "--list", "L")
    cli("template", "add", "T", "--subject", "News for {{ first_name }}", "--html", str(page))
    cli("smtp", "add", "S", "--host", "127.0.0.1", "--port", str(relay.port), "--rate", "0")
    box = cli.json("mailbox", "set", "S", "--host", "127.0.0.1", "--port", str(dovecot.port),
                   "--security", "none", "--username", "bounces", "--password-env", "IMAP_PW",
                   "--return-path", "bounces@example.com", "--verp")  # fmt: skip
    assert box["test"]["folder"] == "INBOX" and box["verp"] is True
    cli("campaign", "create", "C", "--list", "L", "--template", "T", "--smtp", "S",
        "--sender", "Shop <shop@example.com>", "--unsubscribe-mailto", "bounces@example.com")  # fmt: skip


def bouncing_relay(dovecot: DovecotServer, *, hold: bool = False) -> BouncingRelay:
    return BouncingRelay(
        dovecot,
        hold=hold,
        unknown={p for p, what in PEOPLE.items() if what == "unknown"},
        complainers={p for p, what in PEOPLE.items() if what == "complains"},
        leavers={p for p, what in PEOPLE.items() if what == "unsubscribes"},
        on_vacation={p for p, what in PEOPLE.items() if what == "on vacation"},
    )


def test_a_campaign_whose_bounces_come_back_later(tmp_path, isolated_data_dir, dovecot):
    cli = Cli(tmp_path, isolated_data_dir)
    with bouncing_relay(dovecot, hold=True) as relay:
        prepare(cli, relay, dovecot)
        cli("campaign", "start", "C")
        sent = cli.json("send", "--until-done")
        assert sent["sent"] == len(PEOPLE)  # every 250 is "sent": the relay said so
        assert sent["mailbox"]["checked"] == 0  # send checked at start: nothing back yet
        assert {frm for frm, _to in relay.accepted} != {"bounces@example.com"}  # VERP
        assert all(frm.startswith("bounces+") for frm, _to in relay.accepted)
        relay.release()  # the reports come back after the sender has gone
        relay.wait_for_reports(5)

    check = cli.json("mailbox", "check")
    assert {k: check[k] for k in ("checked", "bounces", "soft_bounces", "complaints",
                                  "unsubscribes", "unmatched")} == {
        "checked": 5, "bounces": 2, "soft_bounces": 0, "complaints": 1, "unsubscribes": 1,
        "unmatched": 0,
    }  # fmt: skip
    assert check["auto_replies"] == 1

    status = cli.json("campaign", "status", "C")
    assert status["counts"]["bounced"] == 2 and status["counts"]["sent"] == 5
    assert status["returned"]["complaints"] == 1 and status["returned"]["unsubscribes"] == 1
    contacts = {c["email"]: c["status"] for c in cli.json("contacts")}
    assert contacts == {
        "ann@example.org": "active", "gone@example.org": "bounced", "lost@example.org": "bounced",
        "angry@example.org": "complained", "leaving@example.org": "unsubscribed",
        "away@example.org": "active", "bob@example.org": "active",
    }  # fmt: skip
    bounced = cli.json("queue", "list", "--status", "bounced")
    assert sorted(m["to"] for m in bounced) == ["gone@example.org", "lost@example.org"]
    assert all("User unknown" in m["last_response"] and m["last_code"] == 550 for m in bounced)
    listed = {e["email"] for e in cli.json("suppress", "list")}
    assert listed == {"gone@example.org", "lost@example.org", "angry@example.org",
                      "leaving@example.org"}  # fmt: skip

    again = cli.json("mailbox", "check")
    assert [again[k] for k in ("checked", "bounces", "complaints", "unsubscribes")] == [0, 0, 0, 0]

    cli("campaign", "create", "C2", "--list", "L", "--template", "T", "--smtp", "S",
        "--sender", "Shop <shop@example.com>")  # fmt: skip
    started = cli.json("campaign", "start", "C2")
    assert started["queued"] == 3 and started["suppressed"] == 4
    con = sqlite3.connect(cli.db)
    queued = {r[0] for r in con.execute(
        "SELECT to_key FROM message m JOIN campaign c ON c.id = m.campaign_id WHERE c.name = 'C2'"
    )}  # fmt: skip
    con.close()
    assert queued == {"ann@example.org", "away@example.org", "bob@example.org"}

    # the IMAP password is nowhere on disk: not in the database, not in the logs
    files = [cli.db, Path(f"{cli.db}-wal"), *isolated_data_dir.rglob("*")]
    for path in files:
        if path.is_file():
            assert IMAP_PASSWORD.encode() not in path.read_bytes(), path
    assert any(p.suffix == ".log" or ".log" in p.name for p in isolated_data_dir.rglob("*"))


def test_send_checks_the_mailbox_by_itself(tmp_path, isolated_data_dir, dovecot):
    cli = Cli(tmp_path, isolated_data_dir)
    with bouncing_relay(dovecot) as relay:
        prepare(cli, relay, dovecot)
        cli("mailbox", "options", "--check-every", "0.02")
        cli("campaign", "start", "C")
        sender = subprocess.Popen(
            cli.command("send"), env=cli.env, cwd=ROOT, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        expected = {"bounced": 2, "complained": 1, "unsubscribed": 1}
        try:
            relay.wait_for_reports(5)
            deadline = time.monotonic() + 60
            found: dict[str, int] = {}
            while time.monotonic() < deadline and found != expected:
                con = sqlite3.connect(cli.db, timeout=10)
                found = dict(con.execute(
                    "SELECT status, COUNT(*) FROM contact WHERE status != 'active' GROUP BY status"
                ).fetchall())  # fmt: skip
                con.close()
                time.sleep(0.2)
        finally:
            sender.send_signal(signal.SIGINT)
            _out, err = sender.communicate(timeout=60)
    assert found == expected, err  # the auto-reply changed nothing
    assert "mailbox: 2 bounces" in err
    assert "Traceback" not in err
    assert {e["email"] for e in cli.json("suppress", "list")} == {
        p for p, what in PEOPLE.items() if what in ("unknown", "complains", "unsubscribes")
    }
    for path in [cli.db, Path(f"{cli.db}-wal"), *isolated_data_dir.rglob("*")]:
        if path.is_file():  # the sender's logs and database hold no IMAP password
            assert IMAP_PASSWORD.encode() not in path.read_bytes(), path
    assert IMAP_PASSWORD not in err


def test_mailbox_errors_are_one_line(tmp_path, isolated_data_dir, dovecot):
    cli = Cli(tmp_path, isolated_data_dir)
    cli("smtp", "add", "S", "--host", "127.0.0.1", "--port", "2525")
    base = ["mailbox", "set", "S", "--host", "127.0.0.1", "--security", "none",
            "--username", "bounces"]  # fmt: skip
    cli.env["BAD_PW"] = "Wr0ng-Imap-Pa55word"
    wrong = cli(*base, "--port", str(dovecot.port), "--password-env", "BAD_PW", ok=False)
    closed = cli(*base, "--port", str(free_port()), "--password-env", "IMAP_PW", ok=False)
    folder = cli(*base, "--port", str(dovecot.port), "--password-env", "IMAP_PW",
                 "--folder", "Bounces", ok=False)  # fmt: skip
    remote = cli("mailbox", "set", "S", "--host", "imap.example.com", "--port", "143",
                 "--security", "none", ok=False)  # fmt: skip
    unset = cli(*base, "--port", str(dovecot.port), "--password-env", "NOT_SET", ok=False)
    for result, text in (
        (wrong, "refused the username or password"), (closed, "refused the connection"),
        (folder, "no folder 'Bounces'"), (remote, "without TLS"), (unset, "NOT_SET is empty"),
    ):  # fmt: skip
        assert result.returncode == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and text in lines[0], result.stderr
    assert cli.json("mailbox", "list") == []  # nothing saved by a failed set
    for path in [cli.db, *isolated_data_dir.rglob("*")]:
        if path.is_file():  # a refused password is not logged either
            assert b"Wr0ng-Imap-Pa55word" not in path.read_bytes(), path
    none = cli("mailbox", "check", ok=False)
    assert none.returncode == 1 and "No SMTP profile has a mailbox" in none.stderr


def test_a_campaign_through_postfix_that_bounces_later(tmp_path, isolated_data_dir, dovecot):
    """The issue's story with Debian's Postfix: 250 for a mailbox that does not exist, then
    Postfix's own DSN (5.1.1, naming the original Message-ID) to the VERP return path."""
    from tests.postfix_server import BouncingPostfix

    cli = Cli(tmp_path, isolated_data_dir)
    gone = {"gone@example.org", "lost@example.org"}
    with BouncingPostfix(dovecot, unknown=gone) as postfix:
        contacts = cli.tmp / "c.csv"
        contacts.write_text("email\n" + "".join(f"{p}\n" for p in PEOPLE))
        page = cli.tmp / "t.html"
        page.write_text("<p>Hello</p>")
        cli("import", str(contacts), "--list", "L")
        cli("template", "add", "T", "--subject", "News", "--html", str(page))
        cli("smtp", "add", "Postfix", "--host", "127.0.0.1", "--port", str(postfix.port),
            "--rate", "0")  # fmt: skip
        cli("mailbox", "set", "Postfix", "--host", "127.0.0.1", "--port", str(dovecot.port),
            "--security", "none", "--username", "bounces", "--password-env", "IMAP_PW",
            "--return-path", "bounces@example.com", "--verp")  # fmt: skip
        cli("campaign", "create", "C", "--list", "L", "--template", "T", "--smtp", "Postfix",
            "--sender", "Shop <shop@example.com>")  # fmt: skip
        cli("campaign", "start", "C")
        sent = cli.json("send", "--until-done")
        assert sent["sent"] == len(PEOPLE) and sent["failed"] == 0
        postfix.wait_for_bounces(2)

    check = cli.json("mailbox", "check")
    assert (check["checked"], check["bounces"], check["unmatched"]) == (2, 2, 0)
    bounced = cli.json("queue", "list", "--status", "bounced")
    assert sorted(m["to"] for m in bounced) == sorted(gone)
    assert all(m["last_code"] is None or m["last_code"] == 550 for m in bounced)
    assert all("User unknown" in m["last_response"] for m in bounced)
    contacts_now = {c["email"]: c["status"] for c in cli.json("contacts")}
    assert {e for e, s in contacts_now.items() if s == "bounced"} == gone
    assert cli.json("mailbox", "check")["checked"] == 0
    cli("campaign", "create", "C2", "--list", "L", "--template", "T", "--smtp", "Postfix",
        "--sender", "Shop <shop@example.com>")  # fmt: skip
    assert cli.json("campaign", "start", "C2")["queued"] == len(PEOPLE) - 2
