"""A private Debian Postfix on 127.0.0.1 for tests: its own config, queue and log.

``PostfixServer(...)`` writes a ``main.cf``/``master.cf`` into a temporary folder's
``conf`` (queue_directory, data_directory and the mail log in that folder too; smtpd on a free
port of 127.0.0.1; every message delivered to ``discard``), runs ``postfix -c CONF
start`` and ``stop``. It needs root (Postfix's master runs as root and its daemons as
the ``postfix`` user); ``start()`` calls ``require_server("postfix", …)`` when it
cannot run. ``accepted()`` reads the Message-IDs Postfix's cleanup logged, in order;
``log()`` is the whole mail log.

Options: ``pipelining``/``chunking`` False hide those EHLO keywords
(``smtpd_discard_ehlo_keywords``), ``size_limit`` is ``message_size_limit``, and
``rejected`` maps addresses to the reply Postfix gives at RCPT (an access table).

``BouncingPostfix(dovecot, unknown=…)`` is the same Postfix accepting mail for dead
addresses and bouncing it later, delivering its own DSNs into a test Dovecot's maildir
(the asynchronous bounce): every recipient is accepted at RCPT (250); the transport
table sends the ones in ``unknown`` to the ``error`` transport (``5.1.1 …``), so the
bounce daemon writes an RFC 3464 DSN (Postfix's own format: notification,
``message/delivery-status``, the returned message) to the envelope sender; the others
go to ``discard`` (delivered). The return-path domain is a virtual mailbox domain whose
mailboxes are the Dovecot maildirs, with ``+`` as the recipient delimiter, so a VERP
return path ``bounces+17@example.com`` lands in user ``bounces``'s INBOX.
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
from typing import TYPE_CHECKING

from tests.conftest import require_server
from tests.smtp_servers import free_port

if TYPE_CHECKING:
    from tests.dovecot_server import DovecotServer

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


class PostfixServer:
    def __init__(
        self,
        *,
        pipelining: bool = True,
        chunking: bool = True,
        size_limit: int = 10_240_000,
        rejected: dict[str, str] | None = None,
    ) -> None:
        # Not under pytest's tmp_path: its parents are private to root, and Postfix's
        # daemons (the postfix user) must reach their queue.
        self.folder = Path(tempfile.mkdtemp(prefix="staffetta-postfix-"))
        self.conf = self.folder / "conf"
        self.port = free_port()
        self.pipelining = pipelining
        self.chunking = chunking
        self.size_limit = size_limit
        self.rejected = rejected or {}
        self.maillog = self.folder / "maillog"
        self.started = False

    def settings(self) -> dict[str, str]:
        """``main.cf``, one setting a key (``BouncingPostfix`` adds its own)."""
        f = self.folder
        discard = [k for k, on in (("pipelining", self.pipelining),
                                   ("chunking", self.chunking)) if not on]  # fmt: skip
        access = self.conf / "recipients"
        access.write_text("".join(f"{a} {r}\n" for a, r in self.rejected.items()))
        return {
            "compatibility_level": "3.6",
            "queue_directory": str(f / "queue"),
            "data_directory": str(f / "data"),
            "maillog_file": str(self.maillog),
            "maillog_file_prefixes": str(f),
            "inet_interfaces": "127.0.0.1",
            "inet_protocols": "ipv4",
            "myhostname": "postfix.test",
            "mydestination": "",
            "mynetworks": "127.0.0.0/8",
            "default_transport": "discard",
            "local_transport": "discard",
            "relay_transport": "discard",
            "message_size_limit": str(self.size_limit),
            "smtpd_discard_ehlo_keywords": ", ".join(discard),
            "smtpd_recipient_restrictions": f"check_recipient_access texthash:{access},\n"
            "    permit_mynetworks, reject_unauth_destination",
            "smtpd_banner": "$myhostname ESMTP",
        }

    def _write_config(self) -> None:
        for sub in ("conf", "queue", "data"):
            (self.folder / sub).mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o755)  # the postfix user walks into its queue
        shutil.chown(self.folder / "data", user="postfix")
        main_cf = "".join(f"{key} = {value}\n" for key, value in self.settings().items())
        (self.conf / "main.cf").write_text(main_cf)
        (self.conf / "master.cf").write_text(MASTER_CF.format(port=self.port))

    def start(self) -> PostfixServer:
        if shutil.which("postfix") is None or not Path("/etc/postfix/main.cf").is_file():
            require_server("postfix", "Debian's postfix package is not installed")
        if os.geteuid() != 0:
            require_server("postfix", "a private Postfix instance needs root")
        self._write_config()
        result = subprocess.run(["postfix", "-c", str(self.conf), "start"],
                                capture_output=True, text=True, check=False)  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"postfix did not start: {result.stderr}{self.log()[-2000:]}")
        self.started = True
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("postfix started but smtpd does not answer") from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.started:
            subprocess.run(["postfix", "-c", str(self.conf), "stop"],
                           capture_output=True, check=False)  # fmt: skip
            self.started = False
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> PostfixServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def log(self) -> str:
        return self.maillog.read_text(errors="replace") if self.maillog.exists() else ""

    def logged(self, pattern: str, expected: int, wait: float) -> list[str]:
        """The log's matches of ``pattern``, once there are ``expected`` of them or after
        ``wait`` seconds (Postfix's daemons write the log asynchronously)."""
        deadline = time.monotonic() + wait
        while True:
            found = re.findall(pattern, self.log())
            if len(found) >= expected or time.monotonic() > deadline:
                return found
            time.sleep(0.1)

    def accepted(self, expected: int = 0, wait: float = 10.0) -> list[str]:
        """Message-IDs of the messages Postfix accepted (its cleanup's log lines); waits up
        to ``wait`` seconds for ``expected`` of them."""
        return self.logged(r"cleanup\[\d+\]: \w+: message-id=<([^>]*)>", expected, wait)


class BouncingPostfix(PostfixServer):
    """Postfix that bounces mail for ``unknown`` addresses later, into Dovecot (see above)."""

    def __init__(
        self,
        dovecot: DovecotServer,
        *,
        unknown: set[str],
        mailbox_domain: str = "example.com",
        mailboxes: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.dovecot = dovecot
        self.unknown = unknown
        self.domain = mailbox_domain
        self.mailboxes = mailboxes or {f"bounces@{mailbox_domain}": "bounces"}

    def settings(self) -> dict[str, str]:
        assert self.dovecot.root is not None
        owner = (self.dovecot.root / "mail").stat()
        transport = self.conf / "transport"
        transport.write_text(
            "".join(f"{a} error:5.1.1 <{a}>: Recipient address rejected: User unknown\n"
                    for a in sorted(self.unknown))
        )  # fmt: skip
        vmailbox = self.conf / "vmailbox"
        vmailbox.write_text("".join(f"{a} {user}/\n" for a, user in self.mailboxes.items()))
        return {
            **super().settings(),
            "myhostname": "relay.example.net",
            "mydomain": "example.net",
            "myorigin": "relay.example.net",
            "relay_domains": "",
            "transport_maps": f"texthash:{transport}",
            "virtual_mailbox_domains": self.domain,
            "virtual_mailbox_base": str(self.dovecot.root / "mail"),
            "virtual_mailbox_maps": f"texthash:{vmailbox}",
            "virtual_uid_maps": f"static:{owner.st_uid}",
            "virtual_gid_maps": f"static:{owner.st_gid}",
            "virtual_minimum_uid": "1",
            "recipient_delimiter": "+",
            "delay_warning_time": "0",
            "smtpd_reject_unlisted_recipient": "no",
        }

    def wait_for_bounces(self, count: int, timeout: float = 60.0) -> None:
        """Until Postfix has delivered ``count`` DSNs into the maildir (its log says so)."""
        pattern = r"virtual\[\d+\]: \w+: to=<[^>]+>.*status=sent \(delivered to maildir\)"
        delivered = len(self.logged(pattern, count, timeout))
        if delivered < count:
            raise AssertionError(f"{delivered} of {count} bounces delivered:\n{self.log()[-3000:]}")
