"""The Queue page used as a person does, against relays that fail in the usual ways.

Each flow uses a real temporary database, a real SMTP server on 127.0.0.1 and (where
messages move) the sender service on a qasync loop, as in the app. Every action is a
click on the real button, a right-click menu item, or a key; every dialog it opens is
answered through its own buttons or fields; the test then checks what the page shows
and what the database holds.
"""

from __future__ import annotations

import asyncio
import csv
import email
import gc
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from pytestqt.modeltest import ModelTester

from core.campaigns import DraftSettings, save_draft, start_campaign
from core.importer import import_contacts
from core.models import Attempt, Campaign, Message, MessageStatus
from core.ops import queue as ops
from core.profiles import ProfileSettings, save_profile
from core.templates import save_template
from gui.format import set_local_zone
from gui.models.queue_model import QueueTableModel
from gui.pages.queue_page import QueuePage
from gui.sender_service import SenderService
from tests.core.engine_helpers import make_campaign, run_worker
from tests.gui.clicking import (
    activate,
    answer,
    answer_no,
    answer_ok,
    answer_yes,
    choose_file,
    choose_in_menu,
    click_button,
    click_row,
    pick,
    press,
    right_click_row,
)
from tests.gui.conftest import wait_idle
from tests.smtp_servers import DROP, FaultServer, free_port

LEFT = Qt.MouseButton.LeftButton


async def until(predicate: Callable[[], bool], timeout: float = 30) -> None:
    """Wait with the qasync loop running (the sender and the page callbacks need it)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


def status_of(address: str) -> str:
    return str(Message.get(Message.to_addr == address).status)


def open_page(qtbot, context) -> QueuePage:
    page = QueuePage(context)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    activate(page)
    return page


def settled(page: QueuePage) -> bool:
    """Nothing is being read, and the first rows are (asking for them reads them: a view
    that has not painted yet asked for nothing, and the actions would not know the
    statuses of a selection)."""
    rows_read = all(page.model.cached_row(r) is not None for r in range(min(page.model.rowCount(), 20)))
    return (rows_read and not page.loading and not page.model.loading()
            and not page.context.tasks.tasks)  # fmt: skip


def wait_settled(qtbot, page: QueuePage) -> None:
    qtbot.waitUntil(lambda: settled(page), timeout=10_000)


def run_with_sender(qloop, context, scenario: Callable[[SenderService], Awaitable[None]]) -> None:
    service = SenderService(context)
    context.services["sender"] = service
    assert service.start()

    async def main() -> None:
        try:
            await scenario(service)
        finally:
            await service.stop_async()

    qloop.run_until_complete(main())
    # Free the stopped worker's Qt objects now, on the GUI thread.
    context.services.clear()
    gc.collect()


def row_of(page: QueuePage, address: str) -> int:
    return page.model.row_of(Message.get(Message.to_addr == address).id)


def click_address(page: QueuePage, address: str, **kwargs) -> int:
    click_row(page.table, row_of(page, address), 2, **kwargs)
    return int(Message.get(Message.to_addr == address).id)


def shown_status(page: QueuePage, message_id: int) -> str | None:
    row = page.model.row_of(message_id)
    return None if row < 0 else page.model.index(row, 3).data()


def test_a_refused_recipient_shows_its_attempts_and_is_retried_until_sent(
    qtbot, context, qloop, tmp_path: Path
):
    refusing = {"on": True}

    def rcpt(to: str) -> str:
        return (
            "550 5.7.1 Relaying denied for this sender"
            if refusing["on"] and to.startswith("gone")
            else ""
        )

    with FaultServer(replies={"rcpt": rcpt}) as server:
        make_campaign(tmp_path, server.port, ["ok@example.com", "gone@example.com"])
        page = open_page(qtbot, context)

        async def scenario(_service: SenderService) -> None:
            await until(lambda: status_of("gone@example.com") == "failed")
            await until(lambda: status_of("ok@example.com") == "sent")
            pick(page.status_filter, "Failed")
            await until(lambda: page.model.rowCount() == 1 and settled(page))
            assert page.count_label.text() == "1 message"
            click_row(page.table, 0, 2)
            await until(lambda: page.attempts.rowCount() == 1)
            assert "gone@example.com" in page.details_title.text()
            assert "1 attempt ·" in page.details_title.text()
            assert "refused" in page.details_help.text()
            cells = [page.attempts.item(0, c).text() for c in range(5)]
            assert cells[1] == "rcpt" and cells[2] == "550" and cells[3] == "5.7.1"
            assert "Relaying denied" in cells[4] and " 20" in cells[0]  # 1 Dec 2026, 09:05:12

            pick(page.status_filter, "All statuses")  # the row stays in view
            await until(lambda: page.model.rowCount() == 2 and settled(page))
            gone = click_address(page, "gone@example.com")
            await until(lambda: page.retry_button.isEnabled())
            refusing["on"] = False
            qtbot.mouseClick(page.retry_button, LEFT)
            await until(lambda: shown_status(page, gone) == "sent")
            assert page.selected_ids() == [gone]  # the refresh kept the selection
            await until(lambda: page.attempts.rowCount() == 2)
            assert page.attempts.item(1, 2).text() == "250"
            await until(lambda: Campaign.get().status == "finished")

        run_with_sender(qloop, context, scenario)
    assert sorted(r for d in server.delivered for r in d.rcpt_to) == [
        "gone@example.com",
        "ok@example.com",
    ]


def test_a_deferred_message_goes_out_when_flushed_and_its_next_try_is_local_time(
    qtbot, context, qloop, tmp_path: Path
):
    busy = {"on": True}
    set_local_zone(timezone(timedelta(hours=5, minutes=30)))  # not UTC, whatever the machine
    try:
        with FaultServer(
            replies={
                "rcpt": lambda _to: "451 4.7.1 Greylisted, come back later" if busy["on"] else ""
            }
        ) as server:
            # Retries an hour away: only the flush can make it go out during the test.
            make_campaign(tmp_path, server.port, ["later@example.com"], retry_base=3600,
                          retry_max=3600, lifetime=86400)  # fmt: skip
            page = open_page(qtbot, context)

            async def scenario(_service: SenderService) -> None:
                await until(lambda: status_of("later@example.com") == "deferred")
                message = Message.get()
                await until(lambda: shown_status(page, message.id) == "deferred")
                due_local = message.next_attempt_at + timedelta(hours=5, minutes=30)
                assert page.model.index(0, 5).data().endswith(due_local.strftime("%H:%M"))
                assert "451" in page.model.index(0, 6).data()
                click_row(page.table, 0, 2)
                await until(lambda: page.attempts.rowCount() == 1)
                started = Attempt.get().started_at + timedelta(hours=5, minutes=30)
                assert page.attempts.item(0, 0).text() == f"{started.day} {started:%b %Y, %H:%M:%S}"
                busy["on"] = False
                qtbot.mouseClick(page.flush_button, LEFT)
                await until(lambda: shown_status(page, message.id) == "sent")

            run_with_sender(qloop, context, scenario)
    finally:
        set_local_zone(None)
    assert [r for d in server.delivered for r in d.rcpt_to] == ["later@example.com"]


def test_unknown_messages_are_resent_with_ctrl_r_or_marked_sent(qtbot, context, qloop, tmp_path):
    dropping = {"on": True}
    with FaultServer(replies={"dot": lambda _r: DROP if dropping["on"] else ""}) as server:
        make_campaign(tmp_path, server.port, ["a@example.com", "b@example.com"])
        page = open_page(qtbot, context)

        async def scenario(_service: SenderService) -> None:
            await until(lambda: {m.status for m in Message.select()} == {"unknown"})
            dropping["on"] = False
            await until(lambda: page.model.rowCount() == 2 and settled(page))
            a = Message.get(Message.to_addr == "a@example.com").id
            await until(lambda: {shown_status(page, m.id) for m in Message.select()} == {"unknown"})
            click_address(page, "a@example.com")
            await until(lambda: "may or may not have arrived" in page.details_help.text())
            await until(lambda: page.retry_action.isEnabled())
            QTest.keyClick(page.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # resend
            await until(lambda: shown_status(page, a) == "sent")
            b = click_address(page, "b@example.com")
            await until(lambda: page.mark_sent_button.isEnabled())
            qtbot.mouseClick(page.mark_sent_button, LEFT)
            await until(lambda: shown_status(page, b) == "sent")

        run_with_sender(qloop, context, scenario)
    # Only the resent message arrived again, under the Message-ID it had the first time.
    assert [d.rcpt_to for d in server.delivered] == [["a@example.com"]]
    arrived = email.message_from_bytes(server.delivered[0].data)
    assert arrived["Message-ID"].strip("<>") == Message.get(
        Message.to_addr == "a@example.com"
    ).message_id.strip("<>")
    assert (
        Message.get(Message.to_addr == "b@example.com").last_response
        == "Marked as sent by the user."
    )


def test_hold_release_delete_and_filters_with_buttons_keys_and_menus(qtbot, context, tmp_path):
    addresses = [f"p{i}@example.com" for i in range(6)]
    campaign = make_campaign(tmp_path, free_port(), addresses)  # nobody sends: all queued
    page = open_page(qtbot, context)
    wait_settled(qtbot, page)
    assert page.model.rowCount() == 6 and page.count_label.text() == "6 messages"
    assert not page.hold_button.isEnabled()  # nothing selected

    click_row(page.table, 0, 2)
    click_row(page.table, 1, 2, modifier=Qt.KeyboardModifier.ControlModifier)
    held = page.selected_ids()
    assert len(held) == 2 and page.details_title.text() == "2 messages selected."
    qtbot.mouseClick(page.hold_button, LEFT)
    wait_settled(qtbot, page)
    assert {m.status for m in Message.select().where(Message.id.in_(held))} == {"held"}
    assert page.selected_ids() == held
    assert [shown_status(page, i) for i in held] == ["held", "held"]

    pick(page.status_filter, "Held")
    wait_settled(qtbot, page)
    assert page.model.ids() == held
    page.table.selectAll()
    menu = right_click_row(page.table, 0, 2)
    assert not page.hold_action.isEnabled()
    choose_in_menu(menu, "Release")
    wait_settled(qtbot, page)
    assert page.model.rowCount() == 0  # released rows no longer match the filter
    assert page.count_label.text() == "0 messages"
    assert Message.select().where(Message.status == MessageStatus.QUEUED).count() == 6

    pick(page.status_filter, "All statuses")
    qtbot.keyClicks(page.search, "p3@")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    page.search.clear()
    pick(page.campaign_filter, campaign.name)
    qtbot.waitUntil(lambda: page.model.rowCount() == 6 and settled(page), timeout=5000)

    # The Delete key asks first; "No" changes nothing.
    victim = click_address(page, "p5@example.com")
    asked = answer_no()
    press(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: asked.done, timeout=5000)
    assert "Cancel 1 unsent message?" in asked.text and "It stays" in asked.text
    wait_settled(qtbot, page)
    assert status_of("p5@example.com") == "queued"

    agreed = answer_yes()
    qtbot.mouseClick(page.delete_button, LEFT)
    qtbot.waitUntil(lambda: agreed.done, timeout=5000)
    qtbot.waitUntil(lambda: shown_status(page, victim) == "cancelled", timeout=5000)
    assert status_of("p5@example.com") == "cancelled"
    assert not page.delete_button.isEnabled()  # a cancelled message cannot be cancelled again

    # Ctrl+C and the menu copy the addresses of the selection.
    click_address(page, "p0@example.com")
    click_address(page, "p2@example.com", modifier=Qt.KeyboardModifier.ControlModifier)
    press(page.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: QGuiApplication.clipboard().text() == "p0@example.com\np2@example.com", timeout=5000
    )
    QGuiApplication.clipboard().clear()
    choose_in_menu(right_click_row(page.table, row_of(page, "p4@example.com"), 2), "Copy address")
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "p4@example.com", timeout=5000)
    ModelTester(qtbot).check(page.model, force_py=True)


def test_show_details_opens_every_attempt_as_text(qtbot, context, tmp_path):
    replies = {"rcpt": lambda to: "550 5.1.1 <gone@example.com>: no such user here"}
    with FaultServer(replies=replies) as server:
        make_campaign(tmp_path, server.port, ["gone@example.com"])
        run_worker()
    page = open_page(qtbot, context)
    wait_settled(qtbot, page)
    choose_in_menu(right_click_row(page.table, 0, 2), "Show details…")
    qtbot.waitUntil(lambda: page.details_dialog is not None and page.details_dialog.isVisible())
    text = page.details_dialog.text.toPlainText()
    assert "To: gone@example.com" in text and "Status: failed after 1 attempt" in text
    assert "rcpt  550 5.1.1" in text and "no such user here" in text
    assert "On the suppression list" in text
    click_button(page.details_dialog, "Close")
    assert not page.details_dialog.isVisible()
    # Return on a selected row opens it too.
    click_row(page.table, 0, 2)
    press(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.details_dialog.isVisible(), timeout=5000)
    page.details_dialog.close()


def test_export_failed_writes_the_chosen_file_with_neutralised_cells(
    qtbot, context, tmp_path: Path, monkeypatch
):
    source = tmp_path / "people.csv"
    source.write_text(
        "email,first_name,city\n"
        'ann@example.com,"=HYPERLINK(""http://x"")",+39 Milano\n'
        "bob@example.com,Bob,Roma\n"
        "fine@example.com,Fine,Roma\n",
        encoding="utf-8",
    )
    import_contacts(source, "People")
    save_template("T", subject="Hi {{ first_name }}", html='<a href="{{ unsubscribe_url }}">u</a>')
    refuse = {"rcpt": lambda to: "" if to.startswith("fine") else "550 5.1.1 =unknown user"}
    with FaultServer(replies=refuse) as server:
        save_profile("Relay", ProfileSettings(host="127.0.0.1", port=server.port, security="none",
                                              is_sandbox=True, rate=0, burst=5))  # fmt: skip
        campaign = save_draft("Spring", DraftSettings("People", "T", "Relay", "Shop <s@example.com>",
                                                      unsubscribe_url="https://example.com/u"))  # fmt: skip
        start_campaign(campaign)
        run_worker()
    monkeypatch.setenv("HOME", str(tmp_path))
    page = open_page(qtbot, context)
    wait_settled(qtbot, page)

    target = tmp_path / "exports" / "failed-spring.csv"
    target.parent.mkdir()
    chose = choose_file(str(target))
    qtbot.mouseClick(page.export_button, LEFT)  # clicked(bool) used to reach the path: a crash
    assert chose.done and chose.error is None, chose.error
    assert chose.dialog.directory().absolutePath() in (str(tmp_path), str(tmp_path / "Documents"))
    wait_settled(qtbot, page)
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["email"] for r in rows) == ["ann@example.com", "bob@example.com"]
    ann = next(r for r in rows if r["email"] == "ann@example.com")
    assert ann["first_name"] == '\'=HYPERLINK("http://x")' and ann["city"] == "'+39 Milano"
    assert all(r["status"] == "failed" and r["last_code"] == "550" for r in rows)
    assert import_contacts(target, "Retry these").imported == 0  # same people, updated

    # The next export starts where the last one went; cancelling writes nothing.
    cancelled = answer(lambda d: d.reject())
    qtbot.mouseClick(page.export_button, LEFT)
    assert cancelled.done
    assert cancelled.dialog.directory().absolutePath() == str(target.parent)


def test_retrying_a_hard_bounce_explains_the_suppression_instead_of_cancelling(
    qtbot, context, tmp_path: Path
):
    replies = {"rcpt": lambda to: "550 5.1.1 No such user" if to.startswith("gone") else ""}
    with FaultServer(replies=replies) as server:
        make_campaign(tmp_path, server.port, ["ok@example.com", "gone@example.com"])
        run_worker()
    page = open_page(qtbot, context)
    wait_settled(qtbot, page)
    click_address(page, "gone@example.com")
    qtbot.waitUntil(lambda: "suppression list" in page.details_help.text(), timeout=5000)
    assert "on the suppression list (550 5.1.1 No such user)" in page.details_help.text()
    assert page.retry_button.isEnabled() and not page.release_button.isEnabled()
    told = answer_ok()
    qtbot.mouseClick(page.retry_button, LEFT)
    qtbot.waitUntil(lambda: told.done, timeout=5000)
    assert "gone@example.com: 550 5.1.1 No such user" in told.text
    assert "1 selected recipient is on the suppression list" in told.text
    wait_settled(qtbot, page)
    assert status_of("gone@example.com") == "failed"  # not quietly cancelled

    press(page.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(page.selected_ids()) == 2
    asked = answer_yes()
    press(page.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: asked.done, timeout=5000)
    assert "Retry the other 1 message?" in asked.text
    wait_settled(qtbot, page)
    assert {m.to_addr: m.status for m in Message.select()} == {
        "ok@example.com": "sent",
        "gone@example.com": "failed",
    }


def test_search_matches_the_campaign_name_too(qtbot, context, tmp_path: Path):
    make_campaign(tmp_path, free_port(), ["a@example.com"], name="Spring sale")
    make_campaign(tmp_path, free_port(), ["b@example.com"], name="Autumn")
    page = open_page(qtbot, context)
    wait_settled(qtbot, page)
    assert page.model.rowCount() == 2
    press(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "spring")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and settled(page), timeout=5000)
    qtbot.waitUntil(lambda: page.model.index(0, 2).data() == "a@example.com", timeout=5000)
    assert page.model.index(0, 1).data() == "Spring sale"


@pytest.mark.parametrize("rows", [450])
def test_queue_model_reads_rows_off_the_ui_thread_and_passes_model_checks(
    qtbot, context, tmp_path: Path, rows: int
):
    make_campaign(tmp_path, free_port(), [f"p{i}@example.com" for i in range(rows)])
    model = QueueTableModel(
        lambda ids, deliver: context.query(
            "rows", ops.message_rows, ids, on_done=deliver, latest=False
        )
    )
    model.set_ids(ops.message_ids(search="p4"))
    assert model.rowCount() == 61  # p4, p40-p49, p400-p449
    assert model.index(0, 2).data() is None  # not read yet: asked for, never read here
    qtbot.waitUntil(lambda: not model.loading(), timeout=5000)
    assert model.index(0, 2).data() == "p4@example.com"
    ModelTester(qtbot).check(model, force_py=True)
    model.set_ids(ops.message_ids(status="queued"))
    ModelTester(qtbot).check(model, force_py=True)
    model.index(449, 2).data()
    qtbot.waitUntil(lambda: not model.loading(), timeout=5000)
    assert model.index(449, 2).data() == "p449@example.com"
    assert model.index(0, 3).data() == "queued"
    wait_idle(qtbot, context)
