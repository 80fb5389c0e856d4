"""The worker on real relays: one login per profile, SIZE, replies that are not SMTP,
TLS refusals, and the round trips PIPELINING saves (FaultServer and aiosmtpd on
127.0.0.1; the same faults against Debian's Postfix are in test_postfix.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from core.campaigns import DraftSettings, save_draft, start_campaign
from core.importer import import_contacts
from core.models import Attempt, Campaign, Message
from tests.core.engine_helpers import make_campaign, run_worker, statuses
from tests.smtp_servers import GARBAGE, FaultServer, Pki, delivered_to, free_port

PEOPLE = [f"p{i}@example.com" for i in range(8)]


# --- one failed login per profile -----------------------------------------------------------


class CountingAuth:
    """aiosmtpd handler: records connections (EHLO) and login attempts, in order."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.delivered: list[str] = []

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # type: ignore[no-untyped-def]
        self.events.append("ehlo")
        session.host_name = hostname  # what aiosmtpd does itself when there is no hook
        return responses

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.delivered.extend(envelope.rcpt_tos)
        return "250 2.0.0 Ok"

    def authenticate(self, server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        self.events.append("auth")
        return AuthResult(success=auth_data.password == b"right", handled=False)

    @property
    def logins(self) -> int:
        return self.events.count("auth")


@pytest.fixture
def auth_relay() -> Any:
    handler = CountingAuth()
    controller = Controller(
        handler, hostname="127.0.0.1", port=free_port(), server_hostname="localhost",
        authenticator=handler.authenticate, auth_require_tls=False,
        loop=asyncio.new_event_loop(),
    )  # fmt: skip
    controller.start()
    yield handler, controller.port
    controller.stop()


def second_campaign_on_the_same_profile(tmp_path: Path, first: Campaign) -> Campaign:
    csv_path = tmp_path / "second.csv"
    csv_path.write_text("email,first_name,city\nzed@example.com,Zed,Roma\n", encoding="utf-8")
    import_contacts(csv_path, "Second list")
    campaign = save_draft(
        "Second",
        DraftSettings(
            list_name="Second list", template_name="Launch template",
            profile_name=first.smtp_profile.name, sender="Shop <shop@example.com>",
            unsubscribe_url="https://example.com/u?e={{ email|urlencode }}",
        ),
    )  # fmt: skip
    start_campaign(campaign)
    return campaign


def test_a_wrong_password_is_one_failed_login_per_profile_then_paused(
    db, tmp_path: Path, auth_relay, monkeypatch
):
    handler, port = auth_relay
    monkeypatch.setenv("WIRE_PW", "wrong")
    first = make_campaign(tmp_path, port, PEOPLE, username="me", password_env="WIRE_PW",
                          allow_insecure_auth=True, max_connections=4)  # fmt: skip
    second = second_campaign_on_the_same_profile(tmp_path, first)
    _worker, summary = run_worker(seconds=10)
    # Before: 4 connections x (PLAIN, then LOGIN) = 8 failed logins.
    assert handler.logins == 1, (handler.events, [c.pause_reason for c in Campaign.select()])
    for campaign in (first, second):
        paused = Campaign.get_by_id(campaign.id)
        assert paused.status == "paused"
        assert "535" in paused.pause_reason and "Fix the SMTP profile" in paused.pause_reason
    assert set(statuses().values()) == {"queued"}
    assert all(m.attempts == 0 for m in Message.select())
    assert handler.delivered == []
    assert summary.paused


def test_the_first_connection_logs_in_before_the_others_open(
    db, tmp_path: Path, auth_relay, monkeypatch
):
    handler, port = auth_relay
    monkeypatch.setenv("WIRE_PW", "right")
    make_campaign(tmp_path, port, PEOPLE * 1, username="me", password_env="WIRE_PW",
                  allow_insecure_auth=True, max_connections=4)  # fmt: skip
    run_worker(seconds=20)
    assert sorted(handler.delivered) == sorted(PEOPLE)
    assert handler.events[:2] == ["ehlo", "auth"], handler.events
    assert handler.logins == handler.events.count("ehlo") >= 2  # then the others, in parallel


def test_a_login_refused_mid_run_is_not_retried_by_the_other_connections(
    db, tmp_path: Path, monkeypatch
):
    """The password changes while sending: the connection that reconnects meets 535,
    and the other connections do not each try it again."""
    calls = {"n": 0}

    def auth(_arg: str) -> str:
        calls["n"] += 1
        return "" if calls["n"] == 1 else "535 5.7.8 Authentication credentials invalid"

    people = [f"m{i}@example.com" for i in range(12)]
    monkeypatch.setenv("WIRE_PW", "secret")
    with FaultServer(replies={"auth": auth}, advertise_auth=True) as server:
        make_campaign(tmp_path, server.port, people, username="me", password_env="WIRE_PW",
                      allow_insecure_auth=True, max_connections=1,
                      per_connection=3)  # fmt: skip
        run_worker(seconds=10)
    assert calls["n"] == 2
    assert len(server.delivered) == 3
    assert Campaign.get().status == "paused"


# --- SIZE ---------------------------------------------------------------------------------


def test_a_message_above_the_relays_size_is_held_with_the_reason_the_rest_go_out(
    db, dialogue, tmp_path: Path
):
    with FaultServer(size=8000) as server:
        make_campaign(tmp_path, server.port, PEOPLE[:3])
        big = Message.get(Message.to_addr == PEOPLE[1])
        big.variables = {**big.variables, "fields": {**big.variables["fields"],
                                                      "first_name": "x" * 20_000}}  # fmt: skip
        big.save()
        _worker, summary = run_worker(seconds=10)
    assert statuses() == {PEOPLE[0]: "sent", PEOPLE[1]: "held", PEOPLE[2]: "sent"}
    held = Message.get(Message.to_addr == PEOPLE[1])
    assert "SIZE limit" in held.last_response and "smaller" in held.last_response
    assert held.attempts == 0
    assert Campaign.get().status == "running"  # not paused: the others went out
    assert summary.held == 1 and summary.failed == 0
    assert delivered_to(server) == sorted([PEOPLE[0], PEOPLE[2]])
    assert max(server.declared_sizes) <= 8000  # never announced, never uploaded


# --- replies that are not SMTP ------------------------------------------------------------


@pytest.mark.parametrize("reply", [GARBAGE, "queued as 12345, thank you"])
def test_garbage_after_the_final_dot_is_unknown_and_never_resent(
    db, dialogue, tmp_path: Path, reply: str
):
    with FaultServer(replies={"dot": reply}) as server:
        make_campaign(tmp_path, server.port, PEOPLE[:1])
        run_worker(seconds=6)
        assert statuses() == {PEOPLE[0]: "unknown"}
        run_worker(seconds=2)  # a second run must not touch it
    assert statuses() == {PEOPLE[0]: "unknown"}
    message = Message.get()
    assert message.last_step == "data" and "may have arrived" in message.last_response
    # Before: deferred, and sent three times.
    assert [c.upper() for c in server.commands].count("DATA") == 1


@pytest.mark.parametrize(
    ("where", "reply"),
    [("rcpt", "250 \udcff\udcfe not UTF-8"), ("mail", "250 " + "x" * 20_000),
     ("rcpt", "no code at all"), ("data", GARBAGE)],
)  # fmt: skip
def test_garbage_before_the_content_reconnects_and_defers(
    db, dialogue, tmp_path: Path, where: str, reply: str
):
    calls = {"n": 0}

    def once(_arg: str) -> str:
        calls["n"] += 1
        return reply if calls["n"] == 1 else ""

    with FaultServer(replies={where: once}) as server:
        make_campaign(tmp_path, server.port, PEOPLE[:1])
        run_worker(seconds=20)
    assert [a.outcome for a in Attempt.select().order_by(Attempt.id)] == ["deferred", "sent"]
    assert delivered_to(server) == [PEOPLE[0]]
    assert server.connections >= 2


# --- TLS ------------------------------------------------------------------------------------


def test_stripped_starttls_pauses_and_nothing_goes_in_plaintext(db, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("WIRE_PW", "secret")
    with FaultServer(advertise_starttls=False, advertise_auth=True) as server:
        campaign = make_campaign(tmp_path, server.port, PEOPLE[:2], security="starttls",
                                 is_sandbox=False, username="me",
                                 password_env="WIRE_PW")  # fmt: skip
        run_worker(seconds=5)
    campaign = Campaign.get_by_id(campaign.id)
    assert campaign.status == "paused" and "STARTTLS" in campaign.pause_reason
    sent_verbs = {c.split(" ")[0].upper() for c in server.commands}
    assert not sent_verbs & {"AUTH", "MAIL", "RCPT", "DATA"}
    assert set(statuses().values()) == {"queued"}


def test_a_self_signed_certificate_pauses_with_what_to_do(db, tmp_path: Path, monkeypatch):
    import ssl

    pki = Pki(tmp_path)
    cert, key = pki.self_signed("relay", ["127.0.0.1"])
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    handler = CountingAuth()
    controller = Controller(
        handler, hostname="127.0.0.1", port=free_port(), server_hostname="localhost",
        tls_context=context, require_starttls=True, authenticator=handler.authenticate,
        loop=asyncio.new_event_loop(),
    )  # fmt: skip
    controller.start()
    monkeypatch.setenv("WIRE_PW", "right")
    try:
        campaign = make_campaign(tmp_path, controller.port, PEOPLE[:2], security="starttls",
                                 is_sandbox=False, username="me",
                                 password_env="WIRE_PW")  # fmt: skip
        run_worker(seconds=5)
    finally:
        controller.stop()
    campaign = Campaign.get_by_id(campaign.id)
    assert campaign.status == "paused"
    assert "self-signed" in campaign.pause_reason and "CA certificate" in campaign.pause_reason
    assert handler.logins == 0 and handler.delivered == []
    assert set(statuses().values()) == {"queued"}


# --- round trips ----------------------------------------------------------------------------


@pytest.mark.parametrize("chunking", [False, True])
def test_a_pipelining_relay_gets_about_one_round_trip_a_message(
    db, tmp_path: Path, chunking: bool
):
    people = [f"r{i:02d}@example.com" for i in range(20)]
    # 80 ms a turn: long enough that a loaded machine still writes the next envelope
    # while the content's reply is on its way (at 20 ms it sometimes did not).
    with FaultServer(pipelining=True, chunking=chunking, latency=0.08) as server:
        make_campaign(tmp_path, server.port, people, max_connections=1, per_connection=1000)
        run_worker(seconds=30)
    assert delivered_to(server) == sorted(people)
    assert set(statuses().values()) == {"sent"}
    # Without PIPELINING: 4 a message (MAIL, RCPT, DATA, content); with it but one message
    # at a time, 2. On this 20 ms link the next envelope rides with each content.
    assert server.turns <= 1.2 * len(people) + 4, server.turns


def test_without_pipelining_each_command_is_its_own_round_trip(db, tmp_path: Path):
    people = [f"r{i:02d}@example.com" for i in range(10)]
    with FaultServer(pipelining=False) as server:
        make_campaign(tmp_path, server.port, people, max_connections=1, per_connection=1000)
        run_worker(seconds=30)
    assert delivered_to(server) == sorted(people)
    assert server.turns >= 4 * len(people)


def test_a_pause_with_the_next_envelope_written_ahead_costs_the_other_campaigns_nothing(
    db, tmp_path: Path
):
    """A final reply that pauses the campaign (SES: daily quota) arrives with the next
    message's envelope already on the wire; that message goes back to the queue and the
    connection is closed (the relay may wait in DATA), so the profile's other campaign
    sends on a fresh one instead of meeting a connection in the wrong state."""
    quota = {"n": 0}

    def dot(_to: str) -> str:
        quota["n"] += 1
        return "554 Message rejected: Daily message quota exceeded" if quota["n"] == 1 else ""

    with FaultServer(replies={"dot": dot}, pipelining=True, latency=0.01) as server:
        first = make_campaign(tmp_path, server.port, PEOPLE[:4], max_connections=1)
        second_campaign_on_the_same_profile(tmp_path, first)
        run_worker(until_done=False, seconds=4)
    assert Campaign.get_by_id(first.id).status == "paused"
    assert "quota" in Campaign.get_by_id(first.id).pause_reason
    final = statuses()
    assert final["zed@example.com"] == "sent"
    assert all(final[p] == "queued" for p in PEOPLE[:4])
    assert not Attempt.select().where(Attempt.outcome == "deferred").exists()
    assert delivered_to(server) == ["zed@example.com"]
