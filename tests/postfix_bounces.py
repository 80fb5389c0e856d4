"""A private Debian Postfix that accepts mail for dead addresses and bounces it later,
delivering its own DSNs into a test Dovecot's maildir: the issue's asynchronous bounce.

Postfix listens on a free port of 127.0.0.1 with its own main.cf/master.cf, queue and
log in a temporary folder. Every recipient is accepted at RCPT (250); the transport
table sends the ones in ``unknown`` to the ``error`` transport (``5.1.1 …``), so the
bounce daemon writes an RFC 3464 DSN (Postfix's own format: notification,
``message/delivery-status``, the returned message) to the envelope sender; the others
go to ``discard`` (delivered). The return-path domain is a virtual mailbox domain
whose mailboxes are the Dovecot maildirs, with ``+`` as the recipient delimiter, so a
VERP return path ``bounces+17@example.com`` lands in user ``bounces``'s INBOX.

Needs root (Postfix's master runs as root, its daemons as ``postfix``); when it cannot
run, ``require_server("postfix", …)``.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.conftest import require_server
from tests.dovecot_server import DovecotServer
from tests.smtp_servers import free_port

MASTER_CF = """\
127.0.0.1:{port} inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"""


class BouncingPostfix:
    def __init__(
        self,
        dovecot: DovecotServer,
        *,
        unknown: set[str],
        mailbox_domain: str = "example.com",
        mailboxes: dict[str, str] | None = None,
    ) -> None:
        # Not under pytest's tmp_path: its parents are private to root, and Postfix's
        # daemons (the postfix user) must reach their queue.
        self.folder = Path(tempfile.mkdtemp(prefix="staffetta-postfix-bounces-"))
        self.conf = self.folder / "conf"
        self.port = free_port()
        self.dovecot = dovecot
        self.unknown = unknown
        self.domain = mailbox_domain
        self.mailboxes = mailboxes or {f"bounces@{mailbox_domain}": "bounces"}
        self.maillog = self.folder / "maillog"
        self.started = False

    def _write_config(self) -> None:
        assert self.dovecot.root is not None
        for sub in ("conf", "queue", "data"):
            (self.folder / sub).mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o755)
        shutil.chown(self.folder / "data", user="postfix")
        owner = (self.dovecot.root / "mail").stat()
        transport = self.conf / "transport"
        transport.write_text(
            "".join(f"{a} error:5.1.1 <{a}>: Recipient address rejected: User unknown\n"
                    for a in sorted(self.unknown))
        )
        vmailbox = self.conf / "vmailbox"
        vmailbox.write_text("".join(f"{a} {user}/\n" for a, user in self.mailboxes.items()))
        f = self.folder
        (self.conf / "main.cf").write_text(f"""\
compatibility_level = 3.6
queue_directory = {f / "queue"}
data_directory = {f / "data"}
maillog_file = {self.maillog}
maillog_file_prefixes = {f}
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = relay.example.net
mydomain = example.net
myorigin = relay.example.net
mydestination =
mynetworks = 127.0.0.0/8
relay_domains =
default_transport = discard
transport_maps = texthash:{transport}
virtual_mailbox_domains = {self.domain}
virtual_mailbox_base = {self.dovecot.root / "mail"}
virtual_mailbox_maps = texthash:{vmailbox}
virtual_uid_maps = static:{owner.st_uid}
virtual_gid_maps = static:{owner.st_gid}
virtual_minimum_uid = 1
recipient_delimiter = +
smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destination
smtpd_banner = $myhostname ESMTP
delay_warning_time = 0
smtpd_reject_unlisted_recipient = no
""")
        (self.conf / "master.cf").write_text(MASTER_CF.format(port=self.port))

    def start(self) -> BouncingPostfix:
        if shutil.which("postfix") is None or not Path("/etc/postfix/main.cf").is_file():
            require_server("postfix", "Debian's postfix package is not installed")
        if os.geteuid() != 0:
            require_server("postfix", "a private Postfix instance needs root")
        self._write_config()
        result = subprocess.run(["postfix", "-c", str(self.conf), "start"],
                                capture_output=True, text=True, check=False)  # fmt: skip
        if result.returncode != 0:
            require_server("postfix", f"it did not start: {result.stderr}{self.log()[-1500:]}")
        self.started = True
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    require_server("postfix", "it started but smtpd does not answer")
                time.sleep(0.1)

    def stop(self) -> None:
        if self.started:
            subprocess.run(["postfix", "-c", str(self.conf), "stop"],
                           capture_output=True, check=False)  # fmt: skip
            self.started = False
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> BouncingPostfix:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def log(self) -> str:
        return self.maillog.read_text(errors="replace") if self.maillog.exists() else ""

    def wait_for_bounces(self, count: int, timeout: float = 60.0) -> None:
        """Until Postfix has delivered ``count`` DSNs into the maildir (its log says so)."""
        deadline = time.monotonic() + timeout
        pattern = re.compile(r"virtual\[\d+\]: \w+: to=<[^>]+>.*status=sent \(delivered to maildir\)")
        while True:
            delivered = len(pattern.findall(self.log()))
            if delivered >= count:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{delivered} of {count} bounces delivered:\n{self.log()[-3000:]}")
            time.sleep(0.2)
