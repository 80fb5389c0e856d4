"""`sandbox` and `inbox` as a script runs them: a real server process, real SMTP delivery."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib

from core.db import close_database, open_database
from core.models import SmtpProfile
from core.sandbox import BUILTIN_PROFILE_NAME, ensure_builtin_profile
from tests.smtp_servers import free_port

ROOT = Path(__file__).resolve().parents[2]


def main_py(
    db: Path, data: Path, *args: str, ok: bool = True
) -> subprocess.CompletedProcess[bytes]:
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db), *args],
        capture_output=True, env={**os.environ, "STAFFETTA_DATA_DIR": str(data)}, cwd=ROOT,
        check=False, timeout=60,
    )  # fmt: skip
    assert b"Traceback" not in result.stderr
    if ok:
        assert result.returncode == 0, result.stderr.decode()
    return result


@contextmanager
def sandbox_process(
    db: Path, data: Path, *args: str
) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """`python main.py sandbox`, its announced port, stopped with Ctrl-C (SIGINT) at the end."""
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db), "sandbox", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "STAFFETTA_DATA_DIR": str(data)},
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert "127.0.0.1:" in line, process.stderr.read() if process.stderr else line
        yield process, int(line.split("127.0.0.1:")[1].split()[0])
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        process.wait(20)


def builtin_port(db: Path) -> int:
    open_database(str(db))
    try:
        return int(ensure_builtin_profile().port)
    finally:
        close_database()


def set_builtin_port(db: Path, port: int) -> None:
    open_database(str(db))
    try:
        ensure_builtin_profile()
        SmtpProfile.update(port=port).where(SmtpProfile.name == BUILTIN_PROFILE_NAME).execute()
    finally:
        close_database()


def deliver(port: int, subject: str, to: str = "zoë@example.com") -> None:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "Negozio <shop@example.com>", to, subject
    msg["List-Unsubscribe"] = "<https://example.com/u>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content("Ciao Zoë, è arrivato ✓")
    msg.add_alternative(
        '<p>Ciao Zoë</p><a href="https://example.com/u">Unsubscribe</a>', subtype="html"
    )
    asyncio.run(aiosmtplib.send(msg, hostname="127.0.0.1", port=port, timeout=10))


def test_sandbox_catches_and_inbox_lists_shows_deletes_and_clears(
    tmp_path: Path, isolated_data_dir: Path
):
    db, data = tmp_path / "s.db", isolated_data_dir
    port = free_port()
    with sandbox_process(db, data, "--port", str(port)) as (process, announced):
        assert announced == port
        deliver(port, "Prima ✓")
        deliver(port, "Seconda ✓", to="ann@example.com")
        process.send_signal(signal.SIGTERM)  # a service manager stops it cleanly too
        assert process.wait(20) == 0
    assert builtin_port(db) == port  # --port points the built-in profile at the server
    # The server's per-command chatter (and recipients' addresses) stays out of the log,
    # where it would push the lines that explain a problem out of the rotation.
    log_text = (data / "logs" / "staffetta.log").read_text(encoding="utf-8")
    assert "zoë@example.com" not in log_text and "mail.log" not in log_text

    listed = json.loads(main_py(db, data, "inbox", "--json").stdout)
    assert [(m["subject"], m["to"]) for m in listed] == [
        ("Seconda ✓", "ann@example.com"),
        ("Prima ✓", "zoë@example.com"),
    ]
    assert all(set(m) >= {"id", "to", "subject", "received_at", "size"} for m in listed)
    first = listed[1]["id"]

    raw = main_py(db, data, "inbox", "show", str(first)).stdout
    assert len(raw) == listed[1]["size"]
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed.get_body(("plain",)).get_content().strip() == "Ciao Zoë, è arrivato ✓"

    shown = json.loads(main_py(db, data, "inbox", "show", str(first), "--json").stdout)
    assert shown["one_click"] and shown["has_text"] and shown["subject"] == "Prima ✓"
    assert all(check["ok"] for check in shown["checks"])

    main_py(db, data, "inbox", "delete", str(first))
    missing = main_py(db, data, "inbox", "delete", str(first), ok=False)
    assert missing.returncode == 1 and b"no message" in missing.stderr
    assert [m["subject"] for m in json.loads(main_py(db, data, "inbox", "--json").stdout)] == [
        "Seconda ✓"
    ]
    assert b"Deleted 1" in main_py(db, data, "inbox", "clear").stderr
    assert json.loads(main_py(db, data, "inbox", "--json").stdout) == []


def test_sandbox_without_port_uses_the_profile_port_and_moves_it_when_busy(
    tmp_path: Path, isolated_data_dir: Path
):
    db, data = tmp_path / "s.db", isolated_data_dir
    stable = free_port()
    set_builtin_port(db, stable)
    with sandbox_process(db, data) as (process, announced):
        assert announced == stable
    assert process.returncode == 0

    with socket.socket() as squatter:  # another program holds the profile's port
        squatter.bind(("127.0.0.1", stable))
        squatter.listen()
        with sandbox_process(db, data) as (process, announced):
            assert announced != stable
            deliver(announced, "Spostato")
        assert process.returncode == 0
    assert builtin_port(db) == announced
    assert [m["subject"] for m in json.loads(main_py(db, data, "inbox", "--json").stdout)] == [
        "Spostato"
    ]


def test_sandbox_on_a_taken_port_fails_with_one_line(tmp_path: Path, isolated_data_dir: Path):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        result = main_py(
            tmp_path / "s.db", isolated_data_dir, "sandbox", "--port", str(port), ok=False
        )
    assert result.returncode == 1
    assert f"127.0.0.1:{port}".encode() in result.stderr and b"--port" in result.stderr
    assert (
        main_py(tmp_path / "s.db", isolated_data_dir, "inbox", "show", "7", ok=False).returncode
        == 1
    )


def test_campaign_test_to_a_test_inbox_nobody_runs_starts_it_for_the_message(
    tmp_path: Path, isolated_data_dir: Path
):
    db, data = tmp_path / "s.db", isolated_data_dir
    contacts, page = tmp_path / "c.csv", tmp_path / "t.html"
    contacts.write_text("email,first_name\nzoë@example.com,Zoë\n", encoding="utf-8")
    page.write_text('<p>Ciao {{ first_name }} ✓</p><a href="{{ unsubscribe_url }}">Unsubscribe</a>')
    main_py(db, data, "import", str(contacts), "--list", "L")
    main_py(
        db, data, "template", "add", "T", "--subject", "Ciao {{ first_name }}", "--html", str(page)
    )
    set_builtin_port(db, free_port())  # nothing listens there
    main_py(db, data, "campaign", "create", "C", "--list", "L", "--template", "T",
            "--smtp", BUILTIN_PROFILE_NAME, "--sender", "Shop <shop@example.com>",
            "--unsubscribe-url", "https://example.com/u?e={{ email|urlencode }}")  # fmt: skip
    sent = json.loads(
        main_py(db, data, "campaign", "test", "C", "--to", "me@example.com", "--json").stdout
    )
    assert sent["code"] == 250
    (caught,) = json.loads(main_py(db, data, "inbox", "--json").stdout)
    assert (caught["to"], caught["subject"]) == ("me@example.com", "Ciao Zoë")
    shown = json.loads(main_py(db, data, "inbox", "show", str(caught["id"]), "--json").stdout)
    assert "Ciao Zoë ✓" in shown["html"] and all(c["ok"] for c in shown["checks"]), shown["checks"]

    # A relay of the user's own on this computer (a local Postfix, say) that is down is
    # reported as down: the test inbox never stands in for it and "delivers" their mail.
    main_py(db, data, "smtp", "add", "Local", "--host", "127.0.0.1", "--port", str(free_port()))
    main_py(db, data, "campaign", "create", "D", "--list", "L", "--template", "T",
            "--smtp", "Local", "--sender", "Shop <shop@example.com>")  # fmt: skip
    refused = main_py(db, data, "campaign", "test", "D", "--to", "me@example.com", ok=False)
    assert refused.returncode == 1
    assert b"test inbox" not in refused.stderr and b"refused" in refused.stderr.lower()
    assert len(json.loads(main_py(db, data, "inbox", "--json").stdout)) == 1


def test_a_database_the_command_line_creates_has_the_builtin_inbox_profile(
    tmp_path: Path, isolated_data_dir: Path
):
    db = tmp_path / "new.db"
    listed = json.loads(main_py(db, isolated_data_dir, "smtp", "list", "--json").stdout)
    assert [p["name"] for p in listed] == [BUILTIN_PROFILE_NAME]
    # Not re-created on later runs: a user who deleted it keeps it deleted.
    open_database(str(db))
    try:
        SmtpProfile.delete().execute()
    finally:
        close_database()
    assert json.loads(main_py(db, isolated_data_dir, "smtp", "list", "--json").stdout) == []


def test_output_piped_into_a_reader_that_stops_early_is_not_an_error(
    tmp_path: Path, isolated_data_dir: Path
):
    """`staffetta contacts | head -1`: no traceback, no 'unexpected error'."""
    db = tmp_path / "pipe.db"
    main_py(db, isolated_data_dir, "import", str(ROOT / "resources" / "sample_contacts.csv"),
            "--list", "Friends")  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db), "contacts"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
        env={**os.environ, "STAFFETTA_DATA_DIR": str(isolated_data_dir)},
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before the first line is written
    stderr = process.stderr.read()
    assert process.wait(60) == 0, stderr
    assert b"Traceback" not in stderr and b"nexpected" not in stderr, stderr
