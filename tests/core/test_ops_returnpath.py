"""The window's return-path operations: plain data and what changed."""

from __future__ import annotations

import pytest

from core.errors import InvalidValue, SecretUnavailable
from core.models import Contact, ContactStatus
from core.ops import returnpath as ops
from core.returnpath.mailboxes import MailboxSettings
from tests.core.returnpath_helpers import message_to, sample, sent_campaign
from tests.dovecot_server import DovecotServer

PASSWORD = "ops-imap-pw"


def test_mailbox_from_the_dialog_test_save_check(db, tmp_path):
    server = DovecotServer(users={"bounces": PASSWORD}).start()
    try:
        sent_campaign(tmp_path, ["ann@example.org", "bob@example.org"])
        settings = MailboxSettings(host="127.0.0.1", port=server.port, security="none",
                                   username="bounces")  # fmt: skip
        with pytest.raises(SecretUnavailable):
            ops.test_connection(settings, profile_name="Unsaved profile")
        probe = ops.test_connection(settings, profile_name="News relay", password=PASSWORD)
        assert probe["folder"] == "INBOX" and probe["messages"] == 0
        assert ops.get_mailbox(1) is None
        saved = ops.save_mailbox("News relay", settings, password=PASSWORD)
        assert saved.changes.profiles
        data = ops.get_mailbox(saved_profile_id())
        assert data is not None and data.settings.host == "127.0.0.1" and data.has_password
        server.append("bounces", [sample("postfix_dsn", rcpt="ann@example.org",
                                         message_id=message_to("ann@example.org").message_id)])  # fmt: skip
        result = ops.check_now()
        assert result.value.counts.bounces == 1
        assert result.changes.queue and result.changes.contacts and result.changes.suppressions
        ann = message_to("ann@example.org")
        assert ops.returns_of_message(ann.id)[0]["status"] == "5.1.1"
        assert ops.campaign_returns(ann.campaign_id)["bounces"] == 1
        contact = Contact.get(Contact.email_key == "ann@example.org")
        assert "5.1.1" in (ops.why_not_mailed(contact.id) or "")
        bob = Contact.get(Contact.email_key == "bob@example.org")
        assert ops.why_not_mailed(bob.id) is None
        assert ops.profiles_to_watch() == [saved_profile_id()]
        quiet = ops.check_now()
        assert not quiet.changes.contacts
    finally:
        server.stop()


def saved_profile_id() -> int:
    from core.models import SmtpProfile

    return int(SmtpProfile.get(SmtpProfile.name == "News relay").id)


def test_suppression_list_from_the_window(db, tmp_path):
    sent_campaign(tmp_path, ["ann@example.org"])
    assert ops.add_suppressions(["@spam.example", "Ann@Example.org", " "]).value == 2
    with pytest.raises(InvalidValue, match="not an address"):
        ops.add_suppressions(["nonsense"])
    assert [e.email for e in ops.suppression_list()] == ["@spam.example", "ann@example.org"]
    ann = Contact.get(Contact.email_key == "ann@example.org")
    assert ops.why_not_mailed(ann.id) == "added by you"
    Contact.update(status=ContactStatus.BOUNCED).execute()
    removal = ops.remove_suppressions(["ann@example.org"]).value
    assert removal.reactivated == 1 and ops.why_not_mailed(ann.id) is None
