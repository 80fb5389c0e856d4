"""The Queue page against a relay that fails in the usual ways, with the sender running.

Each flow uses a real temporary database, a real SMTP server on 127.0.0.1 and the
sender service on a qasync loop, as in the app: a refused recipient shows its attempts
and is retried until sent, a deferred message is flushed, an 'unknown' one is resolved
both ways, and hold/release/delete/export act on the selected rows.
"""

from __future__ import annotations

import asyncio
import csv
import email
import gc
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester

from core.campaigns import DraftSettings, save_draft, start_campaign
from core.importer import import_contacts
from core.models import Campaign, Message, MessageStatus
from core.profiles import ProfileSettings, save_profile
from core.templates import save_template
from gui.models.queue_model import QueueTableModel, message_ids
from gui.pages.queue_page import QueuePage
from gui.sender_service import SenderService
from tests.core.engine_helpers import make_campaign, run_worker
from tests.gui.conftest import wait_idle
from tests.smtp_servers import DROP, FaultServer, free_port


async def until(predicate: Callable[[], bool], timeout: float = 30) -> None:
    """Wait with the qasync loop running (the sender and the page callbacks need it)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


def status_of(address: str) -> str:
    return Message.get(Message.to_addr == address).status


def open_page(qtbot, context) -> QueuePage:
    page = QueuePage(context)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    return page


def run_with_sender(qloop, context, scenario: Callable[[SenderService], Awaitable[None]]) -> None:
    _run_with_sender(qloop, context, scenario)
    # Free the stopped worker's Qt objects now, on the GUI thread: a garbage collection
    # that happens to run on another thread must not be the one deleting QObjects.
    context.services.clear()
    gc.collect()


def _run_with_sender(qloop, context, scenario: Callable[[SenderService], Awaitable[None]]) -> None:
    service = SenderService(context)
    context.services["sender"] = service
    assert service.start()

    async def main() -> None:
        try:
            await scenario(service)
        finally:
            await service.stop_async()

    qloop.run_until_complete(main())


def select_address(page: QueuePage, address: str) -> int:
    message_id = Message.get(Message.to_addr == address).id
    page.table.clearSelection()
    page.table.selectRow(page.model.row_of(message_id))
    return message_id


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
            page.status_filter.setCurrentIndex(page.status_filter.findData("failed"))
            await until(lambda: page.model.rowCount() == 1 and not page.loading)
            page.table.selectRow(0)
            assert "gone@example.com" in page.details_title.text()
            assert "refused" in page.details_help.text()
            assert page.attempts.rowCount() == 1
            cells = [page.attempts.item(0, c).text() for c in range(5)]
            assert cells[1] == "rcpt" and cells[2] == "550" and cells[3] == "5.7.1"
            assert "Relaying denied" in cells[4] and cells[0].startswith("20")

            page.status_filter.setCurrentIndex(0)  # all statuses: the row stays in view
            await until(lambda: page.model.rowCount() == 2 and not page.loading)
            gone = select_address(page, "gone@example.com")
            refusing["on"] = False
            page.retry_selected()
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


def test_a_deferred_message_goes_out_when_flushed(qtbot, context, qloop, tmp_path: Path):
    busy = {"on": True}

    def rcpt(to: str) -> str:
        return "451 4.7.1 Greylisted, come back later" if busy["on"] else ""

    with FaultServer(replies={"rcpt": rcpt}) as server:
        # Retries an hour away: only the flush can make it go out during the test.
        make_campaign(
            tmp_path,
            server.port,
            ["later@example.com"],
            retry_base=3600,
            retry_max=3600,
            lifetime=86400,
        )
        page = open_page(qtbot, context)

        async def scenario(_service: SenderService) -> None:
            await until(lambda: status_of("later@example.com") == "deferred")
            message_id = Message.get().id
            await until(lambda: shown_status(page, message_id) == "deferred")
            assert page.model.index(0, 5).data().startswith("20")  # next try shown
            assert "451" in page.model.index(0, 6).data()
            busy["on"] = False
            page.flush()
            await until(lambda: shown_status(page, message_id) == "sent")

        run_with_sender(qloop, context, scenario)
    assert [r for d in server.delivered for r in d.rcpt_to] == ["later@example.com"]


def test_unknown_messages_are_resent_with_the_same_message_id_or_marked_sent(
    qtbot, context, qloop, tmp_path: Path
):
    dropping = {"on": True}

    def dot(_first_rcpt: str) -> str:
        return DROP if dropping["on"] else ""

    with FaultServer(replies={"dot": dot}) as server:
        make_campaign(tmp_path, server.port, ["a@example.com", "b@example.com"])
        page = open_page(qtbot, context)

        async def scenario(_service: SenderService) -> None:
            await until(lambda: {m.status for m in Message.select()} == {"unknown"})
            dropping["on"] = False
            await until(lambda: page.model.rowCount() == 2 and not page.loading)
            a = select_address(page, "a@example.com")
            assert "may or may not have arrived" in page.details_help.text()
            page.retry_selected()  # resend
            await until(lambda: shown_status(page, a) == "sent")
            b = select_address(page, "b@example.com")
            page.mark_sent()
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


def test_hold_release_delete_and_filters_on_a_waiting_queue(
    qtbot, context, tmp_path: Path, monkeypatch
):
    addresses = [f"p{i}@example.com" for i in range(6)]
    campaign = make_campaign(tmp_path, free_port(), addresses)  # nobody sends: all queued
    page = open_page(qtbot, context)
    wait_idle(qtbot, context)
    assert page.model.rowCount() == 6 and page.count_label.text() == "6 messages"

    page.table.selectRow(0)
    page.table.selectionModel().select(
        page.model.index(1, 0),
        page.table.selectionModel().SelectionFlag.Select
        | page.table.selectionModel().SelectionFlag.Rows,
    )
    held = page.selected_ids()
    assert len(held) == 2 and "2 messages selected" in page.details_title.text()
    page.hold()
    wait_idle(qtbot, context)
    assert {m.status for m in Message.select().where(Message.id.in_(held))} == {"held"}
    assert page.selected_ids() == held
    assert [shown_status(page, i) for i in held] == ["held", "held"]

    page.status_filter.setCurrentIndex(page.status_filter.findData("held"))
    wait_idle(qtbot, context)
    assert page.model.ids() == held
    page.release()
    wait_idle(qtbot, context)
    assert page.model.rowCount() == 0  # released rows no longer match the filter
    assert Message.select().where(Message.status == MessageStatus.QUEUED).count() == 6

    page.status_filter.setCurrentIndex(0)
    page.search.setText("p3@")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    page.search.setText("")
    page.select(campaign.id)
    qtbot.waitUntil(lambda: page.model.rowCount() == 6, timeout=5000)

    asked: list[str] = []

    def answer_no(_parent, _title, text, *_a, **_k):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer_no)
    victim = select_address(page, "p5@example.com")
    page.delete_selected()
    wait_idle(qtbot, context)
    assert status_of("p5@example.com") == "queued" and "1" in asked[0]

    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    page.delete_selected()
    wait_idle(qtbot, context)
    assert status_of("p5@example.com") == "cancelled"
    assert shown_status(page, victim) == "cancelled"
    ModelTester(qtbot).check(page.model, force_py=True)


def test_export_failed_rows_for_reimport_with_neutralised_cells(
    qtbot, context, qloop, tmp_path: Path
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
        page = open_page(qtbot, context)

        async def scenario(_service: SenderService) -> None:
            await until(lambda: Campaign.get_by_id(campaign.id).status == "finished")

        run_with_sender(qloop, context, scenario)

    target = tmp_path / "failed.csv"
    page.export_failed(str(target))
    wait_idle(qtbot, context)
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["email"] for r in rows) == ["ann@example.com", "bob@example.com"]
    ann = next(r for r in rows if r["email"] == "ann@example.com")
    assert ann["first_name"] == '\'=HYPERLINK("http://x")' and ann["city"] == "'+39 Milano"
    assert all(r["status"] == "failed" and r["last_code"] == "550" for r in rows)
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values())
    # The file goes back in through the importer as a fresh list.
    result = import_contacts(target, "Retry these")
    assert result is not None


def test_queue_model_with_filters_passes_qt_model_checks(qtbot, db, tmp_path: Path):
    make_campaign(tmp_path, free_port(), [f"p{i}@example.com" for i in range(450)])
    model = QueueTableModel()
    model.set_ids(message_ids(search="p4"))
    assert model.rowCount() == 61  # p4, p40-p49, p400-p449
    ModelTester(qtbot).check(model, force_py=True)
    model.set_ids(message_ids(status="queued"))
    ModelTester(qtbot).check(model, force_py=True)
    assert model.index(449, 2).data() == "p449@example.com"
    assert model.index(0, 3).data() == "queued"


def test_retrying_a_hard_bounce_explains_the_suppression_instead_of_cancelling(
    qtbot, context, tmp_path: Path, monkeypatch
):
    replies = {"rcpt": lambda to: "550 5.1.1 No such user" if to.startswith("gone") else ""}
    with FaultServer(replies=replies) as server:
        make_campaign(tmp_path, server.port, ["ok@example.com", "gone@example.com"])
        run_worker()
    page = open_page(qtbot, context)
    wait_idle(qtbot, context)
    gone = select_address(page, "gone@example.com")
    assert "on the suppression list (550 5.1.1 No such user)" in page.details_help.text()
    assert page.retry_button.isEnabled() and not page.release_button.isEnabled()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *_a: told.append(text))
    page.retry_selected()
    wait_idle(qtbot, context)
    assert "gone@example.com: 550 5.1.1 No such user" in told[0]
    assert status_of("gone@example.com") == "failed"  # not quietly cancelled

    page.table.selectAll()  # the sent one is not retryable, the bounced one is explained
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    page.retry_selected()
    wait_idle(qtbot, context)
    assert {m.to_addr: m.status for m in Message.select()} == {
        "ok@example.com": "sent",
        "gone@example.com": "failed",
    }
    assert shown_status(page, gone) == "failed"


def test_search_matches_the_campaign_name_too(qtbot, context, tmp_path: Path):
    make_campaign(tmp_path, free_port(), ["a@example.com"], name="Spring sale")
    make_campaign(tmp_path, free_port(), ["b@example.com"], name="Autumn")
    page = open_page(qtbot, context)
    wait_idle(qtbot, context)
    assert page.model.rowCount() == 2
    page.search.setText("spring")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert page.model.index(0, 2).data() == "a@example.com"
    assert page.model.index(0, 1).data() == "Spring sale"
