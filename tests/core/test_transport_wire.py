"""The SMTP dialogue on the wire: PIPELINING, CHUNKING, SIZE, one login, certificates.

Real servers on 127.0.0.1: the scriptable ``FaultServer`` (which can offer PIPELINING,
CHUNKING and a SIZE limit, and counts the client's round trips) and aiosmtpd with TLS
and AUTH. Certificates are made in the test with ``cryptography``.
"""

from __future__ import annotations

import asyncio
import ssl
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from core.errors import AuthenticationRefused, InvalidValue, SmtpConfigurationError
from core.models import SmtpProfile
from core.profiles import ProfileSettings, save_profile
from core.smtp.classify import Outcome, Step
from core.smtp.transport import Envelope, SmtpConnection, SmtpFailure, SmtpReply, send_single
from tests.smtp_servers import DROP, GARBAGE, FaultServer, Pki, delivered_to, free_port

MESSAGE = b"From: shop@example.com\r\nTo: ann@example.com\r\nSubject: hi\r\n\r\nHello\r\n"
SENDER = "shop@example.com"


def make_profile(port: int, name: str = "relay", **values: Any) -> SmtpProfile:
    settings = ProfileSettings(host="127.0.0.1", port=port, security="none", is_sandbox=True,
                               connect_timeout=2, data_timeout=2)  # fmt: skip
    for key, value in values.items():
        setattr(settings, key, value)
    return save_profile(name, settings)


def run_on_one_connection(
    profile: SmtpProfile, recipients: list[str], *, ahead: bool = True, data: bytes = MESSAGE
) -> list[SmtpReply | SmtpFailure]:
    """Send to each recipient in turn on one connection, the next envelope written ahead."""

    async def main() -> list[SmtpReply | SmtpFailure]:
        connection = SmtpConnection(profile)
        await connection.open()
        results: list[SmtpReply | SmtpFailure] = []
        try:
            for i, to in enumerate(recipients):
                nxt = recipients[i + 1] if ahead and i + 1 < len(recipients) else None
                then = Envelope(SENDER, nxt, len(data)) if nxt else None
                if not connection.is_open:
                    await connection.open()
                try:
                    results.append(
                        await connection.send(mail_from=SENDER, rcpt_to=to, data=data, then=then)
                    )
                except SmtpFailure as failure:
                    results.append(failure)
        finally:
            await connection.close()
        return results

    return asyncio.run(main())


def verbs(server: FaultServer) -> list[str]:
    return [c.split(" ")[0].upper() for c in server.commands if c and c[:1].isalpha()]


def settled(server: FaultServer) -> FaultServer:
    """Wait until the server has read the client's QUIT: the client returns as soon as it
    wrote it, and a loaded machine can stop the server before it reads that last turn."""
    import time

    deadline = time.monotonic() + 5
    while "QUIT" not in verbs(server) and time.monotonic() < deadline:
        time.sleep(0.01)
    return server


# --- round trips -------------------------------------------------------------------------------


def test_pipelining_puts_mail_rcpt_and_data_in_one_write(db):
    with FaultServer(pipelining=True) as server:
        [reply] = run_on_one_connection(make_profile(server.port), ["ann@example.com"])
        settled(server)
    assert isinstance(reply, SmtpReply) and reply.code == 250
    # EHLO, then MAIL+RCPT+DATA, then the content, then QUIT: 4 turns, not 6.
    assert server.turns == 4
    assert delivered_to(server) == ["ann@example.com"]


def test_without_pipelining_each_command_waits_for_its_reply(db):
    with FaultServer(pipelining=False) as server:
        [reply] = run_on_one_connection(make_profile(server.port), ["ann@example.com"])
        settled(server)
    assert isinstance(reply, SmtpReply) and reply.code == 250
    assert server.turns == 6  # EHLO, MAIL, RCPT, DATA, content, QUIT
    assert delivered_to(server) == ["ann@example.com"]


def test_the_next_envelope_rides_with_the_content_one_round_trip_a_message(db):
    people = [f"p{i}@example.com" for i in range(10)]
    with FaultServer(pipelining=True) as server:
        results = run_on_one_connection(make_profile(server.port), people)
        settled(server)
    assert all(isinstance(r, SmtpReply) and r.code == 250 for r in results)
    assert delivered_to(server) == sorted(people)
    # EHLO, the first envelope, then one write per message (content + next envelope), QUIT.
    # (+1: a loaded machine can deliver one write to the server in two reads)
    assert 1 + 1 + len(people) + 1 <= server.turns <= 1 + 1 + len(people) + 2, server.turns
    assert [d.rcpt_to for d in server.delivered] == [[p] for p in people]  # in order


def test_chunking_sends_bdat_only_after_rcpt_was_accepted(db):
    people = ["ann@example.com", "bob@example.com", "cy@example.com"]
    dotted = MESSAGE + b".hidden line\r\n"
    with FaultServer(pipelining=True, chunking=True) as server:
        results = run_on_one_connection(make_profile(server.port), people, data=dotted)
        settled(server)
    assert all(isinstance(r, SmtpReply) for r in results)
    assert "DATA" not in verbs(server) and verbs(server).count("BDAT") == 3
    assert server.delivered[0].data == dotted  # BDAT: no dot-stuffing, sent as it is
    # (+1: a loaded machine can deliver one write to the server in two reads)
    assert 1 + 1 + len(people) + 1 <= server.turns <= 1 + 1 + len(people) + 2, server.turns


async def batching_relay(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, seen: dict[str, Any]
) -> None:
    """A PIPELINING relay that, like Postfix, answers everything it read in one write: the
    replies to MAIL, RCPT and DATA (and a final reply with the next message's) arrive
    together, in one segment."""
    writer.write(b"220 batch.test ESMTP\r\n")
    buffer, in_data = b"", False
    while chunk := await reader.read(65536):
        buffer += chunk
        out: list[bytes] = []
        while True:
            if in_data:
                end = buffer.find(b"\r\n.\r\n")
                if end == -1:
                    break
                seen["delivered"].append(buffer[: end + 2])
                buffer, in_data = buffer[end + 5 :], False
                out.append(b"250 2.0.0 queued")
                continue
            line, found, rest = buffer.partition(b"\r\n")
            if not found:
                break
            buffer, verb = rest, line[:4].upper()
            if verb == b"EHLO":
                out.append(b"250-batch.test\r\n250-PIPELINING\r\n250 SIZE 1000000")
            elif verb == b"DATA":
                out.append(b"354 go ahead")
                in_data = True
            else:  # MAIL, RCPT, RSET, QUIT
                out.append(b"221 bye" if verb == b"QUIT" else b"250 2.1.0 ok")
        if out:
            seen["most_in_one_write"] = max(seen["most_in_one_write"], len(out))
            writer.write(b"\r\n".join(out) + b"\r\n")
            await writer.drain()
    writer.close()


def test_replies_that_arrive_together_are_each_read_in_order(db):
    """aiosmtplib's own protocol reads one reply per arrival: the RCPT and DATA replies
    that came with MAIL's would be lost, and the send would wait for them until timeout."""
    seen: dict[str, Any] = {"delivered": [], "most_in_one_write": 0}
    people = [f"p{i}@example.com" for i in range(5)]

    async def main() -> list[SmtpReply | SmtpFailure]:
        server = await asyncio.start_server(
            lambda r, w: batching_relay(r, w, seen), "127.0.0.1", 0
        )
        port = server.sockets[0].getsockname()[1]
        connection = SmtpConnection(make_profile(port, data_timeout=1, connect_timeout=1))
        await connection.open()
        results: list[SmtpReply | SmtpFailure] = []
        for i, to in enumerate(people):
            nxt = people[i + 1] if i + 1 < len(people) else None
            then = Envelope(SENDER, nxt, len(MESSAGE)) if nxt else None
            try:
                results.append(
                    await connection.send(mail_from=SENDER, rcpt_to=to, data=MESSAGE, then=then)
                )
            except SmtpFailure as failure:
                results.append(failure)
        await connection.close()
        server.close()
        return results

    results = asyncio.run(main())
    assert results == [SmtpReply(250, "2.0.0 queued")] * len(people)
    assert seen["delivered"] == [MESSAGE] * len(people)
    # The final reply and the next message's MAIL, RCPT and DATA replies: 4 in one write.
    assert seen["most_in_one_write"] >= 3


# --- faults in a pipelined batch, and the same without pipelining -------------------------------


@pytest.mark.parametrize("pipelining", [True, False])
def test_a_refused_rcpt_is_tied_to_rcpt_and_the_connection_goes_on(db, pipelining: bool):
    replies = {"rcpt": lambda to: "550 5.1.1 No such user" if to == "gone@example.com" else ""}
    people = ["ann@example.com", "gone@example.com", "bob@example.com"]
    with FaultServer(replies=replies, pipelining=pipelining) as server:
        results = run_on_one_connection(make_profile(server.port), people)
    ann, gone, bob = results
    assert isinstance(ann, SmtpReply) and isinstance(bob, SmtpReply)
    assert isinstance(gone, SmtpFailure)
    assert (gone.step, gone.code, gone.enhanced) == (Step.RCPT, 550, "5.1.1")
    assert gone.verdict.outcome == Outcome.FAILED and gone.verdict.suppress
    assert not gone.verdict.reconnect
    assert server.connections == 1
    assert delivered_to(server) == ["ann@example.com", "bob@example.com"]
    assert "RSET" in verbs(server)


@pytest.mark.parametrize("pipelining", [True, False])
def test_a_refused_mail_is_tied_to_mail(db, pipelining: bool):
    with FaultServer(
        replies={"mail": "553 5.7.1 Sender rejected"}, pipelining=pipelining
    ) as server:
        [failure] = run_on_one_connection(make_profile(server.port), ["ann@example.com"])
    assert isinstance(failure, SmtpFailure)
    assert (failure.step, failure.code) == (Step.MAIL, 553)
    assert failure.verdict.outcome == Outcome.PAUSE
    assert server.delivered == []


@pytest.mark.parametrize("pipelining", [True, False])
@pytest.mark.parametrize("where", ["mail", "rcpt"])
def test_a_drop_at_mail_or_rcpt_defers(db, pipelining: bool, where: str):
    with FaultServer(replies={where: DROP}, pipelining=pipelining) as server:
        [failure] = run_on_one_connection(make_profile(server.port), ["ann@example.com"])
    assert isinstance(failure, SmtpFailure)
    assert failure.step == Step(where)
    assert failure.verdict.outcome == Outcome.DEFERRED and failure.verdict.reconnect


def test_a_relay_that_says_354_after_refusing_every_recipient_gets_no_content(db):
    """RFC 2920: with DATA in the batch, a broken relay may still say 354; closing the
    connection is the one way out that delivers nothing."""
    replies = {"rcpt": "550 5.1.1 No such user", "data": "354 go ahead anyway"}
    with FaultServer(replies=replies, pipelining=True) as server:
        [failure] = run_on_one_connection(make_profile(server.port), ["gone@example.com"])
    assert isinstance(failure, SmtpFailure) and failure.step == Step.RCPT
    assert failure.verdict.reconnect
    assert server.delivered == []
    assert not any(c.startswith("Hello") for c in server.commands)


def test_a_refusal_of_the_envelope_written_ahead_is_that_message_s(db):
    replies = {"rcpt": lambda to: "451 4.7.1 Greylisted" if to == "bob@example.com" else ""}
    people = ["ann@example.com", "bob@example.com", "cy@example.com"]
    with FaultServer(replies=replies, pipelining=True) as server:
        ann, bob, cy = run_on_one_connection(make_profile(server.port), people)
    assert isinstance(ann, SmtpReply) and isinstance(cy, SmtpReply)
    assert isinstance(bob, SmtpFailure) and (bob.step, bob.code) == (Step.RCPT, 451)
    assert bob.verdict.outcome == Outcome.DEFERRED
    assert delivered_to(server) == ["ann@example.com", "cy@example.com"]
    assert server.connections == 1


@pytest.mark.parametrize("pipelining", [True, False])
@pytest.mark.parametrize(
    "reply", [GARBAGE, "hello there", "250 \udcff\udcfe not utf-8", "250-first\r\n251 mixed codes"]
)
def test_garbage_before_the_content_defers_and_reconnects(db, pipelining: bool, reply: str):
    for where in ("rcpt", "data"):
        with FaultServer(replies={where: reply}, pipelining=pipelining) as server:
            [failure] = run_on_one_connection(make_profile(server.port, where), ["a@example.com"])
        assert isinstance(failure, SmtpFailure), where
        assert failure.step == (Step.RCPT if where == "rcpt" else Step.DATA)
        assert failure.verdict.outcome == Outcome.DEFERRED, (where, failure)
        assert failure.verdict.reconnect
        assert server.delivered == []


@pytest.mark.parametrize("pipelining", [True, False])
@pytest.mark.parametrize("reply", [GARBAGE, "queued, thanks", "2.0.0 Ok: queued as 42"])
def test_garbage_after_the_final_dot_is_unknown(db, pipelining: bool, reply: str):
    with FaultServer(replies={"dot": reply}, pipelining=pipelining) as server:
        [failure] = run_on_one_connection(make_profile(server.port), ["ann@example.com"])
    assert isinstance(failure, SmtpFailure)
    assert failure.step == Step.DATA
    assert failure.verdict.outcome == Outcome.UNKNOWN
    assert "may have arrived" in failure.verdict.reason


def test_a_drop_after_the_dot_with_the_next_envelope_ahead(db):
    """The first message may have arrived (unknown); the next one's content was never
    sent, so it goes again on a new connection."""
    replies = {"dot": lambda to: DROP if to == "ann@example.com" else ""}
    with FaultServer(replies=replies, pipelining=True) as server:
        ann, bob = run_on_one_connection(
            make_profile(server.port), ["ann@example.com", "bob@example.com"]
        )
    assert isinstance(ann, SmtpFailure) and ann.verdict.outcome == Outcome.UNKNOWN
    assert isinstance(bob, SmtpReply)
    assert delivered_to(server) == ["bob@example.com"] and server.connections == 2


# --- SIZE (RFC 1870) -------------------------------------------------------------------------------


def test_size_is_declared_on_mail_from(db):
    with FaultServer() as server:
        run_on_one_connection(make_profile(server.port), ["ann@example.com"])
    assert server.declared_sizes == [len(MESSAGE)]


@pytest.mark.parametrize("pipelining", [True, False])
def test_a_message_above_the_relays_size_is_held_before_anything_is_uploaded(db, pipelining):
    big = MESSAGE + b"x" * 5000 + b"\r\n"
    with FaultServer(size=2000, pipelining=pipelining) as server:
        [failure] = run_on_one_connection(make_profile(server.port), ["ann@example.com"], data=big)
    assert isinstance(failure, SmtpFailure)
    assert failure.verdict.outcome == Outcome.HELD
    assert "accepts at most 2 KB" in failure.message and "smaller" in failure.hint
    assert "MAIL" not in verbs(server)  # not a byte of it went out


def test_a_relay_refusing_the_declared_size_holds_the_message(db):
    with FaultServer(replies={"mail": "552 5.3.4 Message size exceeds fixed limit"}) as server:
        [failure] = run_on_one_connection(make_profile(server.port), ["ann@example.com"])
    assert isinstance(failure, SmtpFailure)
    assert (failure.step, failure.verdict.outcome) == (Step.MAIL, Outcome.HELD)
    assert server.delivered == []


# --- one login ---------------------------------------------------------------------------------


class CountingAuth:
    def __init__(self) -> None:
        self.attempts: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return "250 2.0.0 Ok"

    def authenticate(self, server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        self.attempts.append(mechanism)
        return AuthResult(success=auth_data.password == b"right", handled=False)


def auth_server(handler: CountingAuth, **options: Any) -> Controller:
    controller = Controller(
        handler, hostname="127.0.0.1", port=free_port(), server_hostname="localhost",
        authenticator=handler.authenticate, auth_require_tls=False,
        loop=asyncio.new_event_loop(), **options,
    )  # fmt: skip
    controller.start()
    return controller


def test_a_wrong_password_costs_one_login_attempt_not_one_per_mechanism(db):
    handler = CountingAuth()
    server = auth_server(handler)
    try:
        profile = make_profile(server.port, username="me", allow_insecure_auth=True)
        with pytest.raises(AuthenticationRefused, match="535"):
            asyncio.run(send_single(profile, mail_from=SENDER, rcpt_to="a@example.com",
                                    data=MESSAGE, password="wrong"))  # fmt: skip
        assert handler.attempts == ["PLAIN"]  # aiosmtpd offers LOGIN and PLAIN: one tried
        reply = asyncio.run(send_single(profile, mail_from=SENDER, rcpt_to="a@example.com",
                                        data=MESSAGE, password="right"))  # fmt: skip
    finally:
        server.stop()
    assert reply.code == 250


def test_refusing_auth_over_plaintext_names_the_setting_that_allows_it(db):
    with FaultServer(advertise_auth=True) as server:
        profile = make_profile(server.port, username="me")
        with pytest.raises(SmtpConfigurationError) as caught:
            asyncio.run(send_single(profile, mail_from=SENDER, rcpt_to="a@example.com",
                                    data=MESSAGE, password="right"))  # fmt: skip
    text = caught.value.user_text()
    assert not isinstance(caught.value, AuthenticationRefused)
    assert "Allow sending the password without TLS" in text and "--allow-insecure-auth" in text
    assert "username and password" not in text
    assert "AUTH" not in verbs(server)


# --- certificates ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return Pki(tmp_path_factory.mktemp("pki"))


def tls_server(cert: Path, key: Path) -> Controller:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    controller = Controller(
        CountingAuth(), hostname="127.0.0.1", port=free_port(), server_hostname="localhost",
        tls_context=context, require_starttls=True, loop=asyncio.new_event_loop(),
    )  # fmt: skip
    controller.start()
    return controller


def tls_send(port: int, ca_file: Path | None) -> SmtpReply:
    profile = make_profile(port, f"tls{port}", security="starttls", is_sandbox=False,
                           ca_file=str(ca_file) if ca_file else None)  # fmt: skip
    return asyncio.run(send_single(profile, mail_from=SENDER, rcpt_to="a@example.com",
                                   data=MESSAGE))  # fmt: skip


@pytest.mark.parametrize(
    ("case", "says", "todo"),
    [
        ("self-signed", "is self-signed", "CA certificate"),
        ("unknown issuer", "an authority this computer does not trust", "--ca-file"),
        ("wrong name", "is for another host name, not '127.0.0.1'", "host name"),
        ("expired", "has expired", "renew"),
    ],
)
def test_each_certificate_problem_is_its_own_sentence(db, pki: Pki, case, says, todo):
    if case == "self-signed":
        cert, key, trusted = *pki.self_signed("self", ["127.0.0.1"]), None
    elif case == "unknown issuer":
        cert, key, trusted = *pki.issue("private", ["127.0.0.1"]), None
    elif case == "wrong name":
        cert, key, trusted = *pki.issue("othername", ["mail.example.org"]), pki.ca_cert
    else:
        cert, key, trusted = *pki.issue("old", ["127.0.0.1"], expired=True), pki.ca_cert
    server = tls_server(cert, key)
    try:
        with pytest.raises(SmtpConfigurationError) as caught:
            tls_send(server.port, trusted)
    finally:
        server.stop()
    text = caught.value.user_text()
    assert says in text and todo in text, text
    assert "CERTIFICATE_VERIFY_FAILED" not in text


def test_a_profile_trusts_its_private_ca(db, pki: Pki):
    cert, key = pki.issue("good", ["127.0.0.1"])
    server = tls_server(cert, key)
    try:
        assert tls_send(server.port, pki.ca_cert).code == 250
    finally:
        server.stop()


def test_a_self_signed_certificate_can_be_trusted_by_giving_it_as_the_ca_file(db, pki: Pki):
    cert, key = pki.self_signed("own", ["127.0.0.1"])
    server = tls_server(cert, key)
    try:
        assert tls_send(server.port, cert).code == 250
    finally:
        server.stop()


def test_a_ca_file_that_is_not_a_certificate_is_refused_when_saved(db, tmp_path: Path):
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    with pytest.raises(InvalidValue, match="PEM"):
        make_profile(25, "junk", ca_file=str(junk))
    with pytest.raises(InvalidValue, match="does not exist"):
        make_profile(25, "missing", ca_file=str(tmp_path / "nope.pem"))


def test_smtp_add_ca_file_trusts_a_private_ca(tmp_path: Path, isolated_data_dir: Path, pki: Pki):
    """`smtp add --ca-file PEM` (CLI.md): stored with the profile, used for its TLS."""
    from core.db import close_database, open_database
    from core.models import SmtpProfile
    from tests.core.test_cli_engine import Cli

    cert, key = pki.issue("cli", ["127.0.0.1"])
    server = tls_server(cert, key)
    cli = Cli(tmp_path, isolated_data_dir)
    try:
        cli("smtp", "add", "Private", "--host", "127.0.0.1", "--port", str(server.port),
            "--security", "starttls", "--ca-file", str(pki.ca_cert))  # fmt: skip
        refused = cli("smtp", "add", "Junk", "--host", "127.0.0.1", "--port", "25",
                      "--security", "starttls", "--ca-file", str(tmp_path / "no.pem"),
                      ok=False)  # fmt: skip
        open_database(str(cli.db))
        try:
            profile = SmtpProfile.get(SmtpProfile.name == "Private")
            assert profile.ca_file == str(pki.ca_cert.resolve())
            reply = asyncio.run(send_single(profile, mail_from=SENDER, rcpt_to="a@example.com",
                                            data=MESSAGE))  # fmt: skip
        finally:
            close_database()
    finally:
        server.stop()
    assert reply.code == 250
    assert refused.returncode == 1 and "does not exist" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
