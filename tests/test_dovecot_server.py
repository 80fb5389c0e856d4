"""The test Dovecot runs the same whoever starts it: root (CI) or an ordinary user (a
developer's machine; under root, ``run_as`` drops to such an account to test that way)."""

from __future__ import annotations

import imaplib
import os
import pwd
import ssl
from pathlib import Path

import pytest

from tests.dovecot_server import DovecotServer

MAIL = b"From: mailer-daemon@example.net\r\nSubject: returned\r\nMessage-ID: <1@x>\r\n\r\nhi\r\n"


def _uids_of_tree(pid: int) -> set[int]:
    """The real uids of a process and all of its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    uids: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            status = (entry / "status").read_text()
        except OSError:
            continue
        ppid = int(stat.rpartition(")")[2].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
        uids[int(entry.name)] = int(next(ln for ln in status.splitlines()
                                         if ln.startswith("Uid:")).split()[1])  # fmt: skip
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        if current in uids:
            found.add(uids[current])
        todo += children.get(current, [])
    return found


@pytest.mark.parametrize("layout", ["as-started", "rootless"])
def test_dovecot_serves_mail_as_root_and_as_an_ordinary_user(layout):
    if layout == "rootless" and os.geteuid() != 0:
        run_as = None  # we are the ordinary user already
    elif layout == "rootless":
        run_as = "nobody"
    else:
        run_as = None
    server = DovecotServer(users={"bounces": "pw-1", "other": "pw-2"}, tls=True, run_as=run_as)
    server.start()
    try:
        assert server.pid is not None
        expected = os.geteuid() if run_as is None else pwd.getpwnam(run_as).pw_uid
        assert _uids_of_tree(server.pid) >= {expected}
        if not server.privileged:  # every process is the one ordinary account
            assert _uids_of_tree(server.pid) == {expected}

        assert server.deliver("bounces", [MAIL]) == 1  # as a local delivery agent
        server.append("bounces", [MAIL])  # as a mail client
        server.create_folder("bounces", "Handled")
        client = imaplib.IMAP4("127.0.0.1", server.port)
        client.starttls(ssl.create_default_context(cafile=str(server.cert)))
        client.login("bounces", "pw-1")
        assert client.select("INBOX")[1] == [b"2"]
        assert client.uid("STORE", "1", "+FLAGS", "($StaffettaProcessed)")[0] == "OK"
        client.logout()
        assert "$StaffettaProcessed" in server.folder_flags("bounces")[1]
        secure = imaplib.IMAP4_SSL(
            "127.0.0.1", server.tls_port,
            ssl_context=ssl.create_default_context(cafile=str(server.cert)),
        )  # fmt: skip
        secure.login("other", "pw-2")
        assert secure.select("INBOX")[1] == [b"0"]  # each user has a maildir of their own
        secure.logout()
    finally:
        root = server.root
        server.stop()
    assert root is not None and not root.exists()
