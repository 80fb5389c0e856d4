"""The Test inbox page on a real capture server: mail arrives through the bridge and opens."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from core.mime import address_header
from core.sandbox import BuiltinInbox, InboxStore
from gui.context import AppContext
from gui.format import set_local_zone
from gui.inbox_service import InboxService
from gui.pages.inbox_page import InboxPage
from tests.gui.clicking import (
    activate,
    answer_no,
    answer_yes,
    choose_in_menu,
    click_row,
    press,
    right_click_row,
)
from tests.smtp_servers import free_port

LEFT = Qt.MouseButton.LeftButton

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


def open_page(qtbot, context, store: InboxStore | None = None) -> InboxPage:
    page = InboxPage(context, store=store)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    activate(page)
    qtbot.waitUntil(lambda: not page.loading and not context.tasks.tasks, timeout=5000)
    return page


def opened(qtbot, page: InboxPage, subject: str) -> None:
    qtbot.waitUntil(
        lambda: page.report is not None and page.report.subject == subject, timeout=5000
    )


def test_a_caught_message_arrives_and_opens_in_every_tab(qtbot, context, service):
    page = open_page(qtbot, context)
    assert f"127.0.0.1:{service.inbox.port}" in page.status.text()
    assert "0 messages" in page.status.text()

    deliver(service.inbox.port, "Novità <per> te ✓")
    qtbot.waitUntil(lambda: page.messages.rowCount() == 1, timeout=10_000)  # via the bridge
    assert page.messages.item(0, 1).text() == "zoë@example.com"
    assert page.messages.item(0, 2).text() == "Novità <per> te ✓"
    assert "1 message." in page.status.text()

    click_row(page.messages, 0)
    opened(qtbot, page, "Novità <per> te ✓")
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
    page = open_page(qtbot, context)
    assert not page.delete_button.isEnabled() and not page.clear_button.isEnabled()
    deliver(service.inbox.port, "Prima")
    qtbot.waitUntil(lambda: page.messages.rowCount() == 1, timeout=10_000)
    opened(qtbot, page, "Prima")  # the newest opens by itself
    first = page.current_id

    deliver(service.inbox.port, "Solo testo", html=None)
    qtbot.waitUntil(lambda: page.messages.rowCount() == 2, timeout=10_000)
    assert page.current_id == first and "Prima" in page.summary.text()
    assert page.messages.item(0, 2).text() == "Solo testo"

    click_row(page.messages, 0)
    opened(qtbot, page, "Solo testo")
    assert "Ciao Zoë" in page.html.toPlainText()  # the text part stands in for missing HTML
    assert any(
        line.startswith("✗") and "unsubscribe link in the body" in line for line in checks_of(page)
    )
    choose_in_menu(right_click_row(page.messages, 0), "Copy address")
    assert QGuiApplication.clipboard().text() == "zoë@example.com"

    qtbot.mouseClick(page.delete_button, LEFT)
    qtbot.waitUntil(lambda: [m.subject for m in service.store.list()] == ["Prima"], timeout=5000)
    qtbot.waitUntil(lambda: page.messages.rowCount() == 1, timeout=5000)
    opened(qtbot, page, "Prima")

    refused = answer_no()
    qtbot.mouseClick(page.clear_button, LEFT)
    assert refused.done and "Delete the caught message?" in refused.text
    assert len(service.store.list()) == 1
    agreed = answer_yes()
    qtbot.mouseClick(page.clear_button, LEFT)
    assert agreed.done
    qtbot.waitUntil(
        lambda: service.store.list() == [] and page.messages.rowCount() == 0, timeout=5000
    )
    assert page.current_id is None and page.summary.text() == ""
    assert not page.clear_button.isEnabled()


def test_the_list_follows_the_cap_without_rebuilding_and_hidden_pages_wait(
    qtbot, context, tmp_path
):
    store = InboxStore(tmp_path / "inbox", max_messages=3)

    def add(subject: str) -> None:
        store.add(mail_from="a@example.com", rcpt_tos=["b@example.com"],
                  data=f"Subject: {subject}\r\n\r\nciao\r\n".encode())  # fmt: skip

    for subject in ("m1", "m2", "m3"):
        add(subject)
    page = open_page(qtbot, context, store)
    click_row(page.messages, 1)
    opened(qtbot, page, "m2")
    kept_item = page.messages.item(1, 2)  # the same item object must survive the update
    add("m4")  # the cap drops m1
    qtbot.mouseClick(page.refresh_button, LEFT)
    qtbot.waitUntil(
        lambda: page.messages.rowCount() == 3 and page.messages.item(0, 2).text() == "m4",
        timeout=5000,
    )
    subjects = [page.messages.item(r, 2).text() for r in range(page.messages.rowCount())]
    assert subjects == ["m4", "m3", "m2"]
    assert page.messages.item(2, 2) is kept_item and "m2" in page.summary.text()

    page.hide()
    add("m5")
    context.signals.inbox_changed.emit()
    qtbot.wait(600)  # past the refresh tick: a hidden page does not reload...
    assert page.messages.rowCount() == 3 and page.messages.item(0, 2).text() == "m4"
    page.show()  # ...until it is shown
    qtbot.waitUntil(
        lambda: [page.messages.item(r, 2).text() for r in range(3)] == ["m5", "m4", "m3"],
        timeout=5000,
    )


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

    page = open_page(qtbot, context)
    opened(qtbot, page, "Logo")
    assert page.report is not None and set(page.report.inline_images) == {"logo@shop"}
    qtbot.waitUntil(lambda: "https://tracker.example/pixel.gif" in page.html.refused, timeout=5_000)
    assert not any(url.startswith(("cid:", "data:")) for url in page.html.refused)


def test_messages_caught_before_the_window_opened_are_listed(qtbot, context, tmp_path: Path):
    store = InboxStore(tmp_path / "inbox")
    for subject in ("uno", "due", "tre"):
        store.add(mail_from="a@example.com", rcpt_tos=["b@example.com"],
                  data=f"Subject: {subject}\r\n\r\nciao\r\n".encode())  # fmt: skip
    page = open_page(qtbot, context, InboxStore(tmp_path / "inbox"))
    assert [page.messages.item(r, 2).text() for r in range(3)] == ["tre", "due", "uno"]
    assert "not running" in page.status.text() and "3 messages" in page.status.text()
    opened(qtbot, page, "tre")


def test_an_unreadable_inbox_index_is_explained_not_fatal(qtbot, context, isolated_data_dir: Path):
    folder = isolated_data_dir / "inbox"
    folder.mkdir()
    (folder / "index.sqlite3").write_bytes(b"this is not a database" * 100)
    page = open_page(qtbot, context)
    assert "cannot be opened" in page.status.text() and page.messages.rowCount() == 0
    qtbot.mouseClick(page.refresh_button, LEFT)  # says it again, never a crash
    assert "cannot be opened" in page.status.text()


def _add_raw(store: InboxStore, raw: str) -> None:
    store.add(mail_from="shop@example.com", rcpt_tos=["zoe@example.com"], data=raw.encode())


def test_a_french_unsubscribe_link_passes_the_check(qtbot, context, tmp_path: Path):
    store = InboxStore(tmp_path / "inbox")
    _add_raw(
        store,
        (
            "From: Boutique <shop@example.com>\r\nTo: zoe@example.com\r\nSubject: Nouveautés\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
            '<p>Bonjour</p><a href="https://example.com/l/9f2c?x=1">Se désinscrire</a>\r\n'
        ),
    )
    page = open_page(qtbot, context, store)
    click_row(page.messages, 0)
    qtbot.waitUntil(lambda: page.report is not None, timeout=5000)
    assert "✓  Unsubscribe link in the body" in checks_of(page)


def test_long_display_names_and_local_times_read_right(qtbot, context, tmp_path: Path):
    from datetime import timedelta, timezone

    long_name = "Zoë Müller-Lüdenscheidt von und zu Hohenzollern-Sigmaringen und Ansbach Bayreuth"
    store = InboxStore(tmp_path / "inbox")
    _add_raw(store, address_header("To", long_name, "zoe@example.com")
             + "From: shop@example.com\r\nSubject: Ciao\r\n\r\nciao\r\n")  # fmt: skip
    set_local_zone(timezone(timedelta(hours=-3)))
    try:
        page = open_page(qtbot, context, store)
        opened(qtbot, page, "Ciao")
        assert f"To {long_name} &lt;zoe@example.com&gt;" in page.summary.text()
        assert f"To: {long_name} <zoe@example.com>" in page.headers.toPlainText()
        received = store.list()[0].received_at  # stored in UTC
        from datetime import datetime

        utc = datetime.fromisoformat(received.replace("Z", "+00:00"))
        local = utc.astimezone(timezone(timedelta(hours=-3)))
        assert page.messages.item(0, 0).toolTip() == f"{local.day} {local:%b %Y, %H:%M:%S}"
    finally:
        set_local_zone(None)


def test_the_delete_key_deletes_the_open_message(qtbot, context, tmp_path: Path):
    store = InboxStore(tmp_path / "inbox")
    for subject in ("one", "two"):
        _add_raw(store, f"Subject: {subject}\r\n\r\nbody\r\n")
    page = open_page(qtbot, context, store)
    opened(qtbot, page, "two")
    press(page.messages, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: [m.subject for m in store.list()] == ["one"], timeout=5000)
    qtbot.waitUntil(lambda: page.messages.rowCount() == 1, timeout=5000)
