"""`template add` and `campaign create|test|start|pause|resume|cancel|status` as CLI.md says.

The commands run in-process through ``core.cli.run`` on a real SQLite file; test sends go
to a real aiosmtpd server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import email
import json
from collections.abc import Iterator
from email import policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from core.cli import run
from core.db import close_database, open_database
from core.models import (
    Campaign,
    Contact,
    ContactList,
    ListMembership,
    Message,
    SmtpProfile,
    Suppression,
)
from tests.conftest import free_port

# CLI.md: the keys every script may rely on ("bounced" came with the return path)
STATUS_COUNTS = {"queued", "sending", "deferred", "sent", "failed", "unknown", "held", "cancelled",
                 "bounced"}


class Sink:
    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 2.0.0 Ok: queued as TEST1"


@pytest.fixture
def smtp_sink() -> Iterator[tuple[Sink, int]]:
    sink = Sink()
    port = free_port()
    loop = asyncio.new_event_loop()
    controller = Controller(
        sink, hostname="127.0.0.1", port=port, server_hostname="localhost", loop=loop
    )
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()
        loop.close()


CONTACTS = [
    ("zoe@example.com", "Zoë Müller", {"First Name": "Zoë", "City": "Zürich"}),
    ("ann@example.org", None, {"First Name": "Ann", "City": "Roma"}),
    ("evil@example.com", "Evil\r\nBcc: victim@example.com", {"First Name": "{{ 7*7 }}",
                                                              "City": "x\r\nBcc: v@x.y"}),
    ("gone@example.com", "Gone", {"First Name": "Gone", "City": "Roma"}),
    ("left@example.com", "Left", {"First Name": "Left", "City": "Roma"}),
]  # fmt: skip


class Cli:
    def __init__(self, db_path: Path, capsys: pytest.CaptureFixture[str], tmp: Path) -> None:
        self.db_path = db_path
        self.capsys = capsys
        self.tmp = tmp

    def __call__(self, *argv: str, code: int = 0) -> tuple[str, str]:
        self.capsys.readouterr()
        result = run(["--db", str(self.db_path), *argv])
        captured = self.capsys.readouterr()
        assert result == code, captured.err
        assert "Traceback" not in captured.err
        return captured.out, captured.err

    def json(self, *argv: str, code: int = 0) -> Any:
        out, _err = self(*argv, "--json", code=code)
        return json.loads(out)

    def rows(self) -> list[Message]:
        open_database(str(self.db_path))
        try:
            return list(Message.select().order_by(Message.id))
        finally:
            close_database()


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], smtp_sink: tuple[Sink, int]) -> Cli:
    """A database with a list of five contacts (one suppressed, one unsubscribed) and a
    sandbox SMTP profile pointing at the aiosmtpd sink."""
    db_path = tmp_path / "cli.db"
    open_database(str(db_path))
    try:
        contact_list = ContactList.create(name="Clienti")
        for address, name, fields in CONTACTS:
            contact = Contact.create(email=address, email_key=address.lower(), name=name,
                                     fields=fields)  # fmt: skip
            ListMembership.create(contact_list=contact_list, contact=contact)
        Suppression.create(email_key="gone@example.com", reason="bounced")
        Contact.update(status="unsubscribed").where(
            Contact.email_key == "left@example.com"
        ).execute()
        SmtpProfile.create(name="Sandbox", host="127.0.0.1", port=smtp_sink[1], security="none",
                           is_sandbox=True, rate=0)  # fmt: skip
    finally:
        close_database()
    (tmp_path / "t.html").write_text(
        "<p>Ciao {{ first_name }} da {{ fields['City'] }}</p>\n"
        '<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>\n',
        encoding="utf-8",
    )
    return Cli(db_path, capsys, tmp_path)


def add_template_and_campaign(cli: Cli, html: str = "t.html") -> None:
    cli("template", "add", "T", "--subject", "Novità per {{ first_name }}",
        "--html", str(cli.tmp / html))  # fmt: skip
    created = cli.json("campaign", "create", "C", "--list", "Clienti", "--template", "T",
                       "--smtp", "Sandbox", "--sender", "Negozio Zoë <shop@example.com>",
                       "--reply-to", "help@example.com")  # fmt: skip
    assert created["name"] == "C" and created["status"] == "draft"


def test_template_add_reports_syntax_errors_with_line_numbers(cli: Cli):
    (cli.tmp / "bad.html").write_text("<p>ok</p>\n<p>{{ first_name </p>\n", encoding="utf-8")
    _out, err = cli("template", "add", "Bad", "--subject", "x", "--html",
                    str(cli.tmp / "bad.html"), code=1)  # fmt: skip
    assert "Line 2 of the HTML" in err
    _out, err = cli("template", "add", "Bad", "--subject", "{% if %}", "--html",
                    str(cli.tmp / "t.html"), code=1)  # fmt: skip
    assert "subject" in err
    _out, err = cli("template", "add", "Bad", "--subject", "x", "--html",
                    str(cli.tmp / "missing.html"), code=1)  # fmt: skip
    assert "does not exist" in err
    added = cli.json(
        "template", "add", "Good", "--subject", "Hi", "--html", str(cli.tmp / "t.html")
    )
    assert added["name"] == "Good"
    cli("template", "add", "Good", "--subject", "Hi", "--html", str(cli.tmp / "t.html"), code=1)


def test_campaign_create_refuses_unknown_names_and_bad_senders(cli: Cli):
    cli("template", "add", "T", "--subject", "Hi", "--html", str(cli.tmp / "t.html"))
    base = ["campaign", "create", "C", "--list", "Clienti", "--template", "T", "--smtp", "Sandbox"]
    _out, err = cli(*base[:4], "Nope", *base[5:], "--sender", "a@example.com", code=1)
    assert "Nope" in err
    _out, err = cli(*base, "--sender", "Shop <not an address>", code=1)
    assert "sender" in err.lower()
    _out, err = cli(*base, "--sender", "Shop <shop@example.com>\r\nBcc: x@y.z", code=1)
    cli(*base, "--sender", "Shop <shop@example.com>")
    cli(*base, "--sender", "Shop <shop@example.com>", code=1)  # names are unique
    _out, err = cli("campaign", "status", "Missing", code=1)
    assert "Missing" in err


def test_campaign_test_sends_one_rendered_message_and_reports_the_reply(
    cli: Cli, smtp_sink: tuple[Sink, int]
):
    sink, _port = smtp_sink
    add_template_and_campaign(cli)
    result = cli.json("campaign", "test", "C", "--to", "me@inbox.example")
    assert result["to"] == "me@inbox.example" and result["code"] == 250
    assert "queued as TEST1" in result["response"]
    assert result["message_id"].startswith("<") and result["message_id"].endswith("@example.com>")
    envelope = sink.envelopes[-1]
    assert envelope.mail_from == "shop@example.com"
    assert envelope.rcpt_tos == ["me@inbox.example"]
    parsed = email.message_from_bytes(envelope.original_content, policy=policy.default)
    assert parsed["Subject"] == "Novità per Zoë"  # the first contact by default
    assert parsed["To"].addresses[0].addr_spec == "me@inbox.example"
    assert parsed["Message-ID"] == result["message_id"]
    assert parsed["Reply-To"] == "help@example.com"
    assert "Ciao Zoë da Zürich" in parsed.get_body(("html",)).get_content()

    cli("campaign", "test", "C", "--to", "me@inbox.example", "--contact", "EVIL@example.com")
    parsed = email.message_from_bytes(sink.envelopes[-1].original_content, policy=policy.default)
    assert parsed["Bcc"] is None and parsed["Subject"] == "Novità per {{ 7*7 }}"
    _out, err = cli("campaign", "test", "C", "--to", "me@inbox.example",
                    "--contact", "nobody@example.com", code=1)  # fmt: skip
    assert "nobody@example.com" in err
    _out, err = cli("campaign", "test", "C", "--to", "me@x.example>, <victim@example.com", code=1)
    assert "not a valid address" in err
    assert len(sink.envelopes) == 2
    assert cli.rows() == []  # a test send queues nothing


def test_start_status_and_lifecycle(cli: Cli):
    add_template_and_campaign(cli)
    started = cli.json("campaign", "start", "C")
    assert started["queued"] == 3 and started["suppressed"] == 2
    status = cli.json("campaign", "status", "C")
    assert {"name", "status", "total", "counts", "suppressed"} <= set(status)
    assert set(status["counts"]) == STATUS_COUNTS
    assert (status["name"], status["status"], status["total"]) == ("C", "running", 3)
    assert status["counts"]["queued"] == 3 and status["suppressed"] == 2
    rows = cli.rows()
    assert [m.to_addr for m in rows] == ["zoe@example.com", "ann@example.org", "evil@example.com"]
    assert rows[0].variables["fields"]["City"] == "Zürich"
    assert len({m.message_id for m in rows}) == 3

    cli("campaign", "start", "C", code=1)  # not a draft any more
    assert len(cli.rows()) == 3
    cli("campaign", "resume", "C", code=1)  # not paused
    cli("campaign", "pause", "C")
    assert cli.json("campaign", "status", "C")["status"] == "paused"
    cli("campaign", "resume", "C")
    assert cli.json("campaign", "status", "C")["status"] == "running"
    cli("campaign", "cancel", "C")
    status = cli.json("campaign", "status", "C")
    assert status["status"] == "cancelled" and status["counts"]["cancelled"] == 3
    assert status["counts"]["queued"] == 0 and status["total"] == 3


def test_failed_preflight_lists_contacts_and_changes_nothing(cli: Cli):
    (cli.tmp / "plan.html").write_text("<p>{{ first_name }} {{ plan }}</p>", encoding="utf-8")
    add_template_and_campaign(cli, html="plan.html")
    out, err = cli("campaign", "start", "C", "--json", code=1)
    report = json.loads(out)
    assert report["started"] is False and report["error_count"] == 3
    assert {e["email"] for e in report["errors"]} == {
        "zoe@example.com",
        "ann@example.org",
        "evil@example.com",
    }
    assert all("plan" in e["problem"] for e in report["errors"])
    assert "zoe@example.com" in err and "nothing was queued" in err
    assert cli.rows() == []
    assert cli.json("campaign", "status", "C")["status"] == "draft"


def test_start_warns_without_unsubscribe_link_or_text_part(cli: Cli):
    (cli.tmp / "plain.html").write_text("<p>Hi {{ first_name }}</p>", encoding="utf-8")
    add_template_and_campaign(cli, html="plain.html")
    _out, err = cli("campaign", "start", "C")
    assert "unsubscribe link" in err and "text part" in err
    open_database(str(cli.db_path))
    try:
        assert Campaign.get(Campaign.name == "C").status == "running"
    finally:
        close_database()
