"""One SMTP connection, step by step, with the security a profile requires.

aiosmtplib does the SMTP: the TCP connection and implicit TLS, the greeting, EHLO (HELO
for an old relay) and the extensions it advertises, STARTTLS, each AUTH mechanism, MAIL
FROM and RCPT TO (each raising for its own step), RSET, QUIT, the parsing of replies
and the timeout of each command. What this module adds on top, and why:

- **One login.** aiosmtplib's ``login()`` tries every mechanism in turn, so a wrong
  password cost two failed logins per connection; providers lock accounts after a few.
  Here one mechanism is called (``auth_plain``, ``auth_login`` or ``auth_crammd5``): the
  best the relay offers.
- **Every failure carries its step.** aiosmtplib's exceptions are unwrapped (a TLS
  problem is the ``__cause__`` of its connect error) into ``SmtpFailure``: the step,
  what the relay said, and what it means (core.smtp.classify). Its ``data()`` raises the
  same error for a refused DATA command and for a refused, garbled or missing reply to
  the final dot, and only the latter may have delivered; so DATA is sent as a command
  and the content is written here, and everything after it is ``unknown`` unless the
  relay answered (never resent on its own).
- **Round trips**, with what aiosmtplib does not have. When the relay advertises
  PIPELINING (RFC 2920), MAIL FROM, RCPT TO and DATA go out in one write on aiosmtplib's
  protocol and their replies are read in order; the content and final dot of one
  message can carry the next message's MAIL/RCPT/DATA in the same write (``then=``), so a
  busy connection spends about one round trip per message instead of four. With
  CHUNKING (RFC 3030) the content goes as one ``BDAT n LAST`` (no dot-stuffing, no 354
  round trip); BDAT is only written once RCPT was accepted, so nothing can be delivered
  before the replies that decide it were read. Relays that offer neither get
  aiosmtplib's one-command-one-reply dialogue. aiosmtplib's protocol reads one reply per
  command and drops bytes that arrive while no read is waiting; ``_Protocol`` keeps
  them, so several replies arriving in one segment are each read, in order.
- **Replies must be SMTP**: a three-digit code, the same on every line, UTF-8 text
  (before the content), lines of at most 8192 bytes. Anything else before the content
  was sent is a broken connection (reconnect, deferred); after it, the message may have
  arrived (``unknown``).

Security is never negotiated down: a STARTTLS profile fails when the relay does not
offer STARTTLS, certificates are verified (against the system's store, plus the
profile's own CA file), certificate failures say which problem it is, and AUTH never
goes over plaintext unless the user explicitly allowed it for that profile.

``SIZE=`` is declared on MAIL FROM when the relay advertises SIZE (RFC 1870); a
message above the relay's limit is not uploaded at all: it fails with the ``held``
outcome before anything is written.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import ssl
import time
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from aiosmtplib import (
    SMTP,
    SMTPAuthenticationError,
    SMTPException,
    SMTPHeloError,
    SMTPRecipientRefused,
    SMTPResponse,
    SMTPResponseException,
    SMTPSenderRefused,
    SMTPServerDisconnected,
)
from aiosmtplib.protocol import MAX_RESPONSE_LENGTH, SMTPProtocol

from core.errors import (
    AuthenticationRefused,
    RelayUnreachable,
    SecretUnavailable,
    SmtpConfigurationError,
    StaffettaError,
)
from core.models import Security, SmtpProfile
from core.profiles import is_loopback, password_env_var
from core.secrets import get_password
from core.smtp.classify import (
    Outcome,
    Step,
    Verdict,
    classify_connection_problem,
    classify_reply,
    enhanced_code,
)

LOCAL_HOSTNAME = "staffetta.localdomain"
QUIT_TIMEOUT = 2.0
# Mechanisms in order of preference. Over TLS the password is protected by the channel
# and PLAIN is the one every server implements; without TLS (only where the user allowed
# it) CRAM-MD5 at least keeps the password itself off the wire.
MECHANISMS_OVER_TLS = ("PLAIN", "LOGIN", "CRAM-MD5")
MECHANISMS_IN_PLAINTEXT = ("CRAM-MD5", "PLAIN", "LOGIN")
INSECURE_AUTH_SETTING = (
    "“Allow sending the password without TLS” in the profile "
    "(smtp add --allow-insecure-auth)"
)
# Replies written ahead (RSET, MAIL, RCPT, DATA, the final reply) waiting to be read: a
# relay that sends more than that many whole replies unasked is not speaking SMTP.
MAX_UNREAD = 5 * MAX_RESPONSE_LENGTH
_NOT_UTF8 = re.compile("[\udc80-\udcff]")  # aiosmtplib decodes with surrogateescape


@dataclass(frozen=True)
class SmtpReply:
    code: int
    message: str


@dataclass(frozen=True)
class Envelope:
    """What a pipelined MAIL/RCPT needs to know about the next message in advance."""

    mail_from: str
    rcpt_to: str
    size: int  # RFC 1870's estimate: the built message's length

    def same_addresses(self, other: Envelope) -> bool:
        return self.mail_from == other.mail_from and self.rcpt_to == other.rcpt_to


class SmtpFailure(Exception):
    """A failed step, with what the relay said (if anything) and what it means."""

    def __init__(
        self,
        step: Step,
        verdict: Verdict,
        *,
        code: int | None = None,
        message: str = "",
        hint: str = "",
    ) -> None:
        super().__init__(f"{step}: {code or ''} {message}".strip())
        self.step = step
        self.verdict = verdict
        self.code = code
        self.message = message
        self.hint = hint  # what the user can do about it, when we know better than generic

    @property
    def enhanced(self) -> str | None:
        return enhanced_code(self.message)

    def describe(self) -> str:
        said = f"{self.code} {self.message}".strip() if self.code else self.message
        return f"At {self.step.value.upper()}: {said or self.verdict.reason}"


class _NotSmtp(SMTPResponseException):
    """A reply that is not SMTP (no code, mixed codes, not UTF-8), as aiosmtplib's own
    "malformed" and "too long" errors are: an ``SMTPResponseException`` with code -1."""

    def __init__(self, what: str) -> None:
        super().__init__(-1, what)


@dataclass
class _Announced:
    """MAIL/RCPT(/DATA) of the next message, written ahead; their replies still to read."""

    envelope: Envelope
    with_data: bool


# --- aiosmtplib's protocol, keeping every reply -----------------------------------------------


class _Protocol(SMTPProtocol):
    """aiosmtplib's ``SMTPProtocol``, for replies to commands written ahead (PIPELINING).

    aiosmtplib parses a reply only when bytes arrive while a read waits, and drops bytes
    that arrive otherwise: the replies to a pipelined MAIL, RCPT and DATA usually arrive
    in one segment, and all but the first would be lost (or the next read would wait for
    bytes that already came). Here every byte is kept, and a read takes the reply at the
    head of the buffer first. Each reply's lines are checked to be SMTP before aiosmtplib
    parses them (it reads the code of the last line only, and accepts any number).
    """

    def data_received(self, data: bytes) -> None:
        waiter = self._response_waiter
        if waiter is not None and (waiter.done() or not self._response_pending):
            self._buffer.extend(data)  # a reply no read waits for yet: kept, in order
            if len(self._buffer) > MAX_UNREAD and self.transport is not None:
                self.transport.close()
            return
        super().data_received(data)

    async def read_response(self, timeout: float | None = None) -> SMTPResponse:  # noqa: ASYNC109
        waiter = self._response_waiter
        answered = (
            waiter is not None and waiter.done() and not waiter.cancelled()
            and waiter.exception() is None
        )  # fmt: skip
        if not answered and self._buffer:  # a reply that came before any error did
            response = self._read_response_from_buffer()
            if response is not None:
                return response
        return await super().read_response(timeout)

    def _read_response_from_buffer(self) -> SMTPResponse | None:
        buffer, start, code = self._buffer, 0, b""
        while (end := buffer.find(b"\n", start)) != -1:
            head, sep = bytes(buffer[start : start + 3]), bytes(buffer[start + 3 : start + 4])
            if not (head.isdigit() and head[:1] in b"2345" and sep in b" -\r\n"):
                raise _NotSmtp(f"a line without a reply code: {_shown(bytes(buffer[start:end]))}")
            if code and head != code:
                raise _NotSmtp("a reply whose lines carry different codes")
            if sep != b"-":
                break
            code, start = head, end + 1
        return super()._read_response_from_buffer()


def _keeping_every_reply(client: SMTP) -> _Protocol:
    """The connected client's protocol, as a ``_Protocol``. aiosmtplib builds its protocol
    inside ``connect()``; ``_Protocol`` only adds methods, so the object becomes one before
    the first command is written (STARTTLS keeps the same object)."""
    protocol = client.protocol
    if protocol is None:
        raise SMTPServerDisconnected("Connection lost")
    if not isinstance(protocol, _Protocol):
        protocol.__class__ = _Protocol
    return cast(_Protocol, protocol)


def _strict(response: SMTPResponse) -> SmtpReply:
    """A reply before the content: its text must be UTF-8."""
    if _NOT_UTF8.search(response.message):
        shown = response.message.encode("utf-8", "surrogateescape")
        raise _NotSmtp(f"a reply that is not UTF-8: {_shown(shown)}")
    return SmtpReply(response.code, response.message)


def _lenient(response: SMTPResponse) -> SmtpReply:
    """The final reply: its text is only shown and recorded."""
    message = response.message
    if _NOT_UTF8.search(message):
        message = message.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return SmtpReply(response.code, message)


# --- words for the user -----------------------------------------------------------------------


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and what caused it (aiosmtplib wraps OSError and ssl errors in its own)."""
    causes: list[BaseException] = [exc]
    while causes[-1].__cause__ is not None or causes[-1].__context__ is not None:
        nxt = causes[-1].__cause__ or causes[-1].__context__
        if nxt is None or nxt in causes:
            break
        causes.append(nxt)
    return causes


def _plain_connection_problem(profile: SmtpProfile, exc: BaseException) -> str:
    """What went wrong with the connection, in words."""
    causes = _causes(exc)
    text = " ".join(str(c) for c in causes)
    if any(isinstance(c, socket.gaierror) for c in causes) or "Name or service not known" in text:
        return f"the host name {profile.host!r} could not be found"
    if any(isinstance(c, ConnectionRefusedError) for c in causes) or "Errno 111" in text:
        return f"the connection was refused: no mail server is listening on port {profile.port}"
    if "Errno 101" in text or "Network is unreachable" in text:
        return "the network is unreachable (are you online?)"
    dropped = (ConnectionResetError, SMTPServerDisconnected, BrokenPipeError)
    if any(isinstance(c, dropped) for c in causes):
        return "the relay closed the connection"
    return str(exc) or type(exc).__name__


# OpenSSL's X509_V_ERR_* codes (x509_vfy.h) that users meet.
_SELF_SIGNED = {18, 19}  # DEPTH_ZERO_SELF_SIGNED_CERT, SELF_SIGNED_CERT_IN_CHAIN
_UNKNOWN_ISSUER = {2, 20, 21}  # UNABLE_TO_GET_ISSUER_CERT(_LOCALLY), UNABLE_TO_VERIFY_LEAF_SIGNATURE
_EXPIRED, _NOT_YET_VALID = 10, 9
_WRONG_NAME = {62, 64}  # HOSTNAME_MISMATCH, IP_ADDRESS_MISMATCH
CA_FILE_SETTING = "“CA certificate” in the profile (smtp add --ca-file PEM)"


def certificate_problem(profile: SmtpProfile, exc: ssl.SSLCertVerificationError) -> tuple[str, str]:
    """(what is wrong, what to do) for a certificate the relay showed and we refused."""
    code = exc.verify_code
    where = f"{profile.host}:{profile.port}"
    if code in _SELF_SIGNED:
        return (
            f"the certificate of {where} is self-signed: no authority vouches for it",
            "If this is your own relay, trust its certificate with "
            f"{CA_FILE_SETTING}; otherwise someone may be intercepting the connection: "
            "do not send.",
        )
    if code in _UNKNOWN_ISSUER:
        return (
            f"the certificate of {where} was issued by an authority this computer does "
            "not trust (a private or company CA)",
            f"Ask the relay's administrator for that CA's certificate and add it with "
            f"{CA_FILE_SETTING}.",
        )
    if code in _WRONG_NAME:
        return (
            f"the certificate of {where} is for another host name, not {profile.host!r}",
            "Use the host name your provider gives for SMTP (the one on its certificate) "
            "as the profile's host.",
        )
    if code == _EXPIRED:
        return (
            f"the certificate of {where} has expired",
            "The relay's administrator must renew it; if it should be valid, check this "
            "computer's date and time.",
        )
    if code == _NOT_YET_VALID:
        return (
            f"the certificate of {where} is not valid yet",
            "Check this computer's date and time.",
        )
    return (
        f"the certificate of {where} was refused ({exc.verify_message or exc.reason})",
        "Check the profile's host, port and security settings.",
    )


# --- TLS --------------------------------------------------------------------------------------


_contexts: dict[tuple[str | None, float, str | None, str | None], ssl.SSLContext] = {}


class _CaFileProblem(Exception):
    pass


def _tls_context(profile: SmtpProfile) -> ssl.SSLContext:
    """The system's trust store, host name checked, plus the profile's own CA file.

    Built once per CA file (loading the system store costs milliseconds, per connection
    that adds up); ``SSL_CERT_FILE``/``SSL_CERT_DIR`` are part of the key, as they change
    what the system store is.
    """
    ca_file = getattr(profile, "ca_file", None) or None
    mtime = 0.0
    if ca_file:
        try:
            mtime = Path(ca_file).stat().st_mtime
        except OSError as exc:
            raise _CaFileProblem(f"the CA file {ca_file} cannot be read ({exc.strerror})") from None
    key = (ca_file, mtime, os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))
    context = _contexts.get(key)
    if context is None:
        context = ssl.create_default_context()
        if ca_file:
            try:
                context.load_verify_locations(cafile=ca_file)
            except (ssl.SSLError, OSError, ValueError) as exc:
                raise _CaFileProblem(
                    f"the CA file {ca_file} holds no usable PEM certificate ({exc})"
                ) from None
        _contexts[key] = context
    return context


def resolve_password(profile: SmtpProfile, password: str | None = None) -> str | None:
    if password is not None:
        return password
    if not profile.username:
        return None
    return get_password(profile.name, env_var=profile.password_env or password_env_var(profile))


# --- addresses and content ----------------------------------------------------------------------

# Addresses stored by Staffetta are validated and normalised (email-validator, no quoted
# local parts), so MAIL and RCPT carry them verbatim; anything that is not a plain mailbox
# is refused before it reaches the relay (it could smuggle a command onto the line).
_PLAIN_ADDRESS = re.compile(
    r"[^\s\x00-\x1f\x7f<>\"()\[\]\\,;:@]+@[^\s\x00-\x1f\x7f<>\"()\[\]\\,;:@]+"
)
_LONE_LINE_ENDING = re.compile(rb"\r(?!\n)|(?<!\r)\n")
_LEADING_DOT = re.compile(rb"(?m)^\.")


def _on_the_wire(data: bytes, *, stuffed: bool) -> bytes:
    """CRLF line endings, a final CRLF, and (for DATA) leading dots doubled (RFC 5321 §4.5.2)."""
    if data.count(b"\n") != data.count(b"\r\n") or data.count(b"\r") != data.count(b"\r\n"):
        data = _LONE_LINE_ENDING.sub(b"\r\n", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    if stuffed and (data.startswith(b".") or b"\n." in data):
        data = _LEADING_DOT.sub(b"..", data)
    return data


class SmtpConnection:
    """An open, authenticated connection that sends one recipient per message."""

    def __init__(self, profile: SmtpProfile, *, password: str | None = None) -> None:
        self.profile = profile
        self._password = password
        self._client: SMTP | None = None
        self._protocol: _Protocol | None = None  # kept: it holds replies after a drop
        self.sent_on_connection = 0
        self.supports_smtputf8 = False
        self.pipelining = False
        self.chunking = False
        self.size_limit: int | None = None  # None: SIZE not advertised; 0: no fixed limit
        self.auth_attempts = 0
        self.round_trip = 0.0  # seconds: the quickest exchange seen (EHLO, then each message)
        self._announced: _Announced | None = None
        self._needs_rset = False

    @property
    def is_open(self) -> bool:
        return self._client is not None and self._client.is_connected

    @property
    def has_announced(self) -> bool:
        """A next envelope was written ahead: only its ``send`` may use this connection."""
        return self._announced is not None

    def _wire(self) -> _Protocol:
        if self._protocol is None:
            raise SMTPServerDisconnected("not connected")
        return self._protocol

    # --- opening --------------------------------------------------------------------------------

    async def open(self) -> None:
        profile = self.profile
        timeout = profile.connect_timeout
        step = Step.CONNECT
        try:
            context = _tls_context(profile) if profile.security != Security.NONE else None
            client = self._client = SMTP(
                hostname=profile.host, port=profile.port, local_hostname=LOCAL_HOSTNAME,
                timeout=timeout, use_tls=profile.security == Security.TLS, start_tls=False,
                tls_context=context,
            )  # fmt: skip
            try:
                await client.connect()
            except SMTPException as exc:
                # A reply, or a problem reading one: the greeting; anything else (refused,
                # unreachable, TLS handshake, timeout) happened connecting.
                if isinstance(exc, SMTPResponseException) or isinstance(
                    exc.__cause__, SMTPException
                ):
                    step = Step.GREETING
                raise
            self._protocol = _keeping_every_reply(client)
            step = Step.EHLO
            await self._ehlo(timeout)
            if profile.security == Security.STARTTLS:
                step = Step.STARTTLS
                if not client.supports_extension("starttls"):
                    raise SmtpFailure(
                        step,
                        Verdict(Outcome.PAUSE, reconnect=True, reason="STARTTLS not offered"),
                        message="the relay does not offer STARTTLS, which this profile "
                        "requires (someone may be stripping it)",
                    )
                await client.starttls(
                    server_hostname=profile.host, tls_context=context, timeout=timeout
                )
                step = Step.EHLO
                await self._ehlo(timeout)
            if profile.username:
                step = Step.AUTH
                await self._login(timeout)
        except SmtpFailure:
            await self.close()
            raise
        except (SMTPException, OSError, EOFError, _CaFileProblem) as exc:
            self._abort()
            raise self._opening_failure(step, exc) from None
        except asyncio.CancelledError:
            self._abort()
            raise

    def _opening_failure(self, step: Step, exc: BaseException) -> SmtpFailure:
        """aiosmtplib's exception (or the ssl error under it) as our failure of ``step``."""
        profile = self.profile
        tls_step = Step.STARTTLS if profile.security == Security.STARTTLS else Step.CONNECT
        causes = _causes(exc)
        if isinstance(exc, _CaFileProblem):
            return SmtpFailure(
                step, Verdict(Outcome.PAUSE, reconnect=True, reason="TLS failed"),
                message=str(exc), hint=f"Choose a PEM certificate file for {CA_FILE_SETTING}.",
            )  # fmt: skip
        refused = next((c for c in causes if isinstance(c, ssl.SSLCertVerificationError)), None)
        if refused is not None:
            what, todo = certificate_problem(profile, refused)
            return SmtpFailure(
                tls_step, Verdict(Outcome.PAUSE, reconnect=True, reason="certificate refused"),
                message=what, hint=todo,
            )  # fmt: skip
        tls = next((c for c in causes if isinstance(c, ssl.SSLError)), None)
        if tls is not None:
            return SmtpFailure(
                tls_step, Verdict(Outcome.PAUSE, reconnect=True, reason="TLS failed"),
                message=f"the TLS handshake with the relay failed ({tls.reason or tls})",
                hint="Check the profile's port and security: 465 is TLS, 587 and 2525 "
                "are STARTTLS.",
            )  # fmt: skip
        if isinstance(exc, SMTPResponseException) and exc.code > 0:  # the relay said no
            return SmtpFailure(
                step, classify_reply(step, exc.code, exc.message),
                code=exc.code, message=exc.message,
            )  # fmt: skip
        if isinstance(exc, SMTPResponseException):
            return SmtpFailure(
                step, classify_connection_problem(step, timeout=False, garbled=True),
                message=f"the relay answered with {exc.message}",
            )  # fmt: skip
        if isinstance(exc, TimeoutError):
            return SmtpFailure(
                step, classify_connection_problem(step, timeout=True),
                message=f"no answer within {profile.connect_timeout:g} s",
            )  # fmt: skip
        return SmtpFailure(
            step, classify_connection_problem(step, timeout=False),
            message=_plain_connection_problem(profile, exc),
        )  # fmt: skip

    async def _ehlo(self, seconds: float) -> None:
        timeout = seconds
        client = self._client
        assert client is not None
        started = time.perf_counter()
        try:
            await client.ehlo(timeout=timeout)
        except SMTPHeloError as exc:
            if exc.code not in (500, 502, 504, 550) or not client.is_connected:
                raise SmtpFailure(
                    Step.EHLO, classify_reply(Step.EHLO, exc.code, exc.message),
                    code=exc.code, message=exc.message,
                ) from None  # fmt: skip
            try:  # an old relay without ESMTP
                await client.helo(timeout=timeout)
            except SMTPHeloError as old:
                raise SmtpFailure(
                    Step.EHLO, classify_reply(Step.EHLO, old.code, old.message),
                    code=old.code, message=old.message,
                ) from None  # fmt: skip
        self.round_trip = time.perf_counter() - started
        extensions = client.esmtp_extensions
        self.supports_smtputf8 = "smtputf8" in extensions
        self.pipelining = "pipelining" in extensions
        self.chunking = "chunking" in extensions
        self.size_limit = None
        if "size" in extensions:
            limit = extensions["size"].split()
            self.size_limit = int(limit[0]) if limit and limit[0].isdigit() else 0

    async def _login(self, seconds: float) -> None:
        timeout = seconds
        profile = self.profile
        client = self._client
        assert client is not None
        encrypted = profile.security in (Security.TLS, Security.STARTTLS)
        if not encrypted and not profile.allow_insecure_auth:
            raise SmtpFailure(
                Step.AUTH,
                Verdict(Outcome.PAUSE, reconnect=True, reason="AUTH over plaintext refused"),
                message="this profile has a username but no TLS, and Staffetta never sends "
                "a password in plaintext unless you allow it",
                hint="Use security starttls or tls; only for a relay inside a network you "
                f"trust, allow it with {INSECURE_AUTH_SETTING}.",
            )
        password = resolve_password(profile, self._password)
        if password is None:
            variable = profile.password_env or password_env_var(profile)
            raise SmtpFailure(
                Step.AUTH,
                Verdict(Outcome.PAUSE, reconnect=True, reason="no password"),
                message=f"no password is available for {profile.name!r} (set {variable} "
                "or enter it in Settings)",
                hint="Enter the password, then resume.",
            )
        offered = {method.upper() for method in client.server_auth_methods}
        order = MECHANISMS_OVER_TLS if encrypted else MECHANISMS_IN_PLAINTEXT
        mechanism = next((m for m in order if m in offered), None)
        if mechanism is None:
            raise SmtpFailure(
                Step.AUTH,
                Verdict(Outcome.PAUSE, reconnect=True, reason="no usable login method"),
                message="the relay offers no login Staffetta can use"
                + (f" (it offers {', '.join(sorted(offered))})" if offered else
                   " (it does not offer AUTH here)"),
                hint="Check the profile's host, port and security (many relays only offer "
                "AUTH after STARTTLS), or remove the username if this relay needs none.",
            )  # fmt: skip
        login = {
            "PLAIN": client.auth_plain, "LOGIN": client.auth_login, "CRAM-MD5": client.auth_crammd5,
        }[mechanism]  # fmt: skip
        self.auth_attempts += 1
        try:
            await login(profile.username or "", password, timeout=timeout)
        except SMTPAuthenticationError as exc:
            raise SmtpFailure(
                Step.AUTH, classify_reply(Step.AUTH, exc.code, exc.message),
                code=exc.code, message=exc.message,
            ) from None  # fmt: skip

    # --- sending --------------------------------------------------------------------------------

    def _check(self, envelope: Envelope) -> SmtpFailure | None:
        """Why this envelope cannot go on this connection at all (nothing is written)."""
        utf8 = not (envelope.mail_from.isascii() and envelope.rcpt_to.isascii())
        if utf8 and not self.supports_smtputf8:
            return SmtpFailure(
                Step.RCPT,
                Verdict(Outcome.FAILED, reason="internationalised address"),
                message="the address needs SMTPUTF8, which this relay does not support",
            )
        for step, address in ((Step.MAIL, envelope.mail_from), (Step.RCPT, envelope.rcpt_to)):
            if not _PLAIN_ADDRESS.fullmatch(address):
                outcome = Outcome.PAUSE if step == Step.MAIL else Outcome.FAILED
                return SmtpFailure(
                    step,
                    Verdict(outcome, reason="address not allowed in SMTP"),
                    message=f"the address cannot be sent safely ({address!r} is not a plain "
                    "mailbox address)",
                )
        limit = self.size_limit
        if limit and envelope.size > limit:
            return SmtpFailure(
                Step.MAIL,
                Verdict(Outcome.HELD, reason="larger than the relay accepts"),
                message=f"the message is {_kb(envelope.size)} and {self.profile.host} accepts "
                f"at most {_kb(limit)} (its SIZE limit), so it was not sent",
                hint="Make the message smaller (attachments, images), then release it.",
            )
        return None

    def _mail_options(self, envelope: Envelope) -> tuple[list[str], str]:
        """MAIL FROM's parameters (RFC 1870 SIZE, RFC 6531 SMTPUTF8) and the encoding."""
        utf8 = not (envelope.mail_from.isascii() and envelope.rcpt_to.isascii())
        options = [f"SIZE={envelope.size}"] if self.size_limit is not None else []
        if utf8:
            options.append("SMTPUTF8")
        return options, "utf-8" if utf8 else "ascii"

    def _envelope_commands(self, envelope: Envelope, *, with_data: bool) -> bytes:
        """MAIL, RCPT (and DATA) in one piece, written ahead of their replies."""
        options, encoding = self._mail_options(envelope)
        lines = [" ".join([f"MAIL FROM:<{envelope.mail_from}>", *options]),
                 f"RCPT TO:<{envelope.rcpt_to}>", *(["DATA"] if with_data else [])]  # fmt: skip
        return ("\r\n".join(lines) + "\r\n").encode(encoding)

    def can_announce(self, envelope: Envelope) -> bool:
        """Whether ``envelope`` may ride ahead in the next ``send``'s last write."""
        return self.pipelining and self.is_open and self._check(envelope) is None

    async def send(
        self, *, mail_from: str, rcpt_to: str, data: bytes, then: Envelope | None = None
    ) -> SmtpReply:
        """MAIL, RCPT, DATA for one recipient; ``SmtpFailure`` names the failing step.

        With ``then`` (and PIPELINING) the next message's MAIL/RCPT(/DATA) go out in the
        same write as this message's content; the next ``send`` must be for that
        envelope (or the connection is closed, which a relay waiting in DATA takes as
        "no message": nothing is delivered without the final dot).
        """
        envelope = Envelope(mail_from, rcpt_to, len(data))
        announced, self._announced = self._announced, None
        if announced is not None and not announced.envelope.same_addresses(envelope):
            self._abort()  # the relay may be waiting in DATA: no QUIT, no dot
        if not self.is_open:
            raise SmtpFailure(
                Step.MAIL, classify_connection_problem(Step.MAIL, timeout=False),
                message="not connected",
            )  # fmt: skip
        problem = self._check(envelope)
        if problem is not None:
            raise problem
        timeout = self.profile.connect_timeout
        with_data = not self.chunking if announced is None else announced.with_data
        step = Step.MAIL
        body_sent = False
        try:
            wire = self._wire()
            replies: list[tuple[Step, SmtpReply]] = []
            if self.pipelining:
                if announced is None:
                    group = self._envelope_commands(envelope, with_data=with_data)
                    wire.write((b"RSET\r\n" if self._needs_rset else b"") + group)
                if self._needs_rset:
                    self._needs_rset = False
                    reset = _strict(await wire.read_response(timeout))
                    if reset.code != 250:
                        raise _NotSmtp(f"a refused RSET ({reset.code} {reset.message})")
                for step in (Step.MAIL, Step.RCPT, Step.DATA)[: 3 if with_data else 2]:
                    replies.append((step, _strict(await wire.read_response(timeout))))
            else:
                client = self._client
                assert client is not None
                if self._needs_rset:
                    self._needs_rset = False
                    await client.rset(timeout=timeout)
                for step in (Step.MAIL, Step.RCPT, Step.DATA)[: 3 if with_data else 2]:
                    reply = _strict(await self._command(client, step, envelope, timeout))
                    replies.append((step, reply))
                    if reply.code not in (250, 251, 354):
                        break
            await self._refused(replies)
            step = Step.DATA
            ahead = b""
            body = _on_the_wire(data, stuffed=not self.chunking)
            if then is not None and self.can_announce(then):
                ahead = self._envelope_commands(then, with_data=not self.chunking)
            written = time.perf_counter()
            if self.chunking:
                wire.write(b"BDAT %d LAST\r\n" % len(body) + body + ahead)
            else:
                wire.write(body + b".\r\n" + ahead)
            body_sent = True
            if ahead:
                self._announced = _Announced(then, with_data=not self.chunking)  # type: ignore[arg-type]
            final = _lenient(await wire.read_response(self.profile.data_timeout))
            # The quickest exchange seen is the best estimate of the link's round trip
            # (one slow EHLO on a busy machine must not make a fast link look slow).
            self.round_trip = min(self.round_trip, time.perf_counter() - written)
        except SmtpFailure:
            raise
        except TimeoutError:
            self._abort()
            raise SmtpFailure(
                step, classify_connection_problem(step, timeout=True, body_sent=body_sent),
                message="no answer in time",
            ) from None  # fmt: skip
        except SMTPResponseException as exc:  # not SMTP (refusals were answers, above)
            self._abort()
            raise SmtpFailure(
                step,
                classify_connection_problem(step, timeout=False, garbled=True,
                                            body_sent=body_sent),
                message=f"the relay answered with {exc.message}"
                + ("; the message may have arrived, so it is not sent again on its own"
                   if body_sent else ""),
            ) from None  # fmt: skip
        except (SMTPException, OSError, EOFError) as exc:
            self._abort()
            raise SmtpFailure(
                step, classify_connection_problem(step, timeout=False, body_sent=body_sent),
                message=_plain_connection_problem(self.profile, exc),
            ) from None  # fmt: skip
        if final.code != 250:
            verdict = classify_reply(Step.DATA, final.code, final.message)
            if final.code == 421:
                await self.close()
            raise SmtpFailure(
                Step.DATA, _reconnecting(verdict, not self.is_open),
                code=final.code, message=final.message,
            )  # fmt: skip
        self.sent_on_connection += 1
        return final

    async def _command(
        self, client: SMTP, step: Step, envelope: Envelope, seconds: float
    ) -> SMTPResponse:
        """aiosmtplib's MAIL, RCPT or DATA command, waiting for its reply (a refusal too)."""
        timeout = seconds
        options, encoding = self._mail_options(envelope)
        try:
            if step == Step.MAIL:
                return await client.mail(
                    envelope.mail_from, options=options, encoding=encoding, timeout=timeout
                )
            if step == Step.RCPT:
                return await client.rcpt(envelope.rcpt_to, encoding=encoding, timeout=timeout)
            return await client.execute_command(b"DATA", timeout=timeout)
        except (SMTPSenderRefused, SMTPRecipientRefused) as refused:
            return SMTPResponse(refused.code, refused.message)

    async def _refused(self, replies: list[tuple[Step, SmtpReply]]) -> None:
        """Raise for the first refused step of a MAIL/RCPT(/DATA) group (nothing was sent)."""
        for step, reply in replies:
            expected = (354,) if step == Step.DATA else (250, 251)
            if reply.code in expected:
                continue
            verdict = classify_reply(step, reply.code, reply.message)
            # A relay that answered 354 to a pipelined DATA after refusing MAIL or RCPT
            # waits for content: closing is the only way out that delivers nothing.
            waiting = replies[-1][0] == Step.DATA and replies[-1][1].code == 354
            if waiting:
                self._abort()  # no QUIT: in DATA it would be content
            elif reply.code == 421:
                await self.close()
            else:
                self._needs_rset = True
            raise SmtpFailure(
                step, _reconnecting(verdict, not self.is_open),
                code=reply.code, message=reply.message,
            )  # fmt: skip

    def _abort(self) -> None:
        """Close at once, without QUIT: the connection is broken or the relay in DATA."""
        client, self._client, self._protocol = self._client, None, None
        self._announced, self._needs_rset = None, False
        if client is not None:
            if client.transport is not None:
                cast(asyncio.Transport, client.transport).abort()
            client.close()

    async def close(self) -> None:
        """QUIT and close; with commands written ahead (possibly inside DATA), abort."""
        client = self._client
        if client is None:
            return
        if self._announced is not None or not client.is_connected:
            self._abort()
            return
        self._client, self._protocol, self._needs_rset = None, None, False
        try:
            await client.quit(timeout=QUIT_TIMEOUT)
        except (SMTPException, OSError):
            pass
        except asyncio.CancelledError:
            if client.transport is not None:
                cast(asyncio.Transport, client.transport).abort()
            raise
        finally:
            client.close()


def _reconnecting(verdict: Verdict, closed: bool) -> Verdict:
    if not closed or verdict.reconnect:
        return verdict
    return Verdict(
        verdict.outcome, throttle=verdict.throttle, suppress=verdict.suppress, reconnect=True,
        counts_as_failure=verdict.counts_as_failure, reason=verdict.reason,
    )  # fmt: skip


def _kb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{size / 1000:.0f} KB"


def _shown(line: bytes) -> str:
    text = line[:60].decode("utf-8", "replace").rstrip("\r\n")
    return repr(text) + ("…" if len(line) > 60 else "")


# --- one-off operations -------------------------------------------------------------------------


def _as_user_error(profile: SmtpProfile, failure: SmtpFailure) -> StaffettaError:
    where = f"{profile.host}:{profile.port}"
    if failure.step == Step.AUTH and failure.code is not None and failure.code >= 500:
        return AuthenticationRefused(
            f"{where} refused the login: {failure.describe()}.",
            hint=failure.hint or "Check the username and password of the SMTP profile.",
        )
    if failure.verdict.outcome in (Outcome.PAUSE, Outcome.HELD):
        return SmtpConfigurationError(
            f"{where}: {failure.describe()}.",
            hint=failure.hint or "Check the profile's host, port and security settings.",
        )
    if failure.step in (Step.CONNECT, Step.GREETING, Step.EHLO):
        return RelayUnreachable(
            f"Cannot reach {where}: {failure.describe()}.",
            hint=failure.hint or "Check the host and port, and that you are online.",
        )
    return SmtpConfigurationError(
        f"{where} did not accept the message: {failure.describe()}.", hint=failure.hint
    )


async def send_single(
    profile: SmtpProfile,
    *,
    mail_from: str,
    rcpt_to: str,
    data: bytes,
    password: str | None = None,
) -> SmtpReply:
    """Send one message now (test sends); problems become errors the user can read."""
    connection = SmtpConnection(profile, password=password)
    try:
        await connection.open()
        return await connection.send(mail_from=mail_from, rcpt_to=rcpt_to, data=data)
    except SmtpFailure as failure:
        raise _as_user_error(profile, failure) from None
    finally:
        await connection.close()


async def test_connection(profile: SmtpProfile, password: str | None = None) -> str:
    """Connect, TLS, AUTH, QUIT: a one-sentence verdict, or a StaffettaError saying why not."""
    connection = SmtpConnection(profile, password=password)
    try:
        await connection.open()
    except SmtpFailure as failure:
        raise _as_user_error(profile, failure) from None
    finally:
        await connection.close()
    security = {
        Security.TLS: "over TLS",
        Security.STARTTLS: "with STARTTLS",
        Security.NONE: "without TLS" + (" (local test relay)" if is_loopback(profile.host) else ""),
    }[profile.security]
    login = f", logged in as {profile.username}" if profile.username else ""
    return f"Connected to {profile.host}:{profile.port} {security}{login}. Ready to send."


def require_password(profile: SmtpProfile, password: str | None = None) -> None:
    """Fail early (before a campaign starts) when a needed password is missing."""
    if profile.username and resolve_password(profile, password) is None:
        variable = profile.password_env or password_env_var(profile)
        raise SecretUnavailable(
            f"No password is stored for the SMTP profile {profile.name!r}.",
            hint=f"Set the environment variable {variable} or enter the password in Settings.",
        )
