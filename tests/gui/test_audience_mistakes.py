"""A marketer's mistakes in who and when, in the window: each bad window, zone, duration,
zone field, start time, field, operator value or date gets one sentence where they are
working (a message box for Save draft, the dialog's own line for Schedule… and the
segment builder), never a traceback, and nothing is stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from core.importer import import_contacts
from core.models import Campaign, Message, Segment
from gui.pages.campaigns_page import CampaignsPage
from gui.pages.contacts_page import ContactsPage
from tests.gui.clicking import answer_ok
from tests.gui.conftest import wait_idle
from tests.gui.test_campaigns_page import draft
from tests.gui.test_contacts_filter import type_condition
from tests.gui.test_segment_builder import settle

LEFT = Qt.MouseButton.LeftButton


def _page(qtbot, context, tmp_path: Path) -> tuple[CampaignsPage, int]:
    campaign = draft(tmp_path, 2525, 3)
    page = CampaignsPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 900)
    page.show()
    page.select(campaign.id)
    wait_idle(qtbot, context)
    qtbot.waitUntil(lambda: page.audience_box.campaign_id == campaign.id, timeout=5000)
    return page, campaign.id


@pytest.mark.parametrize(
    ("what", "value", "says"),
    [
        ("windows", "mon-fry 09:00-17:00", "'fry' in the send window"),
        ("windows", "weekdays 9-17", "is not DAYS HH:MM-HH:MM"),
        ("windows", "mon 18:00-09:00", "ends before it starts"),
        ("zone", "Mars/Olympus", "'Mars/Olympus' is not a time zone I know."),
        ("cap", "3 days", "is not a duration"),
        ("zone field", "colour", "No contact has a field 'colour' to read their time zone"),
    ],
)  # fmt: skip
def test_save_draft_with_a_bad_timing_value_says_one_sentence(
    qtbot, context, tmp_path: Path, what: str, value: str, says: str
):
    page, campaign_id = _page(qtbot, context, tmp_path)
    box = page.audience_box
    if what != "windows":
        qtbot.keyClicks(box.windows, "mon-fri 09:00-17:30")
    if what == "windows":
        qtbot.keyClicks(box.windows, value)
    elif what == "zone":
        box.zone.lineEdit().selectAll()
        qtbot.keyClicks(box.zone.lineEdit(), value)
    elif what == "cap":
        qtbot.mouseClick(box.cap_on, LEFT)
        box.cap.selectAll()
        qtbot.keyClicks(box.cap, value)
    else:
        qtbot.mouseClick(box.recipient_zone_on, LEFT)
        box.recipient_zone_field.lineEdit().selectAll()
        qtbot.keyClicks(box.recipient_zone_field.lineEdit(), value)
    told = answer_ok()
    qtbot.mouseClick(page.save_button, LEFT)
    qtbot.waitUntil(lambda: told.done, timeout=5000)
    assert says in told.text and "Traceback" not in told.text
    stored = Campaign.get_by_id(campaign_id)
    assert (stored.send_windows, stored.skip_if_sent_within, stored.recipient_zone_field) == (
        [], 0, None
    )


def test_schedule_with_a_bad_zone_or_a_past_time_says_why_in_the_dialog(
    qtbot, context, tmp_path: Path
):
    page, campaign_id = _page(qtbot, context, tmp_path)
    box = page.audience_box
    qtbot.mouseClick(box.schedule_button, LEFT)
    qtbot.waitUntil(lambda: box.schedule_dialog is not None and box.schedule_dialog.isVisible(),
                    timeout=5000)  # fmt: skip
    dialog = box.schedule_dialog
    dialog.zone.lineEdit().selectAll()
    qtbot.keyClicks(dialog.zone.lineEdit(), "Europe/Rom")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: dialog.problem.text() != "", timeout=10_000)
    assert dialog.problem.text().startswith("'Europe/Rom' is not a time zone I know.")
    dialog.zone.lineEdit().selectAll()
    qtbot.keyClicks(dialog.zone.lineEdit(), "UTC")
    dialog.when.setFocus()
    dialog.when.selectAll()
    qtbot.keyClicks(dialog.when, "2020-03-03 09:00")
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=5000)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: "in the past" in dialog.problem.text(), timeout=10_000)
    assert dialog.isVisible() and Message.select().count() == 0
    assert Campaign.get_by_id(campaign_id).status == "draft"


@pytest.mark.parametrize(
    ("field", "op", "value", "says"),
    [
        ("citty", "=", "Milano", "There is no field 'citty' (in 'citty = Milano')."),
        ("age", ">", "old", "'age' holds numbers, and 'old' is not a number"),
        ("signup", "<", "31/12/2024", "'signup' holds dates, and '31/12/2024' is not an ISO date"),
        ("city", ">", "3", "'city' holds text, not numbers or dates"),
        ("email", ">", "a", "'email' is text"),
        ("list", "=", "Nowhere", "There is no contact list named 'Nowhere'"),
        ("status", "=", "activ", "'activ' is not a contact status"),
    ],
)  # fmt: skip
def test_each_bad_condition_in_the_builder_is_one_sentence(
    qtbot, context, tmp_path: Path, field: str, op: str, value: str, says: str
):
    path = tmp_path / "people.csv"
    path.write_text("email,city,age,signup\na@example.com,Milano,30,2024-05-01\n"
                    "b@example.com,Roma,41,2023-01-15\n", encoding="utf-8")  # fmt: skip
    import_contacts(path, "People")
    page = ContactsPage(context)
    qtbot.addWidget(page)
    page.show()
    wait_idle(qtbot, context)
    qtbot.mouseClick(page.segment_button, LEFT)
    dialog = page.segment_dialog
    settle(qtbot, context, dialog)
    type_condition(qtbot, dialog.rows[0], field, op, value)
    qtbot.keyClicks(dialog.name, "Bad")
    settle(qtbot, context, dialog)
    assert says in dialog.count_label.text()
    assert "\n" not in dialog.count_label.text() and dialog.preview.rowCount() == 0
    assert not dialog.save_button.isEnabled()
    assert Segment.select().count() == 0
