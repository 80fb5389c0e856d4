"""The campaign form's audience and timing box, clicked as a person does."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QDialogButtonBox

from core.audience.audience import audience_of, names_of
from core.audience.segments import save_segment
from core.campaigns import DraftSettings, save_draft
from core.models import (
    Campaign,
    CampaignStatus,
    Contact,
    ContactList,
    ListMembership,
    Message,
    SmtpProfile,
    Template,
)
from gui.pages.campaign_audience import LIST, SEGMENT, AudienceTimingBox
from tests.gui.conftest import wait_idle


def make_draft() -> int:
    customers = ContactList.create(name="Customers")
    ContactList.create(name="Bought this week")
    for i in range(6):
        contact = Contact.create(email=f"c{i}@example.com", email_key=f"c{i}@example.com",
                                 fields={"plan": "gold" if i % 2 else "free"})  # fmt: skip
        ListMembership.create(contact_list=customers, contact=contact)
    save_segment("Gold", ["plan = gold"])
    Template.create(name="T", subject="Hi", html='<p>Hi <a href="{{ unsubscribe_url }}">u</a></p>')
    SmtpProfile.create(name="P", host="127.0.0.1", port=25, security="none")
    return save_draft("Spring", DraftSettings("Customers", "T", "P", "shop@example.com")).id


def test_choose_segments_exclusions_windows_and_cap(qtbot, context):
    campaign_id = make_draft()
    box = AudienceTimingBox(context)
    qtbot.addWidget(box)
    box.show()
    box.load(campaign_id)
    wait_idle(qtbot, context)
    assert box.include.chosen(LIST) == ["Customers"]
    assert box.include.count() == 3  # two lists and a segment
    box.include.check(LIST, "Customers", False)
    box.include.check(SEGMENT, "Gold")
    box.exclude.check(LIST, "Bought this week")
    qtbot.keyClicks(box.windows, "mon-fri 09:00-17:30; sat 10:00-13:00")
    box.zone.setCurrentText("Europe/Rome")
    qtbot.mouseClick(box.cap_on, Qt.MouseButton.LeftButton)
    assert box.cap.isEnabled()
    box.cap.setText("12h")
    saved: list[bool] = []
    box.saved.connect(lambda: saved.append(True))
    box.save()
    wait_idle(qtbot, context)
    assert saved == [True]
    campaign = Campaign.get_by_id(campaign_id)
    names = names_of(audience_of(campaign))
    assert (names.lists, names.segments, names.exclude_lists) == ([], ["Gold"],
                                                                  ["Bought this week"])  # fmt: skip
    assert campaign.send_windows == ["mon-fri 09:00-17:30", "sat 10:00-13:00"]
    assert campaign.time_zone == "Europe/Rome" and campaign.skip_if_sent_within == 12 * 3600


def test_a_bad_window_is_one_sentence_and_nothing_is_stored(qtbot, context, monkeypatch):
    campaign_id = make_draft()
    box = AudienceTimingBox(context)
    qtbot.addWidget(box)
    box.load(campaign_id)
    wait_idle(qtbot, context)
    errors = []
    qtbot.keyClicks(box.windows, "weekdays 9-17")
    box.save(on_error=errors.append)
    wait_idle(qtbot, context)
    assert "is not DAYS HH:MM-HH:MM" in errors[0].user_text()
    assert Campaign.get_by_id(campaign_id).send_windows == []


def test_schedule_a_start_and_see_it_on_the_page(qtbot, context):
    campaign_id = make_draft()
    box = AudienceTimingBox(context)
    qtbot.addWidget(box)
    box.show()
    box.load(campaign_id)
    wait_idle(qtbot, context)
    box.zone.setCurrentText("Europe/Rome")
    qtbot.mouseClick(box.schedule_button, Qt.MouseButton.LeftButton)
    dialog = box.schedule_dialog
    assert dialog is not None and dialog.isVisible()
    # A time the clocks skip in Rome: one sentence in the dialog, nothing queued.
    dialog.when.setDateTime(QDateTime.fromString("2031-03-30 02:30", "yyyy-MM-dd HH:mm"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    wait_idle(qtbot, context)
    assert "does not exist in Europe/Rome" in dialog.problem.text()
    assert dialog.isVisible() and Message.select().count() == 0
    dialog.when.setDateTime(QDateTime.fromString("2031-03-31 09:00", "yyyy-MM-dd HH:mm"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    wait_idle(qtbot, context)
    campaign = Campaign.get_by_id(campaign_id)
    assert campaign.status == CampaignStatus.SCHEDULED
    assert campaign.scheduled_at.isoformat() == "2031-03-31T07:00:00"  # 09:00 CEST
    assert Message.select().count() == 6
    assert box.timing.text().startswith("Scheduled for Mon 31 Mar 2031, 09:00 (Europe/Rome).")
    assert not box.include.isEnabled()
    # Its start can still move (tests/gui/test_campaign_timing_in_the_window.py).
    assert box.schedule_button.isEnabled() and box.schedule_button.text() == "Reschedule…"


def test_windows_in_each_recipients_own_zone_from_a_field(qtbot, context):
    campaign_id = make_draft()
    Contact.create(email="t@example.com", email_key="t@example.com",
                   fields={"plan": "gold", "time_zone": "Asia/Tokyo"})  # fmt: skip
    box = AudienceTimingBox(context)
    qtbot.addWidget(box)
    box.show()
    box.load(campaign_id)
    wait_idle(qtbot, context)
    assert not box.recipient_zone_field.isEnabled()
    # The column whose name says "zone" is offered first.
    assert box.recipient_zone_field.itemText(0) == "time_zone"
    qtbot.keyClicks(box.windows, "mon-fri 09:00-17:30")
    qtbot.mouseClick(box.recipient_zone_on, Qt.MouseButton.LeftButton)
    assert box.recipient_zone_field.isEnabled()
    errors: list = []
    box.recipient_zone_field.setEditText("")
    qtbot.keyClicks(box.recipient_zone_field.lineEdit(), "tz")
    box.save(on_error=errors.append)
    wait_idle(qtbot, context)
    assert errors[0].user_text() == (
        "No contact has a field 'tz' to read their time zone from. "
        "Imported fields: plan, time_zone."
    )
    assert Campaign.get_by_id(campaign_id).recipient_zone_field is None
    box.recipient_zone_field.lineEdit().selectAll()
    qtbot.keyClicks(box.recipient_zone_field.lineEdit(), "Time_Zone")  # any letter case
    box.save(on_error=errors.append)
    wait_idle(qtbot, context)
    assert len(errors) == 1
    campaign = Campaign.get_by_id(campaign_id)
    assert campaign.recipient_zone_field == "time_zone"
    assert campaign.send_windows == ["mon-fri 09:00-17:30"]
    box.load(campaign_id)
    wait_idle(qtbot, context)
    assert box.recipient_zone_on.isChecked()
    assert box.recipient_zone_field.currentText() == "time_zone"
    assert "in each recipient's time zone (their 'time_zone';" in box.timing.text()
