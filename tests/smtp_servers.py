"""Real SMTP servers on 127.0.0.1 for tests: a scriptable one for faults, a TLS one.

``FaultServer`` speaks enough SMTP for aiosmtplib and lets a test decide, per command
and per recipient, to answer a code, drop the connection, stall, or send garbage. It
runs in a ``ServerThread``: its own event loop in a thread, so the code under test can
use any loop (plain asyncio, qasync, or another process). ``ServerThread`` is the one
way the asyncio test servers start and stop (``tests.latency_proxy`` uses it too).
"""

from __future__ import annotations

import asyncio
import re
import socket
import ssl
import subprocess
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

Reply = str | Callable[[str], "str | None"]  # a reply line, or a function of the argument

DROP = "__drop__"
STALL = "__stall__"
GARBAGE = "__garbage__"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


class ServerThread:
    """An asyncio server on 127.0.0.1:``port`` with its own event loop in a daemon thread.

    ``start()`` returns once it listens (or raises why it cannot); ``stop()`` closes the
    listening socket, cancels every connection's task and ends the thread."""

    def __init__(self, handle: Handler, port: int, *, name: str) -> None:
        self.handle = handle
        self.port = port
        self.name = name
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        ready = threading.Event()
        failed: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            try:
                server = loop.run_until_complete(
                    asyncio.start_server(self.handle, "127.0.0.1", self.port)
                )
            except BaseException as exc:  # told to start(), which raises it
                failed.append(exc)
                loop.close()
                ready.set()
                return
            self.loop = loop
            ready.set()
            try:
                loop.run_forever()
            finally:
                server.close()
                pending = asyncio.all_tasks(loop)
                for task in pending:
                    task.cancel()
                if pending:
                    loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
                loop.close()

        self._thread = threading.Thread(target=run, daemon=True, name=self.name)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError(f"{self.name} did not start listening within 10 s")
        if failed:
            raise failed[0]

    def stop(self) -> None:
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.loop.stop)
        if self._thread is not None:
            self._thread.join(5)
        self.loop, self._thread = None, None


@dataclass
class Delivered:
    mail_from: str
    rcpt_to: list[str]
    data: bytes


class _Lines:
    """Lines from a stream, counting the client's turns: each time the server had to wait
    for more input after answering (one round trip), ``turns`` goes up by one."""

    def __init__(self, reader: asyncio.StreamReader, server: FaultServer) -> None:
        self.reader = reader
        self.server = server
        self.buffer = bytearray()

    async def _more(self) -> bool:
        chunk = await self.reader.read(65536)
        if not chunk:
            return False
        self.server.turns += 1
        if self.server.latency:
            await asyncio.sleep(self.server.latency)
        self.buffer += chunk
        return True

    async def readline(self) -> bytes:
        while b"\n" not in self.buffer:
            if not await self._more():
                line, self.buffer = bytes(self.buffer), bytearray()
                return line
        end = self.buffer.index(b"\n") + 1
        line = bytes(self.buffer[:end])
        del self.buffer[:end]
        return line

    async def readexactly(self, n: int) -> bytes | None:
        while len(self.buffer) < n:
            if not await self._more():
                return None
        data = bytes(self.buffer[:n])
        del self.buffer[:n]
        return data


@dataclass
class FaultServer:
    """Configure ``replies`` (keys: greeting, ehlo, mail, rcpt, data, dot, auth) then start().

    It advertises PIPELINING (``pipelining``), optionally CHUNKING (BDAT, RFC 3030) and
    a SIZE limit; ``turns`` counts the client's round trips (see ``_Lines``).

    ``STALL`` answers nothing, ever, until the client hangs up (counted in ``hung_up``);
    ``wait_for_connections(n)`` blocks until ``n`` clients have connected (no polling)."""

    replies: dict[str, Reply] = field(default_factory=dict)
    advertise_starttls: bool = False
    advertise_auth: bool = False
    pipelining: bool = True
    chunking: bool = False
    size: int = 10_000_000
    latency: float = 0.0  # seconds added to each of the client's turns (a slow link)
    delivered: list[Delivered] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    declared_sizes: list[int] = field(default_factory=list)
    connections: int = 0
    hung_up: int = 0  # connections the client closed while this server stalled
    turns: int = 0
    port: int = 0
    # Set by the ``dialogue`` fixture (tests/core/conftest.py) to run the same fault with
    # and without PIPELINING; None keeps each server's own setting.
    force_pipelining: ClassVar[bool | None] = None
    _running: ServerThread | None = None
    _seen: threading.Condition = field(default_factory=threading.Condition, repr=False)

    def start(self) -> FaultServer:
        if FaultServer.force_pipelining is not None:
            self.pipelining = FaultServer.force_pipelining
        self.port = self.port or free_port()
        self._running = ServerThread(self._handle, self.port, name="fault-smtp")
        self._running.start()
        return self

    def stop(self) -> None:
        if self._running is not None:
            self._running.stop()
            self._running = None

    def wait_for_connections(self, count: int, timeout: float = 30.0) -> bool:
        """Block until ``count`` clients have connected (False after ``timeout``)."""
        with self._seen:
            return self._seen.wait_for(lambda: self.connections >= count, timeout)

    def wait_for_hang_ups(self, count: int, timeout: float = 30.0) -> bool:
        """Block until clients have closed ``count`` stalled connections."""
        with self._seen:
            return self._seen.wait_for(lambda: self.hung_up >= count, timeout)

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _reply_for(self, key: str, argument: str, default: str) -> str | None:
        reply = self.replies.get(key, default)
        if callable(reply):
            reply = reply(argument) or default
        return reply

    async def _handle(self, stream: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with self._seen:
            self.connections += 1
            self._seen.notify_all()
        reader = _Lines(stream, self)

        async def send(line: str | None) -> bool:
            """False when the connection is to end (drop)."""
            if line is None:
                return True
            if line == DROP:
                writer.close()
                return False
            if line == STALL:  # never a word more: read (and ignore) until they hang up
                while await stream.read(65536):
                    pass
                with self._seen:
                    self.hung_up += 1
                    self._seen.notify_all()
                return False
            if line == GARBAGE:
                writer.write(b"\xff\xfe garbage that is not SMTP \x00\r\n")
                await writer.drain()
                writer.close()
                return False
            writer.write(line.encode("utf-8", "surrogateescape") + b"\r\n")
            await writer.drain()
            return True

        try:
            if not await send(self._reply_for("greeting", "", "220 fault.test ESMTP")):
                return
            mail_from, rcpts, mail_ok = "", [], False
            bdat_chunks: list[bytes] = []
            while True:
                raw = await reader.readline()
                if not raw:
                    return
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                self.commands.append(line)
                verb, _, argument = line.partition(" ")
                verb = verb.upper()
                if verb in ("EHLO", "HELO"):
                    lines = ["250-fault.test", "250-8BITMIME", "250-SMTPUTF8"]
                    if self.pipelining:
                        lines.append("250-PIPELINING")
                    if self.chunking:
                        lines.append("250-CHUNKING")
                    if self.advertise_starttls:
                        lines.append("250-STARTTLS")
                    if self.advertise_auth:
                        lines.append("250-AUTH PLAIN LOGIN")
                    lines.append(f"250 SIZE {self.size}")
                    custom = self.replies.get("ehlo")
                    text = (
                        self._reply_for("ehlo", argument, "\r\n".join(lines))
                        if custom
                        else "\r\n".join(lines)
                    )
                    if not await send(text):
                        return
                elif verb == "AUTH":
                    if not await send(self._reply_for("auth", argument, "235 2.7.0 ok")):
                        return
                elif verb == "MAIL":
                    path, _, params = argument.partition(":")[2].strip().partition(" ")
                    mail_from, rcpts = path.strip("<>"), []
                    declared = re.search(r"(?i)\bSIZE=(\d+)", params)
                    default = "250 2.1.0 ok"
                    if declared:
                        self.declared_sizes.append(int(declared.group(1)))
                        if self.size and int(declared.group(1)) > self.size:
                            default = "552 5.3.4 Message size exceeds fixed limit"
                    reply = self._reply_for("mail", mail_from, default)
                    mail_ok = bool(reply and reply.startswith("250"))
                    if not await send(reply):
                        return
                elif verb == "RCPT" and not mail_ok:  # as real relays answer it
                    await send("503 5.5.1 Error: need MAIL command")
                elif verb == "RCPT":
                    to = argument.partition(":")[2].split()[0].strip("<>")
                    reply = self._reply_for("rcpt", to, "250 2.1.5 ok")
                    if reply and reply.startswith("250"):
                        rcpts.append(to)
                    if not await send(reply):
                        return
                elif verb == "DATA" and not rcpts:  # as Postfix and aiosmtpd answer it
                    if not await send(self._reply_for("data", "", "554 5.5.1 no valid recipients")):
                        return
                elif verb == "BDAT":
                    size_text, _, last = argument.partition(" ")
                    chunk = await reader.readexactly(int(size_text))
                    if chunk is None:
                        return
                    bdat_chunks.append(chunk)
                    if last.strip().upper() != "LAST":
                        await send("250 2.0.0 chunk received")
                        continue
                    data, bdat_chunks = b"".join(bdat_chunks), []
                    if not rcpts:
                        reply = "554 5.5.1 no valid recipients"
                    else:
                        reply = self._reply_for("dot", rcpts[0], "250 2.0.0 queued")
                    if reply and reply.startswith("250"):
                        self.delivered.append(Delivered(mail_from, list(rcpts), data))
                    mail_from, rcpts, mail_ok = "", [], False
                    if not await send(reply):
                        return
                elif verb == "DATA":
                    if not await send(self._reply_for("data", "", "354 go ahead")):
                        return
                    chunks = []
                    while True:
                        piece = await reader.readline()
                        if not piece:
                            return
                        if piece == b".\r\n":
                            break
                        chunks.append(piece[1:] if piece.startswith(b"..") else piece)
                    data = b"".join(chunks)
                    reply = self._reply_for("dot", rcpts[0] if rcpts else "", "250 2.0.0 queued")
                    if reply and reply.startswith("250"):
                        self.delivered.append(Delivered(mail_from, list(rcpts), data))
                    mail_from, rcpts, mail_ok = "", [], False
                    if not await send(reply):
                        return
                elif verb == "RSET":
                    mail_from, rcpts, mail_ok = "", [], False
                    await send("250 ok")
                elif verb == "QUIT":
                    await send("221 bye")
                    writer.close()
                    return
                elif verb == "NOOP":
                    await send("250 ok")
                else:
                    await send("502 5.5.2 command not implemented")
        except (ConnectionError, asyncio.CancelledError):
            return
        finally:
            if not writer.is_closing():
                writer.close()


def delivered_to(server: FaultServer) -> list[str]:
    return sorted(r for d in server.delivered for r in d.rcpt_to)


def self_signed_certificate(folder: Path, host: str = "localhost") -> tuple[Path, Path]:
    """A throw-away certificate and key (openssl), for TLS refusal tests."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", f"/CN={host}", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


class TlsServer:
    """An aiosmtpd server with implicit TLS on a self-signed certificate."""

    def __init__(self, cert: Path, key: Path) -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.handlers import Sink

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(cert), str(key))
        self.port = free_port()
        self.controller = Controller(
            Sink(), hostname="127.0.0.1", port=self.port, server_hostname="localhost",
            ssl_context=context, loop=asyncio.new_event_loop(),
        )  # fmt: skip

    def __enter__(self) -> TlsServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


# --- certificates made at test time (cryptography) -------------------------------------------


@dataclass
class Pki:
    """A private CA and certificates it signs, written as PEM files in ``folder``."""

    folder: Path
    ca_cert: Path = field(init=False)
    _ca_key: object = field(init=False, repr=False)
    _ca_name: object = field(init=False, repr=False)

    def __post_init__(self) -> None:
        from cryptography import x509
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID

        self._ca_key = ec.generate_private_key(ec.SECP256R1())
        self._ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Private CA")])
        self.ca_cert = self._write(
            "ca", self._ca_name, self._ca_key, self._ca_key, self._ca_name, [], ca=True
        )[0]

    def _write(self, stem, subject, key, signing_key, issuer, names, *, ca=False, expired=False):  # type: ignore[no-untyped-def]
        import datetime
        import ipaddress

        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization

        now = datetime.datetime.now(datetime.UTC)
        start, end = (
            (now - datetime.timedelta(days=30), now - datetime.timedelta(days=1))
            if expired
            else (now - datetime.timedelta(days=1), now + datetime.timedelta(days=30))
        )
        builder = (
            x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )  # fmt: skip
        if names:
            alt: list[x509.GeneralName] = []
            for name in names:
                try:
                    alt.append(x509.IPAddress(ipaddress.ip_address(name)))
                except ValueError:
                    alt.append(x509.DNSName(name))
            builder = builder.add_extension(x509.SubjectAlternativeName(alt), critical=False)
        cert = builder.sign(signing_key, hashes.SHA256())
        cert_path, key_path = self.folder / f"{stem}.pem", self.folder / f"{stem}.key"
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ))  # fmt: skip
        return cert_path, key_path

    def issue(self, stem: str, names: list[str], *, expired: bool = False) -> tuple[Path, Path]:
        """A server certificate for ``names`` signed by this CA."""
        from cryptography import x509
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID

        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
        return self._write(stem, subject, key, self._ca_key, self._ca_name, names,
                           expired=expired)  # fmt: skip

    def self_signed(self, stem: str, names: list[str]) -> tuple[Path, Path]:
        """A certificate for ``names`` that signs itself (no CA vouches for it)."""
        from cryptography import x509
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID

        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
        return self._write(stem, subject, key, key, subject, names)
