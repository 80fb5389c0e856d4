"""The Test inbox page on a real capture server: mail arrives through the bridge and opens."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib
import pytest

from core.sandbox import BuiltinInbox, InboxStore
from gui.context import AppContext
from gui.inbox_service import InboxService
from gui.pages.inbox_page import InboxPage
from tests.smtp_servers import free_port

HTML = (
    '<p>Ciao Zoë, <b>novità</b> per te ✓</p><img src="https://tracker.example/open.gif">'
    '<img src="file:///etc/hostname"><a href="https://example.com/unsubscribe">Unsubscribe</a>'
)


@pytest.fixture
def service(context: AppContext, tmp_path: Path) -> Iterator[InboxService]:
    """The window's inbox service (relay through the bridge) on a free port."""
    inbox = BuiltinInbox(InboxStore(tmp_path / "inbox"), port=free_port())
    running = InboxService(context, inbox)
    running.start()
    context.services["inbox"] = running
    yield running
    running.shutdown()


def deliver(port: int, subject: str, *, html: str | None = HTML) -> None:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = (
        "Negozio <shop@example.com>",
        "zoë@example.com",
        subject,
    )
    msg["List-Unsubscribe"] = "<https://example.com/unsubscribe>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content("Ciao Zoë, novità per te ✓")
    if html is not None:
        msg.add_alternative(html, subtype="html")
    asyncio.run(aiosmtplib.send(msg, hostname="127.0.0.1", port=port, timeout=10))


def checks_of(page: InboxPage) -> list[str]:
    return [page.checks.item(i).text() for i in range(page.checks.count())]


def test_a_caught_message_arrives_and_opens_in_every_tab(qtbot, context, service):
    page = InboxPage(context)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert f"127.0.0.1:{service.inbox.port}" in page.status.text()

    deliver(service.inbox.port, "Novità <per> te ✓")
    qtbot.waitUntil(lambda: page.messages.rowCount() == 1, timeout=10_000)  # via the bridge
    assert page.messages.item(0, 1).text() == "zoë@example.com"
    assert page.messages.item(0, 2).text() == "Novità <per> te ✓"

    page.messages.selectRow(0)
    assert "Novità &lt;per&gt; te ✓" in page.summary.text()  # shown as text, not as markup
    assert "Ciao Zoë, novità per te ✓" in page.html.toPlainText()
    assert page.text.toPlainText().strip() == "Ciao Zoë, novità per te ✓"
    assert "Subject: Novità <per> te ✓" in page.headers.toPlainText()
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in page.source.toPlainText()
    # Images are asked for and refused: nothing is fetched from the network or the disk.
    qtbot.waitUntil(lambda: len(page.html.refused) >= 2, timeout=5_000)
    assert "https://tracker.example/open.gif" in page.html.refused
    assert any("etc/hostname" in url for url in page.html.refused)
    checks = checks_of(page)
    assert all(line.startswith("✓") for line in checks[:5]), checks
    assert "→  https://example.com/unsubscribe" in checks


def test_new_mail_keeps_the_open_message_and_delete_and_clear_work(qtbot, context, service):
    page = InboxPage(context)
    qtbot.addWidget(page)
    page.show()
    deliver(service.inbox.port, "Prima")
    qtbot.waitUntil(lambda: page.messages.rowCount() == 1, timeout=10_000)
    page.messages.selectRow(0)
    opened = page.current_id

    deliver(service.inbox.port, "Solo testo", html=None)
    qtbot.waitUntil(lambda: page.messages.rowCount() == 2, timeout=10_000)
    assert page.current_id == opened and "Prima" in page.summary.text()
    assert page.messages.item(0, 2).text() == "Solo testo"

    page.messages.selectRow(0)
    assert "Ciao Zoë" in page.html.toPlainText()  # the text part stands in for missing HTML
    assert any(
        line.startswith("✗") and "unsubscribe link in the body" in line for line in checks_of(page)
    )

    page.delete_current()
    assert [m.subject for m in service.store.list()] == ["Prima"]
    assert page.messages.rowCount() == 1 and page.current_id == opened

    page.clear_all(confirm=False)
    assert service.store.list() == [] and page.messages.rowCount() == 0
    assert page.current_id is None and page.summary.text() == ""


def test_the_list_follows_the_cap_without_rebuilding_and_hidden_pages_wait(
    qtbot, context, tmp_path
):
    store = InboxStore(tmp_path / "inbox", max_messages=3)

    def add(subject: str) -> None:
        store.add(mail_from="a@example.com", rcpt_tos=["b@example.com"],
                  data=f"Subject: {subject}\r\n\r\nciao\r\n".encode())  # fmt: skip

    for subject in ("m1", "m2", "m3"):
        add(subject)
    page = InboxPage(context, store=store)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.messages.selectRow(1)
    kept_item = page.messages.item(1, 2)  # the same item object must survive the update
    add("m4")  # the cap drops m1
    page.reload()
    subjects = [page.messages.item(r, 2).text() for r in range(page.messages.rowCount())]
    assert subjects == ["m4", "m3", "m2"]
    assert page.messages.item(2, 2) is kept_item and "m2" in page.summary.text()

    page.hide()
    add("m5")
    context.signals.inbox_changed.emit()
    qtbot.wait(600)  # past the refresh tick: a hidden page does not reload...
    assert page.messages.rowCount() == 3 and page.messages.item(0, 2).text() == "m4"
    page.show()  # ...until it is shown
    assert [page.messages.item(r, 2).text() for r in range(3)] == ["m5", "m4", "m3"]


def png(colour: str) -> bytes:
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def test_embedded_images_show_and_remote_ones_do_not(qtbot, context, service):
    import base64

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "shop@example.com", "zoe@example.com", "Logo"
    msg.set_content("logo")
    inline = base64.b64encode(png("blue")).decode()
    msg.add_alternative(
        f'<p>Logo</p><img src="cid:logo@shop"><img src="data:image/png;base64,{inline}">'
        '<img src="https://tracker.example/pixel.gif">',
        subtype="html",
    )
    msg.get_payload()[1].add_related(png("red"), "image", "png", cid="<logo@shop>")
    asyncio.run(aiosmtplib.send(msg, hostname="127.0.0.1", port=service.inbox.port, timeout=10))

    page = InboxPage(context)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.report is not None and set(page.report.inline_images) == {"logo@shop"}
    qtbot.waitUntil(lambda: "https://tracker.example/pixel.gif" in page.html.refused, timeout=5_000)
    assert not any(url.startswith(("cid:", "data:")) for url in page.html.refused)


def test_messages_caught_before_the_window_opened_are_listed(qtbot, context, tmp_path: Path):
    store = InboxStore(tmp_path / "inbox")
    for subject in ("uno", "due", "tre"):
        store.add(mail_from="a@example.com", rcpt_tos=["b@example.com"],
                  data=f"Subject: {subject}\r\n\r\nciao\r\n".encode())  # fmt: skip
    page = InboxPage(context, store=InboxStore(tmp_path / "inbox"))
    qtbot.addWidget(page)
    assert [page.messages.item(r, 2).text() for r in range(3)] == ["tre", "due", "uno"]
    assert "not running" in page.status.text()
    assert page.current_id is not None and "tre" in page.summary.text()


def test_an_unreadable_inbox_index_is_explained_not_fatal(qtbot, context, isolated_data_dir: Path):
    folder = isolated_data_dir / "inbox"
    folder.mkdir()
    (folder / "index.sqlite3").write_bytes(b"this is not a database" * 100)
    page = InboxPage(context)
    qtbot.addWidget(page)
    assert "cannot be opened" in page.status.text() and page.messages.rowCount() == 0
