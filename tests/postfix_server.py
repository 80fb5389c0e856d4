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
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tests.conftest import require_server
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

    def _write_config(self) -> None:
        for sub in ("conf", "queue", "data"):
            (self.folder / sub).mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o755)  # the postfix user walks into its queue
        shutil.chown(self.folder / "data", user="postfix")
        discard = [k for k, on in (("pipelining", self.pipelining),
                                   ("chunking", self.chunking)) if not on]  # fmt: skip
        access = self.conf / "recipients"
        access.write_text("".join(f"{a} {r}\n" for a, r in self.rejected.items()))
        f = self.folder
        (self.conf / "main.cf").write_text(f"""\
compatibility_level = 3.6
queue_directory = {f / "queue"}
data_directory = {f / "data"}
maillog_file = {self.maillog}
maillog_file_prefixes = {f}
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = postfix.test
mydestination =
mynetworks = 127.0.0.0/8
default_transport = discard
local_transport = discard
relay_transport = discard
message_size_limit = {self.size_limit}
smtpd_discard_ehlo_keywords = {", ".join(discard)}
smtpd_recipient_restrictions = check_recipient_access texthash:{access},
    permit_mynetworks, reject_unauth_destination
smtpd_banner = $myhostname ESMTP
""")
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
            log = self.maillog.read_text() if self.maillog.exists() else ""
            raise RuntimeError(f"postfix did not start: {result.stderr}{log[-2000:]}")
        self.started = True
        deadline = time.monotonic() + 20
        import socket

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

    def accepted(self, expected: int = 0, wait: float = 10.0) -> list[str]:
        """Message-IDs of the messages Postfix accepted (its cleanup's log lines); waits up
        to ``wait`` seconds for ``expected`` of them (the log is written asynchronously)."""
        deadline = time.monotonic() + wait
        while True:
            found = re.findall(r"cleanup\[\d+\]: \w+: message-id=<([^>]*)>", self.log())
            if len(found) >= expected or time.monotonic() > deadline:
                return found
            time.sleep(0.1)
