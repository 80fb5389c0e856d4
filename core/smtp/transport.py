"""One SMTP connection, step by step, with the security a profile requires.

aiosmtplib's ``sendmail`` raises the same exception for a drop at RCPT and a drop
after the final dot, and only the latter may have delivered; so ``SmtpConnection``
calls ``mail()``, ``rcpt()`` and ``data()`` separately and every failure carries the
step it happened at. Security is never negotiated down: a STARTTLS profile fails
when the relay does not offer STARTTLS (aiosmtplib's default would silently stay in
plaintext), certificates are verified, and AUTH never goes over plaintext unless the
user explicitly allowed it for that profile.
"""

from __future__ import annotations

import asyncio
import re
import socket
import ssl
from dataclasses import dataclass

import aiosmtplib
from aiosmtplib import (
    SMTPAuthenticationError,
    SMTPConnectError,
    SMTPException,
    SMTPRecipientRefused,
    SMTPResponseException,
    SMTPSenderRefused,
    SMTPServerDisconnected,
    SMTPTimeoutError,
)

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


@dataclass(frozen=True)
class SmtpReply:
    code: int
    message: str


class SmtpFailure(Exception):
    """A failed step, with what the relay said (if anything) and what it means."""

    def __init__(
        self, step: Step, verdict: Verdict, *, code: int | None = None, message: str = ""
    ) -> None:
        super().__init__(f"{step}: {code or ''} {message}".strip())
        self.step = step
        self.verdict = verdict
        self.code = code
        self.message = message

    @property
    def enhanced(self) -> str | None:
        return enhanced_code(self.message)

    def describe(self) -> str:
        said = f"{self.code} {self.message}".strip() if self.code else self.message
        return f"At {self.step.value.upper()}: {said or self.verdict.reason}"


def _plain_connection_problem(profile: SmtpProfile, exc: BaseException) -> str:
    """What went wrong with the connection, in words (aiosmtplib's text is for developers)."""
    causes: list[BaseException] = [exc]
    while causes[-1].__cause__ is not None or causes[-1].__context__ is not None:
        nxt = causes[-1].__cause__ or causes[-1].__context__
        if nxt is None or nxt in causes:
            break
        causes.append(nxt)
    text = " ".join(str(c) for c in causes)
    if any(isinstance(c, socket.gaierror) for c in causes) or "Name or service not known" in text:
        return f"the host name {profile.host!r} could not be found"
    if any(isinstance(c, ConnectionRefusedError) for c in causes) or "Errno 111" in text:
        return f"the connection was refused: no mail server is listening on port {profile.port}"
    if any(isinstance(c, ConnectionResetError) for c in causes):
        return "the relay closed the connection"
    if "Errno 101" in text or "Network is unreachable" in text:
        return "the network is unreachable (are you online?)"
    if isinstance(exc, SMTPServerDisconnected):
        return "the relay closed the connection"
    return str(exc)


def _tls_context(profile: SmtpProfile) -> ssl.SSLContext:
    """The system's trust store, hostname checked; ``SSL_CERT_FILE`` adds a private CA."""
    del profile  # one policy for every profile: verified, never downgraded
    return ssl.create_default_context()


def resolve_password(profile: SmtpProfile, password: str | None = None) -> str | None:
    if password is not None:
        return password
    if not profile.username:
        return None
    return get_password(profile.name, env_var=profile.password_env or password_env_var(profile))


class SmtpConnection:
    """An open, authenticated connection that sends one recipient per message."""

    def __init__(self, profile: SmtpProfile, *, password: str | None = None) -> None:
        self.profile = profile
        self._password = password
        self.client: aiosmtplib.SMTP | None = None
        self.sent_on_connection = 0
        self.supports_smtputf8 = False

    @property
    def is_open(self) -> bool:
        return self.client is not None and self.client.is_connected

    async def open(self) -> None:
        profile = self.profile
        implicit_tls = profile.security == Security.TLS
        client = aiosmtplib.SMTP(
            hostname=profile.host,
            port=profile.port,
            use_tls=implicit_tls,
            start_tls=False,  # done by hand below, and required, never optional
            tls_context=_tls_context(profile) if implicit_tls else None,
            timeout=profile.connect_timeout,
            local_hostname=LOCAL_HOSTNAME,
        )
        self.client = client
        step = Step.CONNECT
        try:
            response = await client.connect()
            step = Step.GREETING
            if response.code != 220:
                raise SmtpFailure(
                    step, classify_reply(step, response.code, response.message),
                    code=response.code, message=response.message,
                )  # fmt: skip
            step = Step.EHLO
            await client.ehlo()
            if profile.security == Security.STARTTLS:
                step = Step.STARTTLS
                if not client.supports_extension("starttls"):
                    raise SmtpFailure(
                        step,
                        Verdict(Outcome.PAUSE, reconnect=True, reason="STARTTLS not offered"),
                        message="the relay does not offer STARTTLS, which this profile "
                        "requires (someone may be stripping it)",
                    )
                await client.starttls(tls_context=_tls_context(profile))
                step = Step.EHLO
                await client.ehlo()
            self.supports_smtputf8 = client.supports_extension("smtputf8")
            if profile.username:
                step = Step.AUTH
                await self._login(client)
        except SmtpFailure:
            await self.close()
            raise
        except SMTPAuthenticationError as exc:
            await self.close()
            raise SmtpFailure(
                Step.AUTH, classify_reply(Step.AUTH, exc.code, exc.message),
                code=exc.code, message=exc.message,
            ) from None  # fmt: skip
        except SMTPResponseException as exc:
            await self.close()
            raise SmtpFailure(
                step, classify_reply(step, exc.code, exc.message), code=exc.code,
                message=exc.message,
            ) from None  # fmt: skip
        except ssl.SSLError as exc:
            await self.close()
            raise SmtpFailure(
                Step.STARTTLS if profile.security == Security.STARTTLS else Step.CONNECT,
                Verdict(Outcome.PAUSE, reconnect=True, reason="TLS failed"),
                message=f"the relay's certificate or TLS setup was refused ({exc.reason})",
            ) from None
        except (SMTPTimeoutError, TimeoutError) as exc:
            await self.close()
            raise SmtpFailure(
                step, classify_connection_problem(step, timeout=True),
                message=f"no answer in time ({exc})",
            ) from None  # fmt: skip
        except (SMTPConnectError, SMTPServerDisconnected, OSError, SMTPException) as exc:
            await self.close()
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, ssl.SSLError) or "CERTIFICATE" in str(exc).upper():
                raise SmtpFailure(
                    step,
                    Verdict(Outcome.PAUSE, reconnect=True, reason="TLS failed"),
                    message=f"the relay's certificate was refused ({exc})",
                ) from None
            raise SmtpFailure(
                step, classify_connection_problem(step, timeout=False),
                message=_plain_connection_problem(profile, exc),
            ) from None  # fmt: skip

    async def _login(self, client: aiosmtplib.SMTP) -> None:
        profile = self.profile
        encrypted = profile.security in (Security.TLS, Security.STARTTLS)
        if not encrypted and not profile.allow_insecure_auth:
            raise SmtpFailure(
                Step.AUTH,
                Verdict(Outcome.PAUSE, reconnect=True, reason="AUTH over plaintext refused"),
                message="this profile has a username but no TLS; Staffetta never sends a "
                "password in plaintext unless you allow it for this profile",
            )
        password = resolve_password(profile, self._password)
        if password is None:
            raise SmtpFailure(
                Step.AUTH,
                Verdict(Outcome.PAUSE, reconnect=True, reason="no password"),
                message=f"no password is available for {profile.name!r} (set "
                f"{profile.password_env or password_env_var(profile)} or enter it in Settings)",
            )
        await client.login(profile.username, password)

    async def send(self, *, mail_from: str, rcpt_to: str, data: bytes) -> SmtpReply:
        """MAIL, RCPT, DATA for one recipient; ``SmtpFailure`` names the failing step."""
        client = self.client
        if client is None or not client.is_connected:
            raise SmtpFailure(
                Step.MAIL, classify_connection_problem(Step.MAIL, timeout=False),
                message="not connected",
            )  # fmt: skip
        utf8 = not (mail_from.isascii() and rcpt_to.isascii())
        if utf8 and not self.supports_smtputf8:
            raise SmtpFailure(
                Step.RCPT,
                Verdict(Outcome.FAILED, reason="internationalised address"),
                message="the address needs SMTPUTF8, which this relay does not support",
            )
        options = ["SMTPUTF8"] if utf8 else None
        encoding = "utf-8" if utf8 else "ascii"
        step = Step.MAIL
        try:
            await _mail(client, mail_from, options, encoding)
            step = Step.RCPT
            await _rcpt(client, rcpt_to, encoding)
            step = Step.DATA
            response = await client.data(data, timeout=self.profile.data_timeout)
        except SMTPResponseException as exc:
            verdict = classify_reply(step, exc.code, exc.message)
            if exc.code == 421 or not client.is_connected:
                verdict = Verdict(
                    verdict.outcome, throttle=verdict.throttle, suppress=verdict.suppress,
                    reconnect=True, counts_as_failure=verdict.counts_as_failure,
                    reason=verdict.reason,
                )  # fmt: skip
            elif verdict.outcome != Outcome.SENT:
                await self._reset()
            raise SmtpFailure(step, verdict, code=exc.code, message=exc.message) from None
        except ValueError as exc:  # an address that must not go on a command line
            await self._reset()
            outcome = Outcome.PAUSE if step == Step.MAIL else Outcome.FAILED
            raise SmtpFailure(
                step,
                Verdict(outcome, reason="address not allowed in SMTP"),
                message=f"the address cannot be sent safely ({exc})",
            ) from None
        except (SMTPTimeoutError, TimeoutError) as exc:
            await self.close()
            raise SmtpFailure(
                step, classify_connection_problem(step, timeout=True), message=str(exc)
            ) from None
        except (SMTPServerDisconnected, OSError, SMTPException) as exc:
            await self.close()
            raise SmtpFailure(
                step, classify_connection_problem(step, timeout=False),
                message=_plain_connection_problem(self.profile, exc),
            ) from None  # fmt: skip
        self.sent_on_connection += 1
        return SmtpReply(response.code, response.message)

    async def _reset(self) -> None:
        """RSET after a refused transaction, so the connection can be reused."""
        client = self.client
        if client is None or not client.is_connected:
            return
        try:
            await client.rset()
        except (SMTPException, OSError, TimeoutError):
            await self.close()

    async def close(self) -> None:
        client, self.client = self.client, None
        if client is None:
            return
        if client.is_connected:
            try:
                await asyncio.wait_for(client.quit(), timeout=5)
            except (SMTPException, OSError, TimeoutError):
                client.close()
        else:
            client.close()


# Addresses stored by Staffetta are validated and normalised (email-validator, no quoted
# local parts), so MAIL and RCPT carry them verbatim. aiosmtplib's own path re-parses each
# one with ``email.utils.parseaddr`` (about 0.1 ms a message, a tenth of the budget) and,
# given something odd, may put a *different* address on the wire; here anything that is
# not a plain mailbox is refused before it reaches the relay.
_PLAIN_ADDRESS = re.compile(
    r"[^\s\x00-\x1f\x7f<>\"()\[\]\\,;:@]+@[^\s\x00-\x1f\x7f<>\"()\[\]\\,;:@]+"
)


async def _mail(
    client: aiosmtplib.SMTP, address: str, options: list[str] | None, encoding: str
) -> None:
    if not _PLAIN_ADDRESS.fullmatch(address):
        raise ValueError(f"{address!r} is not a plain mailbox address")
    extra = [o.encode("ascii") for o in options or ()]
    response = await client.execute_command(
        b"MAIL", b"FROM:<" + address.encode(encoding) + b">", *extra
    )
    if response.code != 250:
        raise SMTPSenderRefused(response.code, response.message, address)


async def _rcpt(client: aiosmtplib.SMTP, address: str, encoding: str) -> None:
    if not _PLAIN_ADDRESS.fullmatch(address):
        raise ValueError(f"{address!r} is not a plain mailbox address")
    response = await client.execute_command(b"RCPT", b"TO:<" + address.encode(encoding) + b">")
    if response.code not in (250, 251):
        raise SMTPRecipientRefused(response.code, response.message, address)


def _as_user_error(profile: SmtpProfile, failure: SmtpFailure) -> StaffettaError:
    where = f"{profile.host}:{profile.port}"
    if failure.step == Step.AUTH:
        return AuthenticationRefused(
            f"{where} refused the login: {failure.describe()}.",
            hint="Check the username and password of the SMTP profile.",
        )
    if failure.verdict.outcome == Outcome.PAUSE:
        return SmtpConfigurationError(
            f"{where}: {failure.describe()}.",
            hint="Check the profile's host, port and security settings.",
        )
    if failure.step in (Step.CONNECT, Step.GREETING, Step.EHLO):
        return RelayUnreachable(
            f"Cannot reach {where}: {failure.describe()}.",
            hint="Check the host and port, and that you are online.",
        )
    return SmtpConfigurationError(f"{where} did not accept the message: {failure.describe()}.")


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
