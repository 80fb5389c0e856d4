"""One marketer's afternoon, driven only through the window.

Import a CSV with the import wizard, write a template, make an SMTP profile for the
office relay, test-send a campaign to the built-in inbox through the test-send dialog,
start it through the Start dialog and watch it finish; then a second campaign through
the office relay (a small aiosmtpd server that answers one recipient 450 the first time
and 250 after), whose deferred message is retried from the Queue page. Every step is a
click, a key or typing into the real widget; nothing calls a page's method.
"""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path

from aiosmtpd.controller import Controller
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from core.models import Campaign, Contact, Message, SmtpProfile, Template
from core.sandbox import BuiltinInbox, InboxStore, ensure_builtin_profile
from gui.inbox_service import InboxService
from gui.main_window import MainWindow
from gui.sender_service import SenderService
from tests.gui.clicking import click_row, pick, until
from tests.smtp_servers import free_port

LEFT = Qt.MouseButton.LeftButton


class OncePerRecipient450:
    """The office relay: says "try later" to each address in ``later`` once, then accepts."""

    def __init__(self, later: set[str]) -> None:
        self.later = set(later)
        self.delivered: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address in self.later:
            self.later.discard(address)
            return "450 4.2.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.delivered.extend(envelope.rcpt_tos)
        return "250 2.0.0 Ok: queued"


def click(widget) -> None:
    assert widget.isEnabled(), f"{widget.text()!r} is disabled"
    QTest.mouseClick(widget, LEFT)


def type_over(widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    QTest.keyClick(widget, Qt.Key.Key_Delete)
    QTest.keyClicks(widget, text)


def choose(combo, starts_with: str) -> None:
    """Pick the combo box item whose text starts with ``starts_with`` (with the keyboard)."""
    index = combo.findText(starts_with, Qt.MatchFlag.MatchStartsWith)
    assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
    pick(combo, combo.itemText(index))


def go_to(window: MainWindow, key: str) -> None:
    """Click the page's entry in the navigation list."""
    click_row(window.navigation, window._page_keys.index(key))
    assert window.current_page_key() == key


def test_import_write_test_send_start_finish_and_retry_from_the_queue(
    qtbot, context, qloop, tmp_path: Path
):
    people = tmp_path / "clienti.csv"
    people.write_text(
        "email,first_name,city\n"
        "anna@example.com,Anna,Roma\n"
        "bruno@example.com,Bruno,Milano\n"
        "late@example.com,Lara,Torino\n",
        encoding="utf-8",
    )
    inbox = BuiltinInbox(InboxStore(tmp_path / "inbox"), port=free_port())
    ensure_builtin_profile(inbox.port or 0)
    inbox_service = InboxService(context, inbox)
    inbox_service.start()
    context.services["inbox"] = inbox_service
    relay = OncePerRecipient450({"late@example.com"})
    relay_port = free_port()
    controller = Controller(relay, hostname="127.0.0.1", port=relay_port,
                            server_hostname="localhost", loop=asyncio.new_event_loop())  # fmt: skip
    controller.start()
    sender = SenderService(context)
    context.services["sender"] = sender
    window = MainWindow(context, start_services=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()

    async def scenario() -> None:
        assert sender.start()

        # 1. Contacts → Import CSV… → type the file, Return reads it, Import, Close.
        go_to(window, "contacts")
        contacts = window.pages["contacts"]
        click(contacts.import_button)
        await until(lambda: contacts.wizard is not None and contacts.wizard.isVisible())
        wizard = contacts.wizard
        QTest.keyClicks(wizard.path, str(people))
        QTest.keyClick(wizard.path, Qt.Key.Key_Return)
        await until(lambda: wizard.import_button.isEnabled())
        click(wizard.import_button)
        await until(lambda: wizard.report is not None)
        assert wizard.report.imported == 3 and wizard.report.list_name == "clienti"
        click(wizard.cancel_button)  # "Close"
        await until(lambda: contacts.model.rowCount() == 3)

        # 2. Templates → New → name, subject, body → Save.
        go_to(window, "templates")
        templates = window.pages["templates"]
        click(templates.new_button)
        await until(lambda: templates.name.text() == "New template")
        type_over(templates.name, "Autumn news")
        type_over(templates.subject, "Ciao {{ first_name }}")
        type_over(templates.html, '<p>Ciao {{ first_name }} da {{ city }}</p>'
                                  '<a href="{{ unsubscribe_url }}">Unsubscribe</a>')  # fmt: skip
        click(templates.save_button)
        await until(lambda: Template.select().where(Template.name == "Autumn news").exists())
        assert "{{ city }}" in Template.get(Template.name == "Autumn news").html

        # 3. Settings → New profile… for the office relay.
        go_to(window, "settings")
        settings = window.pages["settings"]
        click(settings.new_button)
        await until(lambda: settings.dialog is not None and settings.dialog.isVisible())
        editor = settings.dialog.editor
        pick(editor.preset, "Custom relay")
        type_over(editor.name, "Office relay")
        type_over(editor.host, "127.0.0.1")
        type_over(editor.port, str(relay_port))
        pick(editor.security, "None (only for a relay on this computer)")
        type_over(editor.retry_base, "3600")  # no automatic retry during the test
        click(settings.dialog.save_button)
        await until(lambda: not settings.dialog.isVisible())
        assert SmtpProfile.get(SmtpProfile.name == "Office relay").port == relay_port

        # 4. Campaigns → New → fill the draft → Test send… → Start… → finished.
        go_to(window, "campaigns")
        campaigns = window.pages["campaigns"]

        async def new_campaign(name: str, profile: str) -> None:
            before = Campaign.select().count()
            click(campaigns.new_button)
            await until(lambda: Campaign.select().count() == before + 1)
            await until(lambda: campaigns.detail is not None and campaigns.name.isEnabled()
                        and campaigns.detail.id == Campaign.select().order_by(Campaign.id.desc()).get().id)  # fmt: skip
            type_over(campaigns.name, name)
            await until(lambda: campaigns.list_box.findData("clienti") >= 0)
            choose(campaigns.list_box, "clienti")
            await until(
                lambda: (
                    campaigns.template_box.findText("Autumn news", Qt.MatchFlag.MatchStartsWith)
                    >= 0
                )
            )
            choose(campaigns.template_box, "Autumn news")
            choose(campaigns.profile_box, profile)
            type_over(campaigns.sender_edit, "Negozio <shop@example.com>")
            type_over(campaigns.unsubscribe_url, "https://example.com/u?e={{ email|urlencode }}")
            click(campaigns.save_button)
            await until(lambda: Campaign.select().where(
                (Campaign.name == name) & (Campaign.sender == "Negozio <shop@example.com>")).exists())  # fmt: skip

        await new_campaign("Autumn", "Built-in test inbox")
        click(campaigns.test_button)
        await until(lambda: campaigns.test_dialog is not None and campaigns.test_dialog.isVisible())
        test = campaigns.test_dialog
        type_over(test.addresses, "me@example.com")
        await until(lambda: test.picker.current_id() is not None)
        click(test.send_button)
        await until(lambda: test.result_label.text().startswith(("✓", "✗")))
        assert test.result_label.text().startswith("✓ Sent 1 test"), test.result_label.text()
        await until(lambda: [m.to for m in inbox.store.list()] == ["me@example.com"])
        test.reject()

        click(campaigns.start_button)
        await until(
            lambda: campaigns.start_dialog is not None and campaigns.start_dialog.isVisible()
        )
        start = campaigns.start_dialog
        assert "<b>3 recipients</b>" in start.summary.text()
        click(start.start_button)
        autumn = Campaign.get(Campaign.name == "Autumn")
        await until(lambda: Campaign.get_by_id(autumn.id).status == "finished")
        await until(lambda: campaigns.counter_labels["sent"].text() == "3")
        caught = sorted(m.to for m in inbox.store.list())
        assert caught == [
            "anna@example.com",
            "bruno@example.com",
            "late@example.com",
            "me@example.com",
        ]

        # The Test inbox shows what arrived, with its checks.
        go_to(window, "inbox")
        inbox_page = window.pages["inbox"]
        await until(lambda: inbox_page.messages.rowCount() == 4)
        await until(lambda: inbox_page.report is not None)
        assert any(inbox_page.checks.item(i).text() == "✓  Unsubscribe link in the body"
                   for i in range(inbox_page.checks.count()))  # fmt: skip

        # 5. A second campaign through the office relay: one recipient is deferred.
        go_to(window, "campaigns")
        await new_campaign("Autumn (office)", "Office relay")
        click(campaigns.start_button)
        await until(lambda: campaigns.start_dialog is not None and campaigns.start_dialog.isVisible()
                    and campaigns.start_dialog is not start)  # fmt: skip
        click(campaigns.start_dialog.start_button)
        office = Campaign.get(Campaign.name == "Autumn (office)")

        def late() -> Message:
            return Message.get(
                (Message.campaign == office.id) & (Message.to_addr == "late@example.com")
            )

        await until(lambda: Message.select().where(Message.campaign == office.id).count() == 3)
        await until(lambda: late().status == "deferred")
        await until(lambda: sorted(relay.delivered) == ["anna@example.com", "bruno@example.com"])

        # 6. Queue → deferred → select it → Retry / resend → sent.
        go_to(window, "queue")
        queue = window.pages["queue"]
        pick(queue.status_filter, "Deferred")
        await until(lambda: queue.model.rowCount() == 1 and not queue.loading)
        await until(lambda: queue.model.index(0, 2).data() == "late@example.com")
        assert "450" in queue.model.index(0, 6).data()
        click_row(queue.table, 0, 2)
        await until(lambda: queue.retry_button.isEnabled())
        click(queue.retry_button)
        await until(lambda: late().status == "sent")
        assert "late@example.com" in relay.delivered
        await until(lambda: Campaign.get_by_id(office.id).status == "finished")
        await until(lambda: queue.model.rowCount() == 0)  # no deferred message left
        await sender.stop_async()

    try:
        qloop.run_until_complete(asyncio.wait_for(scenario(), 120))
    finally:
        controller.stop()
        inbox_service.shutdown()
        window.shutdown()
        context.services.clear()
        gc.collect()
    assert Contact.select().count() == 3
    assert {m.status for m in Message.select()} == {"sent"}
