"""The campaign, queue, send, sandbox and inbox commands end to end, as a script runs them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.smtp_servers import FaultServer, free_port

ROOT = Path(__file__).resolve().parents[2]


class Cli:
    def __init__(self, tmp_path: Path, data_dir: Path) -> None:
        self.db = tmp_path / "cli.db"
        self.env = {**os.environ, "STAFFETTA_DATA_DIR": str(data_dir)}
        self.tmp = tmp_path

    def __call__(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--db", str(self.db), *args],
            capture_output=True, text=True, env=self.env, cwd=ROOT, check=False, timeout=120,
        )  # fmt: skip
        if ok:
            assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        return result

    def json(self, *args: str):
        return json.loads(self(*args, "--json").stdout)


def prepare(cli: Cli, port: int) -> None:
    contacts = cli.tmp / "c.csv"
    contacts.write_text(
        "email,first_name\nann@example.com,Ann\ngone@example.com,Gone\nbob@example.com,Bob\n"
    )
    page = cli.tmp / "t.html"
    page.write_text('<p>Hi {{ first_name }}</p><a href="{{ unsubscribe_url }}">Unsubscribe</a>')
    cli("import", str(contacts), "--list", "L")
    cli("template", "add", "T", "--subject", "Hi {{ first_name }}", "--html", str(page))
    cli("smtp", "add", "S", "--host", "127.0.0.1", "--port", str(port), "--retry-base", "1",
        "--retry-max", "2", "--rate", "0")  # fmt: skip
    cli("campaign", "create", "C", "--list", "L", "--template", "T", "--smtp", "S",
        "--sender", "Shop <shop@example.com>")  # fmt: skip


# About twenty command-line runs, each a fresh interpreter: over two minutes on a loaded
# machine (66 s alone under load 10), so it gets more than the suite's 120 s.
@pytest.mark.timeout(360)
def test_campaign_to_finish_with_queue_management(tmp_path: Path, isolated_data_dir: Path):
    cli = Cli(tmp_path, isolated_data_dir)
    replies = {"rcpt": lambda to: "550 5.1.1 No such user" if to == "gone@example.com" else ""}
    with FaultServer(replies=replies) as server:
        prepare(cli, server.port)
        test = cli.json("campaign", "test", "C", "--to", "me@example.com")
        assert (
            test["code"] == 250
            and test["to"] == "me@example.com"
            and test["message_id"].startswith("<")
        )
        started = cli.json("campaign", "start", "C")
        assert started["queued"] == 3
        cli("queue", "hold", str(cli.json("queue", "list", "--status", "queued")[2]["id"]))
        summary = cli.json("send", "--until-done")
        assert (summary["sent"], summary["failed"]) == (1, 1)
        assert set(summary) >= {"sent", "failed", "deferred", "unknown", "seconds"}
        status = cli.json("campaign", "status", "C")
        assert status["status"] == "running"  # one is held
        assert status["counts"]["held"] == 1 and status["total"] == 3
        rows = cli.json("queue", "list")
        assert set(rows[0]) >= {"id", "campaign", "to", "status", "attempts", "next_attempt_at",
                                "last_code", "last_response", "message_id"}  # fmt: skip
        failed = next(r for r in rows if r["status"] == "failed")
        assert failed["last_code"] == 550 and failed["to"] == "gone@example.com"
        held = next(r for r in rows if r["status"] == "held")
        cli("queue", "release", str(held["id"]))
        assert cli.json("send", "--until-done")["sent"] == 1
        assert cli.json("campaign", "status", "C")["status"] == "finished"
        # retry keeps the Message-ID and reopens the campaign
        cli("queue", "retry", "--status", "failed")
        assert cli.json("campaign", "status", "C")["status"] == "running"
        again = cli.json("queue", "list", "--status", "queued")
        assert again[0]["message_id"] == failed["message_id"]
        cli("queue", "delete", "--all")
        assert cli.json("campaign", "status", "C")["counts"]["cancelled"] == 1
        export = tmp_path / "failed.csv"
        cli("queue", "export", str(export), "--status", "cancelled")
        assert "gone@example.com" in export.read_text(encoding="utf-8-sig")
    assert sorted(r for d in server.delivered for r in d.rcpt_to) == [
        "ann@example.com",
        "bob@example.com",
        "me@example.com",
    ]


def test_unknown_names_and_bad_values_are_exit_1(tmp_path: Path, isolated_data_dir: Path):
    cli = Cli(tmp_path, isolated_data_dir)
    for args in (["campaign", "status", "Nope"], ["campaign", "start", "Nope"],
                 ["queue", "list", "--campaign", "Nope"],
                 ["smtp", "add", "X", "--host", "smtp.example.com", "--port", "25", "--security", "none"],
                 ["template", "add", "T", "--subject", "s", "--html", "/nonexistent.html"]):  # fmt: skip
        result = cli(*args, ok=False)
        assert result.returncode == 1, args
        assert (
            result.stderr.startswith("staffetta: ") and len(result.stderr.strip().splitlines()) == 1
        )


def test_template_syntax_error_names_the_line(tmp_path: Path, isolated_data_dir: Path):
    cli = Cli(tmp_path, isolated_data_dir)
    page = tmp_path / "bad.html"
    page.write_text("<p>\n{{ name }\n</p>")
    result = cli("template", "add", "T", "--subject", "s", "--html", str(page), ok=False)
    assert result.returncode == 1 and "Line 2 of the HTML" in result.stderr


def test_sandbox_command_catches_mail_and_inbox_lists_it(tmp_path: Path, isolated_data_dir: Path):
    cli = Cli(tmp_path, isolated_data_dir)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "sandbox", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli.env, cwd=ROOT,
    )  # fmt: skip
    try:
        assert f"127.0.0.1:{port}" in process.stdout.readline()
        prepare(cli, port)
        cli("campaign", "start", "C")
        assert cli.json("send", "--until-done")["sent"] == 3
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(10)
    caught = cli.json("inbox")
    assert len(caught) == 3
    assert set(caught[0]) >= {"id", "to", "subject", "received_at", "size"}
    assert {c["subject"] for c in caught} == {"Hi Ann", "Hi Gone", "Hi Bob"}
    assert process.returncode == 0


def test_send_starts_the_builtin_inbox_when_needed(tmp_path: Path, isolated_data_dir: Path):
    from core.db import close_database, open_database
    from core.models import SmtpProfile
    from core.sandbox import BUILTIN_PROFILE_NAME

    cli = Cli(tmp_path, isolated_data_dir)
    prepare(cli, free_port())
    open_database(str(cli.db))
    try:  # nothing listens where the built-in profile points
        SmtpProfile.update(port=free_port()).where(
            SmtpProfile.name == BUILTIN_PROFILE_NAME
        ).execute()
    finally:
        close_database()
    cli("campaign", "create", "B", "--list", "L", "--template", "T",
        "--smtp", BUILTIN_PROFILE_NAME, "--sender", "Shop <shop@example.com>")  # fmt: skip
    cli("campaign", "start", "B")
    started = time.monotonic()
    result = cli("send", "--campaign", "B", "--until-done", "--json")
    assert json.loads(result.stdout)["sent"] == 3
    assert "built-in test inbox" in result.stderr
    assert time.monotonic() - started < 60
    assert len(cli.json("inbox")) == 3
