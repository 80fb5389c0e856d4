"""The window's team database operations, on a real PostgreSQL: checking an address
before opening it (one sentence for each way it can fail), the password kept by address,
and the senders view (who is sending what; stale and stopped senders marked)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.errors import DatabaseProblem, InvalidValue
from core.models import utcnow
from core.ops import team as ops
from core.team.database import parse_address, stored_password
from core.team.senders import SenderState, TeamSender
from tests.conftest import free_port
from tests.core.engine_helpers import make_campaign

pytestmark = pytest.mark.databases("postgresql")


@pytest.fixture
def no_pgpassword(monkeypatch: pytest.MonkeyPatch, postgres_cluster):  # type: ignore[no-untyped-def]
    """The cluster's password, taken out of the environment: only what is typed counts."""
    from core import secrets

    monkeypatch.delenv("PGPASSWORD", raising=False)
    yield str(postgres_cluster.server.password)
    secrets._session_passwords.clear()


def test_an_address_is_read_from_the_fields_or_a_url():
    url = ops.address_url(" db.example.com ", 5433, "team", "ann")
    assert url == "postgresql://ann@db.example.com:5433/team"
    address = parse_address(url)
    assert (address.host, address.port, address.database, address.user) == (
        "db.example.com", 5433, "team", "ann"
    )  # fmt: skip
    assert parse_address("postgres://bob@h/x").port == 5432
    with pytest.raises(InvalidValue, match="needs a host and a database"):
        ops.address_url("", 5432, " ", "ann")
    with pytest.raises(InvalidValue, match="not a PostgreSQL address"):
        parse_address("/home/ann/staffetta.db")


def test_connect_says_what_is_there_and_keeps_the_password(db, no_pgpassword: str):
    found = ops.connect(str(db), no_pgpassword)
    assert found.schema_version == found.known_version and not found.needs_upgrade
    assert found.campaigns == 0 and found.live_senders == 0
    assert stored_password(str(db)) == no_pgpassword
    again = ops.connect(str(db))  # the kept password is used
    assert again.location == found.location


def test_each_failure_is_one_sentence(db, postgres_cluster, no_pgpassword: str):
    url = str(db)
    address = parse_address(url)
    with pytest.raises(DatabaseProblem, match="refused the login of user staffetta") as wrong:
        ops.connect(url, "not-the-password")
    assert wrong.value.hint == "Check the user name and the password."
    assert stored_password(url) is None  # a password that failed is not kept
    with pytest.raises(DatabaseProblem, match="asks for the password of user staffetta"):
        ops.connect(url)
    with pytest.raises(DatabaseProblem, match="has no database named nowhere"):
        ops.connect(ops.address_url(address.host, address.port, "nowhere", "staffetta"),
                    no_pgpassword)  # fmt: skip
    with pytest.raises(
        DatabaseProblem, match=r"Cannot reach the PostgreSQL server at 127\.0\.0\.1"
    ):
        ops.connect(ops.address_url("127.0.0.1", free_port(), "x", "staffetta"), no_pgpassword)
    with postgres_cluster.server.connect(address.database) as conn:
        conn.execute("UPDATE staffetta_schema SET version = version + 1")
    with pytest.raises(DatabaseProblem, match="written by a newer Staffetta"):
        ops.connect(url, no_pgpassword)
    other = postgres_cluster.server.create_database()
    with postgres_cluster.server.connect(other) as conn:
        conn.execute("CREATE TABLE invoices (id int)")
    try:
        other_url = ops.address_url(address.host, address.port, other, "staffetta")
        with pytest.raises(DatabaseProblem, match=r"1 table\(s\) of another program"):
            ops.connect(other_url, no_pgpassword)
    finally:
        postgres_cluster.server.drop_database(other)


def test_an_empty_or_older_database_is_reported_before_it_is_changed(db, postgres_cluster,
                                                                      no_pgpassword: str):  # fmt: skip
    address = parse_address(str(db))
    empty = postgres_cluster.server.create_database()
    try:
        found = ops.connect(ops.address_url(address.host, address.port, empty, "staffetta"),
                            no_pgpassword)  # fmt: skip
        assert found.empty and not found.needs_upgrade
    finally:
        postgres_cluster.server.drop_database(empty)
    with postgres_cluster.server.connect(address.database) as conn:
        conn.execute("UPDATE staffetta_schema SET version = 8")
    found = ops.connect(str(db), no_pgpassword)
    assert found.needs_upgrade and found.schema_version == 8


def test_the_senders_view_marks_stale_and_stopped_senders(db, tmp_path):
    make_campaign(tmp_path, 2525, ["a@example.com"], name="Spring")
    from core.models import SmtpProfile

    profile = int(SmtpProfile.get(SmtpProfile.name == "Spring relay").id)
    url = str(db)
    now = utcnow()
    busy = TeamSender(url, name="north-1", clock=lambda: now)
    busy.register()
    assert busy.acquire(profile)
    busy.heartbeat(sent_last_minute=12)
    quiet = TeamSender(url, name="east-1", clock=lambda: now - timedelta(seconds=20))
    quiet.register()  # its last heartbeat was 20 s ago: more than half its 30 s lease
    done = TeamSender(url, name="south-1", clock=lambda: now - timedelta(minutes=5))
    done.register()
    done.release()
    old = TeamSender(url, name="west-1", clock=lambda: now - timedelta(hours=3))
    old.register()
    old.release()  # stopped three hours ago: no longer shown
    try:
        view = {m.name: m for m in ops.senders(clock=lambda: now)}
    finally:
        for sender in (busy, quiet, done, old):
            sender.close()
    assert set(view) == {"north-1", "east-1", "south-1"}
    north = view["north-1"]
    assert north.state == SenderState.SENDING
    assert north.profiles == ["Spring relay"] and north.campaigns == ["Spring"]
    assert north.sent_last_minute == 12 and north.seconds_since_seen == 0
    assert view["east-1"].state == SenderState.STALE and view["east-1"].seconds_since_seen == 20
    assert view["south-1"].state == SenderState.STOPPED and view["south-1"].profiles == []
    assert [m.name for m in ops.senders(clock=lambda: now)][-1] == "south-1"  # live ones first


@pytest.mark.databases("sqlite", "postgresql")
def test_sender_work_is_what_is_on_its_way_and_queued_for_its_profiles(db, tmp_path):
    """What "Stop sending here?" is asked on: a sender's rows in `sending`, and the
    queued or deferred messages of running campaigns for the profiles it holds."""
    from core.models import Campaign, CampaignStatus, Message

    campaign = make_campaign(tmp_path, free_port(), ["a@example.com", "b@example.com",
                                                     "c@example.com"])  # fmt: skip
    profile = int(campaign.smtp_profile_id)
    assert ops.sender_work(None, None) == ops.SenderWork(0, 3)  # the desktop: all its own
    Message.update(status="sending", sender_id="me").where(
        Message.to_addr == "a@example.com"
    ).execute()
    Message.update(status="deferred").where(Message.to_addr == "b@example.com").execute()
    assert ops.sender_work("me", {profile}) == ops.SenderWork(1, 2)
    assert ops.sender_work("other", {profile}) == ops.SenderWork(0, 2)
    assert ops.sender_work("other", {profile + 100}) == ops.SenderWork(0, 0)
    assert ops.sender_work("me", set()) == ops.SenderWork(1, 0)
    assert not ops.sender_work("other", set()).pending
    Campaign.update(status=CampaignStatus.PAUSED).execute()  # nothing to send while paused
    assert ops.sender_work("me", {profile}) == ops.SenderWork(1, 0)
