"""The sender inside the window: status-bar wording, the single-sender lock, closing.

Real worker on a qasync loop, real SMTP servers on 127.0.0.1, a real database file.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt

from core.models import Campaign, Message, SmtpProfile, database_proxy
from core.queue import SenderLock
from gui.sender_service import SenderService
from tests.core.engine_helpers import make_campaign
from tests.smtp_servers import FaultServer


async def until(predicate: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


def service_for(context) -> tuple[SenderService, list[str]]:
    service = SenderService(context)
    context.services["sender"] = service
    statuses: list[str] = []
    context.signals.sender_status.connect(statuses.append)
    return service, statuses


def test_another_sender_holding_the_queue_gets_a_clear_message_then_a_takeover(
    qtbot, context, qloop, tmp_path: Path
):
    other = SenderLock(database_proxy.obj.database)
    other.acquire()
    service, statuses = service_for(context)
    messages: list[str] = []
    context.signals.status_message.connect(messages.append)
    try:
        assert not service.start()
        assert not service.running
        assert "Another Staffetta sender is already sending" in statuses[-1]
        assert "takes over when it stops" in statuses[-1]
        assert "two senders would risk double sends" in messages[-1]
        service._lock_retry.setInterval(50)
    finally:
        other.release()

    with FaultServer() as server:
        campaign = make_campaign(tmp_path, server.port, ["a@example.com", "b@example.com"])

        async def scenario() -> None:
            await until(lambda: service.running)
            await until(lambda: Campaign.get_by_id(campaign.id).status == "finished")
            assert "sending from here" in messages[-1] or any(
                "sending from here" in m for m in messages
            )
            await service.stop_async()

        qloop.run_until_complete(scenario())
    assert len(server.delivered) == 2


def test_status_bar_says_when_the_relay_slows_us_down(qtbot, context, qloop, tmp_path: Path):
    said_421 = {"left": 1}

    def rcpt(_to: str) -> str:
        if said_421["left"]:
            said_421["left"] -= 1
            return "421 4.7.0 Too many connections, slow down"
        return ""

    with FaultServer(replies={"rcpt": rcpt}) as server:
        campaign = make_campaign(tmp_path, server.port, [f"p{i}@example.com" for i in range(4)])
        service, statuses = service_for(context)
        assert service.start()

        async def scenario() -> None:
            await until(
                lambda: any("slowed down because the relay said 421" in s for s in statuses)
            )
            await until(lambda: Campaign.get_by_id(campaign.id).status == "finished")
            await service.stop_async()

        qloop.run_until_complete(scenario())
    assert {m.status for m in Message.select()} == {"sent"}


def test_status_bar_says_a_campaign_paused_because_the_login_was_refused(
    qtbot, context, qloop, tmp_path: Path, monkeypatch
):
    monkeypatch.setenv("RELAY_PW", "wrong")
    with FaultServer(
        replies={"auth": "535 5.7.8 Authentication credentials invalid"}, advertise_auth=True
    ) as server:
        campaign = make_campaign(tmp_path, server.port, ["a@example.com"], name="Spring")
        SmtpProfile.update(
            username="me", password_env="RELAY_PW", allow_insecure_auth=True
        ).execute()
        service, statuses = service_for(context)
        assert service.start()

        async def scenario() -> None:
            await until(lambda: any("Paused: Spring" in s for s in statuses))
            assert "authentication refused (535)" in statuses[-1] or any(
                "authentication refused (535)" in s for s in statuses
            )
            await service.stop_async()

        qloop.run_until_complete(scenario())
    assert Campaign.get_by_id(campaign.id).status == "paused"
    # Next start (e.g. the app reopened): the pause is still explained.
    again = SenderService(context)
    again.load_paused()
    qtbot.waitUntil(lambda: bool(again.paused))
    assert again.status_text().startswith("Paused: Spring: authentication refused (535)")


def test_a_crashed_sender_is_reported_releases_the_lock_and_restarts(
    qtbot, context, qloop, tmp_path: Path, monkeypatch
):
    import gui.sender_service as sender_module
    from core.session import SendSession
    from core.worker import SendingWorker

    monkeypatch.setattr(sender_module, "RESTART_DELAYS_MS", (300,))
    crashes = ["the first run fails"]

    class FirstRunCrashes(SendingWorker):
        async def run(self):  # type: ignore[override]
            if crashes:
                raise RuntimeError(crashes.pop())
            return await super().run()

    with FaultServer() as server:
        campaign = make_campaign(tmp_path, server.port, ["a@example.com", "b@example.com"])
        service = SenderService(
            context, session_factory=lambda: SendSession(start_inbox=False,
                                                         worker_factory=FirstRunCrashes))  # fmt: skip
        context.services["sender"] = service
        statuses: list[str] = []
        context.signals.sender_status.connect(statuses.append)

        async def scenario() -> None:
            with qtbot.capture_exceptions() as reported:
                assert service.start()
                await until(lambda: service.crashes == 1)
            assert [str(e[1]) for e in reported] == ["the first run fails"]  # crash dialog
            assert service.lock is None  # released at once: another sender could take over
            probe = SenderLock(database_proxy.obj.database)
            probe.acquire()
            probe.release()
            assert "restarting in" in statuses[-1]
            await until(lambda: service.running)
            await until(lambda: Campaign.get_by_id(campaign.id).status == "finished")
            await service.stop_async()

        qloop.run_until_complete(scenario())
    assert len(server.delivered) == 2


def test_a_profile_fixed_after_a_pause_is_used_when_resuming(
    qtbot, context, qloop, tmp_path: Path, monkeypatch
):
    import base64

    from core.ops import profiles as profile_ops
    from core.profiles import settings_of

    def auth(argument: str) -> str:
        decoded = base64.b64decode(argument.split()[-1] + "==")
        user = decoded.split(b"\0")[1] if b"\0" in decoded else decoded
        return "235 2.7.0 ok" if user == b"right" else "535 5.7.8 Authentication credentials invalid"

    monkeypatch.setenv("RELAY_PW", "secret")
    with FaultServer(replies={"auth": auth}, advertise_auth=True) as server:
        campaign = make_campaign(tmp_path, server.port, ["a@example.com"], name="Spring")
        SmtpProfile.update(username="wrong", password_env="RELAY_PW",
                           allow_insecure_auth=True).execute()  # fmt: skip
        service, _statuses = service_for(context)
        from gui.pages.campaigns_page import CampaignsPage

        page = CampaignsPage(context)
        qtbot.addWidget(page)
        page.show()

        async def scenario() -> None:
            assert service.start()
            await until(lambda: Campaign.get_by_id(campaign.id).status == "paused")
            profile = SmtpProfile.get()
            fixed = settings_of(profile)
            fixed.username = "right"
            context.op("save profile", profile_ops.save, profile.name, fixed, replace=True)
            page.select(campaign.id)
            await until(lambda: page.resume_button.isEnabled())
            qtbot.mouseClick(page.resume_button, Qt.MouseButton.LeftButton)
            await until(lambda: Campaign.get_by_id(campaign.id).status == "finished")
            await service.stop_async()

        qloop.run_until_complete(scenario())
    assert [d.rcpt_to for d in server.delivered] == [["a@example.com"]]
