"""The return path in the window: the suppression list page, the mailbox section of a
profile, and the mailbox checks while sending, used as a person does."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from core.models import Contact, ContactStatus, Message, MessageStatus, Suppression
from gui.dialogs.mailbox_editor import MailboxEditor
from gui.mailbox_service import MailboxService
from gui.pages.suppressions_page import SuppressionsPage
from tests.core.returnpath_helpers import message_to, sample, sent_campaign
from tests.dovecot_server import DovecotServer
from tests.gui.conftest import wait_idle

PASSWORD = "gui-imap-pw"


@pytest.fixture
def dovecot() -> Iterator[DovecotServer]:
    server = DovecotServer(users={"bounces": PASSWORD}).start()
    yield server
    server.stop()


def answer_file_dialog(page: SuppressionsPage, path: Path) -> None:
    def answer() -> None:
        dialog = page.file_dialog
        assert dialog is not None and dialog.isVisible()
        dialog.findChild(QLineEdit, "fileNameEdit").setText(str(path))
        dialog.accept()

    QTimer.singleShot(200, answer)


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_suppression_list_page(qtbot, context, tmp_path: Path):
    sent_campaign(tmp_path, ["ann@example.org", "bob@example.org"])
    Contact.update(status=ContactStatus.BOUNCED).where(Contact.email_key == "ann@example.org").execute()
    page = SuppressionsPage(context)
    qtbot.addWidget(page)
    page.show()
    wait_idle(qtbot, context)
    assert page.model.rowCount() == 0

    csv_file = tmp_path / "cleaned.csv"
    csv_file.write_text("Email Address,REASON\nann@example.org,bounced elsewhere\n@spam.example,\n"
                        "not an address,\n")  # fmt: skip
    answer_file_dialog(page, csv_file)
    click(qtbot, page.import_button)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    assert "2 entries added (1 domain), 0 already on the list." in page.banner.label.text()
    assert "line 4" in page.banner.label.text()
    assert page.count.text() == "2 entries"
    assert page.model.data(page.model.index(1, 1)) == "bounced elsewhere"

    def type_entries() -> None:
        dialog = page.add_dialog
        assert dialog is not None and dialog.isVisible()
        dialog.setTextValue("carl@example.org, @other.example")
        dialog.accept()

    QTimer.singleShot(200, type_entries)
    click(qtbot, page.add_button)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=10_000)
    assert {s.email_key for s in Suppression.select()} == {
        "ann@example.org", "@spam.example", "carl@example.org", "@other.example"
    }  # fmt: skip

    qtbot.keyClicks(page.search, "ann")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.table.selectRow(0)
    assert page.remove_button.isEnabled()

    def confirm() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and "ann@example.org" in box.text()
        click(qtbot, box.button(QMessageBox.StandardButton.Yes))

    QTimer.singleShot(200, confirm)
    click(qtbot, page.remove_button)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10_000)
    assert Contact.get(Contact.email_key == "ann@example.org").status == ContactStatus.ACTIVE
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10_000)

    out = tmp_path / "export.csv"
    answer_file_dialog(page, out)
    click(qtbot, page.export_button)
    qtbot.waitUntil(out.exists, timeout=10_000)
    wait_idle(qtbot, context)
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert [r[0] for r in rows] == ["email", "'@other.example", "'@spam.example", "carl@example.org"]


def test_check_mailboxes_now_from_the_page(qtbot, context, tmp_path: Path, dovecot):
    from core.returnpath.mailboxes import MailboxSettings, save_mailbox

    sent_campaign(tmp_path, ["ann@example.org"])
    save_mailbox("News relay", MailboxSettings(host="127.0.0.1", port=dovecot.port,
                                               security="none", username="bounces"),
                 password=PASSWORD)  # fmt: skip
    dovecot.append("bounces", [sample("postfix_dsn", rcpt="ann@example.org",
                                      message_id=message_to("ann@example.org").message_id)])  # fmt: skip
    page = SuppressionsPage(context)
    qtbot.addWidget(page)
    wait_idle(qtbot, context)
    click(qtbot, page.check_button)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=20_000)
    assert "1 bounce," in page.banner.label.text()
    assert page.model.data(page.model.index(0, 0)) == "ann@example.org"
    assert "5.1.1" in page.model.data(page.model.index(0, 1))
    assert message_to("ann@example.org").status == MessageStatus.BOUNCED


def test_the_mailbox_section_tests_and_saves(qtbot, context, tmp_path: Path, dovecot):
    from core.models import Mailbox, SmtpProfile

    sent_campaign(tmp_path, ["ann@example.org"])
    profile = SmtpProfile.get(SmtpProfile.name == "News relay")
    editor = MailboxEditor(context)
    qtbot.addWidget(editor)
    editor.show()
    editor.load(profile.id, profile.name)
    wait_idle(qtbot, context)
    assert not editor.enabled.isChecked() and not editor.form.isVisible()
    click(qtbot, editor.enabled)
    assert editor.form.isVisible()
    qtbot.keyClicks(editor.host, "127.0.0.1")
    editor.port.setValue(dovecot.port)
    editor.security.setCurrentIndex(editor.security.findData("none"))
    qtbot.keyClicks(editor.username, "bounces")
    qtbot.keyClicks(editor.password, "wrong")
    click(qtbot, editor.test_button)
    assert not editor.test_button.isEnabled()  # the test runs off the UI thread
    qtbot.waitUntil(lambda: editor.verdict != "", timeout=20_000)
    assert "refused the username or password" in editor.banner.label.text()
    editor.password.clear()
    qtbot.keyClicks(editor.password, PASSWORD)
    editor.verdict = ""
    click(qtbot, editor.test_button)
    qtbot.waitUntil(lambda: editor.verdict != "", timeout=20_000)
    assert editor.banner.label.text().startswith("✓ Logged in: 0 messages in INBOX")
    qtbot.keyClicks(editor.return_path, "bounces@example.com")
    click(qtbot, editor.verp)
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save(profile.name)
    box = Mailbox.get(Mailbox.profile == profile.id)
    assert (box.host, box.port, box.username, box.return_path, box.verp) == (
        "127.0.0.1", dovecot.port, "bounces", "bounces@example.com", True
    )  # fmt: skip
    assert editor.password.text() == "" and editor.password.placeholderText() == "unchanged"

    again = MailboxEditor(context)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.loaded, timeout=10_000):
        again.load(profile.id, profile.name)
    assert again.enabled.isChecked() and again.host.text() == "127.0.0.1"
    assert again.verp.isChecked() and again.has_password


class _RunningSender:
    running = True


def test_the_window_checks_the_mailboxes_while_sending(qtbot, context, tmp_path: Path, dovecot):
    from core.returnpath.mailboxes import MailboxSettings, save_mailbox

    sent_campaign(tmp_path, ["ann@example.org", "bob@example.org"])
    save_mailbox("News relay", MailboxSettings(host="127.0.0.1", port=dovecot.port,
                                               security="none", username="bounces"),
                 password=PASSWORD)  # fmt: skip
    now = [1000.0]
    service = MailboxService(context, clock=lambda: now[0])
    wait_idle(qtbot, context)
    service.every = 300
    service.tick()  # not sending: nothing
    assert service.next_due is None and not context.tasks.tasks
    context.services["sender"] = _RunningSender()
    dovecot.append("bounces", [sample("gmail_bounce", rcpt="ann@example.org",
                                      message_id=message_to("ann@example.org").message_id)])  # fmt: skip
    with qtbot.waitSignal(service.checked, timeout=20_000):
        service.tick()
    assert service.last_report.counts.bounces == 1
    assert message_to("ann@example.org").status == MessageStatus.BOUNCED

    dovecot.append("bounces", [sample("exim_bounce", rcpt="bob@example.org",
                                      message_id=message_to("bob@example.org").message_id)])  # fmt: skip
    now[0] += 299
    service.tick()  # not due yet
    wait_idle(qtbot, context)
    assert message_to("bob@example.org").status == MessageStatus.SENT
    now[0] += 2
    with qtbot.waitSignal(service.checked, timeout=20_000):
        service.tick()
    assert message_to("bob@example.org").status == MessageStatus.BOUNCED
    assert Message.select().where(Message.status == MessageStatus.BOUNCED).count() == 2
    service.shutdown()


def test_campaign_counters_of_what_came_back(qtbot, context, tmp_path: Path, dovecot):
    from core.returnpath.mailboxes import MailboxSettings, save_mailbox
    from gui.returns_panel import ReturnsPanel

    campaign = sent_campaign(tmp_path, ["ann@example.org", "bob@example.org", "cat@example.org"])
    save_mailbox("News relay", MailboxSettings(host="127.0.0.1", port=dovecot.port,
                                               security="none", username="bounces"),
                 password=PASSWORD)  # fmt: skip
    panel = ReturnsPanel(context)
    qtbot.addWidget(panel)
    panel.show()
    panel.show_campaign(campaign.id)
    wait_idle(qtbot, context)
    assert panel.labels["bounces"].text() == "Bounced 0"
    dovecot.append("bounces", [
        sample("postfix_dsn", rcpt="ann@example.org",
               message_id=message_to("ann@example.org").message_id),
        sample("arf_microsoft", rcpt="bob@example.org",
               message_id=message_to("bob@example.org").message_id),
        sample("unsubscribe", rcpt="cat@example.org", mailto="shop@example.com"),
    ])  # fmt: skip
    click(qtbot, panel.check_button)
    qtbot.waitUntil(lambda: panel.counts["complaints"] == 1, timeout=20_000)
    assert [panel.labels[k].text() for k in ("bounces", "soft_bounces", "complaints",
                                             "unsubscribes")] == [
        "Bounced 1", "Soft bounces 0", "Complaints 1", "Unsubscribed 1"
    ]  # fmt: skip
    assert panel.check_button.isEnabled()
    statuses = {c.email_key: c.status for c in Contact.select()}
    assert statuses == {"ann@example.org": "bounced", "bob@example.org": "complained",
                        "cat@example.org": "unsubscribed"}  # fmt: skip


def test_settings_page_saves_the_profile_with_its_mailbox(qtbot, context, tmp_path: Path, dovecot):
    from core.models import Mailbox, SmtpProfile
    from gui.pages.settings_page import SettingsPage

    sent_campaign(tmp_path, ["ann@example.org"])
    page = SettingsPage(context)
    qtbot.addWidget(page)
    page.show()
    page.select(SmtpProfile.get(SmtpProfile.name == "News relay").id)
    wait_idle(qtbot, context)
    box = page.editor.mailbox
    assert page.editor.name.text() == "News relay" and not box.enabled.isChecked()
    click(qtbot, box.enabled)
    qtbot.keyClicks(box.host, "127.0.0.1")
    box.port.setValue(dovecot.port)
    box.security.setCurrentIndex(box.security.findData("none"))
    qtbot.keyClicks(box.username, "bounces")
    qtbot.keyClicks(box.password, PASSWORD)
    box.after.setCurrentIndex(box.after.findData("move"))
    assert box.move_to.isVisible()
    qtbot.keyClicks(box.move_to, "Handled")
    with qtbot.waitSignal(box.saved, timeout=10_000):
        click(qtbot, page.save_button)
    saved = Mailbox.get()
    assert (saved.host, saved.username, saved.move_to, saved.delete_handled) == (
        "127.0.0.1", "bounces", "Handled", False
    )  # fmt: skip
    dovecot.append("bounces", [sample("postfix_dsn", rcpt="ann@example.org",
                                      message_id=message_to("ann@example.org").message_id)])  # fmt: skip
    from gui.main_window import MainWindow

    window = MainWindow(context, start_services=False)
    qtbot.addWidget(window)
    window.check_mailboxes_action.trigger()
    qtbot.waitUntil(lambda: message_to("ann@example.org").status == MessageStatus.BOUNCED,
                    timeout=20_000)  # fmt: skip
    wait_idle(qtbot, context)
    assert len(dovecot.folder_flags("bounces", "Handled")) == 1
    window.show_page("suppressions")
    suppressions = window.pages["suppressions"]
    qtbot.waitUntil(lambda: suppressions.model.rowCount() == 1, timeout=10_000)

    # Unticked and saved: the mailbox is forgotten (its mail stays where it is).
    click(qtbot, box.enabled)
    with qtbot.waitSignal(box.saved, timeout=10_000):
        click(qtbot, page.save_button)
    assert Mailbox.select().count() == 0


def test_the_campaigns_page_shows_what_came_back(qtbot, context, tmp_path: Path, dovecot):
    from core.campaigns import send_timeline
    from core.returnpath.mailboxes import MailboxSettings, save_mailbox
    from gui.pages.campaigns_page import CampaignsPage

    campaign = sent_campaign(tmp_path, ["ann@example.org", "bob@example.org"])
    save_mailbox("News relay", MailboxSettings(host="127.0.0.1", port=dovecot.port,
                                               security="none", username="bounces"),
                 password=PASSWORD)  # fmt: skip
    dovecot.append("bounces", [sample("exchange_ndr", rcpt="ann@example.org",
                                      message_id=message_to("ann@example.org").message_id)])  # fmt: skip
    page = CampaignsPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    wait_idle(qtbot, context)
    page.select(campaign.id)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == campaign.id)
    wait_idle(qtbot, context)
    assert page.returns.isVisible() and page.returns.labels["bounces"].text() == "Bounced 0"
    click(qtbot, page.returns.check_button)
    qtbot.waitUntil(lambda: page.returns.counts["bounces"] == 1, timeout=20_000)
    assert page.returns.labels["bounces"].text() == "Bounced 1"
    assert sum(send_timeline(campaign.id).bounced) == 1
    qtbot.waitUntil(lambda: sum(page.chart.timeline.bounced) == 1, timeout=10_000)


def test_the_contacts_page_says_why_a_contact_gets_no_mail(qtbot, context, tmp_path: Path):
    from core.returnpath.apply import process_batch
    from core.returnpath.mailboxes import MailboxSettings, save_mailbox
    from core.suppressions import import_suppressions
    from gui.pages.contacts_page import ContactsPage

    sent_campaign(tmp_path, ["ann@example.org", "bob@blocked.example", "cat@example.org"])
    box, _ = save_mailbox("News relay", MailboxSettings(host="127.0.0.1", port=993,
                                                        security="tls", username="b"))  # fmt: skip
    process_batch(box, 1, [(1, sample("gmail_bounce", rcpt="ann@example.org",
                                      message_id=message_to("ann@example.org").message_id))],
                  soft_bounce_limit=3)  # fmt: skip
    (tmp_path / "d.csv").write_text("email\n@blocked.example\n")
    import_suppressions(tmp_path / "d.csv", reason="a competitor")
    page = ContactsPage(context)
    qtbot.addWidget(page)
    page.show()
    wait_idle(qtbot, context)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10_000)

    def shown(row: int, role: Qt.ItemDataRole) -> object:
        return page.model.data(page.model.index(row, 2), role)

    qtbot.waitUntil(lambda: shown(0, Qt.ItemDataRole.DisplayRole) is not None, timeout=10_000)
    by_email = {
        page.model.data(page.model.index(r, 0), Qt.ItemDataRole.DisplayRole): r for r in range(3)
    }
    ann, bob, cat = (by_email[e] for e in ("ann@example.org", "bob@blocked.example",
                                           "cat@example.org"))  # fmt: skip
    assert shown(ann, Qt.ItemDataRole.DisplayRole) == "bounced"
    assert "hard bounce 5.1.1" in shown(ann, Qt.ItemDataRole.ToolTipRole)
    assert shown(bob, Qt.ItemDataRole.DisplayRole) == "suppressed"
    assert shown(bob, Qt.ItemDataRole.ToolTipRole) == (
        "Not mailed: the domain blocked.example is suppressed (a competitor)"
    )
    assert shown(cat, Qt.ItemDataRole.ToolTipRole) is None


def test_the_queue_page_shows_the_bounce_of_a_bounced_message(qtbot, context, tmp_path: Path):
    from core.returnpath.apply import process_batch
    from core.returnpath.mailboxes import MailboxSettings, save_mailbox
    from gui.pages.queue_page import QueuePage

    sent_campaign(tmp_path, ["ann@example.org", "bob@example.org"])
    box, _ = save_mailbox("News relay", MailboxSettings(host="127.0.0.1", port=993,
                                                        security="tls", username="b"))  # fmt: skip
    ann = message_to("ann@example.org")
    process_batch(box, 1, [(1, sample("exchange_ndr", rcpt="ann@example.org",
                                      message_id=ann.message_id))], soft_bounce_limit=3)  # fmt: skip
    page = QueuePage(context)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    wait_idle(qtbot, context)
    page.status_filter.setCurrentIndex(page.status_filter.findData("bounced"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: "ann@example.org" in page.details_title.text(), timeout=10_000)
    qtbot.waitUntil(lambda: page.attempts.rowCount() == 2, timeout=10_000)
    assert "bounce came back" in page.details_help.text()
    cells = [page.attempts.item(1, c).text() for c in range(5)]
    assert cells[1] == "returned" and cells[3] == "5.1.10"
    assert "RecipientNotFound" in cells[4] and cells[4].startswith("bounce:")


def _returned(tmp_path: Path, people: list[str]) -> None:
    """A campaign sent for real; ann's message bounced, bob complained, a domain imported."""
    from core.returnpath.apply import process_batch
    from core.returnpath.mailboxes import MailboxSettings, save_mailbox
    from core.suppressions import import_suppressions

    sent_campaign(tmp_path, people, name="Spring sale")
    box, _ = save_mailbox("Spring sale relay", MailboxSettings(host="127.0.0.1", port=993,
                                                               security="tls", username="b"))  # fmt: skip
    process_batch(box, 1, [
        (1, sample("postfix_dsn", rcpt="ann@example.org",
                   message_id=message_to("ann@example.org").message_id)),
        (2, sample("arf_yahoo", rcpt="bob@example.org",
                   message_id=message_to("bob@example.org").message_id, unique="c")),
    ], soft_bounce_limit=3)  # fmt: skip
    (tmp_path / "d.csv").write_text("email\n@blocked.example\n")
    import_suppressions(tmp_path / "d.csv")


def click_row(qtbot, page: SuppressionsPage, email: str) -> None:
    row = [e.email for e in page.model.rows].index(email)
    rect = page.table.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_suppressions_page_says_why_and_lifts_an_entry(qtbot, context, tmp_path: Path):
    _returned(tmp_path, ["ann@example.org", "bob@example.org", "cy@blocked.example"])
    page = SuppressionsPage(context)
    qtbot.addWidget(page)
    page.resize(1060, 720)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10_000)
    campaigns = {e.email: page.model.data(page.model.index(r, 2)) for r, e in
                 enumerate(page.model.rows)}  # fmt: skip
    assert campaigns == {"@blocked.example": "", "ann@example.org": "Spring sale",
                         "bob@example.org": "Spring sale"}  # fmt: skip
    panel = page.detail
    assert not panel.lift_button.isVisible()  # nothing chosen yet

    click_row(qtbot, page, "ann@example.org")
    qtbot.waitUntil(lambda: panel.detail is not None, timeout=10_000)
    assert panel.title.text() == "ann@example.org gets no mail"
    assert panel.why.text() == "Hard bounce: the address does not work"
    assert panel.campaign.text().startswith("Spring sale (the message left ")
    assert panel.code.text() == "5.1.1" and "User unknown" in panel.relay_said.text()
    assert panel.form.isRowVisible(panel.relay_said) and panel.contact.text() == "bounced"
    assert "hard bounce · 5.1.1 · Spring sale" in panel.history.text()

    click(qtbot, panel.lift_button)  # asks first; Cancel changes nothing
    assert panel.confirm is not None and panel.confirm.isVisible()
    assert "bounces hurt your sender reputation" in panel.confirm.informativeText()
    click(qtbot, panel.confirm.button(QMessageBox.StandardButton.Cancel))
    wait_idle(qtbot, context)
    assert Suppression.get_or_none(Suppression.email_key == "ann@example.org") is not None

    click(qtbot, panel.lift_button)
    click(qtbot, panel.confirm.button(QMessageBox.StandardButton.Yes))
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    assert Suppression.get_or_none(Suppression.email_key == "ann@example.org") is None
    assert Contact.get(Contact.email_key == "ann@example.org").status == ContactStatus.ACTIVE
    assert "1 entry removed." in page.banner.label.text()

    click_row(qtbot, page, "bob@example.org")  # a complaint: their own wish stays
    qtbot.waitUntil(lambda: panel.detail is not None and panel.detail.entry.startswith("bob"),
                    timeout=10_000)  # fmt: skip
    assert panel.why.text() == "Reported a message as spam"
    assert not panel.form.isRowVisible(panel.relay_said)
    click(qtbot, panel.lift_button)
    assert "asked for no more mail" in panel.confirm.informativeText()
    click(qtbot, panel.confirm.button(QMessageBox.StandardButton.Yes))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert Contact.get(Contact.email_key == "bob@example.org").status == ContactStatus.COMPLAINED
    assert "1 entry removed. 1 of them stays unsubscribed or complained" in page.banner.label.text()

    click_row(qtbot, page, "@blocked.example")
    qtbot.waitUntil(lambda: panel.detail is not None and panel.detail.by_domain, timeout=10_000)
    assert panel.title.text() == "No address at blocked.example gets mail"
    assert panel.why.text() == "Imported from d.csv"
    assert panel.lift_button.text() == "Lift the domain entry…"


def test_the_contact_dialog_says_why_a_contact_gets_no_mail(qtbot, context, tmp_path: Path):
    from gui.dialogs.contact_dialog import ContactDialog

    _returned(tmp_path, ["ann@example.org", "bob@example.org", "cy@blocked.example",
                         "dee@example.org"])

    def dialog(email: str) -> ContactDialog:
        opened = ContactDialog(context, Contact.get(Contact.email_key == email).id)
        qtbot.addWidget(opened)
        opened.show()
        qtbot.waitUntil(lambda: opened.detail is not None, timeout=10_000)
        wait_idle(qtbot, context)
        return opened

    ann = dialog("ann@example.org")
    assert ann.why_panel.isVisible() and ann.why_panel.title.text() == "ann@example.org gets no mail"
    assert ann.why_panel.campaign.text().startswith("Spring sale")
    assert "User unknown" in ann.why_panel.relay_said.text()
    click(qtbot, ann.why_panel.lift_button)
    click(qtbot, ann.why_panel.confirm.button(QMessageBox.StandardButton.Yes))
    qtbot.waitUntil(lambda: ann.status.text() == "active", timeout=10_000)
    wait_idle(qtbot, context)
    assert not ann.why_panel.isVisible()
    assert Contact.get(Contact.email_key == "ann@example.org").status == ContactStatus.ACTIVE
    assert Suppression.get_or_none(Suppression.email_key == "ann@example.org") is None

    cy = dialog("cy@blocked.example")
    assert cy.why_panel.isVisible()
    assert cy.why_panel.title.text() == (
        "cy@blocked.example gets no mail: its domain is on the list (@blocked.example)"
    )
    assert cy.why_panel.lift_button.text() == "Lift the domain entry…"
    click(qtbot, cy.why_panel.lift_button)
    assert "Every address at blocked.example" in cy.why_panel.confirm.informativeText()

    assert not dialog("dee@example.org").why_panel.isVisible()  # mailed: nothing to say
