"""Templates, settings, inbox and queue pages driven through their widgets."""

from __future__ import annotations

import asyncio
import email
from pathlib import Path

import aiosmtplib
from pytestqt.modeltest import ModelTester

from core.models import Message
from core.queue import retry
from core.sandbox import InboxStore
from gui.models.queue_model import QueueTableModel, message_ids
from gui.pages.inbox_page import InboxPage
from gui.pages.queue_page import QueuePage
from tests.core.engine_helpers import make_campaign, run_worker
from tests.gui.conftest import wait_idle
from tests.smtp_servers import FaultServer, free_port


def test_inbox_page_opens_a_caught_message(qtbot, context, tmp_path: Path):
    from core.sandbox import BuiltinInbox

    store = InboxStore(tmp_path / "inbox")
    inbox = BuiltinInbox(store, port=free_port())
    inbox.start()
    try:
        page = InboxPage(context, store=store)
        qtbot.addWidget(page)
        msg = email.message.EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = "shop@example.com", "zoe@example.com", "Novità ✓"
        msg["List-Unsubscribe"] = "<https://example.com/u>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        msg.set_content("Testo semplice")
        msg.add_alternative(
            '<p>Ciao <a href="https://example.com/unsubscribe">unsubscribe</a></p>', subtype="html"
        )
        asyncio.run(aiosmtplib.send(msg, hostname="127.0.0.1", port=inbox.port))
        page.reload()
        assert page.messages.rowCount() == 1
        assert page.messages.item(0, 2).text() == "Novità ✓"
        page.messages.selectRow(0)
        assert "Novità ✓" in page.summary.text()
        assert "Ciao unsubscribe" in page.html.toPlainText()
        checks = [page.checks.item(i).text() for i in range(page.checks.count())]
        assert any("One-click" in c and c.startswith("✓") for c in checks)
        assert any("https://example.com/unsubscribe" in c for c in checks)
        page.clear_all(confirm=False)
        assert page.messages.rowCount() == 0
    finally:
        inbox.stop()


def test_queue_page_shows_attempts_and_retries_a_failed_message(qtbot, context, tmp_path: Path):
    replies = {"rcpt": lambda to: "550 5.7.1 Relaying denied" if to == "gone@example.com" else ""}
    with FaultServer(replies=replies) as server:
        make_campaign(tmp_path, server.port, ["ok@example.com", "gone@example.com"])
        run_worker()
        page = QueuePage(context)
        qtbot.addWidget(page)
        page.show()
        wait_idle(qtbot, context)
        assert page.model.rowCount() == 2
        page.status_filter.setCurrentIndex(page.status_filter.findData("failed"))
        qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.loading, timeout=5000)
        page.table.selectRow(0)
        assert page.attempts.rowCount() == 1
        assert page.attempts.item(0, 2).text() == "550"
        assert "Relaying denied" in page.attempts.item(0, 4).text()
        page.retry_selected()
        wait_idle(qtbot, context)
        assert Message.get(Message.to_addr == "gone@example.com").status == "queued"
        page.table.selectRow(0) if page.model.rowCount() else None
        ModelTester(qtbot).check(page.model, force_py=True)


def test_queue_model_passes_qt_model_checks(qtbot, db, tmp_path: Path):
    make_campaign(tmp_path, free_port(), [f"p{i}@example.com" for i in range(30)])
    model = QueueTableModel()
    model.set_ids(message_ids())
    ModelTester(qtbot).check(model, force_py=True)
    assert model.index(0, 2).data() == "p0@example.com"
    assert retry(status="failed") == 0
