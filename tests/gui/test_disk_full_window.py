"""A full disk under the database, seen in the window: the one sentence the CLI prints
(the disk is full, where, what to do, nothing lost), never the crash dialog; the work
goes on once there is room. On a real small filesystem (a tmpfs of 10 MB), by clicking."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from core.campaigns import start_campaign
from core.models import Campaign, Message
from tests.core.test_disk_full import SmallDisk, small_disk
from tests.gui.clicking import until
from tests.gui.conftest import wait_idle
from tests.gui.test_campaigns_page import click, draft, open_page
from tests.smtp_servers import FaultServer


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[SmallDisk]:
    yield from small_disk(tmp_path, 10)


@pytest.fixture
def db_path(disk: SmallDisk) -> Path:
    """The window's database lives on the small disk (the ``db`` fixture opens it)."""
    return disk.folder / "staffetta.db"


@pytest.fixture
def crashes(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """What would reach the crash dialog (the app's ``sys.excepthook``)."""
    seen: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda _kind, error, _tb: seen.append(error))
    return seen


def message_box_text(qtbot) -> str:
    """The warning the window opened, closed as a person would (its OK button)."""
    boxes: list[QMessageBox] = []

    def shown() -> bool:
        boxes[:] = [w for w in QApplication.topLevelWidgets()
                    if isinstance(w, QMessageBox) and w.isVisible()]  # fmt: skip
        return bool(boxes)

    qtbot.waitUntil(shown, timeout=20_000)
    box = boxes[0]
    text = f"{box.text()} {box.informativeText()}"
    click(qtbot, box.button(QMessageBox.StandardButton.Ok))
    return text


def test_starting_a_campaign_on_a_full_disk_says_so_and_starts_once_there_is_room(
    qtbot, context, tmp_path: Path, disk: SmallDisk, crashes: list[BaseException]
):
    campaign = draft(tmp_path, 2525, 2_000)
    page, _sender = open_page(qtbot, context, campaign, sender=False)
    disk.fill(spare=64 * 1024)

    def start_by_clicking() -> None:
        click(qtbot, page.start_button)
        qtbot.waitUntil(lambda: page.start_dialog is not None and page.start_dialog.isVisible(),
                        timeout=20_000)  # fmt: skip
        assert page.start_dialog is not None and page.start_dialog.start_button is not None
        click(qtbot, page.start_dialog.start_button)

    start_by_clicking()
    said = message_box_text(qtbot)
    assert said.startswith("The disk is full: there is no room left for the database in "), said
    assert str(disk.folder) in said, said
    assert said.endswith("Free some space there; then try again. Nothing that was already saved "
                         "is lost."), said  # the window's words: no --db, no "command"  # fmt: skip
    assert crashes == []
    wait_idle(qtbot, context)
    assert Campaign.get_by_id(campaign.id).status == "draft"  # rolled back, as it was
    assert Message.select().count() == 0
    assert page.start_button.isEnabled()

    disk.free()
    start_by_clicking()
    qtbot.waitUntil(lambda: Campaign.get_by_id(campaign.id).status == "running", timeout=30_000)
    assert Message.select().where(Message.campaign == campaign.id).count() == 2_000
    qtbot.waitUntil(lambda: "Started: 2,000 messages queued" in page.test_result.text())
    assert crashes == []


def test_sending_on_a_full_disk_shows_the_sentence_and_goes_on_once_there_is_room(
    qtbot, context, qloop, tmp_path: Path, disk: SmallDisk, crashes: list[BaseException]
):
    shown: list[str] = []
    context.signals.sender_status.connect(shown.append)
    with FaultServer() as server:
        campaign = draft(tmp_path, server.port, 400)
        start_campaign(campaign)
        page, service = open_page(qtbot, context, campaign)
        assert service is not None
        disk.fill(spare=64 * 1024)

        async def scenario() -> None:
            assert service.start()
            await until(lambda: page.banner.isVisible()
                        and "disk is full" in page.banner.label.text(), timeout=30)  # fmt: skip
            text = page.banner.label.text()
            assert str(disk.folder) in text and "--db" not in text, text
            assert text.endswith("Free some space there; sending resumes by itself once there is "
                                 "room. Nothing that was already saved is lost."), text  # fmt: skip
            assert any(s.startswith("The disk is full: there is no room left for the database in /")
                       for s in shown), shown  # the status bar (clipped to its width)  # fmt: skip
            stalled = Message.select().where(Message.status == "sent").count()
            disk.free()
            await until(lambda: Campaign.get_by_id(campaign.id).status == "finished", timeout=60)
            assert stalled < 400
            await until(lambda: "disk is full" not in page.banner.label.text()
                        or not page.banner.isVisible())  # fmt: skip
            assert "disk is full" not in shown[-1]
            await service.stop_async()

        qloop.run_until_complete(scenario())
    delivered = sorted(r for d in server.delivered for r in d.rcpt_to)
    assert delivered == sorted(f"p{i}@example.com" for i in range(400))  # each once
    assert {m.status for m in Message.select()} == {"sent"}
    assert crashes == []
