"""One SMTP connection step by step: security never downgraded, the failing step known.

Real servers on 127.0.0.1: aiosmtpd (plain, STARTTLS, implicit TLS, with AUTH) and the
scriptable ``FaultServer``. The TLS certificate is made at test time; a test trusts it
the way a user's machine would trust a real one (``SSL_CERT_FILE``), or does not.
"""

from __future__ import annotations

import asyncio
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from core.errors import AuthenticationRefused, RelayUnreachable, SmtpConfigurationError
from core.models import SmtpProfile
from core.profiles import ProfileSettings, save_profile
from core.smtp.classify import Outcome, Step
from core.smtp.transport import (
    SmtpConnection,
    SmtpFailure,
    SmtpReply,
    send_single,
)
from core.smtp.transport import test_connection as check_connection
from tests.smtp_servers import DROP, STALL, FaultServer, free_port

MESSAGE = b"From: shop@example.com\r\nTo: ann@example.com\r\nSubject: hi\r\n\r\nHello\r\n"


def make_profile(port: int, name: str = "relay", **values: Any) -> SmtpProfile:
    settings = ProfileSettings(host="127.0.0.1", port=port, security="none", is_sandbox=True,
                               connect_timeout=2, data_timeout=2)  # fmt: skip
    for key, value in values.items():
        setattr(settings, key, value)
    return save_profile(name, settings)


def send(
    profile: SmtpProfile, password: str | None = None, to: str = "ann@example.com"
) -> SmtpReply:
    return asyncio.run(
        send_single(profile, mail_from="shop@example.com", rcpt_to=to, data=MESSAGE,
                    password=password)
    )  # fmt: skip


# --- a real aiosmtpd server, optionally with TLS and AUTH ----------------------------------


class Recorder:
    def __init__(self) -> None:
        self.envelopes: list[tuple[str, list[str], bytes]] = []
        self.logins: list[tuple[bytes, bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 2.0.0 Ok: queued as 42"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ):
        self.logins.append((auth_data.login, auth_data.password))
        # handled=False: aiosmtpd then answers 535 itself (its default, True, answers nothing)
        return AuthResult(success=auth_data.password == b"right", handled=False)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def start_server(
    recorder: Recorder, certificate: tuple[Path, Path] | None = None, *, implicit: bool = False
) -> Controller:
    options: dict[str, Any] = {"authenticator": recorder.authenticate, "auth_require_tls": True}
    if certificate is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(certificate[0]), str(certificate[1]))
        options["ssl_context" if implicit else "tls_context"] = context
        if not implicit:
            options["require_starttls"] = True
    controller = Controller(
        recorder, hostname="127.0.0.1", port=free_port(), server_hostname="localhost",
        loop=asyncio.new_event_loop(), **options,
    )  # fmt: skip
    controller.start()
    return controller


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def trust(certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This machine trusts the test certificate, as it would a real relay's."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    yield


# --- plaintext loopback ------------------------------------------------------------------


def test_send_single_delivers_and_returns_the_final_reply(db, recorder: Recorder):
    server = start_server(recorder)
    try:
        reply = send(make_profile(server.port))
    finally:
        server.stop()
    assert reply == SmtpReply(250, "2.0.0 Ok: queued as 42")
    assert recorder.envelopes == [("shop@example.com", ["ann@example.com"], MESSAGE)]


def test_test_connection_says_what_it_did(db, recorder: Recorder):
    server = start_server(recorder)
    try:
        verdict = asyncio.run(check_connection(make_profile(server.port)))
    finally:
        server.stop()
    assert verdict.startswith(f"Connected to 127.0.0.1:{server.port} without TLS")
    assert recorder.envelopes == []


def test_connection_refused_is_relay_unreachable(db):
    with pytest.raises(RelayUnreachable, match=r"Cannot reach 127\.0\.0\.1"):
        send(make_profile(free_port()))


def test_a_greeting_that_never_comes_times_out_at_the_connect_timeout(db):
    with FaultServer(replies={"greeting": STALL}) as server, pytest.raises(RelayUnreachable):
        send(make_profile(server.port, connect_timeout=0.5))


def test_default_timeouts_wait_minutes_for_the_final_dot():
    settings = ProfileSettings(host="smtp.example.com", port=587)
    assert 20 <= settings.connect_timeout <= 60
    assert settings.data_timeout >= 300  # RFC 5321 4.5.3.2; aiosmtplib's 60 s is too short


def test_no_auth_over_plaintext_unless_the_profile_allows_it(db, recorder: Recorder):
    with FaultServer(advertise_auth=True) as server:
        profile = make_profile(server.port, username="me")
        with pytest.raises(SmtpConfigurationError, match="plaintext"):
            send(profile, "right")
        assert not any(c.upper().startswith("AUTH") for c in server.commands)
        profile.allow_insecure_auth = True
        profile.save()
        assert send(profile, "right").code == 250
        assert any(c.upper().startswith("AUTH") for c in server.commands)


def test_535_is_authentication_refused(db):
    with FaultServer(advertise_auth=True, replies={"auth": "535 5.7.8 Bad credentials"}) as server:
        profile = make_profile(server.port, username="me", allow_insecure_auth=True)
        with pytest.raises(AuthenticationRefused, match="refused the login"):
            send(profile, "wrong")
        assert not any(c.upper().startswith("MAIL") for c in server.commands)


def test_a_username_without_a_password_says_where_to_put_it(db, monkeypatch):
    monkeypatch.delenv("STAFFETTA_SMTP_PASSWORD_NOPASS", raising=False)
    with FaultServer(advertise_auth=True) as server:
        profile = make_profile(server.port, "nopass", username="me", allow_insecure_auth=True)
        with pytest.raises(SmtpConfigurationError, match="STAFFETTA_SMTP_PASSWORD_NOPASS"):
            send(profile)


# --- TLS ---------------------------------------------------------------------------------


def test_starttls_with_a_trusted_certificate_then_auth(db, recorder, certificate, trust):
    server = start_server(recorder, certificate)
    try:
        profile = make_profile(server.port, security="starttls", is_sandbox=False, username="me")
        reply = send(profile, "right")
        verdict = asyncio.run(check_connection(profile, "right"))
    finally:
        server.stop()
    assert reply.code == 250
    assert recorder.logins[0] == (b"me", b"right")
    assert "with STARTTLS, logged in as me" in verdict


def test_wrong_password_over_tls_is_authentication_refused(db, recorder, certificate, trust):
    server = start_server(recorder, certificate)
    try:
        profile = make_profile(server.port, security="starttls", is_sandbox=False, username="me")
        with pytest.raises(AuthenticationRefused):
            send(profile, "wrong")
    finally:
        server.stop()
    assert recorder.envelopes == []


def test_implicit_tls_with_a_trusted_certificate(db, recorder, certificate, trust):
    server = start_server(recorder, certificate, implicit=True)
    try:
        reply = send(make_profile(server.port, security="tls", is_sandbox=False))
    finally:
        server.stop()
    assert reply.code == 250


@pytest.mark.parametrize("implicit", [False, True])
def test_an_untrusted_certificate_is_refused_before_any_password(
    db, recorder, certificate, implicit: bool
):
    server = start_server(recorder, certificate, implicit=implicit)
    try:
        profile = make_profile(
            server.port, security="tls" if implicit else "starttls", is_sandbox=False,
            username="me",
        )  # fmt: skip
        with pytest.raises(SmtpConfigurationError, match="certificate"):
            send(profile, "right")
    finally:
        server.stop()
    assert recorder.logins == [] and recorder.envelopes == []


def test_stripped_starttls_is_refused_and_nothing_goes_in_plaintext(db):
    with FaultServer(advertise_starttls=False, advertise_auth=True) as server:
        profile = make_profile(server.port, security="starttls", is_sandbox=False, username="me")
        with pytest.raises(SmtpConfigurationError, match="STARTTLS"):
            send(profile, "right")
    verbs = [c.split()[0].upper() for c in server.commands if c.strip()]
    assert "AUTH" not in verbs and "MAIL" not in verbs


# --- the failing step is known -------------------------------------------------------------


def fail_with(
    server: FaultServer, profile: SmtpProfile, to: str = "ann@example.com"
) -> SmtpFailure:
    async def run() -> SmtpFailure:
        connection = SmtpConnection(profile)
        await connection.open()
        try:
            await connection.send(mail_from="shop@example.com", rcpt_to=to, data=MESSAGE)
        except SmtpFailure as failure:
            return failure
        finally:
            await connection.close()
        raise AssertionError("the send should have failed")

    return asyncio.run(run())


@pytest.mark.parametrize(
    ("where", "step", "outcome"),
    [("mail", Step.MAIL, Outcome.DEFERRED), ("rcpt", Step.RCPT, Outcome.DEFERRED),
     ("dot", Step.DATA, Outcome.UNKNOWN)],
)  # fmt: skip
def test_a_drop_is_classified_by_the_step_it_happened_at(db, where, step, outcome):
    with FaultServer(replies={where: DROP}) as server:
        failure = fail_with(server, make_profile(server.port))
    assert failure.step == step
    assert failure.verdict.outcome == outcome
    assert failure.verdict.reconnect


def test_a_stall_after_the_final_dot_times_out_as_unknown(db):
    with FaultServer(replies={"dot": STALL}) as server:
        failure = fail_with(server, make_profile(server.port, data_timeout=0.5))
    assert (failure.step, failure.verdict.outcome) == (Step.DATA, Outcome.UNKNOWN)


def test_a_refused_recipient_keeps_the_connection_usable(db):
    replies = {"rcpt": lambda to: "550 5.1.1 No such user" if to == "gone@example.com" else ""}
    with FaultServer(replies=replies) as server:

        async def run() -> tuple[SmtpFailure | None, SmtpReply, int]:
            connection = SmtpConnection(make_profile(server.port))
            await connection.open()
            refused = None
            try:
                await connection.send(mail_from="s@example.com", rcpt_to="gone@example.com",
                                      data=MESSAGE)  # fmt: skip
            except SmtpFailure as failure:
                refused = failure
            reply = await connection.send(mail_from="s@example.com", rcpt_to="ok@example.com",
                                          data=MESSAGE)  # fmt: skip
            await connection.close()
            return refused, reply, connection.sent_on_connection

        refused, reply, count = asyncio.run(run())
    assert refused is not None and refused.code == 550 and refused.enhanced == "5.1.1"
    assert refused.verdict.suppress and not refused.verdict.reconnect
    assert reply.code == 250 and count == 1
    assert server.connections == 1
    assert "RSET" in [c.upper() for c in server.commands]


@pytest.mark.parametrize("reply", ["250 " + "x" * 20_000, "\xff\xfe\x00 not smtp", "hello there"])
def test_overlong_or_garbage_replies_defer_and_reconnect(db, reply: str):
    with FaultServer(replies={"rcpt": reply}) as server:
        failure = fail_with(server, make_profile(server.port))
    assert failure.step == Step.RCPT
    assert failure.verdict.outcome == Outcome.DEFERRED
    assert failure.verdict.reconnect


def test_an_international_address_needs_smtputf8(db):
    with FaultServer(replies={"ehlo": "250-fault.test\r\n250 8BITMIME"}) as server:
        failure = fail_with(server, make_profile(server.port), to="josé@example.com")
    assert failure.verdict.outcome == Outcome.FAILED
    assert "SMTPUTF8" in failure.message
    assert not any(c.upper().startswith("MAIL") for c in server.commands)


@pytest.mark.parametrize("bad", ["ann smith@example.com", 'ann"@example.com', "ann@exa<mple.com"])
def test_an_address_that_could_inject_commands_fails_without_reaching_the_wire(db, bad: str):
    with FaultServer() as server:
        failure = fail_with(server, make_profile(server.port), to=bad)
        reply = send(make_profile(server.port, "again"))  # the relay is still usable
    assert failure.step == Step.RCPT
    assert failure.verdict.outcome == Outcome.FAILED
    assert not any(bad in c for c in server.commands)
    assert reply.code == 250


def test_plain_addresses_go_out_exactly_as_stored(db):
    with FaultServer() as server:
        send(make_profile(server.port), to="x.y+tag@sub.example.org")
    assert f"MAIL FROM:<shop@example.com> SIZE={len(MESSAGE)}" in server.commands
    assert "RCPT TO:<x.y+tag@sub.example.org>" in server.commands
