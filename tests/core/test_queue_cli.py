"""`queue list|flush|retry|hold|release|delete` and `send` as CLI.md promises, on a real queue.

Commands run in-process through ``core.cli.run`` (the same entry point as
``python main.py``) on a real SQLite file; messages reach real states by sending to a
real SMTP server on 127.0.0.1.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from core.cli import run
from core.db import close_database, open_database
from core.models import Campaign, Message, utcnow
from tests.core.engine_helpers import make_campaign, run_worker
from tests.smtp_servers import FaultServer, delivered_to

pytestmark = pytest.mark.databases()

PEOPLE = ["ann@example.com", "bob@example.com", "cy@example.com", "gone@example.com"]
QUEUE_KEYS = {"id", "campaign", "to", "status", "attempts", "next_attempt_at", "last_code",
              "last_response", "message_id"}  # fmt: skip


class Cli:
    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db = db
        self.capsys = capsys

    def __call__(self, *args: str, code: int = 0) -> tuple[str, str]:
        self.capsys.readouterr()
        close_database()
        try:
            result = run(["--db", str(self.db), *args])
        except SystemExit as exc:  # argparse usage errors
            result = int(exc.code or 0)
        finally:
            open_database(str(self.db))
        out, err = self.capsys.readouterr()
        assert result == code, err
        assert "Traceback" not in err
        return out, err

    def json(self, *args: str) -> object:
        out, _err = self(*args, "--json")
        return json.loads(out)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    replies = {"rcpt": lambda to: "550 5.1.1 No such user" if to == "gone@example.com" else ""}
    with FaultServer(replies=replies) as fault_server:
        yield fault_server


@pytest.fixture
def cli(db: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(db, capsys)


def by_address() -> dict[str, Message]:
    return {m.to_addr: m for m in Message.select()}


def ids_of(*addresses: str) -> list[str]:
    rows = by_address()
    return [str(rows[a].id) for a in addresses]


def test_queue_list_json_has_the_documented_keys_and_filters(cli: Cli, server, tmp_path: Path):
    campaign = make_campaign(tmp_path, server.port, PEOPLE)
    make_campaign(tmp_path, server.port, ["other@example.com"], name="Other")
    rows = cli.json("queue", "list")
    assert isinstance(rows, list) and len(rows) == 5
    assert all(set(r) >= QUEUE_KEYS for r in rows)
    first = rows[0]
    assert (first["campaign"], first["status"], first["attempts"]) == ("Launch", "queued", 0)
    assert first["message_id"].startswith("<") and first["next_attempt_at"] is None
    only = cli.json("queue", "list", "--campaign", "Other")
    assert [r["to"] for r in only] == ["other@example.com"]

    run_worker(worker=None)
    failed = cli.json("queue", "list", "--status", "failed", "--campaign", campaign.name)
    assert [(r["to"], r["last_code"]) for r in failed] == [("gone@example.com", 550)]
    assert "No such user" in failed[0]["last_response"]
    out, err = cli("queue", "list")
    assert "gone@example.com" in out and "5 messages." in err


def test_unknown_names_and_bad_flags(cli: Cli, server, tmp_path: Path):
    make_campaign(tmp_path, server.port, PEOPLE[:1])
    _out, err = cli("queue", "list", "--campaign", "Nope", code=1)
    assert err.count("\n") == 1 and "Nope" in err
    cli("queue", "list", "--status", "lost", code=2)
    _out, err = cli("queue", "retry", code=1)
    assert "Say which messages" in err
    _out, err = cli("queue", "delete", code=1)
    assert "--all" in err
    cli("send", "--campaign", "Nope", code=1)


def test_flush_makes_every_deferred_message_due_now(cli: Cli, server, tmp_path: Path):
    make_campaign(tmp_path, server.port, PEOPLE[:2])
    later = utcnow() + timedelta(hours=2)
    Message.update(status="deferred", next_attempt_at=later, attempts=1).execute()
    _out, err = cli("queue", "flush")
    assert "2 deferred messages are due now" in err
    assert all(m.next_attempt_at <= utcnow() for m in Message.select())
    out, _err = cli("send", "--until-done", "--json")
    assert json.loads(out)["sent"] == 2
    assert delivered_to(server) == PEOPLE[:2]


def test_retry_failed_keeps_the_message_id_and_reopens_the_campaign(cli, server, tmp_path):
    campaign = make_campaign(tmp_path, server.port, PEOPLE)
    run_worker()
    assert Campaign.get_by_id(campaign.id).status == "finished"
    gone = by_address()["gone@example.com"]
    # The address was suppressed by the 5.1.1; the user fixed it on the relay and insists.
    from core.models import Contact, Suppression

    Suppression.delete().execute()
    Contact.update(status="active").execute()
    server.replies.clear()
    _out, err = cli("queue", "retry", "--status", "failed")
    assert "1 messages queued again" in err
    again = Message.get_by_id(gone.id)
    assert (again.status, again.message_id) == ("queued", gone.message_id)
    assert Campaign.get_by_id(campaign.id).status == "running"
    summary = cli.json("send", "--until-done")
    assert set(summary) >= {"sent", "failed", "deferred", "unknown", "seconds"}
    assert summary["sent"] == 1
    assert Campaign.get_by_id(campaign.id).status == "finished"
    copies = [d for d in server.delivered if d.rcpt_to == ["gone@example.com"]]
    assert len(copies) == 1 and gone.message_id.encode() in copies[0].data


def test_retry_by_id_only_touches_those_messages(cli: Cli, server, tmp_path: Path):
    make_campaign(tmp_path, server.port, PEOPLE[:3])
    Message.update(status="unknown").execute()
    target = ids_of("bob@example.com")
    cli("queue", "retry", *target)
    assert {a: m.status for a, m in by_address().items()} == {
        "ann@example.com": "unknown", "bob@example.com": "queued", "cy@example.com": "unknown",
    }  # fmt: skip


def test_held_messages_are_not_sent_until_released(cli: Cli, server, tmp_path: Path):
    campaign = make_campaign(tmp_path, server.port, PEOPLE[:3])
    _out, err = cli("queue", "hold", *ids_of("bob@example.com"))
    assert "1 messages held" in err
    summary = cli.json("send", "--until-done")
    assert summary["sent"] == 2
    assert delivered_to(server) == ["ann@example.com", "cy@example.com"]
    assert by_address()["bob@example.com"].status == "held"
    assert Campaign.get_by_id(campaign.id).status == "running"  # not final while held
    cli("queue", "release", *ids_of("bob@example.com"))
    assert by_address()["bob@example.com"].status == "queued"
    cli("send", "--until-done")
    assert delivered_to(server) == PEOPLE[:3]
    assert Campaign.get_by_id(campaign.id).status == "finished"


def test_delete_cancels_unsent_messages_and_keeps_them_for_the_record(cli, server, tmp_path):
    campaign = make_campaign(tmp_path, server.port, PEOPLE[:3])
    Message.update(status="sent", sent_at=utcnow()).where(
        Message.to_addr == "ann@example.com"
    ).execute()
    cli("queue", "delete", *ids_of("bob@example.com"))
    assert by_address()["bob@example.com"].status == "cancelled"
    _out, err = cli("queue", "delete", "--all", "--campaign", campaign.name)
    assert "1 unsent messages cancelled" in err
    assert {a: m.status for a, m in by_address().items()} == {
        "ann@example.com": "sent", "bob@example.com": "cancelled", "cy@example.com": "cancelled",
    }  # fmt: skip
    assert Message.select().count() == 3
    assert Campaign.get_by_id(campaign.id).status == "finished"
    cli("send", "--until-done")
    assert server.delivered == []


def test_send_turns_leftover_sending_rows_into_unknown_and_never_resends_them(
    cli: Cli, server, tmp_path: Path
):
    make_campaign(tmp_path, server.port, PEOPLE[:2])
    Message.update(status="sending").where(Message.to_addr == "ann@example.com").execute()
    out, err = cli("send", "--until-done", "--json")
    assert "1 message(s) were being sent when" in err  # the last sender / their sender
    assert json.loads(out)["sent"] == 1
    assert by_address()["ann@example.com"].status == "unknown"
    assert delivered_to(server) == ["bob@example.com"]
    unknown = cli.json("queue", "list", "--status", "unknown")
    assert [r["to"] for r in unknown] == ["ann@example.com"]
    cli("queue", "mark-sent", *ids_of("ann@example.com"))
    assert by_address()["ann@example.com"].status == "sent"


def test_send_json_is_one_document_and_progress_goes_to_stderr(cli: Cli, server, tmp_path):
    make_campaign(tmp_path, server.port, PEOPLE)
    out, err = cli("send", "--until-done", "--json")
    summary = json.loads(out)  # nothing else on stdout
    assert (summary["sent"], summary["failed"]) == (3, 1)
    assert isinstance(summary["seconds"], float)
    assert "sent 3" in err  # the plain progress line (stderr is not a terminal here)


def test_suppressed_after_the_campaign_started_is_never_sent(cli: Cli, server, tmp_path: Path):
    make_campaign(tmp_path, server.port, PEOPLE[:2])
    from core.models import Contact, Suppression

    Suppression.create(email_key="ann@example.com", reason="complaint")
    Contact.update(status="unsubscribed").where(Contact.email_key == "bob@example.com").execute()
    cli("send", "--until-done")
    assert server.delivered == []
    rows = by_address()
    assert {m.status for m in rows.values()} == {"cancelled"}
    assert "complaint" in rows["ann@example.com"].last_response
    assert "unsubscribed" in rows["bob@example.com"].last_response
