"""Reading bounces, complaints and unsubscribe requests from a real Dovecot mailbox."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from core.errors import InvalidValue
from core.models import (
    Contact,
    ContactStatus,
    Mailbox,
    Message,
    MessageStatus,
    ProcessedMail,
    Suppression,
    database_proxy,
    utcnow,
)
from core.returnpath.check import MailboxWatcher, check_mailbox, check_mailboxes
from core.returnpath.imap import (
    PROCESSED_KEYWORD,
    MailboxFolderMissing,
    MailboxLoginRefused,
    MailboxTlsProblem,
    MailboxUnreachable,
)
from core.returnpath.mailboxes import (
    MailboxSettings,
    ReturnPathOptions,
    find_mailbox,
    save_mailbox,
    save_options,
)
from core.returnpath.reports import message_returns, returned_counts
from core.returnpath.verp import envelope_sender_for
from tests.conftest import free_port
from tests.core.engine_helpers import make_campaign, run_worker
from tests.core.returnpath_helpers import message_to, sample, sent_campaign
from tests.dovecot_server import DovecotServer
from tests.smtp_servers import FaultServer

PASSWORD = "imap-secret-1"


@pytest.fixture
def dovecot() -> Iterator[DovecotServer]:
    server = DovecotServer(users={"bounces": PASSWORD}).start()
    yield server
    server.stop()


def use_mailbox(server: DovecotServer, profile: str = "News relay", **extra) -> Mailbox:
    settings = MailboxSettings(
        host="127.0.0.1", port=server.port, security="none", username="bounces", **extra
    )
    mailbox, _stored = save_mailbox(profile, settings, password=PASSWORD)
    return mailbox


def fresh(mailbox: Mailbox) -> Mailbox:
    found: Mailbox = Mailbox.get_by_id(mailbox.id)
    return found


def contact_status(address: str) -> str:
    return str(Contact.get(Contact.email_key == address).status)


def suppressed() -> dict[str, str]:
    return {s.email_key: s.reason for s in Suppression.select()}


def test_bounces_complaints_and_unsubscribes_are_applied_once(db, tmp_path, dovecot):
    people = ["ann@example.org", "bob@example.org", "cat@example.org", "dan@example.org",
              "eve@example.org", "fay@example.org"]  # fmt: skip
    campaign = sent_campaign(tmp_path, people)
    mailbox = use_mailbox(dovecot)
    ids = {p: message_to(p).message_id for p in people}
    dovecot.append("bounces", [
        sample("postfix_dsn", message_id=ids["ann@example.org"], rcpt="ann@example.org"),
        sample("exchange_ndr", message_id=ids["bob@example.org"], rcpt="bob@example.org"),
        sample("arf_yahoo", message_id=ids["cat@example.org"], rcpt="cat@example.org"),
        sample("unsubscribe", rcpt="dan@example.org", mailto="shop@example.com"),
        sample("out_of_office", message_id=ids["eve@example.org"], rcpt="eve@example.org"),
        sample("human_reply", message_id=ids["fay@example.org"], rcpt="fay@example.org"),
        sample("postfix_dsn", message_id="<not.ours@elsewhere.example>", rcpt="zed@elsewhere.example",
               unique="stranger"),
        sample("malformed_binary"),
    ])  # fmt: skip

    counts = check_mailbox(mailbox)

    assert (counts.checked, counts.bounces, counts.complaints, counts.unsubscribes) == (8, 2, 1, 1)
    assert (counts.auto_replies, counts.unmatched, counts.soft_bounces) == (1, 3, 0)
    statuses = {p: message_to(p).status for p in people}
    assert statuses["ann@example.org"] == statuses["bob@example.org"] == MessageStatus.BOUNCED
    assert {statuses[p] for p in people[2:]} == {MessageStatus.SENT}
    assert contact_status("ann@example.org") == ContactStatus.BOUNCED
    assert contact_status("bob@example.org") == ContactStatus.BOUNCED
    assert contact_status("cat@example.org") == ContactStatus.COMPLAINED
    assert contact_status("dan@example.org") == ContactStatus.UNSUBSCRIBED
    assert contact_status("eve@example.org") == ContactStatus.ACTIVE  # out of office: nothing
    assert contact_status("fay@example.org") == ContactStatus.ACTIVE
    blocked = suppressed()
    assert set(blocked) == set(people[:4])
    assert "5.1.1" in blocked["ann@example.org"] and "User unknown" in blocked["ann@example.org"]
    bounced = message_to("ann@example.org")
    assert (bounced.last_code, bounced.last_enhanced) == (550, "5.1.1")
    assert "Recipient address rejected" in bounced.last_response
    assert message_returns(bounced.id)[0]["kind"] == "bounce"
    assert returned_counts(campaign.id) == {
        "bounces": 2, "soft_bounces": 0, "complaints": 1, "unsubscribes": 1
    }  # fmt: skip
    from core.campaigns import send_timeline

    timeline = send_timeline(campaign.id)  # the chart: of the sent, these bounced later
    assert sum(sent for sent, _f in timeline.points) == 6 and sum(timeline.bounced) == 2

    # Handled mail is flagged; the rest is left exactly as it was (not even read).
    flags = dovecot.folder_flags("bounces")
    assert [uid for uid, f in flags.items() if PROCESSED_KEYWORD in f] == [1, 2, 3, 4]
    assert all("\\Seen" not in f for f in flags.values())
    assert all(PROCESSED_KEYWORD not in flags[uid] for uid in (5, 6, 7, 8))

    again = check_mailbox(fresh(mailbox))
    assert again.as_dict() == dict.fromkeys(again.as_dict(), 0)
    assert ProcessedMail.select().count() == 8


def test_the_database_alone_prevents_double_counting(db, tmp_path, dovecot):
    """Flags lost (another client cleared them) and the high-water mark reset: the
    records by UID and Message-ID still count nothing twice."""
    sent_campaign(tmp_path, ["ann@example.org"])
    mailbox = use_mailbox(dovecot)
    mid = message_to("ann@example.org").message_id
    dovecot.append("bounces", [sample("gmail_bounce", message_id=mid, rcpt="ann@example.org")])
    assert check_mailbox(mailbox).bounces == 1
    import imaplib

    client = imaplib.IMAP4("127.0.0.1", dovecot.port)
    client.login("bounces", PASSWORD)
    client.select("INBOX")
    client.uid("STORE", "1:*", "-FLAGS", f"({PROCESSED_KEYWORD})")
    client.logout()
    dovecot.append("bounces", [sample("gmail_bounce", message_id=mid, rcpt="ann@example.org")])
    Mailbox.update(last_uid=0).execute()

    again = check_mailbox(fresh(mailbox))
    assert (again.checked, again.bounces) == (0, 0)
    # the copy of a handled mail is flagged too
    assert all(PROCESSED_KEYWORD in f for f in dovecot.folder_flags("bounces").values())


@pytest.mark.slow  # four campaigns really sent, one after the other
def test_soft_bounces_start_from_zero_once_mail_gets_through_or_after_the_window(
    db, tmp_path, dovecot
):
    """Soft bounces of different messages in a row suppress after the limit; old ones
    never add up: a message that got through since, or 30 days (on the check's injected
    clock) without one, and the count starts again."""
    save_options(ReturnPathOptions(soft_bounce_limit=2, soft_bounce_days=30))
    both = ["ann@example.org", "bob@example.org"]
    one = sent_campaign(tmp_path, both, name="One")
    sent_campaign(tmp_path, ["ann@example.org"], name="Two")  # ann's gets through
    three = sent_campaign(tmp_path, both, name="Three")
    mailbox = use_mailbox(dovecot, profile="One relay")
    start = utcnow()
    clock = [start]

    def full(campaign, address: str, copy: str = "") -> bytes:
        mid = message_to(address, campaign).message_id
        return sample("postfix_mailbox_full", message_id=mid, rcpt=address,
                      unique=f"{campaign.name}.{address}{copy}")  # fmt: skip

    def check(*mails: bytes, days: float) -> int:
        clock[0] = start + timedelta(days=days)
        dovecot.append("bounces", list(mails))
        return check_mailbox(fresh(mailbox), now=lambda: clock[0]).soft_bounces

    # two reports about ann's first message (a delay warning, then the failure) count once;
    # a policy block (Gmail's 4.7.x / 5.7.x) is soft too
    policy = sample("gmail_policy_block", message_id=message_to("bob@example.org", one).message_id,
                    rcpt="bob@example.org")  # fmt: skip
    assert check(full(one, "ann@example.org"), full(one, "ann@example.org", "again"), policy,
                 days=0) == 2  # fmt: skip
    assert {m.status for m in Message.select()} == {MessageStatus.SENT}  # soft: still sent
    # ann: One bounced, Two got through, Three bounced: one in a row, not two
    assert check(full(three, "ann@example.org"), days=0.1) == 1
    assert contact_status("ann@example.org") == ContactStatus.ACTIVE
    assert suppressed() == {}
    four = sent_campaign(tmp_path, both, name="Four")
    # ...and Four bounced right after Three, with nothing through in between: two
    assert check(full(four, "ann@example.org"), days=0.2) == 1
    assert contact_status("ann@example.org") == ContactStatus.BOUNCED
    assert suppressed()["ann@example.org"].startswith("2 soft bounces")

    # bob: One bounced 31 days before Three did: it no longer counts
    assert check(full(three, "bob@example.org"), days=31) == 1
    assert contact_status("bob@example.org") == ContactStatus.ACTIVE
    assert "bob@example.org" not in suppressed()
    # ...and Four right after Three does: two in a row within the window
    assert check(full(four, "bob@example.org"), days=31.1) == 1
    assert contact_status("bob@example.org") == ContactStatus.BOUNCED
    created = Suppression.get(Suppression.email_key == "bob@example.org").created_at
    assert created == start + timedelta(days=31.1)  # dated by the check's clock


def test_verp_matches_a_bounce_that_quotes_nothing(db, tmp_path, dovecot):
    with FaultServer() as relay:
        campaign = make_campaign(tmp_path, relay.port, ["ann@example.org", "bob@example.org"],
                                 name="News")  # fmt: skip
        use_mailbox(dovecot, return_path="bounces@example.com", verp=True)
        run_worker()
        senders = {d.rcpt_to[0]: d.mail_from for d in relay.delivered}
    ann = message_to("ann@example.org")
    assert senders["ann@example.org"] == f"bounces+{ann.id}@example.com"
    assert envelope_sender_for(campaign).for_message(7) == "bounces+7@example.com"
    bare = (
        "From: postmaster@provider.example\r\nTo: bounces+{id}@example.com\r\n"
        "Subject: Undeliverable: Hi\r\nMessage-ID: <ndr.{id}@provider.example>\r\n"
        "Content-Type: text/plain\r\n\r\n"
        "Delivery has failed to these recipients or groups:\r\n\r\n{to}\r\n"
        "The e-mail address you entered couldn't be found. 550 5.1.1 User unknown\r\n"
    )
    dovecot.append("bounces", [bare.format(id=ann.id, to="someone-else@example.net").encode()])
    counts = check_mailbox(find_mailbox("News relay"))
    assert counts.bounces == 1
    assert message_to("ann@example.org").status == MessageStatus.BOUNCED
    assert message_to("bob@example.org").status == MessageStatus.SENT


def test_handled_mail_can_be_moved_or_deleted_only_when_asked(db, tmp_path, dovecot):
    sent_campaign(tmp_path, ["ann@example.org", "bob@example.org"])
    mailbox = use_mailbox(dovecot, move_to="Handled")
    dovecot.append("bounces", [
        sample("postfix_dsn", message_id=message_to("ann@example.org").message_id),
        sample("human_reply"),
    ])  # fmt: skip
    check_mailbox(mailbox)
    assert list(dovecot.folder_flags("bounces")) == [2]  # the reply stays in INBOX
    assert len(dovecot.folder_flags("bounces", "Handled")) == 1

    mailbox = use_mailbox(dovecot, delete_handled=True)
    dovecot.append("bounces", [
        sample("exim_bounce", message_id=message_to("bob@example.org").message_id,
               rcpt="bob@example.org"),
    ])  # fmt: skip
    assert check_mailbox(fresh(mailbox)).bounces == 1
    assert list(dovecot.folder_flags("bounces")) == [2]


def test_unreachable_mailbox(db, tmp_path):
    sent_campaign(tmp_path, ["ann@example.org"])
    port = free_port()
    mailbox, _ = save_mailbox(
        "News relay",
        MailboxSettings(host="127.0.0.1", port=port, security="none", username="bounces"),
        password=PASSWORD,
    )
    with pytest.raises(MailboxUnreachable, match="refused the connection"):
        check_mailbox(mailbox)
    assert "refused the connection" in fresh(mailbox).last_error
    report = check_mailboxes()  # every mailbox: the failure is reported, not raised
    assert "refused the connection" in report.errors["News relay"]


def test_wrong_password(db, tmp_path, dovecot):
    sent_campaign(tmp_path, ["ann@example.org"])
    mailbox, _ = save_mailbox(
        "News relay",
        MailboxSettings(host="127.0.0.1", port=dovecot.port, security="none", username="bounces"),
        password="wrong",
    )
    with pytest.raises(MailboxLoginRefused, match="refused the username or password"):
        check_mailbox(mailbox)


def test_a_folder_that_does_not_exist(db, tmp_path, dovecot):
    sent_campaign(tmp_path, ["ann@example.org"])
    dovecot.create_folder("bounces", "Returns")
    mailbox = use_mailbox(dovecot, folder="Bounces")
    with pytest.raises(MailboxFolderMissing, match="no folder 'Bounces'") as info:
        check_mailbox(mailbox)
    assert "Returns" in info.value.hint


def test_tls_is_verified_and_a_private_ca_can_be_trusted(db, tmp_path):
    server = DovecotServer(users={"bounces": PASSWORD}, tls=True).start()
    try:
        sent_campaign(tmp_path, ["ann@example.org"])
        settings = MailboxSettings(host="localhost", port=server.tls_port, security="tls",
                                   username="bounces")  # fmt: skip
        mailbox, _ = save_mailbox("News relay", settings, password=PASSWORD)
        with pytest.raises(MailboxTlsProblem, match="could not be verified"):
            check_mailbox(mailbox)
        settings.ca_file = str(server.cert)
        mailbox, _ = save_mailbox("News relay", settings, password=PASSWORD)
        assert check_mailbox(mailbox).checked == 0
        settings.port, settings.security = server.port, "starttls"
        mailbox, _ = save_mailbox("News relay", settings, password=PASSWORD)
        server.append("bounces", [sample("postfix_dsn",
                                         message_id=message_to("ann@example.org").message_id)])  # fmt: skip
        assert check_mailbox(fresh(mailbox)).bounces == 1
        # implicit TLS spoken to the plain port: one sentence about TLS, no hang
        settings.security, settings.ca_file = "tls", str(server.cert)
        mailbox, _ = save_mailbox("News relay", settings, password=PASSWORD)
        with pytest.raises(MailboxTlsProblem, match="TLS with the mail server"):
            check_mailbox(mailbox)
    finally:
        server.stop()


def test_no_plaintext_imap_to_a_remote_host(db, tmp_path):
    sent_campaign(tmp_path, ["ann@example.org"])
    with pytest.raises(InvalidValue, match="without TLS"):
        save_mailbox("News relay", MailboxSettings(host="imap.example.com", port=143,
                                                   security="none"))  # fmt: skip


def test_malformed_mail_is_counted_and_left_alone(db, tmp_path, dovecot):
    sent_campaign(tmp_path, ["ann@example.org"])
    mailbox = use_mailbox(dovecot)
    junk = [sample("malformed_report"), sample("malformed_truncated"), sample("malformed_binary"),
            b"\x00\x01\x02 not a mail at all\r\n", b"Subject: empty\r\n\r\n"]  # fmt: skip
    dovecot.append("bounces", junk)
    counts = check_mailbox(mailbox)
    assert (counts.checked, counts.unmatched, counts.bounces) == (5, 5, 0)
    assert all(PROCESSED_KEYWORD not in f for f in dovecot.folder_flags("bounces").values())
    assert contact_status("ann@example.org") == ContactStatus.ACTIVE


def test_the_watcher_checks_at_once_then_every_few_minutes(db):
    now = [0.0]
    calls: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        now[0] += seconds
        if now[0] >= 1000:
            watcher.stop()

    def check(ids: list[int]):
        from core.returnpath.check import CheckReport

        calls.append(now[0])
        return CheckReport()

    watcher = MailboxWatcher(profile_ids=lambda: [1], every=300, clock=lambda: now[0],
                             sleep=fake_sleep, check=check)  # fmt: skip
    asyncio.run(watcher.run())
    assert calls == [0.0, 300.0, 600.0, 900.0]


def test_the_watcher_survives_a_mailbox_that_cannot_be_read(db, tmp_path):
    sent_campaign(tmp_path, ["ann@example.org"])
    save_mailbox("News relay", MailboxSettings(host="127.0.0.1", port=free_port(),
                                               security="none", username="u"), password="p")  # fmt: skip
    seen = []
    now = [0.0]

    async def fake_sleep(seconds: float) -> None:
        now[0] += seconds
        if now[0] > 200:
            watcher.stop()

    watcher = MailboxWatcher(
        profile_ids=lambda: [m.profile_id for m in Mailbox.select()],
        every=100, clock=lambda: now[0], sleep=fake_sleep, on_report=seen.append,
    )  # fmt: skip
    asyncio.run(watcher.run())
    assert len(seen) == 3
    assert all("refused the connection" in r.errors["News relay"] for r in seen)


@pytest.mark.slow
def test_a_10000_message_mailbox(db, tmp_path, dovecot):
    """Half bounces of real messages, half other mail: one check reads all of it once."""
    from core.campaigns import find_campaign

    people = [f"p{i}@example.org" for i in range(5000)]
    with FaultServer() as relay:
        make_campaign(tmp_path, relay.port, people, name="News")
    campaign = find_campaign("News")
    Message.update(status=MessageStatus.SENT).where(Message.campaign == campaign.id).execute()
    mailbox = use_mailbox(dovecot)
    ids = dict(Message.select(Message.to_key, Message.message_id).tuples())
    mails = [sample("postfix_dsn", message_id=ids[p], rcpt=p, unique=f"b{i}")
             for i, p in enumerate(people)]  # fmt: skip
    mails += [sample("human_reply", unique=f"r{i}") for i in range(5000)]
    dovecot.deliver("bounces", mails)

    counts = check_mailbox(mailbox)

    assert (counts.checked, counts.bounces, counts.unmatched) == (10_000, 5000, 5000)
    assert Message.select().where(Message.status == MessageStatus.BOUNCED).count() == 5000
    assert check_mailbox(fresh(mailbox)).checked == 0


def test_mailbox_settings_survive_in_the_database_without_the_password(db, db_path, tmp_path, dovecot):
    sent_campaign(tmp_path, ["ann@example.org"])
    use_mailbox(dovecot)
    database_proxy.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    for path in (db_path, Path(f"{db_path}-wal")):
        if path.exists():
            assert PASSWORD.encode() not in path.read_bytes()


def test_two_checks_at_once_count_each_mail_once(db, tmp_path, dovecot):
    import threading

    people = [f"p{i}@example.org" for i in range(20)]
    sent_campaign(tmp_path, people)
    mailbox = use_mailbox(dovecot)
    dovecot.append("bounces", [sample("postfix_dsn", rcpt=p, message_id=message_to(p).message_id,
                                      unique=f"u{i}") for i, p in enumerate(people)])  # fmt: skip
    results = []
    threads = [threading.Thread(target=lambda: results.append(check_mailbox(mailbox)))
               for _ in range(3)]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(r.bounces for r in results) == [0, 0, 20]
    assert sum(r.checked for r in results) == 20
    assert ProcessedMail.select().count() == 20


def test_the_soft_bounce_window_is_set_from_the_command_line(tmp_path, capsys):
    from core.cli import run

    base = ["--db", str(tmp_path / "cli.db"), "mailbox", "options"]
    assert run([*base, "--soft-bounce-days", "45", "--soft-bounce-limit", "4", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "soft_bounce_limit": 4, "soft_bounce_days": 45.0, "check_every_minutes": 5.0,
    }  # fmt: skip
    assert run(base) == 0
    assert "4 soft bounces in a row (in the last 45 days" in capsys.readouterr().out
    assert run([*base, "--soft-bounce-days", "0"]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "0 days is out of range" in lines[0], lines
