"""Quitting while sending: messages on their way finish and are recorded; nothing is
left `sending` (which the next start would have to call `unknown`)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from core.models import Campaign, Message
from core.queue import recover_interrupted
from gui.main_window import MainWindow
from gui.sender_service import SenderService
from tests.core.engine_helpers import make_campaign
from tests.gui.clicking import answer_message_box, until
from tests.smtp_servers import STALL, FaultServer


def slow_dot(_rcpt: str) -> str:
    time.sleep(0.4)  # the relay takes its time to accept each message
    return "250 2.0.0 queued"


def test_quit_while_sending_lets_messages_on_their_way_finish(
    qtbot, qapp, context, qloop, tmp_path: Path
):
    # The app quits once its window closes; here the test's loop must outlive the window.
    qapp.setQuitOnLastWindowClosed(False)
    with FaultServer(replies={"dot": slow_dot}) as server:
        campaign = make_campaign(tmp_path, server.port, [f"p{i}@example.com" for i in range(40)],
                                 max_connections=1, data_timeout=30)  # fmt: skip
        window = MainWindow(context, start_services=False)
        qtbot.addWidget(window)
        service = SenderService(context)
        context.services["sender"] = service
        window.show()
        asked: list[str] = []

        async def scenario() -> None:
            assert service.start()
            await until(lambda: len(server.delivered) >= 2)
            answer_message_box(QMessageBox.StandardButton.Yes, asked)
            QTimer.singleShot(0, window.quit_action.trigger)  # File → Quit, from the event loop
            await until(lambda: window.statusBar().currentMessage().startswith("Stopping"))
            assert window.isVisible()  # open while what is on its way finishes
            await until(lambda: not window.isVisible(), timeout=60)
            assert not service.running and service.lock is None
            await window.shutdown_async()  # what gui/app.py runs after the window closed

        try:
            qloop.run_until_complete(scenario())
        finally:
            qapp.setQuitOnLastWindowClosed(True)
        window.shutdown()
    assert asked and "Messages already on their way finish first" in asked[0]
    statuses = [m.status for m in Message.select().where(Message.campaign == campaign.id)]
    assert "sending" not in statuses and "unknown" not in statuses
    assert statuses.count("sent") == len(server.delivered)
    assert statuses.count("queued") == 40 - len(server.delivered)
    assert recover_interrupted() == 0  # the next start finds nothing in flight
    assert Campaign.get_by_id(campaign.id).status == "running"  # resumes next time


def test_quit_while_the_relay_has_not_greeted_yet_closes_at_once(
    qtbot, qapp, context, qloop, tmp_path: Path
):
    """Nothing is on its way while the connections wait for a greeting that never comes:
    the window closes at once (not after the connect timeout or the grace period) and
    the messages stay queued for next time, not `unknown`."""
    qapp.setQuitOnLastWindowClosed(False)
    with FaultServer(replies={"greeting": STALL}) as server:
        campaign = make_campaign(tmp_path, server.port, ["ann@example.com", "bob@example.com"],
                                 connect_timeout=120)  # fmt: skip
        window = MainWindow(context, start_services=False)
        qtbot.addWidget(window)
        service = SenderService(context, grace_seconds=60)
        context.services["sender"] = service
        window.show()
        took: list[float] = []

        async def scenario() -> None:
            assert service.start()
            assert await asyncio.to_thread(server.wait_for_connections, 2, 30)
            answer_message_box(QMessageBox.StandardButton.Yes)  # "Stop sending?", if asked
            quit_at = time.monotonic()
            QTimer.singleShot(0, window.quit_action.trigger)  # File → Quit, from the event loop
            await until(lambda: not window.isVisible(), timeout=60)
            took.append(time.monotonic() - quit_at)
            assert not service.running and service.lock is None
            await window.shutdown_async()

        try:
            qloop.run_until_complete(scenario())
        finally:
            qapp.setQuitOnLastWindowClosed(True)
        window.shutdown()
        assert server.wait_for_hang_ups(2, 10)  # both connections closed by the stop
    assert took[0] < 15, f"the window took {took[0]:.1f} s to close"
    statuses = [m.status for m in Message.select().where(Message.campaign == campaign.id)]
    assert statuses == ["queued", "queued"]
    assert recover_interrupted() == 0
