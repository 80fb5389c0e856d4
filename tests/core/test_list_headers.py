"""Campaign mail carries a List-Id (RFC 2919); a test send never carries a real contact's
unsubscribe link. Through real SMTP servers on 127.0.0.1."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest

from core.campaigns import TEST_SEND_UNSUBSCRIBE_URL
from core.cli import run
from core.db import close_database, open_database
from core.mime import list_id_header, list_id_value
from core.models import Campaign
from tests.core.engine_helpers import make_campaign, run_worker
from tests.smtp_servers import FaultServer


def parsed(data: bytes) -> email.message.EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return message


def body_text(message: email.message.EmailMessage) -> str:
    return "".join(
        part.get_content() for part in message.walk() if part.get_content_maintype() == "text"
    )


def test_campaign_mail_has_one_stable_list_id_per_campaign(db: Path, tmp_path: Path):
    with FaultServer() as server:
        first = make_campaign(tmp_path, server.port, ["ann@example.com", "bob@example.com"])
        second = make_campaign(tmp_path, server.port, ["cy@example.com"], name="Autumn Sale")
        run_worker(seconds=30)
    ids = {d.rcpt_to[0]: parsed(d.data)["List-Id"] for d in server.delivered}
    assert (
        ids["ann@example.com"]
        == ids["bob@example.com"]
        == (f'"Launch" <launch.{first.id}.example.com>')
    )
    assert ids["cy@example.com"] == f'"Autumn Sale" <autumn-sale.{second.id}.example.com>'
    # Frozen at start with the rest of the campaign, like its template.
    assert (
        Campaign.get_by_id(first.id).frozen_settings["list_id"] == f"launch.{first.id}.example.com"
    )


@pytest.mark.parametrize(
    ("name", "domain", "expected"),
    [
        ("Saldi d'estate — 2026!", "Negozio.IT", "saldi-d-estate-2026.7.negozio.it"),
        ("生日快乐", "example.com", "campaign.7.example.com"),
        ("x" * 90, "bücher.de", "x" * 40 + ".7.xn--bcher-kva.de"),
    ],
)
def test_list_ids_are_dot_atoms_under_the_sender_domain(name: str, domain: str, expected: str):
    assert list_id_value(name, 7, domain) == expected
    header = list_id_header(name, expected)
    message = email.message_from_string(f"{header}\r\n", policy=email.policy.default)
    assert message["List-Id"].endswith(f"<{expected}>")
    assert "\n" not in str(message["List-Id"])
    assert name.split()[0][:5] in str(message["List-Id"]) or not name.isascii()


def test_a_test_send_never_carries_the_contacts_unsubscribe_link(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    with FaultServer() as server:
        campaign = make_campaign(tmp_path, server.port, ["ann@example.com"], name="Spring")
        close_database()
        try:
            code = run(["--db", str(db), "campaign", "test", "Spring", "--to", "qa@example.org"])
        finally:
            open_database(str(db))
        assert code == 0, capsys.readouterr().err
    (delivered,) = server.delivered
    assert delivered.rcpt_to == ["qa@example.org"]
    message = parsed(delivered.data)
    raw = delivered.data.decode("utf-8", "replace")
    assert "ann%40example.com" not in raw and "u?e=ann" not in raw  # the contact's own link
    assert message["List-Unsubscribe"] == f"<{TEST_SEND_UNSUBSCRIBE_URL}>"
    assert TEST_SEND_UNSUBSCRIBE_URL in body_text(message)  # the visible link too
    assert "Ciao Name0" in body_text(message)  # still rendered as that contact
    assert message["List-Id"] == f'"Spring" <spring.{campaign.id}.example.com>'


def test_the_campaigns_own_mail_still_carries_each_contacts_link(db: Path, tmp_path: Path):
    with FaultServer() as server:
        make_campaign(tmp_path, server.port, ["ann@example.com"])
        run_worker(seconds=30)
    message = parsed(server.delivered[0].data)
    assert "https://example.com/u?e=ann%40example.com" in message["List-Unsubscribe"]
