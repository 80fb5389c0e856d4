"""The queue on PostgreSQL: SKIP LOCKED claims, sender tags, profile leases, recovery by tag.

Lease expiry is tested with an injected clock (no sleeping): ``Clock`` moves time on.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from core.models import Attempt, Message, ProfileLease, Sender, SmtpProfile, utcnow
from core.queue import ClaimRequest, Outcome
from core.team.ledger import PostgresLedger
from core.team.senders import TeamSender
from tests.core.engine_helpers import make_campaign, run_worker, statuses
from tests.smtp_servers import FaultServer, delivered_to

pytestmark = pytest.mark.databases("postgresql")

PEOPLE = [f"t{i:03d}@example.com" for i in range(40)]


class Clock:
    """An injected clock for lease expiry: ``advance`` moves it without sleeping."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def _profile_id(name: str = "Launch relay") -> int:
    return int(SmtpProfile.get(SmtpProfile.name == name).id)


def test_two_ledgers_claim_disjoint_rows_without_waiting(db, tmp_path: Path):
    """FOR UPDATE SKIP LOCKED: while one sender's claim is not committed yet, another
    sender's claim takes the next rows instead of waiting or taking the same ones."""
    make_campaign(tmp_path, 2525, PEOPLE[:10])
    profile = _profile_id()
    first, second = PostgresLedger(db, "sender-a"), PostgresLedger(db, "sender-b")
    try:
        a = first._claim(profile, 4, [])  # its transaction is still open: rows locked
        b = second._claim(profile, 4, [])
        second.commit()
        first.commit()
    finally:
        first.close()
        second.close()
    assert len(a) == len(b) == 4
    assert not {m.id for m in a} & {m.id for m in b}
    tags = {m.id: (m.status, m.sender_id, m.smtp_profile_id) for m in Message.select()}
    assert all(tags[m.id] == ("sending", "sender-a", profile) for m in a)
    assert all(tags[m.id] == ("sending", "sender-b", profile) for m in b)
    assert Attempt.select().where(Attempt.finished_at.is_null()).count() == 8


def test_a_claim_takes_retries_first_and_skips_what_was_suppressed_since(db, tmp_path: Path):
    """One statement claims: due retries before fresh rows, a retry not due yet left
    alone, a second campaign's rows only when asked for, and the send-time check (an
    address entry, a domain entry, a contact who unsubscribed) cancels with the reason."""
    from core.models import Contact, Suppression

    make_campaign(tmp_path, 2525, PEOPLE[:8])
    make_campaign(tmp_path, 2525, ["other@example.com"], name="Other")
    first = Message.select().where(Message.to_key == PEOPLE[5]).get()
    Message.update(status="deferred", next_attempt_at=utcnow() - timedelta(minutes=1)).where(
        Message.id == first.id
    ).execute()
    later = Message.select().where(Message.to_key == PEOPLE[6]).get()
    Message.update(status="deferred", next_attempt_at=utcnow() + timedelta(hours=1)).where(
        Message.id == later.id
    ).execute()
    Suppression.create(email_key=PEOPLE[0], reason="complained")
    Suppression.create(email_key="@blocked.example", reason="")
    Contact.update(status="unsubscribed").where(Contact.email_key == PEOPLE[1]).execute()
    Message.update(to_key="zed@blocked.example").where(Message.to_key == PEOPLE[2]).execute()
    launch = int(Message.get(Message.to_key == PEOPLE[3]).campaign_id)
    ledger = PostgresLedger(db, "sender-a")
    try:
        claimed = ledger._claim(_profile_id(), 6, [launch])
        ledger.commit()
    finally:
        ledger.close()
    assert [m.to_addr for m in claimed] == [PEOPLE[5], PEOPLE[3], PEOPLE[4]]  # retry first
    reasons = {
        m.to_key: m.last_response for m in Message.select().where(Message.status == "cancelled")
    }
    assert set(reasons) == {PEOPLE[0], PEOPLE[1], "zed@blocked.example"}
    assert "(complained)" in reasons[PEOPLE[0]] and "(unsubscribed)" in reasons[PEOPLE[1]]
    assert "(the domain blocked.example is suppressed)" in reasons["zed@blocked.example"]
    assert Message.get_by_id(later.id).status == "deferred"  # not due yet
    assert Message.get(Message.to_key == "other@example.com").status == "queued"
    assert {a.message_id for a in Attempt.select()} == {m.id for m in claimed}


def test_an_outcome_only_changes_a_row_the_sender_still_holds(db, tmp_path: Path):
    make_campaign(tmp_path, 2525, PEOPLE[:2])
    ledger = PostgresLedger(db, "sender-a")
    try:
        (_result, claimed) = ledger.write_cycle_waiting([], {}, [ClaimRequest(_profile_id(), 2)])
        mine, taken = claimed[_profile_id()]
        # The second row was recovered and retried by someone else meanwhile.
        Message.update(status="queued", sender_id="sender-b").where(
            Message.id == taken.id
        ).execute()
        ledger.write_cycle_waiting(
            [Outcome(mine, "sent", step="data", code=250, response="ok"),
             Outcome(taken, "sent", step="data", code=250, response="ok")],
            {}, [],
        )  # fmt: skip
        # A cycle retried after a lost COMMIT does not count the attempt twice.
        ledger.write_cycle_waiting([Outcome(mine, "sent", step="data", code=250)], {}, [])
    finally:
        ledger.close()
    assert Message.get_by_id(mine.id).status == "sent"
    assert Message.get_by_id(mine.id).attempts == 1
    assert Message.get_by_id(taken.id).status == "queued"


def test_one_sender_at_a_time_holds_a_profile_until_its_lease_expires(db, tmp_path: Path):
    make_campaign(tmp_path, 2525, PEOPLE[:6])
    profile = _profile_id()
    clock = Clock()
    alive = TeamSender(db, name="alive", clock=clock, lease_seconds=30)
    dying = TeamSender(db, name="dying", clock=clock, lease_seconds=30)
    alive.register()
    dying.register()
    other = SmtpProfile.create(name="Other relay", host="127.0.0.1", port=2526)
    try:
        assert dying.acquire(profile)
        assert not alive.acquire(profile)  # held: the second sender may not use it
        assert alive.acquire(other.id)
        # Each sender has rows in flight.
        ledger = PostgresLedger(db, dying.id)
        ledger._claim(profile, 2, [])
        ledger.commit()
        ledger.close()
        Message.update(status="sending", sender_id=alive.id).where(
            Message.to_addr == PEOPLE[5]
        ).execute()
        clock.advance(20)
        assert alive.heartbeat() == set()  # renewed; 'dying' says nothing from now on
        assert not alive.acquire(profile)  # 20 s: dying's lease still holds
        clock.advance(15)  # 35 s since dying's last heartbeat: expired
        assert alive.acquire(profile)
        assert dying.heartbeat() == {profile}  # it comes back: its lease is gone
    finally:
        alive.close()
        dying.close()
    by_status = Counter(m.status for m in Message.select())
    assert by_status["unknown"] == 2  # dying's two in-flight rows, and only those
    assert Message.get(Message.to_addr == PEOPLE[5]).status == "sending"  # alive's row
    unknown = Message.select().where(Message.status == "unknown")
    assert all("dying" in m.last_response for m in unknown)
    assert Sender.get_by_id(dying.id).stopped_at is not None
    assert ProfileLease.get_by_id(profile).sender_id == alive.id


def test_a_cut_off_sender_stops_before_its_lease_can_be_taken(db, monkeypatch):
    import core.team.senders as senders_module

    sender = TeamSender(db, lease_seconds=30)
    sender.register()
    now = {"t": 1000.0}
    monkeypatch.setattr(senders_module.time, "monotonic", lambda: now["t"])
    sender._renewed_at = now["t"]
    assert sender.leases_trusted()
    now["t"] += 24  # no successful heartbeat for 24 s (margin 5 s before 30)
    assert sender.leases_trusted()
    now["t"] += 2
    assert not sender.leases_trusted()
    sender.close()


def test_worker_on_postgres_tags_rows_and_gives_its_lease_back(db, tmp_path: Path):
    with FaultServer() as server:
        make_campaign(tmp_path, server.port, PEOPLE[:12])
        worker, summary = run_worker()
    assert delivered_to(server) == sorted(PEOPLE[:12])
    assert summary.sent == 12
    assert set(statuses().values()) == {"sent"}
    assert {m.sender_id for m in Message.select()} == {worker.team.id}
    assert {m.smtp_profile_id for m in Message.select()} == {_profile_id()}
    assert ProfileLease.select().count() == 0  # given back on a clean stop
    assert Sender.get_by_id(worker.team.id).stop_reason == "stopped"


def test_a_second_worker_waits_for_the_profile_held_by_another(db, tmp_path: Path):
    with FaultServer() as server:
        make_campaign(tmp_path, server.port, PEOPLE[:5])
        holder = TeamSender(db, name="holder")
        holder.register()
        assert holder.acquire(_profile_id())
        _worker, summary = run_worker(until_done=False, seconds=2)
        assert summary.sent == 0 and server.delivered == []
        holder.release()
        holder.close()
        _worker, summary = run_worker()
    assert summary.sent == 5


def test_workers_lists_the_live_senders(db, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    from core.cli import run

    make_campaign(tmp_path, 2525, PEOPLE[:1])
    busy = TeamSender(db, name="north-1")
    busy.register()
    busy.acquire(_profile_id())
    busy.heartbeat(sent_last_minute=42)
    gone = TeamSender(db, name="south-1")
    gone.register()
    gone.release()
    try:
        assert run(["--db", db, "workers", "--json"]) == 0
        listed = json.loads(capsys.readouterr().out)
        assert run(["--db", db, "workers"]) == 0
        table = capsys.readouterr().out
    finally:
        busy.close()
        gone.close()
    assert [w["name"] for w in listed] == ["north-1"]
    (north,) = listed
    assert north["profiles"] == ["Launch relay"] and north["sent_last_minute"] == 42
    assert north["host"] and north["last_heartbeat"].endswith("Z")
    assert "north-1" in table and "Launch relay" in table and "south-1" not in table


def test_senders_started_together_share_the_profiles(db, tmp_path: Path):
    """The first sender took both profiles before the second one started: it gives one
    back (its fair share is one of two), and the newcomer takes it."""
    make_campaign(tmp_path, 2525, PEOPLE[:1])
    first_profile = _profile_id()
    second_profile = SmtpProfile.create(name="Other relay", host="127.0.0.1", port=2526).id
    early, late = TeamSender(db, name="early"), TeamSender(db, name="late")
    try:
        early.register()
        assert early.acquire(first_profile, wanted=2)
        assert early.acquire(second_profile, wanted=2)  # alone: it takes both
        assert early.excess(2) == 0
        late.register()
        assert early.excess(2) == 1  # another live sender holds none
        early.release({second_profile})
        assert late.acquire(second_profile, wanted=2)
        assert not early.acquire(second_profile, wanted=2)
        assert early.excess(2) == 0 and late.excess(2) == 0
    finally:
        early.close()
        late.close()
