"""The window on a team database, used as a person does, against a real PostgreSQL:
File → Open team database…, the address and the password typed into the dialog (a wrong
password is one sentence in the dialog, which stays open), the window moving onto it
(title, status bar, the Senders page showing who is sending what, this window included),
remembered for the next start, and File → Open desktop database back again."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from core.db import is_postgres
from core.models import Message, Sender, SmtpProfile
from core.team.senders import TeamSender
from gui import team_ui
from gui.main_window import MainWindow
from gui.window_host import WindowHost
from tests.core.engine_helpers import make_campaign
from tests.gui.clicking import answer, click_button, until

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(__import__("os").environ.get("STAFFETTA_SHOTS", ""))


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS.parts:  # STAFFETTA_SHOTS=folder: pictures of what the user sees, styled
        from PySide6.QtWidgets import QApplication

        from gui.style import apply_style

        apply_style(QApplication.instance())
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / name))


@pytest.fixture
def team_db(db, postgres_url: str, postgres_cluster, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    """A team database where another computer's sender already works on a campaign; the
    password is not in the environment: only what the user types counts. The window
    starts on the desktop database (``db``)."""
    from core.db import close_database, open_database

    open_database(postgres_url)
    make_campaign(tmp_path, 2525, ["a@example.com", "b@example.com"], name="Spring sale")
    profile = int(SmtpProfile.get(SmtpProfile.name == "Spring sale relay").id)
    close_database()
    # Its lease outlasts the test: this window never takes that profile over.
    other = TeamSender(postgres_url, name="north-1", lease_seconds=3600)
    other.register()
    assert other.acquire(profile)
    other.close()
    monkeypatch.delenv("PGPASSWORD")
    open_database(str(db))
    yield postgres_url, postgres_cluster.server.password
    from core import secrets

    secrets._session_passwords.clear()


def test_open_a_team_database_and_see_who_is_sending(qtbot, qapp, context, qloop, team_db):  # type: ignore[no-untyped-def]
    url, password = team_db
    name = url.rsplit("/", 1)[1]
    port = url.split(":")[2].split("/")[0]
    qapp.setQuitOnLastWindowClosed(False)  # the old window closes before the test ends
    window = MainWindow(context, start_services=False)  # the host closes and deletes it
    window.show()
    assert window.team.label is not None and window.team.label.text() == "Desktop database"
    assert window.windowTitle() == "Staffetta"
    assert window.team.open_desktop_action is not None
    assert not window.team.open_desktop_action.isEnabled()
    host = WindowHost(start_services=True)
    host.adopt(window)
    seen: dict[str, object] = {}

    async def scenario() -> None:
        # Everything runs with the loop running, as in the app: the sender lives on it.
        assert window.team.open_team_action is not None
        window.team.open_team_action.trigger()  # File → Open team database…
        dialog = window.team.dialog
        await until(dialog.isVisible)
        QTest.keyClicks(dialog.address, url)
        assert dialog.host.text() == "127.0.0.1" and dialog.user.text() == "staffetta"
        assert dialog.database.text() == name
        QTest.keyClicks(dialog.password, "not-the-password")
        QTest.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        await until(lambda: "refused the login" in dialog.banner.label.text(), timeout=15)
        assert dialog.isVisible() and host.window is window  # nothing changed
        assert dialog.banner.label.text() == (
            f"The PostgreSQL server at 127.0.0.1:{port} refused the login of user staffetta. "
            "Check the user name and the password."
        )
        _shot(dialog, "team-dialog-wrong-password.png")
        dialog.password.clear()
        QTest.keyClicks(dialog.password, password)
        QTest.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        await until(lambda: host.window is not window and host.window.isVisible(), timeout=60)
        new = host.window
        assert not shiboken6.isValid(dialog) and not shiboken6.isValid(window)  # both gone
        assert is_postgres()
        assert new.windowTitle() == f"Staffetta — team database {name} on 127.0.0.1:{port}"
        assert new.team.label.text() == f"Team database: {name} on 127.0.0.1:{port}"
        assert password not in new.team.label.toolTip()
        assert QSettings().value(team_ui.SETTINGS_KEY) == url  # opened at the next start
        assert password not in Path(QSettings().fileName()).read_text()
        labels = [new.navigation.item(i).text() for i in range(new.navigation.count())]
        assert labels[-1] == "Senders"
        new.show_page("senders")
        page = new.pages["senders"]
        sender = new.context.services["sender"]
        await until(lambda: sender.session is not None and sender.session.team.registered)
        page.reload()
        await until(lambda: page.model.rowCount() == 2)
        seen["rows"] = {
            page.model.index(r, 0).data(): [page.model.index(r, c).data() for c in range(7)]
            for r in range(page.model.rowCount())
        }
        seen["summary"] = page.summary.text()
        # What the database holds: this window is one of the team's senders.
        seen["live"] = Sender.select().where(Sender.stopped_at.is_null()).count()
        _shot(new, "team-senders-page.png")

        assert new.team.open_desktop_action.isEnabled()
        # "Stop sending here?" is not asked: this window's sender has nothing on its way
        # and nothing queued for its profiles (Spring sale's is north-1's). Were it asked,
        # the box would wait for an answer and the window would stay.
        QTimer.singleShot(0, new.team.open_desktop_action.trigger)  # File → Open desktop database
        seen["queued"] = Message.select().where(Message.status == "queued").count()
        await until(lambda: host.window is not new and host.window.isVisible(), timeout=60)
        await until(lambda: host.switching.done())
        seen["back"] = (is_postgres(), host.window.windowTitle(), "senders" in host.window.pages)
        await host.window.shutdown_async()

    try:
        qloop.run_until_complete(scenario())
    finally:
        final = host.window
        final.shutdown()
        final.close_without_asking()
        qapp.setQuitOnLastWindowClosed(True)
        gc.collect()
    north = seen["rows"]["north-1"]
    assert north[3] == "Spring sale relay" and north[4] == "Spring sale"
    assert north[6] == "Sending"
    mine = next(v for k, v in seen["rows"].items() if k.endswith("(this window)"))
    assert mine[6].startswith("Idle")  # only the built-in inbox profile: nothing to send
    assert seen["summary"] == "Working: 2 · Sending: 1"
    assert seen["live"] == 2
    assert seen["back"] == (False, "Staffetta", False)
    assert seen["queued"] == 2  # Spring sale's messages wait for north-1, not for this window
    assert QSettings().value(team_ui.SETTINGS_KEY) is None
    # The team remembers this window's sender stopped cleanly (not lost).
    from core.db import close_database, open_database

    close_database()
    import os

    os.environ["PGPASSWORD"] = password
    try:
        open_database(url)
        reasons = [s.stop_reason for s in Sender.select().where(Sender.name != "north-1")]
    finally:
        del os.environ["PGPASSWORD"]
        close_database()
    assert reasons == ["stopped"]


@pytest.mark.databases("postgresql")
def test_the_senders_page_marks_senders_that_stopped_answering(qtbot, context, db):  # type: ignore[no-untyped-def]
    """A sender whose heartbeat is late is shown as not answering (amber), one that
    stopped is greyed; the summary counts them."""
    from datetime import timedelta

    from core.models import utcnow
    from gui.pages.senders_page import GONE_COLOUR, STALE_COLOUR

    url = str(db)
    now = utcnow()
    late = TeamSender(url, name="east-1", clock=lambda: now - timedelta(seconds=25))
    late.register()
    gone = TeamSender(url, name="south-1", clock=lambda: now - timedelta(minutes=2))
    gone.register()
    gone.release()
    late.close()
    gone.close()
    window = MainWindow(context, start_services=False)
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle().startswith("Staffetta — team database")
    window.show_page("senders")
    page = window.pages["senders"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    rows = {
        page.model.index(r, 0).data(): page.model.index(r, 6) for r in range(page.model.rowCount())
    }
    assert rows["east-1"].data().startswith("No heartbeat for ")
    assert rows["east-1"].data(Qt.ItemDataRole.ForegroundRole) == STALE_COLOUR
    assert rows["south-1"].data() == "Stopped"
    assert rows["south-1"].data(Qt.ItemDataRole.ForegroundRole) == GONE_COLOUR
    assert page.summary.text() == "Working: 1 · Sending: 0 · Not answering: 1"
    assert not page.empty.isVisible()
    _shot(window, "team-senders-stale.png")


@pytest.mark.databases("postgresql")
def test_stop_sending_here_is_asked_while_a_message_is_on_its_way(  # type: ignore[no-untyped-def]
    qapp, db, qloop, tmp_path
):
    """The relay holds the reply to the final dot, so one message is in flight: going back
    to the desktop database asks. No keeps the window sending; Yes lets the message finish
    (recorded sent), then the window moves."""
    import threading

    from core.db import close_database, open_database
    from tests.smtp_servers import FaultServer

    url = str(db)
    arrived, release = threading.Event(), threading.Event()

    def hold(_to: str) -> str:  # the relay's reply to the final dot waits for the test
        arrived.set()
        release.wait(60)
        return ""

    qapp.setQuitOnLastWindowClosed(False)
    host = WindowHost(start_services=True)
    seen: dict[str, object] = {}
    with FaultServer(replies={"dot": hold}) as relay:
        try:
            make_campaign(tmp_path, relay.port, ["a@example.com"], max_connections=1,
                          data_timeout=60)  # fmt: skip
            window = host.build()
            window.show()

            async def scenario() -> None:
                await until(arrived.is_set, timeout=60)
                seen["sending"] = Message.get().status
                action = window.team.open_desktop_action
                assert action is not None and action.isEnabled()

                def no_thanks(box) -> None:  # type: ignore[no-untyped-def]
                    seen["title"] = box.windowTitle()
                    _shot(box, "team-stop-sending-here.png")
                    click_button(box, "No")

                no = answer(no_thanks, kind=QMessageBox)
                action.trigger()  # File → Open desktop database
                await until(lambda: no.done, timeout=20)
                assert no.error is None
                seen["text"] = no.text
                await until(lambda: window.team.switch_question is None)
                seen["stayed"] = (host.window is window, host.switching, is_postgres())

                def yes(box) -> None:  # type: ignore[no-untyped-def]
                    click_button(box, "Yes")
                    release.set()  # the relay answers 250: the message finishes

                asked = answer(yes, kind=QMessageBox)
                action.trigger()
                await until(lambda: asked.done, timeout=20)
                await until(lambda: host.window is not window, timeout=60)
                await until(lambda: host.switching.done())
                seen["moved"] = host.switching.result()
                seen["back"] = (is_postgres(), host.window.windowTitle())
                await host.window.shutdown_async()

            qloop.run_until_complete(scenario())
        finally:
            release.set()
            final = host.window
            if final is not None:
                final.shutdown()
                final.close_without_asking()
            qapp.setQuitOnLastWindowClosed(True)
            gc.collect()
        delivered = [d.rcpt_to for d in relay.delivered]
    assert seen["sending"] == "sending"
    assert seen["title"] == "Stop sending here?"
    assert "This window is sending right now. Stop and open the other database?" in str(
        seen["text"]
    )
    assert seen["stayed"] == (True, None, True)  # No: nothing changed
    assert seen["moved"] is True and seen["back"] == (False, "Staffetta")
    assert delivered == [["a@example.com"]]
    close_database()
    open_database(url)
    assert [m.status for m in Message.select()] == ["sent"]  # finished, not left unknown


@pytest.mark.databases("postgresql")
def test_the_senders_page_shows_who_is_sending_what(qtbot, context, db, tmp_path):  # type: ignore[no-untyped-def]
    """Four senders at work (three sending, one with nothing left to take), one late and
    one stopped: each row says its computer, its profiles and the campaigns they send; the
    summary counts them; the window at 1280×800 shows it all."""
    from datetime import timedelta

    from core.models import Campaign, utcnow
    from gui.pages.senders_page import GONE_COLOUR, STALE_COLOUR

    url = str(db)
    spring = make_campaign(tmp_path, 2525, ["a@example.com"], name="Spring sale")
    autumn = make_campaign(tmp_path, 2526, ["b@example.com"], name="Autumn news",
                           more_profiles=[("Backup relay", 2527, 1, {})])  # fmt: skip
    profiles = {p.name: int(p.id) for p in SmtpProfile.select()}
    now = utcnow()
    senders = []

    def member(name: str, ago: float, *held: str) -> TeamSender:
        sender = TeamSender(url, name=name, lease_seconds=3600,
                            clock=lambda: now - timedelta(seconds=ago))  # fmt: skip
        sender.register()
        for profile in held:
            assert sender.acquire(profiles[profile])
        senders.append(sender)
        return sender

    member("north-1", 3, "Spring sale relay").heartbeat(42)  # 42 sent in the last minute
    member("south-1", 2, "Autumn news relay")
    member("south-2", 1, "Backup relay")
    member("west-1", 1)  # every profile is taken: nothing for it to do
    late = TeamSender(url, name="east-1", clock=lambda: now - timedelta(seconds=25))
    late.register()
    gone = TeamSender(url, name="old-1", clock=lambda: now - timedelta(minutes=20))
    gone.register()
    gone.release()
    for sender in [*senders, late, gone]:
        sender.close()
    assert {c.name for c in Campaign.select()} == {spring.name, autumn.name}

    window = MainWindow(context, start_services=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.show_page("senders")
    page = window.pages["senders"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 6, timeout=10_000)
    rows = {
        page.model.index(r, 0).data(): [page.model.index(r, c).data() for c in range(7)]
        for r in range(page.model.rowCount())
    }
    order = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert order[-1] == "old-1"  # the stopped one last, the live ones first
    assert rows["north-1"][3:] == ["Spring sale relay", "Spring sale", "just now",
                                   "Sending · 42 in the last minute"]  # fmt: skip
    assert rows["south-1"][3:5] == ["Autumn news relay", "Autumn news"]
    assert rows["south-2"][3:5] == ["Backup relay", "Autumn news"]
    assert rows["west-1"][3:5] == ["—", "—"] and rows["west-1"][6] == "Idle (nothing to send)"
    late_for = rows["east-1"][6]  # 25 s by the time it registered, and the clock went on
    assert late_for.startswith("No heartbeat for ") and late_for.endswith(" s")
    assert int(late_for.split()[-2]) >= 25
    assert rows["old-1"][6] == "Stopped"
    colours = {
        page.model.index(r, 0).data(): page.model.index(r, 6).data(Qt.ItemDataRole.ForegroundRole)
        for r in range(page.model.rowCount())
    }
    assert colours["east-1"] == STALE_COLOUR and colours["old-1"] == GONE_COLOUR
    assert colours["north-1"] is None
    assert page.summary.text() == "Working: 5 · Sending: 3 · Not answering: 1"
    # Every column fits the page: nothing is cut off at 1280×800.
    header = page.table.horizontalHeader()
    assert sum(header.sectionSize(c) for c in range(7)) <= page.table.viewport().width()
    _shot(window, "team-senders-six.png")
