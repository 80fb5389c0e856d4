"""IMAP access to a profile's mailbox (imap-tools over imaplib): blocking, so callers run
it off the UI thread or the event loop.

Every way a mailbox can be out of reach becomes one ``MailboxProblem`` sentence: a
host that does not resolve or answer, a refused login, a folder that does not exist,
a certificate that cannot be verified, TLS on a plain port (or the reverse). The
password is passed to LOGIN and never formatted into a message or a log line.

Reading never changes what the user sees: messages are fetched with ``BODY.PEEK``
(they stay unread), and only those Staffetta handled are flagged with the keyword
``$StaffettaProcessed`` (or moved to a folder, or deleted when the user asked for
it). imap-tools' ``flag()`` expunges after storing, which would purge mail the user
had marked deleted: flags are stored with plain ``UID STORE`` here, and deletion uses
``UID EXPUNGE`` of exactly the handled UIDs (UIDPLUS).
"""

from __future__ import annotations

import imaplib
import logging
import re
import socket
import ssl
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from core.errors import StaffettaError

log = logging.getLogger(__name__)

PROCESSED_KEYWORD = "$StaffettaProcessed"
FETCH_BATCH = 250
MAX_FETCH_BYTES = 512 * 1024  # a bounce's reports come first; a huge returned original is cut
_UID = re.compile(rb"\bUID (\d+)")


class MailboxProblem(StaffettaError):
    """The mailbox cannot be read: unreachable, refused login, missing folder, TLS."""


class MailboxUnreachable(MailboxProblem):
    pass


class MailboxLoginRefused(MailboxProblem):
    pass


class MailboxFolderMissing(MailboxProblem):
    pass


class MailboxTlsProblem(MailboxProblem):
    pass


@dataclass(frozen=True)
class ImapAccount:
    host: str
    port: int
    security: str  # tls, starttls or none (loopback only)
    username: str
    password: str
    folder: str = "INBOX"
    ca_file: str | None = None
    timeout: float = 30.0

    def __repr__(self) -> str:  # never the password, even in a traceback's locals
        return f"ImapAccount({self.username}@{self.host}:{self.port}, {self.security})"


def _ssl_context(ca_file: str | None) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if ca_file:
        try:
            context.load_verify_locations(cafile=ca_file)
        except (OSError, ssl.SSLError) as exc:
            raise MailboxTlsProblem(
                f"Cannot read the certificate authority file {ca_file}: {exc}.",
                hint="Give a PEM file with --ca-file.",
            ) from None
    return context


def _where(account: ImapAccount) -> str:
    return f"{account.host}:{account.port}"


def _connection_problem(account: ImapAccount, exc: BaseException) -> MailboxProblem:
    where = _where(account)
    if isinstance(exc, ssl.SSLCertVerificationError):
        detail = exc.verify_message or exc.reason or "verification failed"
        return MailboxTlsProblem(
            f"The certificate of the mail server {account.host} could not be verified ({detail}).",
            hint="Check the host name; for a private certificate authority give --ca-file.",
        )
    if isinstance(exc, ssl.SSLError):
        return MailboxTlsProblem(
            f"TLS with the mail server {where} failed ({exc.reason or exc}).",
            hint="Check --security: tls for port 993, starttls for port 143.",
        )
    if isinstance(exc, socket.gaierror):
        return MailboxUnreachable(
            f"The mail server {account.host} cannot be found (the name does not resolve).",
            hint="Check the host name and your network connection.",
        )
    if isinstance(exc, ConnectionRefusedError):
        return MailboxUnreachable(
            f"The mail server {where} refused the connection.",
            hint="Check the host and port (IMAP is usually 993 with tls or 143 with starttls).",
        )
    if isinstance(exc, TimeoutError | socket.timeout):
        return MailboxUnreachable(
            f"The mail server {where} did not answer within {account.timeout:.0f} seconds.",
            hint="Check the host, the port, --security (a TLS port stays silent to a plain "
            "client) and any firewall in between.",
        )
    if isinstance(exc, imaplib.IMAP4.abort | EOFError | ConnectionError):
        return MailboxUnreachable(
            f"The connection to the mail server {where} was closed unexpectedly ({exc}).",
            hint="Check --security and the port, then try again.",
        )
    if isinstance(exc, OSError):
        return MailboxUnreachable(
            f"The mail server {where} cannot be reached: {exc.strerror or exc}.",
            hint="Check the host, the port and your network connection.",
        )
    return MailboxUnreachable(
        f"The mail server {where} did not speak IMAP as expected ({exc}).",
        hint="Check the host, the port and --security.",
    )


class MailboxSession:
    """One logged-in connection with the folder selected. Use as a context manager."""

    def __init__(self, account: ImapAccount) -> None:
        self.account = account
        self._box: Any = None
        self.uidvalidity = 0
        self.capabilities: tuple[str, ...] = ()

    # --- opening -----------------------------------------------------------------------

    def __enter__(self) -> MailboxSession:
        self.open()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def open(self) -> None:
        from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted
        from imap_tools.errors import MailboxLoginError, MailboxStarttlsError

        account = self.account
        box: Any
        try:
            if account.security == "tls":
                box = MailBox(
                    account.host,
                    account.port,
                    timeout=account.timeout,
                    ssl_context=_ssl_context(account.ca_file),
                )
            elif account.security == "starttls":
                box = MailBoxStartTls(
                    account.host,
                    account.port,
                    timeout=account.timeout,
                    ssl_context=_ssl_context(account.ca_file),
                )
            else:
                box = MailBoxUnencrypted(account.host, account.port, timeout=account.timeout)
        except MailboxStarttlsError:
            raise MailboxTlsProblem(
                f"The mail server {_where(account)} does not offer STARTTLS.",
                hint="Use --security tls (usually port 993), or ask your provider.",
            ) from None
        except MailboxProblem:
            raise
        except (imaplib.IMAP4.error, OSError, EOFError, ValueError) as exc:
            if isinstance(exc, imaplib.IMAP4.error) and "STARTTLS" in str(exc):
                raise MailboxTlsProblem(
                    f"The mail server {_where(account)} does not offer STARTTLS.",
                    hint="Use --security tls (usually port 993), or ask your provider.",
                ) from None
            raise _connection_problem(account, exc) from None
        self._box = box
        try:
            box.client.sock.settimeout(account.timeout)
            box.login(account.username, account.password, initial_folder=None)
        except MailboxLoginError:
            self.close()
            raise MailboxLoginRefused(
                f"The mail server {account.host} refused the username or password "
                f"for {account.username}.",
                hint="Check them, then set the mailbox again (mailbox set … --password-env VAR).",
            ) from None
        except (imaplib.IMAP4.error, OSError, EOFError) as exc:
            self.close()
            raise _connection_problem(account, exc) from None
        self.capabilities = self._capabilities()
        self.select(account.folder)

    def _capabilities(self) -> tuple[str, ...]:
        """Asked again after LOGIN: servers announce MOVE and UIDPLUS only then (imaplib
        keeps the greeting's list)."""
        try:
            typ, data = self._box.client.capability()
        except (imaplib.IMAP4.error, OSError, EOFError) as exc:
            raise _connection_problem(self.account, exc) from None
        words = b" ".join(d for d in data if isinstance(d, bytes)).decode("ascii", "replace")
        return tuple(words.upper().split()) if typ == "OK" else ()

    def select(self, folder: str) -> None:
        from imap_tools.errors import MailboxFolderSelectError

        try:
            self._box.folder.set(folder)
        except MailboxFolderSelectError:
            names = self.folders()
            shown = ", ".join(names[:12]) + (" …" if len(names) > 12 else "")
            raise MailboxFolderMissing(
                f"There is no folder {folder!r} in the mailbox {self.account.username}"
                f"@{self.account.host}.",
                hint=f"Folders there: {shown}." if names else "Use --folder INBOX.",
            ) from None
        except (imaplib.IMAP4.error, OSError, EOFError) as exc:
            raise _connection_problem(self.account, exc) from None
        values = self._box.client.untagged_responses.get("UIDVALIDITY") or [b"0"]
        self.uidvalidity = int(values[-1])

    def folders(self) -> list[str]:
        try:
            return [f.name for f in self._box.folder.list()]
        except (imaplib.IMAP4.error, OSError, EOFError):
            return []

    def close(self) -> None:
        box, self._box = self._box, None
        if box is None:
            return
        try:
            box.logout()
        except Exception:  # logging out of a broken connection: nothing left to do
            try:
                box.client.shutdown()
            except Exception:
                pass

    # --- reading -----------------------------------------------------------------------

    def _uid_command(self, *args: Any) -> list[Any]:
        try:
            typ, data = self._box.client.uid(*args)
        except (imaplib.IMAP4.error, OSError, EOFError) as exc:
            raise _connection_problem(self.account, exc) from None
        if typ != "OK":
            raise MailboxProblem(
                f"The mail server {self.account.host} refused {args[0]}: "
                f"{b' '.join(d for d in data if isinstance(d, bytes)).decode('utf-8', 'replace')}."
            )
        return list(data)

    def new_uids(self, after_uid: int) -> list[int]:
        """UIDs above ``after_uid`` not yet flagged as processed, in order."""
        data = self._uid_command("SEARCH", f"UID {after_uid + 1}:* NOT KEYWORD {PROCESSED_KEYWORD}")
        found = b" ".join(d for d in data if isinstance(d, bytes)).split()
        return sorted(u for u in (int(x) for x in found) if u > after_uid)

    def fetch(
        self, uids: Sequence[int], *, batch: int = FETCH_BATCH
    ) -> Iterator[list[tuple[int, bytes]]]:
        """(UID, raw bytes) of each message, in batches; unread state left as it is."""
        for start in range(0, len(uids), batch):
            chunk = uids[start : start + batch]
            data = self._uid_command(
                "FETCH", uid_set(chunk), f"(UID BODY.PEEK[]<0.{MAX_FETCH_BYTES}>)"
            )
            mails: list[tuple[int, bytes]] = []
            for item in data:
                if isinstance(item, tuple) and len(item) >= 2:
                    match = _UID.search(item[0])
                    if match:
                        mails.append((int(match.group(1)), bytes(item[1])))
            yield mails

    # --- marking -----------------------------------------------------------------------

    def mark_handled(
        self, uids: Sequence[int], *, move_to: str | None = None, delete: bool = False
    ) -> None:
        """Flag what was handled; then move it, or delete it, only if the user asked."""
        if not uids:
            return
        for start in range(0, len(uids), 1000):
            chunk = uid_set(uids[start : start + 1000])
            try:
                self._uid_command("STORE", chunk, "+FLAGS.SILENT", f"({PROCESSED_KEYWORD})")
            except MailboxUnreachable:
                raise
            except MailboxProblem as exc:
                # A server without custom keywords: the database's record of each mail is
                # what prevents counting it twice, so this is no reason to fail the check.
                log.warning("the mail server refused the %s keyword: %s", PROCESSED_KEYWORD, exc)
            if delete:
                self._uid_command("STORE", chunk, "+FLAGS.SILENT", r"(\Deleted)")
                if "UIDPLUS" in self.capabilities:
                    self._uid_command("EXPUNGE", chunk)
            elif move_to:
                if "MOVE" in self.capabilities:
                    self._uid_command("MOVE", chunk, _quoted(move_to))
                else:
                    self._uid_command("COPY", chunk, _quoted(move_to))
                    self._uid_command("STORE", chunk, "+FLAGS.SILENT", r"(\Deleted)")
                    if "UIDPLUS" in self.capabilities:
                        self._uid_command("EXPUNGE", chunk)

    def ensure_folder(self, name: str) -> None:
        """Create ``name`` if it does not exist (the folder handled mail is moved to)."""
        if name in self.folders():
            return
        try:
            self._box.folder.create(name)
        except Exception as exc:
            raise MailboxProblem(
                f"The mail server refused to create the folder {name!r}: {_server_text(exc)}",
                hint="Create it in your mail program, or choose another one.",
            ) from None

    def append(self, raw: bytes, folder: str | None = None) -> None:
        """Add a message (tests and samples)."""
        typ, data = self._box.client.append(_quoted(folder or self.account.folder), None, None, raw)
        if typ != "OK":
            raise MailboxProblem(f"APPEND refused: {data!r}")


def _server_text(exc: Exception) -> str:
    """What the server said in a refused command (imap-tools keeps the raw response)."""
    result = getattr(exc, "command_result", None)
    data = result[1] if isinstance(result, tuple) and len(result) > 1 else None
    if isinstance(data, list):
        text = b" ".join(d for d in data if isinstance(d, bytes)).decode("utf-8", "replace")
    else:
        text = str(exc)
    text = re.sub(r"\s*\(\d+\.\d+ \+ \d+\.\d+ secs\)\.?", "", text).strip()
    return text.rstrip(".") + "."


def _quoted(folder: str) -> bytes:
    """A folder name as IMAP wants it (modified UTF-7, quoted)."""
    from imap_tools.utils import encode_folder

    return encode_folder(folder)


def uid_set(uids: Sequence[int]) -> str:
    """``1,2,3,7,8`` → ``1:3,7:8``: a 10,000-message STORE stays a short command line."""
    ordered = sorted(set(uids))
    if not ordered:
        return ""
    ranges: list[str] = []
    first = last = ordered[0]
    for uid in ordered[1:]:
        if uid == last + 1:
            last = uid
            continue
        ranges.append(f"{first}:{last}" if last > first else str(first))
        first = last = uid
    ranges.append(f"{first}:{last}" if last > first else str(first))
    return ",".join(ranges)


def probe_mailbox(account: ImapAccount) -> dict[str, Any]:
    """Log in and open the folder; what the profile dialog's "Test connection" shows."""
    with MailboxSession(account) as session:
        data = session._uid_command("SEARCH", "ALL")
        count = len(b" ".join(d for d in data if isinstance(d, bytes)).split())
        return {"folder": account.folder, "messages": count, "folders": session.folders()}
