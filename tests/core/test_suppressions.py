"""The suppression list: import from other tools, export, remove, domain entries."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from core.campaigns import DraftSettings, find_campaign, save_draft, start_campaign
from core.contacts import contact_ids, contact_rows
from core.errors import BadInputFile
from core.importer import import_contacts
from core.models import Contact, ContactStatus, Message, MessageStatus, Suppression
from core.queue.views import blocked_recipients
from core.suppressions import (
    blocked,
    export_suppressions,
    import_suppressions,
    list_suppressions,
    remove_suppressions,
)
from core.templates import save_template
from tests.core.engine_helpers import make_campaign, run_worker
from tests.smtp_servers import FaultServer, delivered_to


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def test_import_a_mailchimp_export_with_reasons(db, tmp_path):
    path = write(tmp_path / "cleaned.csv",
                 "Email Address,First Name,REASON\nAnn@Example.org,Ann,hard bounce\n"
                 "bob@example.org,Bob,\nnot an address,X,\n@spam.example,,\n")  # fmt: skip
    report = import_suppressions(path)
    assert (report.imported, report.domains, report.already) == (3, 1, 0)
    assert report.invalid == [{"row": 4, "value": "not an address", "reason": report.invalid[0]["reason"]}]
    reasons = {e.email: e.reason for e in list_suppressions()}
    assert reasons == {"ann@example.org": "hard bounce", "bob@example.org": "imported from cleaned.csv",
                       "@spam.example": "imported from cleaned.csv"}  # fmt: skip
    again = import_suppressions(path, reason="second time")
    assert (again.imported, again.already) == (0, 3)


def test_import_a_headerless_list_in_cp1252_with_semicolons(db, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes("zoë@example.org;x\r\nann@example.org;y\r\n".encode("cp1252"))
    report = import_suppressions(path, reason="from the old tool")
    assert report.imported == 2
    assert {e.email for e in list_suppressions()} == {"zoë@example.org", "ann@example.org"}


def test_import_refuses_what_is_not_a_csv(db, tmp_path):
    with pytest.raises(BadInputFile, match="does not exist"):
        import_suppressions(tmp_path / "missing.csv")
    (tmp_path / "x.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with pytest.raises(BadInputFile, match="binary"):
        import_suppressions(tmp_path / "x.xlsx")
    with pytest.raises(BadInputFile, match="no email column"):
        import_suppressions(write(tmp_path / "c.csv", "name,city\nAnn,Roma\n"))


def test_export_neutralises_formulas_and_reimports_the_same_list(db, tmp_path):
    import_suppressions(write(tmp_path / "in.csv", "email\n=cmd@example.com\n@example.net\n"))
    out = tmp_path / "out.csv"
    assert export_suppressions(out) == 2
    cells = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert [row[0] for row in cells] == ["email", "'=cmd@example.com", "'@example.net"]
    Suppression.delete().execute()
    assert import_suppressions(out).imported == 2
    assert {e.email for e in list_suppressions()} == {"=cmd@example.com", "@example.net"}


def test_domain_entries_are_honoured_at_expansion_and_at_send_time(db, tmp_path):
    people = ["ann@example.org", "bob@blocked.example", "cat@sub.blocked.example", "dan@example.org"]
    with FaultServer() as relay:
        campaign = make_campaign(tmp_path, relay.port, people[:2] + people[2:3], name="One")
        import_suppressions(write(tmp_path / "d.csv", "email\n@blocked.example\n"))
        run_worker()  # queued before the entry: stopped at send time
        assert delivered_to(relay) == ["ann@example.org", "cat@sub.blocked.example"]
    bob = Message.get(Message.to_key == "bob@blocked.example")
    assert bob.status == MessageStatus.CANCELLED
    assert "blocked.example" in bob.last_response

    path = write(tmp_path / "two.csv", "email\n" + "\n".join(people) + "\n")
    import_contacts(path, "Two list")
    save_template("Two template", subject="Hi", html="<p>Hi</p>")
    draft = save_draft("Two", DraftSettings(list_name="Two list", template_name="Two template",
                                            profile_name="One relay", sender="shop@example.com"))  # fmt: skip
    result = start_campaign(draft)
    two = find_campaign("Two")
    queued = {m.to_key for m in Message.select().where(Message.campaign == two.id)}
    assert queued == {"ann@example.org", "cat@sub.blocked.example", "dan@example.org"}
    assert result.preflight.suppressed == 1
    assert campaign.id != two.id
    # the contacts page and the queue page see it too
    rows = contact_rows(contact_ids())
    by_email = {r.email: r for r in rows.values()}
    assert by_email["bob@blocked.example"].as_dict()["status"] == "suppressed"
    assert not by_email["ann@example.org"].suppressed
    assert "blocked.example" in blocked_recipients([bob.id])[bob.id]
    assert "blocked.example" in blocked(["bob@blocked.example"])["bob@blocked.example"]


def test_remove_reactivates_bounced_contacts_but_not_unsubscribed_ones(db, tmp_path):
    path = write(tmp_path / "c.csv", "email\nann@example.org\nbob@example.org\n")
    import_contacts(path, "L")
    Contact.update(status=ContactStatus.BOUNCED).where(Contact.email_key == "ann@example.org").execute()
    Contact.update(status=ContactStatus.UNSUBSCRIBED).where(Contact.email_key == "bob@example.org").execute()
    import_suppressions(path)
    result = remove_suppressions(["ANN@example.org", "bob@example.org", "nobody@example.org"])
    assert result.removed == ["ann@example.org", "bob@example.org"]
    assert result.not_found == ["nobody@example.org"]
    assert result.reactivated == 1
    assert result.still_blocked == {"bob@example.org": "unsubscribed"}
    assert Contact.get(Contact.email_key == "ann@example.org").status == ContactStatus.ACTIVE
    assert Suppression.select().count() == 0


def test_why_an_address_is_suppressed(db, tmp_path):
    """Reason, date, campaign, the relay's words: from the report that came back, from the
    relay's refusal while sending, or from the entry itself (imported, domain)."""
    from core.returnpath.apply import process_batch
    from core.returnpath.mailboxes import MailboxSettings, save_mailbox
    from core.returnpath.parse import ReturnKind
    from core.suppressions import _RETURN_KINDS, SuppressionCause, suppression_detail
    from tests.core.returnpath_helpers import message_to, sample

    assert set(_RETURN_KINDS) <= {k.value for k in ReturnKind}
    people = ["ann@example.org", "bob@example.org", "gone@example.org", "cy@blocked.example"]
    replies = {"rcpt": lambda to: "550 5.1.1 No such user here" if to.startswith("gone") else ""}
    with FaultServer(replies=replies) as server:
        make_campaign(tmp_path, server.port, people, name="Spring")
        run_worker()
    box, _ = save_mailbox("Spring relay", MailboxSettings(host="127.0.0.1", port=993,
                                                          security="tls", username="b"))  # fmt: skip
    process_batch(box, 1, [
        (1, sample("postfix_dsn", rcpt="ann@example.org",
                   message_id=message_to("ann@example.org").message_id)),
        (2, sample("arf_yahoo", rcpt="bob@example.org",
                   message_id=message_to("bob@example.org").message_id, unique="c")),
    ], soft_bounce_limit=3)  # fmt: skip
    import_suppressions(write(tmp_path / "d.csv", "email\n@blocked.example\n"))

    listed = {e.email: e for e in list_suppressions()}
    assert {k: (str(e.cause), e.campaign) for k, e in listed.items()} == {
        "ann@example.org": ("hard_bounce", "Spring"), "bob@example.org": ("complaint", "Spring"),
        "gone@example.org": ("refused", None), "@blocked.example": ("imported", None),
    }  # fmt: skip
    assert listed["ann@example.org"].as_dict()["campaign"] == "Spring"

    ann = suppression_detail("ANN@example.org")
    assert ann is not None and ann.cause == SuppressionCause.HARD_BOUNCE
    assert (ann.entry, ann.campaign, ann.status_code, ann.contact_status) == (
        "ann@example.org", "Spring", "5.1.1", ContactStatus.BOUNCED,
    )  # fmt: skip
    assert "User unknown" in ann.relay_said and ann.sent_at is not None and ann.since is not None
    assert [r.kind for r in ann.history] == ["bounce"] and ann.lifting_reactivates

    bob = suppression_detail("bob@example.org")
    assert bob is not None and bob.cause == SuppressionCause.COMPLAINT
    assert bob.campaign == "Spring" and not bob.lifting_reactivates  # their own wish

    gone = suppression_detail("gone@example.org")
    assert gone is not None and gone.cause == SuppressionCause.REFUSED
    assert (gone.campaign, gone.status_code) == ("Spring", "5.1.1")
    assert "No such user here" in gone.relay_said

    cy = suppression_detail("cy@blocked.example")
    assert cy is not None and cy.by_domain and cy.entry == "@blocked.example"
    assert cy.cause == SuppressionCause.IMPORTED and cy.campaign is None
    assert suppression_detail("nobody@example.org") is None


@pytest.mark.databases("postgresql")
def test_soft_bounces_and_why_on_postgresql(db, tmp_path):
    """The return path's own SQL (the soft-bounce streak, the list with its campaigns, the
    detail) on a team database too."""
    from core.returnpath.apply import process_batch
    from core.returnpath.mailboxes import MailboxSettings, save_mailbox
    from core.suppressions import SuppressionCause, suppression_detail
    from tests.core.returnpath_helpers import message_to, sample, sent_campaign

    sent_campaign(tmp_path, ["ann@example.org"], name="One")
    sent_campaign(tmp_path, ["ann@example.org", "bob@example.org"], name="Two")
    box, _ = save_mailbox("One relay", MailboxSettings(host="127.0.0.1", port=993,
                                                       security="tls", username="b"))  # fmt: skip
    ann = Message.select().where(Message.to_key == "ann@example.org").order_by(Message.id)
    full = [(uid, sample("postfix_mailbox_full", message_id=m.message_id, unique=str(uid)))
            for uid, m in enumerate(ann, start=1)]  # fmt: skip
    hard = (9, sample("postfix_dsn", rcpt="bob@example.org",
                      message_id=message_to("bob@example.org").message_id))  # fmt: skip
    counts = process_batch(box, 1, [*full, hard], soft_bounce_limit=2).counts
    assert (counts.soft_bounces, counts.bounces, counts.suppressed) == (2, 1, 2)
    assert {e.email: (e.cause, e.campaign) for e in list_suppressions()} == {
        "ann@example.org": (SuppressionCause.SOFT_BOUNCES, "Two"),
        "bob@example.org": (SuppressionCause.HARD_BOUNCE, "Two"),
    }  # fmt: skip
    detail = suppression_detail("ann@example.org")
    assert detail is not None and [r.kind for r in detail.history] == ["soft_bounce"] * 2
