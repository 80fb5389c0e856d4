"""Starting the window on the team database it remembers, when that database cannot be
used now: its server stopped, the password changed since, or no answer at all (the
network gone). The window starts anyway: the user answers the real choice, Retry or
Open the desktop database, and never waits on the server more than a few seconds."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton

from core.db import close_database, is_postgres
from core.paths import database_location
from core.team.database import remember_password
from gui import team_ui
from gui.main_window import MainWindow
from tests.conftest import require_server
from tests.gui.clicking import answer, click_button

SHOTS = Path(os.environ.get("STAFFETTA_SHOTS", ""))
DESKTOP = "Open the desktop database"


def still_clock() -> float:
    """A clock for tests that wait for the server's own answer: it never reaches
    START_WAIT_SECONDS, which a loaded machine did before the refusal came back."""
    return 0.0


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS.parts:  # STAFFETTA_SHOTS=folder: pictures of what the user sees, styled
        from gui.style import apply_style

        apply_style(QApplication.instance())
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / name))


@pytest.fixture
def own_cluster() -> Iterator[object]:
    """A PostgreSQL cluster of this test's own, to stop and start again."""
    from tests.pg_server import PostgresServer, PostgresUnavailable

    try:
        server = PostgresServer().start()
    except PostgresUnavailable as exc:
        require_server("postgresql", str(exc))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def forget_passwords() -> Iterator[None]:
    yield
    from core import secrets

    secrets._session_passwords.clear()


def _window_shows() -> tuple[str, str]:
    """Build the window on what was opened, as the app does next; its title and label."""
    window = MainWindow(start_services=False)
    try:
        assert window.team.label is not None
        return window.windowTitle(), window.team.label.text()
    finally:
        window.shutdown()
        window.deleteLater()


@pytest.mark.slow  # a cluster of its own (about 2 s), stopped and started again
def test_a_team_server_that_is_down_at_start_then_back(  # type: ignore[no-untyped-def]
    qapp, own_cluster, monkeypatch, forget_passwords
):
    server = own_cluster
    name = server.create_database()  # type: ignore[attr-defined]
    url = server.url(name)  # type: ignore[attr-defined]
    monkeypatch.delenv("PGPASSWORD", raising=False)
    remember_password(url, server.password)  # type: ignore[attr-defined]  # kept when opened
    team_ui.remember(url)
    server.pause()  # type: ignore[attr-defined]
    address = f"127.0.0.1:{server.port}"  # type: ignore[attr-defined]
    desktop = database_location()

    def open_desktop(box) -> None:  # type: ignore[no-untyped-def]
        _shot(box, "team-start-unreachable.png")
        click_button(box, DESKTOP)

    seen = answer(open_desktop, kind=QMessageBox)
    try:
        opened = team_ui.open_start_database(team_ui.remembered_location(), desktop, clock=still_clock)
        assert seen.done and seen.error is None
        assert opened == desktop and not is_postgres()
        assert seen.text == (
            f"The team database at {address} is not reachable: Cannot reach the PostgreSQL "
            f"server at {address}: Connection refused. Check the host and the port, and that "
            "the server accepts connections from this computer.\n"
            "Retry, or work on the database on this computer for now: File → Open team "
            "database… opens the team one again."
        )
        assert "Traceback" not in seen.text
        assert _window_shows() == ("Staffetta", "Desktop database")
        assert QSettings().value(team_ui.SETTINGS_KEY) == url  # still the one to try next
    finally:
        close_database()

    # The next start: the server is still down; it comes back, and Retry opens it.
    def back_then_retry(box) -> None:  # type: ignore[no-untyped-def]
        server.resume()  # type: ignore[attr-defined]
        click_button(box, QMessageBox.StandardButton.Retry)

    seen = answer(back_then_retry, kind=QMessageBox)
    try:
        opened = team_ui.open_start_database(team_ui.remembered_location(), desktop, clock=still_clock)
        assert seen.done and seen.error is None and "is not reachable" in seen.text
        assert opened == url and is_postgres()
        title, label = _window_shows()
        assert title == f"Staffetta — team database {name} on {address}"
        assert label == f"Team database: {name} on {address}"
    finally:
        close_database()


def test_a_password_changed_since_is_one_sentence_at_start(  # type: ignore[no-untyped-def]
    qapp, postgres_url, monkeypatch, forget_passwords
):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    remember_password(postgres_url, "the-old-password")  # the server's one changed since
    team_ui.remember(postgres_url)
    seen = answer(lambda box: click_button(box, DESKTOP), kind=QMessageBox)
    try:
        opened = team_ui.open_start_database(team_ui.remembered_location(), database_location(), clock=still_clock)
        assert seen.done and seen.error is None
        assert opened == database_location() and not is_postgres()
        port = postgres_url.split(":")[2].split("/")[0]
        assert seen.text.startswith(
            f"The team database at 127.0.0.1:{port} is not reachable: The PostgreSQL server at "
            f"127.0.0.1:{port} refused the login of user staffetta. Check the user name and "
            "the password.\n"
        )
        assert "the-old-password" not in seen.text
        assert _window_shows() == ("Staffetta", "Desktop database")
    finally:
        close_database()


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that takes the connection and never answers (a network that went away)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)  # never accepted: the kernel completes the handshake, nobody speaks
    try:
        yield int(listener.getsockname()[1])
    finally:
        listener.close()


def test_a_server_that_never_answers_is_given_up_on(qapp, silent_server, forget_passwords):  # type: ignore[no-untyped-def]
    """By the clock: after START_WAIT_SECONDS the user is asked, "Connecting to…" shown
    meanwhile (the clock is injected: each look at it is half a second later)."""
    url = f"postgresql://staffetta@127.0.0.1:{silent_server}/team"
    team_ui.remember(url)
    ticks: list[float] = []
    connecting: list[str] = []

    def clock() -> float:
        ticks.append(0.5)
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible():
                connecting.append(widget.labelText())
        return sum(ticks)

    seen = answer(lambda box: click_button(box, DESKTOP), kind=QMessageBox)
    try:
        opened = team_ui.open_start_database(url, database_location(), clock=clock)
        assert opened == database_location() and not is_postgres()
        assert seen.done and seen.error is None
        assert seen.text.startswith(
            f"The team database at 127.0.0.1:{silent_server} is not reachable: The server did "
            "not answer within 5 seconds. Check the network connection, and that the server "
            "is running.\n"
        )
        assert connecting and connecting[0] == (
            f"Connecting to the team database team on 127.0.0.1:{silent_server}…"
        )
        assert sum(ticks) <= team_ui.START_WAIT_SECONDS + 1
    finally:
        close_database()


def test_the_user_may_stop_waiting_for_the_team_server(  # type: ignore[no-untyped-def]
    qapp, silent_server, forget_passwords, monkeypatch
):
    """Clicking "Open the desktop database" on "Connecting to…": no question after it."""
    url = f"postgresql://staffetta@127.0.0.1:{silent_server}/team"

    def asked(*_args: object) -> bool:
        raise AssertionError("asked again after choosing the desktop database")

    monkeypatch.setattr(team_ui, "_ask_retry", asked)
    clicked: list[str] = []

    def stop_waiting() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible():
                button = next(b for b in widget.findChildren(QPushButton) if b.isVisible())
                clicked.append(button.text())
                QTest.mouseClick(button, Qt.MouseButton.LeftButton)
                return
        QTimer.singleShot(20, stop_waiting)

    QTimer.singleShot(0, stop_waiting)
    try:
        opened = team_ui.open_start_database(url, database_location())
        assert opened == database_location() and not is_postgres()
        assert clicked == [DESKTOP]
    finally:
        close_database()


def test_a_team_database_of_an_older_staffetta_is_upgraded_only_if_agreed(  # type: ignore[no-untyped-def]
    qapp, postgres_url, postgres_cluster
):
    """As from the menu: the same question at start; declined, nothing is changed."""
    from core.db import SCHEMA_VERSION

    name = postgres_url.rsplit("/", 1)[1]
    with postgres_cluster.server.connect(name) as conn:
        conn.execute("UPDATE staffetta_schema SET version = 8")
    team_ui.remember(postgres_url)
    seen = answer(lambda box: click_button(box, DESKTOP), kind=QMessageBox)
    try:
        opened = team_ui.open_start_database(team_ui.remembered_location(), database_location(), clock=still_clock)
        assert seen.done and seen.error is None
        assert opened == database_location() and not is_postgres()
        assert seen.text.startswith(
            f"{name} on 127.0.0.1:{postgres_url.split(':')[2].split('/')[0]} was made by an "
            f"older Staffetta (schema 8). Opening it upgrades it to schema {SCHEMA_VERSION};"
        )
    finally:
        close_database()
    with postgres_cluster.server.connect(name) as conn:
        assert conn.execute("SELECT version FROM staffetta_schema").fetchone()[0] == 8


def test_the_choice_at_start_in_italian(qapp, postgres_url, monkeypatch, forget_passwords):  # type: ignore[no-untyped-def]
    """The window's sentence and the core's reason, both in Italian."""
    from gui import i18n

    monkeypatch.delenv("PGPASSWORD", raising=False)
    remember_password(postgres_url, "the-old-password")
    port = postgres_url.split(":")[2].split("/")[0]
    i18n.install(qapp, "it")
    buttons: list[str] = []

    def open_desktop(box) -> None:  # type: ignore[no-untyped-def]
        buttons.extend(sorted(b.text().replace("&", "") for b in box.buttons()))
        click_button(box, "Apri il database del computer")

    seen = answer(open_desktop, kind=QMessageBox)
    try:
        opened = team_ui.open_start_database(postgres_url, database_location(), clock=still_clock)
        assert opened == database_location()
        assert seen.done and seen.error is None
        assert seen.text == (
            f"Il database del team su 127.0.0.1:{port} non è raggiungibile: Il server PostgreSQL "
            f"su 127.0.0.1:{port} ha rifiutato l'accesso dell'utente staffetta. Controlla il "
            "nome utente e la password.\n"
            "Riprova, oppure per ora lavora sul database di questo computer: File → Apri "
            "database del team… riapre quello del team."
        )
        assert buttons == ["Apri il database del computer", "Riprova"]
    finally:
        i18n.uninstall(qapp)
        close_database()
