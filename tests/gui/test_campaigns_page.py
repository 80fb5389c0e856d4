"""The campaign flow in the window: draft, test send, start, live counters, pause/resume.

The sender runs for real on a qasync loop, against a real SMTP server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from core.campaigns import DraftSettings, save_draft
from core.importer import import_contacts
from core.models import Campaign, Message
from core.profiles import ProfileSettings, save_profile
from core.templates import save_template
from gui.pages.campaigns_page import CampaignsPage
from gui.sender_service import SenderService
from tests.smtp_servers import FaultServer


async def until(predicate: Callable[[], bool], timeout: float = 30) -> None:
    """Wait with the qasync loop running (the sender lives on it, as in the app)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


def draft(tmp_path: Path, port: int, count: int, rate: float = 0) -> Campaign:
    path = tmp_path / "c.csv"
    path.write_text(
        "email,first_name\n" + "".join(f"p{i}@example.com,P{i}\n" for i in range(count))
    )
    import_contacts(path, "People")
    save_template(
        "T",
        subject="Hi {{ first_name }}",
        html='<p>Hi</p><a href="{{ unsubscribe_url }}">unsubscribe</a>',
    )
    save_profile("Relay", ProfileSettings(host="127.0.0.1", port=port, security="none", is_sandbox=True,
                                          rate=rate, burst=1, max_connections=2))  # fmt: skip
    return save_draft("Spring", DraftSettings("People", "T", "Relay", "Shop <shop@example.com>",
                                              unsubscribe_url="https://example.com/u?e={{ email }}"))  # fmt: skip


def open_page(qtbot, context, campaign: Campaign) -> tuple[CampaignsPage, SenderService]:
    service = SenderService(context)
    context.services["sender"] = service
    assert service.start()
    page = CampaignsPage(context)
    qtbot.addWidget(page)
    page.show()
    page.select(campaign.id)
    return page, service


def test_test_send_then_start_and_watch_the_counters_reach_the_end(
    qtbot, context, qloop, tmp_path: Path
):
    with FaultServer() as server:
        campaign = draft(tmp_path, server.port, 25)
        page, service = open_page(qtbot, context, campaign)
        statuses: list[str] = []
        context.signals.sender_status.connect(statuses.append)

        async def scenario() -> None:
            assert page.name.text() == "Spring" and page.start_button.isEnabled()
            page.test_send("me@example.com")
            await until(lambda: page.last_test_result != "")
            assert page.last_test_result.startswith("✓") and "250" in page.last_test_result
            page.start(confirm=False)
            await until(lambda: page.counter_labels["sent"].text() == "25")
            await until(lambda: Campaign.get_by_id(campaign.id).status == "finished")
            await until(lambda: "✓" in page.campaigns.currentItem().text())
            assert page.progress.value() == page.progress.maximum() == 25
            assert "Finished" in page.banner.label.text()
            # The chart is drawn from the recorded attempts: every send is on it.
            await until(lambda: sum(s for s, _f in page.chart.timeline.points) == 25)
            await until(lambda: any(s.startswith(("Idle", "Sending")) for s in statuses))
            await service.stop_async()

        qloop.run_until_complete(scenario())
    assert len(server.delivered) == 26  # 25 + the test


def test_pause_and_resume_from_the_window(qtbot, context, qloop, tmp_path: Path):
    with FaultServer() as server:
        campaign = draft(tmp_path, server.port, 30, rate=10)
        page, service = open_page(qtbot, context, campaign)

        async def scenario() -> None:
            page.start(confirm=False)
            await until(lambda: len(server.delivered) >= 3)
            page.pause()
            assert Campaign.get_by_id(campaign.id).status == "paused"
            await until(lambda: page.resume_button.isEnabled())
            await asyncio.sleep(1.0)
            frozen = len(server.delivered)
            await asyncio.sleep(1.0)
            assert len(server.delivered) == frozen < 30
            page.resume()
            await until(lambda: Campaign.get_by_id(campaign.id).status == "finished")
            await service.stop_async()

        qloop.run_until_complete(scenario())
    assert sorted(r for d in server.delivered for r in d.rcpt_to) == sorted(
        f"p{i}@example.com" for i in range(30)
    )
    assert {m.status for m in Message.select()} == {"sent"}


def test_a_relay_refusing_the_login_pauses_with_a_banner(
    qtbot, context, qloop, tmp_path: Path, monkeypatch
):
    monkeypatch.setenv("RELAY_PW", "wrong")
    with FaultServer(
        replies={"auth": "535 5.7.8 Authentication credentials invalid"}, advertise_auth=True
    ) as server:
        campaign = draft(tmp_path, server.port, 3)
        from core.models import SmtpProfile

        SmtpProfile.update(
            username="me", password_env="RELAY_PW", allow_insecure_auth=True
        ).execute()
        page, service = open_page(qtbot, context, campaign)

        async def scenario() -> None:
            page.start(confirm=False)
            await until(lambda: Campaign.get_by_id(campaign.id).status == "paused")
            await until(lambda: "Paused" in page.banner.label.text())
            assert "AUTH" in page.banner.label.text() and "535" in page.banner.label.text()
            await service.stop_async()

        qloop.run_until_complete(scenario())
    assert {m.status for m in Message.select()} == {"queued"}
