"""TLS is required when asked for, certificates are verified, passwords never leak."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from core.errors import SmtpConfigurationError
from core.models import Campaign, Message
from core.profiles import ProfileSettings, save_profile
from core.smtp.transport import test_connection as check_connection
from tests.core.engine_helpers import make_campaign, run_worker, statuses
from tests.smtp_servers import FaultServer, TlsServer, self_signed_certificate

ROOT = Path(__file__).resolve().parents[2]


def test_stripped_starttls_pauses_and_never_sends_auth(db, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PW", "hunter2")
    # A man in the middle removed STARTTLS from the EHLO answer.
    with FaultServer(advertise_starttls=False, advertise_auth=True) as server:
        campaign = make_campaign(
            tmp_path, server.port, ["ann@example.com"], security="starttls",
            username="user", password_env="PW", is_sandbox=False,
        )  # fmt: skip
        run_worker(seconds=5)
    assert Campaign.get_by_id(campaign.id).status == "paused"
    assert "STARTTLS" in Campaign.get_by_id(campaign.id).pause_reason
    assert statuses() == {"ann@example.com": "queued"}
    assert not any(c.upper().startswith("AUTH") for c in server.commands)
    assert not any(c.upper().startswith("MAIL") for c in server.commands)


def test_self_signed_certificate_is_refused(db, tmp_path: Path):
    cert, key = self_signed_certificate(tmp_path)
    with TlsServer(cert, key) as server:
        campaign = make_campaign(
            tmp_path, server.port, ["ann@example.com"], security="tls", is_sandbox=False
        )
        run_worker(seconds=5)
    assert Campaign.get_by_id(campaign.id).status == "paused"
    assert "certificate" in Campaign.get_by_id(campaign.id).pause_reason.lower()
    assert Message.get().status == "queued"


def test_auth_without_tls_is_refused_unless_allowed(db, tmp_path: Path):
    with FaultServer(advertise_auth=True) as server:
        profile = save_profile(
            "plain", ProfileSettings(host="127.0.0.1", port=server.port, security="none",
                                     username="u", is_sandbox=True),
        )  # fmt: skip
        with pytest.raises(SmtpConfigurationError, match="plaintext"):
            asyncio.run(check_connection(profile, "pw"))
    assert not any(c.upper().startswith("AUTH") for c in server.commands)


def test_test_connection_reports_success(db):
    with FaultServer() as server:
        profile = save_profile(
            "ok",
            ProfileSettings(host="127.0.0.1", port=server.port, security="none", is_sandbox=True),
        )
        verdict = asyncio.run(check_connection(profile))
    assert "Connected to 127.0.0.1" in verdict


def test_remote_relay_without_tls_is_rejected_at_setup(db):
    from core.errors import InvalidValue

    with pytest.raises(InvalidValue, match="without TLS"):
        save_profile("bad", ProfileSettings(host="smtp.example.com", port=25, security="none"))


def test_no_keyring_means_no_plaintext_password_anywhere(tmp_path: Path):
    """As on CI: no Secret Service, keyring raises NoKeyringError; nothing is written."""
    db = tmp_path / "s.db"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "SECRET_PW": "Tr0ub4dor&3-very-secret",
           "STAFFETTA_DATA_DIR": str(tmp_path / "data"),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}  # fmt: skip
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(db), "smtp", "add", "relay",
         "--host", "smtp.example.com", "--port", "587", "--username", "me",
         "--password-env", "SECRET_PW"],
        capture_output=True, text=True, env=env, check=False, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "not stored" in result.stderr
    secret = b"Tr0ub4dor&3-very-secret"
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert secret not in path.read_bytes(), path
