"""The profile form's "CA certificate" field: a relay signed by a private CA, trusted by
choosing that CA's file in the form (real aiosmtpd with STARTTLS, real certificates)."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from core.models import Security, SmtpProfile
from gui.pages.settings_page import SettingsPage
from tests.conftest import free_port
from tests.gui.conftest import wait_idle
from tests.smtp_servers import Pki


@pytest.fixture
def private_relay(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """An aiosmtpd relay with STARTTLS whose certificate a private CA signed."""
    pki = Pki(tmp_path)
    cert, key = pki.issue("relay", ["127.0.0.1"])
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    port = free_port()
    controller = Controller(
        Sink(), hostname="127.0.0.1", port=port, server_hostname="localhost",
        tls_context=context, require_starttls=True, loop=asyncio.new_event_loop(),
    )  # fmt: skip
    controller.start()
    yield port, pki.ca_cert
    controller.stop()


def test_choosing_a_private_ca_in_the_form_makes_the_relay_trusted(
    qtbot, context, private_relay
):
    port, ca_cert = private_relay
    page = SettingsPage(context)
    qtbot.addWidget(page)
    dialog = page.open_new_profile()
    editor = dialog.editor
    editor.preset.setCurrentIndex(editor.preset.findData("custom"))
    editor.apply_preset("custom")
    editor.name.clear()
    qtbot.keyClicks(editor.name, "Office relay")
    qtbot.keyClicks(editor.host, "127.0.0.1")
    editor.port.setValue(port)
    editor.security.setCurrentIndex(editor.security.findData(Security.STARTTLS))
    assert editor.ca_file.placeholderText()  # empty: the system's authorities only

    # Without the CA the relay's certificate is refused, and the form says why.
    with qtbot.waitSignal(editor.test_finished, timeout=15_000) as refused:
        qtbot.mouseClick(editor.test_button, Qt.MouseButton.LeftButton)
    ok, text = refused.args
    assert not ok
    assert "authority this computer does not trust" in text and "CA certificate" in text
    assert "authority this computer does not trust" in editor.banner.label.text()

    # Choose the CA's file through the file dialog, as a person would.
    qtbot.mouseClick(editor.ca_button, Qt.MouseButton.LeftButton)
    chooser = editor.ca_dialog
    assert chooser is not None
    qtbot.waitUntil(chooser.isVisible)
    name_field = chooser.findChild(QLineEdit, "fileNameEdit")
    assert name_field is not None
    # Pick the file in the dialog (as clicking it in the list does), then click Open.
    chooser.selectFile(str(ca_cert))
    qtbot.waitUntil(lambda: name_field.text() == ca_cert.name)
    open_button = chooser.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Open)
    qtbot.mouseClick(open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not chooser.isVisible())
    assert editor.ca_file.text() == str(ca_cert)

    with qtbot.waitSignal(editor.test_finished, timeout=15_000) as trusted:
        qtbot.mouseClick(editor.test_button, Qt.MouseButton.LeftButton)
    ok, text = trusted.args
    assert ok, text
    assert "with STARTTLS" in text

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    saved = SmtpProfile.get(SmtpProfile.name == "Office relay")
    assert saved.ca_file == str(ca_cert.resolve())
    # Shown again when the profile is selected in the page.
    qtbot.waitUntil(lambda: page.profiles.currentItem() is not None
                    and page.profiles.currentItem().text() == "Office relay", timeout=5000)  # fmt: skip
    qtbot.waitUntil(lambda: page.editor.ca_file.text() == str(ca_cert.resolve()), timeout=5000)
    wait_idle(qtbot, context)


def test_the_mailbox_section_has_the_same_connection_fields(qtbot, context, tmp_path: Path):
    """The IMAP mailbox's fields are the relay's (one widget): typing a port picks its usual
    security, and the CA certificate is chosen in the same file dialog, saved with the
    mailbox and shown again (a CA file set from the command line is no longer dropped)."""
    from core.models import Mailbox
    from core.returnpath.mailboxes import MailboxSettings, save_mailbox
    from tests.core.returnpath_helpers import sent_campaign
    from tests.gui.test_settings_page import type_number

    sent_campaign(tmp_path, ["ann@example.org"])
    ca_cert = Pki(tmp_path).ca_cert
    save_mailbox("News relay", MailboxSettings(host="imap.example.com", port=993,
                                               security="tls", username="b"))  # fmt: skip
    page = SettingsPage(context)
    qtbot.addWidget(page)
    page.show()
    page.select(SmtpProfile.get(SmtpProfile.name == "News relay").id)
    box = page.editor.mailbox
    qtbot.waitUntil(lambda: box.host.text() == "imap.example.com", timeout=5000)
    assert box.connection.ca_row.isVisible() and page.editor.connection.ca_row.isVisible()
    assert box.ca_file.placeholderText() == page.editor.ca_file.placeholderText()
    type_number(qtbot, box.port, 143)
    assert box.security.currentData() == "starttls"
    type_number(qtbot, box.port, 993)
    assert box.security.currentData() == "tls"

    qtbot.mouseClick(box.connection.ca_button, Qt.MouseButton.LeftButton)
    chooser = box.connection.ca_dialog
    assert chooser is not None
    qtbot.waitUntil(chooser.isVisible)
    chooser.selectFile(str(ca_cert))
    name_field = chooser.findChild(QLineEdit, "fileNameEdit")
    qtbot.waitUntil(lambda: name_field.text() == ca_cert.name)
    open_button = chooser.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Open)
    qtbot.mouseClick(open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not chooser.isVisible())
    assert box.ca_file.text() == str(ca_cert)
    with qtbot.waitSignal(box.saved, timeout=10_000):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert Mailbox.get().ca_file == str(ca_cert)

    # Saved again from the window with nothing changed: the CA file stays.
    with qtbot.waitSignal(box.saved, timeout=10_000):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert Mailbox.get().ca_file == str(ca_cert)
    wait_idle(qtbot, context)
