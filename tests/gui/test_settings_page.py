"""Settings: profiles from presets, the password outside the database, real connection tests."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink
from aiosmtpd.smtp import AuthResult, LoginPassword
from PySide6.QtWidgets import QMessageBox

from core.firstrun import seed_first_run
from core.models import Security, SmtpProfile
from core.secrets import get_password
from gui.dialogs.profile_dialog import ProfileDialog
from gui.pages.settings_page import SettingsPage
from tests.conftest import free_port
from tests.gui.conftest import wait_idle


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
    return page


def test_new_profile_from_the_mailtrap_preset(qtbot, context):
    seed_first_run()
    page = _page(qtbot, context)
    dialog = page.open_new_profile()
    editor = dialog.editor
    editor.apply_preset("mailtrap")
    assert (editor.host.text(), editor.port.value(), editor.security.currentData()) == (
        "sandbox.smtp.mailtrap.io",
        2525,
        Security.STARTTLS,
    )
    assert (editor.rate.value(), editor.burst.value(), editor.connections.value()) == (0.5, 1, 1)
    assert editor.per_connection.value() == 50
    assert "SMTP Settings" in editor.preset_help.text()
    assert editor.rate.toolTip() and editor.retry_base.toolTip() and editor.daily_cap.toolTip()
    assert "keyring" in editor.keyring_note.text()  # no keyring here: said plainly
    editor.port.setValue(465)
    editor.port.editingFinished.emit()  # the usual security of port 465 follows
    assert editor.security.currentData() == Security.TLS
    editor.port.setValue(2525)
    editor.port.editingFinished.emit()
    assert editor.security.currentData() == Security.STARTTLS

    editor.name.setText("Mailtrap")
    assert editor.keyring_note.isHidden()  # no login yet: where passwords go does not matter
    editor.username.setText("abc123")
    assert not editor.keyring_note.isHidden()
    editor.password.setText("s3cret")
    dialog.save_button.click()
    assert dialog.result() == ProfileDialog.DialogCode.Accepted
    saved = SmtpProfile.get(SmtpProfile.name == "Mailtrap")
    assert (saved.host, saved.port, saved.username, saved.rate) == (
        "sandbox.smtp.mailtrap.io",
        2525,
        "abc123",
        0.5,
    )
    assert b"s3cret" not in Path(saved._meta.database.database).read_bytes()
    assert get_password("Mailtrap") == "s3cret"  # kept for this session
    assert page.profiles.currentItem().text() == "Mailtrap"
    assert page.editor.host.text() == "sandbox.smtp.mailtrap.io"

    # Rename in the page: the profile keeps its password.
    page.editor.name.setText("Mailtrap inbox")
    page.editor.retry_base.setValue(60)
    assert page.save()
    renamed = SmtpProfile.get_by_id(saved.id)
    assert (renamed.name, renamed.retry_base) == ("Mailtrap inbox", 60)
    assert get_password("Mailtrap inbox") == "s3cret"
    assert [page.profiles.item(i).text() for i in range(page.profiles.count())] == [
        "Built-in test inbox",
        "Mailtrap inbox",
    ]


def test_invalid_profile_is_explained_not_saved(qtbot, context, monkeypatch):
    shown = []
    monkeypatch.setattr(
        "gui.dialogs.profile_dialog.show_error", lambda _parent, error: shown.append(error)
    )
    page = _page(qtbot, context)
    page.editor.apply_preset("custom")
    page.editor.name.setText("Office")
    page.editor.host.setText("smtp.example.com")
    page.editor.security.setCurrentIndex(page.editor.security.findData(Security.NONE))
    assert not page.save()
    assert "without TLS" in shown[0].user_text()
    assert not SmtpProfile.select().where(SmtpProfile.name == "Office").exists()


def test_connection_verdicts_against_a_real_relay(qtbot, context, relay: int):
    page = _page(qtbot, context)
    editor = page.editor
    editor.apply_preset("builtin")
    editor.port.setValue(relay)
    editor.username.setText("anna")
    editor.password.setText("right")
    with qtbot.waitSignal(editor.test_finished, timeout=10_000) as plaintext:
        editor.test()
    assert plaintext.args[0] is False
    assert "never sends a password in plaintext" in editor.verdict
    editor.insecure.setChecked(True)
    with qtbot.waitSignal(editor.test_finished, timeout=10_000) as ok:
        editor.test_button.click()
    assert ok.args[0] is True, ok.args[1]
    assert f"Connected to 127.0.0.1:{relay}" in editor.verdict
    assert "logged in as anna" in editor.verdict
    assert editor.banner.label.text().startswith("✓")

    editor.password.setText("wrong")
    with qtbot.waitSignal(editor.test_finished, timeout=10_000) as refused:
        editor.test()
    assert refused.args[0] is False
    assert "refused the login" in editor.verdict

    editor.username.clear()
    editor.port.setValue(free_port())  # nobody listens there
    with qtbot.waitSignal(editor.test_finished, timeout=10_000) as closed:
        editor.test()
    assert closed.args[0] is False
    assert f"Cannot reach 127.0.0.1:{editor.port.value()}" in editor.verdict
    assert editor.banner.label.text().startswith("✗")
    assert editor.test_button.isEnabled()
    wait_idle(qtbot, context)


def test_delete_profile(qtbot, context, monkeypatch):
    seed_first_run()  # its sample campaign uses the built-in profile
    shown = []
    monkeypatch.setattr("gui.pages.settings_page.show_error", lambda _p, e: shown.append(e))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page = _page(qtbot, context)
    page.delete_current()
    assert "Campaigns use" in shown[0]
    assert SmtpProfile.select().count() == 1

    dialog = page.open_new_profile()
    dialog.editor.apply_preset("gmail")
    dialog.editor.username.setText("me@example.com")
    dialog.accept()
    assert page.profiles.currentItem().text() == "Gmail / Google Workspace"
    page.delete_current()
    assert SmtpProfile.select().count() == 1
    assert page.profiles.count() == 1
    assert page.editor.name.text() == "Built-in test inbox"
