"""The campaigns page's audience and timing, clicked: a segment added to the list, a list
left out, a send window, saved with the draft; a scheduled start shown on the page."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QDialogButtonBox

from core.audience.audience import audience_of, names_of
from core.audience.segments import save_segment
from core.importer import import_contacts
from core.models import Campaign, CampaignStatus, ContactList, Message
from gui.format import local_time
from gui.pages.campaign_audience import LIST, SEGMENT
from gui.pages.campaigns_page import CampaignsPage
from tests.gui.conftest import wait_idle
from tests.gui.test_campaigns_page import draft


def test_audience_and_timing_saved_with_the_draft_then_scheduled(qtbot, context, tmp_path: Path):
    campaign = draft(tmp_path, 2525, 6)
    other = tmp_path / "vip.csv"
    other.write_text("email,first_name,plan\nvip1@example.com,V1,gold\nvip2@example.com,V2,free\n")
    import_contacts(other, "VIP")
    ContactList.create(name="Bought")
    save_segment("Gold", ["plan = gold"])
    page = CampaignsPage(context)
    qtbot.addWidget(page)
    page.show()
    page.select(campaign.id)
    wait_idle(qtbot, context)
    box = page.audience_box
    assert box.include_label.text() == "Also send to"
    assert "People" not in [box.include.item(i).text() for i in range(box.include.count())]
    box.include.check(SEGMENT, "Gold")
    box.exclude.check(LIST, "Bought")
    qtbot.keyClicks(box.windows, "mon-fri 09:00-17:30")
    box.zone.setCurrentText("Europe/Rome")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context)
    stored = Campaign.get_by_id(campaign.id)
    names = names_of(audience_of(stored))
    assert (names.lists, names.segments, names.exclude_lists) == (["People"], ["Gold"], ["Bought"])
    assert stored.send_windows == ["mon-fri 09:00-17:30"] and stored.time_zone == "Europe/Rome"

    qtbot.mouseClick(box.schedule_button, Qt.MouseButton.LeftButton)
    dialog = box.schedule_dialog
    dialog.when.setDateTime(QDateTime.fromString("2031-03-31 09:00", "yyyy-MM-dd HH:mm"))
    dialog.zone.setCurrentText("Europe/Rome")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    wait_idle(qtbot, context, timeout=15_000)
    assert dialog.problem.text() == ""
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15_000)
    assert Campaign.get_by_id(campaign.id).status == CampaignStatus.SCHEDULED
    assert Message.select().count() == 7  # six people and the gold VIP
    qtbot.waitUntil(lambda: box.timing.text().startswith("Scheduled for Mon 31 Mar 2031, 09:00"),
                    timeout=5000)  # fmt: skip
    # The list says when it starts (never "Sending"), in the computer's clock; the
    # tooltip in the campaign's zone.
    qtbot.waitUntil(lambda: [page.table.item(r, 1).text()
                             for r in range(page.table.rowCount())] == [
        f"Scheduled · {local_time(datetime(2031, 3, 31, 7))}"], timeout=5000)  # fmt: skip
    assert page.table.item(0, 1).toolTip() == "Scheduled: starts Mon 31 Mar 2031, 09:00 (Europe/Rome)"
    qtbot.waitUntil(lambda: page.rate_label.text() == (
        "Scheduled · starts Mon 31 Mar 2031, 09:00 (Europe/Rome) · 7 messages to send."))
    assert not page.start_button.isEnabled() and not box.include.isEnabled()
