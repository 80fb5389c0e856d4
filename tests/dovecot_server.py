"""A private Dovecot IMAP server for tests: its own configuration, users, maildirs and
port on 127.0.0.1, in a temporary directory; stopped (and removed) afterwards.

``DovecotServer(users={"bounces": "pw"}, tls=False).start()`` runs ``dovecot -c CONF
-F`` with a passwd-file passdb/userdb and ``mail_location = maildir:…``. With
``tls=True`` it also listens for implicit TLS (``tls_port``) and STARTTLS on the plain
port, with a certificate generated for ``localhost``/127.0.0.1 (``cert`` is the file a
client can trust). When Dovecot is missing, ``require_server`` skips (locally) or
fails (CI).

Two ways to run, chosen by who starts it:

- as root (CI): Dovecot's privileged layout; mail is owned by ``nobody``, the internal
  and login processes run as Debian's ``dovecot``/``dovenull`` users, so the directory
  lives in a world-traversable temp dir;
- as an ordinary user (a developer's machine), or as root with ``run_as="nobody"``
  (which drops to that account before Dovecot starts, to test this way under CI):
  Dovecot's rootless layout, every process as that one account (internal, login and
  mail user alike, with its own group), no chroot for the login and anvil processes
  (only root may chroot), everything in the temp dir owned by that account.
"""

from __future__ import annotations

import contextlib
import grp
import imaplib
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import free_port, require_server

DOVECOT_CANDIDATES = ("dovecot", "/usr/sbin/dovecot")
_delivery_serial = itertools.count()  # unique maildir names across threads (next() is atomic)
_delivery_lock = threading.Lock()


def dovecot_binary() -> str | None:
    for name in DOVECOT_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _tls_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        # P-256: a certificate in milliseconds (an RSA key takes half a second)
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    key.chmod(0o644)  # read by Dovecot's unprivileged processes in this throw-away dir
    return cert, key


def _group_alive(pgid: int) -> bool:
    """Whether a process of this group still runs (a zombie does not: in a container, the
    orphans' new parent may take its time to reap them)."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            state, _ppid, group = (entry / "stat").read_text().rpartition(")")[2].split()[:3]
        except (OSError, ValueError):
            continue
        if int(group) == pgid and state not in ("Z", "X"):
            return True
    return False


@dataclass
class DovecotServer:
    users: dict[str, str] = field(default_factory=lambda: {"bounces": "imap-secret-1"})
    tls: bool = False
    port: int = 0
    tls_port: int = 0
    root: Path | None = None
    cert: Path | None = None
    run_as: str | None = None  # an ordinary account to drop to when started by root
    _process: subprocess.Popen[bytes] | None = None

    @property
    def privileged(self) -> bool:
        """Dovecot's root layout (CI), rather than the rootless one of a developer."""
        return os.geteuid() == 0 and self.run_as is None

    def _account(self) -> tuple[pwd.struct_passwd, str]:
        """The account every Dovecot process runs as when rootless, and its group's name."""
        account = pwd.getpwnam(self.run_as) if self.run_as else pwd.getpwuid(os.geteuid())
        try:
            group = grp.getgrgid(account.pw_gid).gr_name
        except KeyError:  # a primary group without a name (some containers)
            group = account.pw_name
        return account, group

    @property
    def pid(self) -> int | None:
        """The Dovecot master's process id (also its process group's) while it runs."""
        return self._process.pid if self._process is not None else None

    @property
    def log_path(self) -> Path:
        assert self.root is not None
        return self.root / "dovecot.log"

    def maildir(self, user: str) -> Path:
        assert self.root is not None
        return self.root / "mail" / user

    def start(self) -> DovecotServer:
        binary = dovecot_binary()
        if binary is None:
            require_server("dovecot", "the dovecot program is not installed")
            raise AssertionError("unreachable")
        self.root = Path(tempfile.mkdtemp(prefix="staffetta-dovecot-"))
        self.root.chmod(0o755)
        for sub in ("run", "state", "mail"):
            (self.root / sub).mkdir()
        self.port = self.port or free_port()
        if self.tls:
            self.tls_port = self.tls_port or free_port()
            self.cert, key = _tls_certificate(self.root)
        if self.privileged:
            mail_user = pwd.getpwnam("nobody")
            internal, internal_group, login, chroot = "dovecot", "dovecot", "dovenull", ""
        else:
            mail_user, internal_group = self._account()
            internal = login = mail_user.pw_name
            chroot = "  chroot =\n"  # only root may chroot
        uid, gid = mail_user.pw_uid, mail_user.pw_gid
        os.chown(self.root / "mail", uid, gid)
        passwd = self.root / "passwd"
        passwd.write_text(
            "".join(f"{name}:{{PLAIN}}{password}::::::\n" for name, password in self.users.items())
        )
        passwd.chmod(0o644)
        ssl_lines = (
            f"ssl = yes\nssl_cert = <{self.cert}\nssl_key = <{key}\n" if self.tls else "ssl = no\n"
        )
        imaps = (
            f"  inet_listener imaps {{\n    address = 127.0.0.1\n    port = {self.tls_port}\n"
            "    ssl = yes\n  }\n"
            if self.tls
            else "  inet_listener imaps {\n    port = 0\n  }\n"
        )
        root = self.root
        config = (
            f"base_dir = {root}/run\nstate_dir = {root}/state\nlog_path = {root}/dovecot.log\n"
            "protocols = imap\nlisten = 127.0.0.1\n"
            f"{ssl_lines}"
            "disable_plaintext_auth = no\nauth_mechanisms = plain login\n"
            "auth_failure_delay = 0\n"  # a wrong password answers at once (tests wait less)
            f"default_internal_user = {internal}\ndefault_internal_group = {internal_group}\n"
            f"default_login_user = {login}\nfirst_valid_uid = 1\n"
            f"mail_location = maildir:{root}/mail/%u\n"
            "mail_max_userip_connections = 50\n"
            "passdb {\n  driver = passwd-file\n"
            f"  args = scheme=PLAIN username_format=%u {passwd}\n}}\n"
            "userdb {\n  driver = passwd-file\n"
            f"  args = username_format=%u {passwd}\n"
            f"  default_fields = uid={uid} gid={gid} home={root}/mail/%u\n}}\n"
            "service imap-login {\n"
            f"{chroot}"
            f"  inet_listener imap {{\n    address = 127.0.0.1\n    port = {self.port}\n  }}\n"
            f"{imaps}}}\n"
            f"service anvil {{\n{chroot}}}\n"
        )
        conf = root / "dovecot.conf"
        conf.write_text(config)
        drop: dict[str, object] = {}
        if os.geteuid() == 0 and not self.privileged:  # root testing the rootless way
            for path in (root, *root.rglob("*")):
                os.chown(path, uid, gid)
            drop = {"user": uid, "group": gid, "extra_groups": []}
        self._process = subprocess.Popen(  # type: ignore[call-overload]
            [binary, "-c", str(conf), "-F"],
            stdout=subprocess.DEVNULL,
            stderr=open(root / "stderr.txt", "wb"),  # noqa: SIM115 - closed with the process
            start_new_session=True,  # its children too are stopped by its process group
            **drop,
        )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        assert self._process is not None and self.root is not None
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                err = (self.root / "stderr.txt").read_text(errors="replace")
                log = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
                self.stop()
                require_server("dovecot", f"it did not start: {(err + log).strip()[-600:]}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock,
            ):
                if sock.recv(100).startswith(b"* OK"):
                    return
            time.sleep(0.05)
        self.stop()
        require_server("dovecot", "it did not answer on its port within 15 s")

    def stop(self) -> None:
        """Stop the master and its children at once through their process group (told
        alone, the master waits a second for its children), then remove the directory."""
        process, self._process = self._process, None
        if process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            deadline = time.monotonic() + 10
            while _group_alive(process.pid):  # until its last child (log, imap) has gone too
                if time.monotonic() > deadline:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(process.pid, signal.SIGKILL)
                    break
                time.sleep(0.01)
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)

    # --- filling the mailbox --------------------------------------------------------

    def append(self, user: str, mails: Iterable[bytes], folder: str = "INBOX") -> None:
        """Put mails in through IMAP APPEND (as a mail client would)."""
        client = imaplib.IMAP4("127.0.0.1", self.port)
        try:
            client.login(user, self.users[user])
            for raw in mails:
                typ, data = client.append(folder, None, None, raw)
                assert typ == "OK", data
        finally:
            with contextlib.suppress(Exception):
                client.logout()

    def deliver(self, user: str, mails: Iterable[bytes]) -> int:
        """Drop mails into the user's maildir ``new/`` as a local delivery agent does:
        written to ``tmp/``, owned by the mail user, then renamed (Dovecot may move it to
        ``cur/`` at any moment after that)."""
        box = self.maildir(user)
        owner = (self.root / "mail").stat() if self.root else None
        with _delivery_lock:
            for sub in ("", "new", "cur", "tmp"):
                folder = box / sub
                if not folder.exists():
                    folder.mkdir(parents=True)
                    if owner is not None:
                        os.chown(folder, owner.st_uid, owner.st_gid)
        count = 0
        stamp = int(time.time())
        for raw in mails:
            name = f"{stamp}.M{next(_delivery_serial)}P{os.getpid()}.staffetta-test"
            tmp = box / "tmp" / name
            tmp.write_bytes(raw.replace(b"\r\n", b"\n"))
            if owner is not None:
                os.chown(tmp, owner.st_uid, owner.st_gid)
            tmp.rename(box / "new" / name)
            count += 1
        return count

    def create_folder(self, user: str, folder: str) -> None:
        client = imaplib.IMAP4("127.0.0.1", self.port)
        try:
            client.login(user, self.users[user])
            typ, data = client.create(folder)
            assert typ == "OK", data
        finally:
            with contextlib.suppress(Exception):
                client.logout()

    def folder_flags(self, user: str, folder: str = "INBOX") -> dict[int, str]:
        """UID → FLAGS of every message (to check what Staffetta marked)."""
        client = imaplib.IMAP4("127.0.0.1", self.port)
        try:
            client.login(user, self.users[user])
            client.select(folder, readonly=True)
            _typ, data = client.uid("FETCH", "1:*", "(FLAGS)")
            flags: dict[int, str] = {}
            for item in data:
                if not isinstance(item, bytes):
                    continue
                text = item.decode()
                if "UID" in text:
                    uid = int(text.split("UID ")[1].split()[0].rstrip(")"))
                    flags[uid] = text.split("FLAGS (")[1].split(")")[0]
            return flags
        finally:
            with contextlib.suppress(Exception):
                client.logout()
