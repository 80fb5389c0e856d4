"""The Campaigns page used as a person does: clicks, typing, the real dialogs, a real
sender on a qasync loop, real SMTP servers on 127.0.0.1 and a real database file.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QMessageBox

from core.campaigns import DraftSettings, save_draft
from core.contacts import set_status, suppress
from core.importer import import_contacts
from core.models import Campaign, Contact, Message
from core.profiles import ProfileSettings, save_profile
from core.sandbox import BuiltinInbox, InboxStore
from core.templates import save_template
from gui.pages.campaigns_page import CampaignsPage
from gui.sender_service import SenderService
from tests.conftest import free_port
from tests.gui.clicking import answer_message_box, button_named, until
from tests.gui.conftest import wait_idle
from tests.smtp_servers import FaultServer

HTML = '<p>Hi {{ first_name }}</p><a href="{{ unsubscribe_url }}">unsubscribe</a>'


def draft(tmp_path: Path, port: int, count: int, *, rate: float = 0, name: str = "Spring",
          list_name: str = "People", **extra: object) -> Campaign:  # fmt: skip
    path = tmp_path / f"{list_name}.csv"
    path.write_text(
        "email,first_name\n" + "".join(f"p{i}@example.com,P{i}\n" for i in range(count))
    )
    import_contacts(path, list_name)
    if not Campaign.select().exists():
        save_template("T", subject="Hi {{ first_name }}", html=HTML)
        save_profile("Relay", ProfileSettings(host="127.0.0.1", port=port, security="none",
                                              is_sandbox=True, rate=rate, burst=1,
                                              max_connections=2, connect_timeout=2))  # fmt: skip
    return save_draft(name, DraftSettings(list_name, "T", "Relay", "Shop <shop@example.com>",
                                          unsubscribe_url="https://example.com/u?e={{ email }}",
                                          **extra))  # type: ignore[arg-type]  # fmt: skip


def open_page(qtbot, context, campaign: Campaign | None = None,
              sender: bool = True) -> tuple[CampaignsPage, SenderService | None]:  # fmt: skip
    """The page on a campaign; the sender is created but started by ``scenario`` (with the
    qasync loop running, as in the app)."""
    service = None
    if sender:
        service = SenderService(context)
        context.services["sender"] = service
    page = CampaignsPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    wait_idle(qtbot, context)
    if campaign is not None:
        page.select(campaign.id)
        qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == campaign.id)
    return page, service


def click(qtbot, widget) -> None:
    assert widget.isEnabled(), f"{widget.text()!r} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_test_send_through_the_dialog_arrives_in_the_built_in_inbox(
    qtbot, context, qloop, tmp_path: Path
):
    inbox = BuiltinInbox(InboxStore(tmp_path / "inbox"), port=free_port())
    inbox.start()
    try:
        campaign = draft(tmp_path, inbox.port or 0, 150)
        page, service = open_page(qtbot, context, campaign)

        async def scenario() -> None:
            assert service is not None and service.start()
            click(qtbot, page.test_button)  # clicked(bool) used to reach the address argument
            await until(lambda: page.test_dialog is not None and page.test_dialog.isVisible())
            dialog = page.test_dialog
            assert dialog is not None
            dialog.addresses.clear()
            qtbot.keyClicks(dialog.addresses, "me@example.com, boss@example.com")
            qtbot.keyClicks(dialog.picker.search, "p142@")  # beyond the first 100 contacts
            await until(lambda: dialog.picker.model.rowCount() == 1)
            await until(lambda: "p142@example.com" in dialog.picker.current_label())
            click(qtbot, dialog.send_button)
            await until(lambda: dialog.result_label.text().startswith(("✓", "✗")))
            assert dialog.result_label.text().startswith("✓ Sent 2 tests"), dialog.result_label.text()
            assert "rendered for p142@example.com" in dialog.result_label.text()
            assert service is not None
            await service.stop_async()

        qloop.run_until_complete(scenario())
        messages = inbox.store.list()
        assert sorted(m.to for m in messages) == [
            "boss@example.com", "me@example.com"]  # fmt: skip
        assert {m.subject for m in messages} == {"Hi P142"}
    finally:
        inbox.stop()


def test_a_draft_form_being_edited_is_not_reset_while_another_campaign_sends(
    qtbot, context, qloop, tmp_path: Path
):
    with FaultServer() as server:
        sending = draft(tmp_path, server.port, 40, rate=8, name="Sending")
        from core.campaigns import start_campaign

        start_campaign(sending)
        other = draft(tmp_path, server.port, 2, name="Autumn", list_name="Others")
        save_profile("Second relay", ProfileSettings(host="127.0.0.1", port=server.port,
                                                     security="none", is_sandbox=True))  # fmt: skip
        page, service = open_page(qtbot, context, other)
        page.show()

        async def scenario() -> None:
            assert service is not None and service.start()
            await until(lambda: page.profile_box.findData("Second relay") >= 0)
            page.name.setFocus()
            page.name.selectAll()
            qtbot.keyClicks(page.name, "Autumn sale")
            page.profile_box.setFocus()
            qtbot.keyClick(page.profile_box, Qt.Key.Key_Down)  # "Relay" → "Second relay"
            assert page.profile_box.currentData() == "Second relay"
            before = len(server.delivered)
            await until(lambda: len(server.delivered) >= before + 10)  # ~1.5 s of refreshes
            assert page.name.text() == "Autumn sale"
            assert page.profile_box.currentData() == "Second relay"
            click(qtbot, page.save_button)
            await until(lambda: not page.form_dirty)
            assert service is not None
            await service.stop_async()

        qloop.run_until_complete(scenario())
    saved = Campaign.get_by_id(other.id)
    assert saved.name == "Autumn sale" and saved.smtp_profile.name == "Second relay"


def test_saving_a_draft_keeps_and_adds_attachments_and_the_unsubscribe_mailbox(
    qtbot, context, tmp_path: Path
):
    first = tmp_path / "price list.pdf"
    first.write_bytes(b"%PDF-1.4 prices")
    second = tmp_path / "terms.txt"
    second.write_text("terms")
    campaign = draft(tmp_path, 2525, 2, attachments=[str(first)],
                     unsubscribe_mailto="leave@example.com")  # fmt: skip
    page, _service = open_page(qtbot, context, campaign, sender=False)
    assert page.attachment_paths() == [str(first)]
    assert page.unsubscribe_mailto.text() == "leave@example.com"
    click(qtbot, page.add_attachment_button)
    dialog = page.attachment_dialog
    qtbot.waitUntil(lambda: dialog.isVisible())
    assert dialog.directory().absolutePath() != str(Path.cwd())  # not the program's folder
    dialog.setDirectory(str(tmp_path))
    dialog.selectFile(str(second))
    dialog.accept()
    assert page.attachment_paths() == [str(first), str(second)]
    page.sender_edit.setFocus()
    page.sender_edit.selectAll()
    qtbot.keyClicks(page.sender_edit, "News <news@example.com>")
    click(qtbot, page.save_button)
    wait_idle(qtbot, context)
    saved = Campaign.get_by_id(campaign.id)
    assert saved.sender == "News <news@example.com>"
    assert saved.attachment_paths == [str(first), str(second)]
    assert saved.unsubscribe_mailto == "leave@example.com"
    # The folder is remembered for the next attachment.
    click(qtbot, page.add_attachment_button)
    assert page.attachment_dialog.directory().absolutePath() == str(tmp_path)
    page.attachment_dialog.reject()


def test_renaming_a_draft_to_another_drafts_name_is_refused(qtbot, context, tmp_path: Path):
    spring = draft(tmp_path, 2525, 2, name="Spring")
    autumn = save_draft("Autumn", DraftSettings("People", "T", "Relay", "Other <o@example.com>"))
    page, _service = open_page(qtbot, context, autumn, sender=False)
    page.name.selectAll()
    qtbot.keyClicks(page.name, "Spring")
    click(qtbot, page.save_button)
    qtbot.waitUntil(lambda: isinstance(page.findChild(QMessageBox), QMessageBox))
    box = page.findChild(QMessageBox)
    assert "Another campaign is already named 'Spring'" in box.text()
    box.close()
    wait_idle(qtbot, context)
    assert Campaign.get_by_id(spring.id).sender == "Shop <shop@example.com>"
    assert Campaign.get_by_id(autumn.id).name == "Autumn"
    assert page.form_dirty  # the typed name is kept for the user to change


def test_start_dialog_names_profile_recipients_skipped_and_eta_and_checks_once(
    qtbot, context, qloop, tmp_path: Path, monkeypatch
):
    import core.campaigns.expansion as expansion
    import core.ops.campaigns as campaign_ops

    calls: list[str] = []
    for module in (expansion, campaign_ops):
        real = module.preflight
        monkeypatch.setattr(module, "preflight",
                            lambda *a, _real=real, **k: calls.append("pre-flight") or _real(*a, **k))  # fmt: skip
    with FaultServer() as server:
        campaign = draft(tmp_path, server.port, 12, rate=2)
        ids = [c.id for c in Contact.select().order_by(Contact.id)]
        set_status(ids[:1], "unsubscribed")
        suppress(ids[1:3])
        page, service = open_page(qtbot, context, campaign)

        async def scenario() -> None:
            assert service is not None and service.start()
            click(qtbot, page.start_button)
            await until(lambda: page.start_dialog is not None and page.start_dialog.isVisible())
            dialog = page.start_dialog
            assert dialog is not None
            text = dialog.summary.text()
            assert "<b>9 recipients</b>" in text and "Relay" in text
            assert f"127.0.0.1:{server.port}" in text
            assert "3 contacts skipped: 2 on the suppression list, 1 unsubscribed" in text
            assert "At 2 messages a second this takes about 4 s" in text
            assert dialog.start_button is not None
            click(qtbot, dialog.start_button)
            await until(lambda: Campaign.get_by_id(campaign.id).status == "finished")
            await until(lambda: page.counter_labels["sent"].text() == "9")
            assert page.test_result.text() == "Started: 9 messages queued, 3 recipients skipped."
            assert service is not None
            await service.stop_async()

        qloop.run_until_complete(scenario())
    assert calls == ["pre-flight"]  # checked once, not again when starting
    assert Message.select().count() == 9


def test_a_failing_pre_flight_groups_identical_problems_with_a_count(
    qtbot, context, tmp_path: Path
):
    campaign = draft(tmp_path, 2525, 300)
    save_template("T", subject="Hi {{ firstname }}", html=HTML, replace=True)  # a typo, for all
    page, _service = open_page(qtbot, context, campaign, sender=False)
    click(qtbot, page.start_button)
    qtbot.waitUntil(lambda: page.start_dialog is not None and page.start_dialog.isVisible())
    dialog = page.start_dialog
    assert dialog.windowTitle() == "The campaign cannot start"
    assert "300 recipients would get a broken message" in dialog.summary.text()
    lines = [dialog.details.item(i).text() for i in range(dialog.details.count())]
    assert len(lines) == 1
    assert lines[0].startswith("300 recipients: {{ firstname }} in the subject is not defined")
    assert lines[0].endswith("is not defined (e.g. p0@example.com, p1@example.com, p2@example.com).")
    assert dialog.start_button is None
    button_named(dialog, "Close").click()
    assert Message.select().count() == 0


def test_cancelled_campaign_shows_what_went_out_not_a_full_bar(
    qtbot, context, qloop, tmp_path: Path
):
    with FaultServer() as server:
        campaign = draft(tmp_path, server.port, 60, rate=10)
        from core.campaigns import start_campaign

        start_campaign(campaign)
        page, service = open_page(qtbot, context, campaign)

        async def scenario() -> None:
            assert service is not None and service.start()
            await until(lambda: len(server.delivered) >= 3)
            answer_message_box(QMessageBox.StandardButton.Yes)
            # From Qt's event loop, as a person's click: its question's exec() must not
            # run nested inside this coroutine (see the qloop fixture).
            QTimer.singleShot(0, lambda: click(qtbot, page.cancel_button))
            await until(lambda: page.progress.format().startswith("Cancelled"))
            assert page.progress.value() < page.progress.maximum() == 60
            assert "Cancelled" in page.banner.label.text()
            assert service is not None
            await service.stop_async()

        qloop.run_until_complete(scenario())
    assert Campaign.get_by_id(campaign.id).status == "cancelled"


def test_relay_banner_is_true_while_unreachable_and_clears_when_it_answers(
    qtbot, context, qloop, tmp_path: Path
):
    port = free_port()  # nothing listens: every connection is refused
    campaign = draft(tmp_path, port, 5)
    from core.campaigns import start_campaign

    start_campaign(campaign)
    page, service = open_page(qtbot, context, campaign)
    received: list[str] = []

    class Handler:
        async def handle_DATA(self, _server, _session, envelope):
            received.extend(envelope.rcpt_tos)
            return "250 OK"

    async def scenario() -> None:
        assert service is not None and service.start()
        await until(lambda: page.relay_banner.isVisible(), timeout=20)
        text = page.relay_banner.label.text()
        assert text.startswith(f"Can't reach 127.0.0.1:{port} — next try "), text
        assert "refused" in text
        assert "Waiting for 127.0.0.1" in page.rate_label.text()
        # The list never says "Sending" while nothing can leave: it says why.
        await until(lambda: page.table.item(0, 1).text() == "Waiting for the relay", timeout=20)
        assert "refused" in page.table.item(0, 1).toolTip()
        assert page.relay_banner.retry_button.isVisible()
        controller = Controller(Handler(), hostname="127.0.0.1", port=port,
                                server_hostname="relay.test", loop=asyncio.new_event_loop())  # fmt: skip
        controller.start()
        try:
            click(qtbot, page.relay_banner.retry_button)
            await until(lambda: len(received) == 5, timeout=20)
            await until(lambda: not page.relay_banner.isVisible())
            await until(lambda: Campaign.get_by_id(campaign.id).status == "finished")
        finally:
            controller.stop()
        assert service is not None
        await service.stop_async()

    qloop.run_until_complete(scenario())
    assert sorted(received) == [f"p{i}@example.com" for i in range(5)]


def test_delete_key_context_menu_duplicate_and_status_icons(qtbot, context, tmp_path: Path):
    campaign = draft(tmp_path, 2525, 2)
    page, _service = open_page(qtbot, context, campaign, sender=False)
    page.context_menu()  # built for the selected campaign
    page.table_actions["duplicate"].trigger()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2)
    wait_idle(qtbot, context)
    assert Campaign.get_or_none(Campaign.name == "Spring copy") is not None
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.name == "Spring copy")
    page.table.setFocus()
    answer_message_box(QMessageBox.StandardButton.Yes)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)
    assert [c.name for c in Campaign.select()] == ["Spring"]
    # Paused, finished…: an icon from the style, no glyph the font may lack.
    Campaign.update(status="paused").execute()
    page.reload_list()
    wait_idle(qtbot, context)
    item = page.table.item(0, 0)
    assert not item.icon().isNull()
    metrics = QFontMetrics(page.table.font())
    for row in range(page.table.rowCount()):
        for column in range(2):
            text = page.table.item(row, column).text()
            assert all(metrics.inFontUcs4(ord(ch)) for ch in text), text
    assert page.table.item(0, 1).text() == "Paused"


@pytest.mark.parametrize("count,expected", [(1, "1 message"), (2, "2 messages")])
def test_paused_campaign_counts_its_messages_in_words(
    qtbot, context, tmp_path: Path, count: int, expected: str
):
    campaign = draft(tmp_path, 2525, count)
    from core.campaigns import pause_campaign, start_campaign

    start_campaign(campaign)
    pause_campaign(Campaign.get_by_id(campaign.id))
    page, _service = open_page(qtbot, context, campaign, sender=False)
    qtbot.waitUntil(lambda: page.rate_label.text().startswith("Paused"))
    assert page.rate_label.text() == f"Paused with {expected} still to send."
    click(qtbot, page.resume_button)
    wait_idle(qtbot, context)
    assert Campaign.get_by_id(campaign.id).status == "running"


def test_the_campaigns_and_templates_pages_run_no_sql_on_the_ui_thread(
    qtbot, context, tmp_path: Path, monkeypatch
):
    import threading

    from core.models import database_proxy
    from gui.pages.templates_page import TemplatesPage

    campaign = draft(tmp_path, 2525, 30)
    save_draft("Autumn", DraftSettings("People", "T", "Relay", "Other <o@example.com>"))
    database = database_proxy.obj
    on_ui_thread: list[str] = []
    everywhere: list[str] = []
    real = database.execute_sql

    def watched(sql, *args, **kwargs):
        everywhere.append(sql)
        if threading.current_thread() is threading.main_thread():
            on_ui_thread.append(sql)
        return real(sql, *args, **kwargs)

    monkeypatch.setattr(database, "execute_sql", watched)
    page, _service = open_page(qtbot, context, campaign, sender=False)
    templates = TemplatesPage(context)
    qtbot.addWidget(templates)
    templates.show()
    qtbot.waitUntil(lambda: templates.last_preview is not None)
    rows = {page.table.item(r, 0).text(): r for r in range(page.table.rowCount())}
    page.table.selectRow(rows["Autumn"])
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.name == "Autumn")
    page.table.selectRow(rows["Spring"])
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == campaign.id)
    page.sender_edit.selectAll()
    qtbot.keyClicks(page.sender_edit, "News <news@example.com>")
    click(qtbot, page.save_button)
    click(qtbot, page.test_button)
    qtbot.waitUntil(lambda: page.test_dialog is not None and page.test_dialog.picker.model.rowCount() == 30)
    qtbot.keyClicks(page.test_dialog.picker.search, "p2")
    qtbot.waitUntil(lambda: page.test_dialog.picker.model.rowCount() == 1 + 10)  # p2, p20…p29
    page.test_dialog.reject()
    click(qtbot, page.start_button)
    qtbot.waitUntil(lambda: page.start_dialog is not None and page.start_dialog.isVisible())
    page.start_dialog.reject()
    qtbot.keyClicks(templates.subject, " again")
    qtbot.waitUntil(lambda: "again" in templates.preview_headers.toPlainText(), timeout=5000)
    click(qtbot, templates.save_button)
    wait_idle(qtbot, context)
    assert on_ui_thread == [] and len(everywhere) > 50  # the pages did read and write
    assert Campaign.get_by_id(campaign.id).sender == "News <news@example.com>"


def test_a_file_per_recipient_is_chosen_in_a_dialog_and_saved_with_the_draft(
    qtbot, context, tmp_path: Path
):
    from PySide6.QtWidgets import QDialogButtonBox

    path = tmp_path / "clients.csv"
    path.write_text("email,customer_id\nann@example.com,C-1\n")
    import_contacts(path, "Clients")
    invoices = tmp_path / "invoices"
    invoices.mkdir()
    (invoices / "C-1.pdf").write_bytes(b"%PDF-1.4 C-1")
    campaign = draft(tmp_path, 2525, 1, list_name="Clients")
    page, _service = open_page(qtbot, context, campaign, sender=False)
    click(qtbot, page.per_recipient_button)
    dialog = page.recipient_file_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    qtbot.keyClicks(dialog.folder, str(invoices))
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.waitUntil(lambda: "✓ ann@example.com: C-1.pdf" in dialog.findings.text(), timeout=5000)
    qtbot.waitUntil(ok.isEnabled, timeout=5000)
    click(qtbot, ok)
    pattern = str(invoices / "{{ customer_id }}.pdf")
    assert page.attachment_paths() == [pattern] and page.form_dirty
    click(qtbot, page.save_button)
    wait_idle(qtbot, context)
    assert Campaign.get_by_id(campaign.id).attachment_paths == [pattern]


def test_the_pause_banner_says_who_paused_from_the_column(qtbot, context, tmp_path: Path):
    """Paused with the button: "Paused by you." (not the stored reason pasted after
    "Paused:"); paused by the relay: its reason. Who paused is ``paused_by``."""
    from core.campaigns import start_campaign
    from core.campaigns.lifecycle import pause_if_running

    campaign = draft(tmp_path, 2525, 2)
    start_campaign(campaign)
    page, _service = open_page(qtbot, context, campaign, sender=False)
    click(qtbot, page.pause_button)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.status == "paused")
    wait_idle(qtbot, context)
    assert Campaign.get_by_id(campaign.id).paused_by == "user"
    qtbot.waitUntil(lambda: page.banner.label.text() == "Paused by you.")
    page.grab().save(str(tmp_path / "paused-by-you.png"))
    click(qtbot, page.resume_button)
    wait_idle(qtbot, context)
    reason = "At AUTH: 535 authentication refused — Fix the SMTP profile, then resume."
    assert pause_if_running(campaign.id, reason)
    page.reload_list()
    qtbot.waitUntil(lambda: page.banner.label.text() == f"Paused: {reason}", timeout=10_000)
