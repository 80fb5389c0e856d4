"""Settings used as a person does: a profile made from a preset in the New profile dialog,
edited and renamed in the page, tested against a real relay, deleted after answering the
question; the password never reaches the database."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink
from aiosmtpd.smtp import AuthResult, LoginPassword
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSpinBox

from core.firstrun import seed_first_run
from core.models import SmtpProfile
from core.secrets import get_password
from gui.pages.settings_page import SettingsPage
from tests.conftest import free_port
from tests.gui.clicking import activate, answer_yes, click_row, pick
from tests.gui.conftest import wait_idle

LEFT = Qt.MouseButton.LeftButton


def _authenticate(_server, _session, _envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"anna",
        b"right",
    )
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def relay() -> Iterator[int]:
    """A real aiosmtpd relay on 127.0.0.1 that accepts the login anna/right."""
    port = free_port()
    controller = Controller(
        Sink(), hostname="127.0.0.1", port=port, server_hostname="localhost",
        authenticator=_authenticate, auth_require_tls=False, loop=asyncio.new_event_loop(),
    )  # fmt: skip
    controller.start()
    yield port
    controller.stop()


def _page(qtbot, context) -> SettingsPage:
    page = SettingsPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    activate(page)
    wait_idle(qtbot, context)
    return page


def type_into(qtbot, field, text: str) -> None:
    activate(field)
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)


def type_number(qtbot, box: QSpinBox, value: int) -> None:
    """Select the spin box's text, type the number and leave the field (editingFinished)."""
    activate(box)
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, str(value))
    qtbot.keyClick(box, Qt.Key.Key_Tab)


def test_new_profile_from_the_mailtrap_preset_then_renamed(qtbot, context):
    seed_first_run()
    page = _page(qtbot, context)
    qtbot.mouseClick(page.new_button, LEFT)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    editor = dialog.editor
    pick(editor.preset, "Mailtrap sandbox")
    assert (editor.host.text(), editor.port.value(), editor.security.currentData()) == (
        "sandbox.smtp.mailtrap.io",
        2525,
        "starttls",
    )
    assert (editor.rate.value(), editor.burst.value(), editor.connections.value()) == (0.5, 1, 1)
    assert "SMTP Settings" in editor.preset_help.text()
    assert "keyring" in editor.keyring_note.text()  # no keyring here: said plainly
    type_number(qtbot, editor.port, 465)  # the usual security of port 465 follows
    assert editor.security.currentData() == "tls"
    type_number(qtbot, editor.port, 2525)
    assert editor.security.currentData() == "starttls"

    type_into(qtbot, editor.name, "Mailtrap")
    assert editor.keyring_note.isHidden()  # no login yet: where passwords go does not matter
    type_into(qtbot, editor.username, "abc123")
    assert not editor.keyring_note.isHidden()
    type_into(qtbot, editor.password, "s3cret")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    saved = SmtpProfile.get(SmtpProfile.name == "Mailtrap")
    assert (saved.host, saved.port, saved.username, saved.rate) == (
        "sandbox.smtp.mailtrap.io",
        2525,
        "abc123",
        0.5,
    )
    assert b"s3cret" not in Path(saved._meta.database.database).read_bytes()
    assert get_password("Mailtrap") == "s3cret"  # kept for this session
    qtbot.waitUntil(lambda: page.profiles.currentItem() is not None
                    and page.profiles.currentItem().text() == "Mailtrap", timeout=5000)  # fmt: skip
    assert page.editor.host.text() == "sandbox.smtp.mailtrap.io"
    qtbot.waitUntil(
        lambda: page.editor.password.placeholderText().startswith("unchanged"), timeout=5000
    )

    # Rename in the page: the profile keeps its password.
    type_into(qtbot, page.editor.name, "Mailtrap inbox")
    type_number(qtbot, page.editor.retry_base, 60)
    qtbot.mouseClick(page.save_button, LEFT)
    qtbot.waitUntil(lambda: page.editor.banner.label.text() == "Saved.", timeout=5000)
    renamed = SmtpProfile.get_by_id(saved.id)
    assert (renamed.name, renamed.retry_base) == ("Mailtrap inbox", 60)
    assert get_password("Mailtrap inbox") == "s3cret"
    qtbot.waitUntil(lambda: [page.profiles.item(i).text() for i in range(page.profiles.count())]
                    == ["Built-in test inbox", "Mailtrap inbox"], timeout=5000)  # fmt: skip

    # Renaming onto another profile's name is refused, never overwrites it.
    type_into(qtbot, page.editor.name, "Built-in test inbox")
    qtbot.mouseClick(page.save_button, LEFT)
    qtbot.waitUntil(
        lambda: "already called 'Built-in test inbox'" in page.editor.banner.label.text(),
        timeout=5000,
    )
    assert SmtpProfile.get_by_id(saved.id).name == "Mailtrap inbox"
    assert SmtpProfile.select().count() == 2


def test_invalid_profile_is_explained_not_saved(qtbot, context):
    page = _page(qtbot, context)
    pick(page.editor.preset, "Custom relay")
    type_into(qtbot, page.editor.name, "Office")
    type_into(qtbot, page.editor.host, "smtp.example.com")
    type_into(qtbot, page.editor.username, "me")
    pick(page.editor.security, "None (only for a relay on this computer)")
    qtbot.mouseClick(page.save_button, LEFT)
    qtbot.waitUntil(lambda: "without TLS" in page.editor.banner.label.text(), timeout=5000)
    assert not SmtpProfile.select().where(SmtpProfile.name == "Office").exists()


def test_connection_verdicts_against_a_real_relay(qtbot, context, relay: int):
    page = _page(qtbot, context)
    editor = page.editor
    pick(editor.preset, "Built-in test inbox")
    type_number(qtbot, editor.port, relay)
    type_into(qtbot, editor.username, "anna")
    type_into(qtbot, editor.password, "right")
    with qtbot.waitSignal(editor.test_finished, timeout=10_000) as plaintext:
        qtbot.mouseClick(editor.test_button, LEFT)
    assert plaintext.args[0] is False
    assert "never sends a password in plaintext" in editor.verdict
    qtbot.mouseClick(editor.insecure, LEFT)
    assert editor.insecure.isChecked()
    with qtbot.waitSignal(editor.test_finished, timeout=10_000) as ok:
        qtbot.mouseClick(editor.test_button, LEFT)
    assert ok.args[0] is True, ok.args[1]
    assert f"Connected to 127.0.0.1:{relay}" in editor.verdict
    assert "logged in as anna" in editor.verdict
    assert editor.banner.label.text().startswith("✓")

    type_into(qtbot, editor.password, "wrong")
    with qtbot.waitSignal(editor.test_finished, timeout=10_000) as refused:
        qtbot.mouseClick(editor.test_button, LEFT)
    assert refused.args[0] is False
    assert "refused the login" in editor.verdict

    editor.username.clear()
    closed_port = free_port()  # nobody listens there
    type_number(qtbot, editor.port, closed_port)
    with qtbot.waitSignal(editor.test_finished, timeout=10_000) as closed:
        qtbot.mouseClick(editor.test_button, LEFT)
    assert closed.args[0] is False
    assert f"Cannot reach 127.0.0.1:{closed_port}" in editor.verdict
    assert editor.banner.label.text().startswith("✗")
    assert editor.test_button.isEnabled()
    wait_idle(qtbot, context)


def test_delete_profile_asks_and_refuses_one_in_use(qtbot, context):
    seed_first_run()  # its sample campaign uses the built-in profile
    page = _page(qtbot, context)
    agreed = answer_yes()
    qtbot.mouseClick(page.delete_button, LEFT)
    assert agreed.done and "Delete the SMTP profile 'Built-in test inbox'?" in agreed.text
    told = []
    from tests.gui.clicking import answer

    seen = answer(lambda box: (told.append(box.text()), box.close()))
    qtbot.waitUntil(lambda: seen.done, timeout=5000)
    assert "Campaigns use 'Built-in test inbox', so it cannot be deleted." in told[0]
    assert SmtpProfile.select().count() == 1

    qtbot.mouseClick(page.new_button, LEFT)
    dialog = page.dialog
    pick(dialog.editor.preset, "Gmail / Google Workspace")
    type_into(qtbot, dialog.editor.username, "me@example.com")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: page.profiles.count() == 2, timeout=5000)
    click_row(
        page.profiles,
        [page.profiles.item(i).text() for i in range(2)].index("Gmail / Google Workspace"),
    )
    qtbot.waitUntil(lambda: page.editor.name.text() == "Gmail / Google Workspace", timeout=5000)
    agreed = answer_yes()
    qtbot.mouseClick(page.delete_button, LEFT)
    assert agreed.done
    qtbot.waitUntil(lambda: page.profiles.count() == 1, timeout=5000)
    assert SmtpProfile.select().count() == 1
    qtbot.waitUntil(lambda: page.editor.name.text() == "Built-in test inbox", timeout=5000)


def test_warm_up_caps_are_typed_saved_and_today_shown(qtbot, context):
    page = _page(qtbot, context)
    qtbot.mouseClick(page.new_button, LEFT)
    dialog = page.dialog
    editor = dialog.editor
    pick(editor.preset, "Custom relay")
    type_into(qtbot, editor.name, "New domain")
    type_into(qtbot, editor.host, "127.0.0.1")
    pick(editor.security, "None (only for a relay on this computer)")
    type_number(qtbot, editor.daily_cap, 1000)
    assert "first day of sending" in editor.warmup.toolTip()
    type_into(qtbot, editor.warmup, "50,100,x")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: "is not a list of daily caps" in editor.banner.label.text(),
                    timeout=5000)  # fmt: skip
    assert dialog.isVisible()
    assert not SmtpProfile.select().where(SmtpProfile.name == "New domain").exists()
    type_into(qtbot, editor.warmup, "50, 100, 250")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert SmtpProfile.get(SmtpProfile.name == "New domain").warmup == [50, 100, 250]
    def names() -> list[str]:
        return [page.profiles.item(i).text() for i in range(page.profiles.count())]

    qtbot.waitUntil(lambda: "New domain" in names(), timeout=5000)
    click_row(page.profiles, names().index("New domain"))
    qtbot.waitUntil(lambda: page.editor.name.text() == "New domain", timeout=5000)
    assert page.editor.warmup.text() == "50,100,250"
    qtbot.waitUntil(lambda: page.editor.allowance_label.text()
                    == "Today: 50 of 50 left (warm-up day 1 of 3).", timeout=5000)  # fmt: skip
