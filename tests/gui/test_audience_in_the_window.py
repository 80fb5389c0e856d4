"""Who gets it and when, driven only through the window: a marketer builds a segment on
the Contacts page, gives a campaign a list, that segment and an excluded list, a send
window and a frequency cap in its Audience and timing box, reads the count in the Start
dialog, starts it and watches it reach a real relay; then schedules a second, capped
campaign for tomorrow. Every step is a click, a key or typing into the real widget."""

from __future__ import annotations

import asyncio
import gc
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from aiosmtpd.controller import Controller
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from core.audience.audience import audience_of, names_of
from core.audience.schedule import local_zone_name
from core.audience.segments import find_segment, rule_of
from core.importer import import_contacts
from core.models import Campaign, CampaignStatus, Message
from core.profiles import ProfileSettings, save_profile
from core.templates import save_template
from gui.format import zone_time
from gui.main_window import MainWindow
from gui.sender_service import SenderService
from tests.gui.clicking import click_row, pick, press, until
from tests.gui.test_end_to_end import choose, go_to, type_over
from tests.smtp_servers import free_port


class Relay:
    def __init__(self) -> None:
        self.delivered: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        self.delivered.extend(envelope.rcpt_tos)
        return "250 2.0.0 Ok: queued"


def people(tmp_path: Path) -> None:
    lists = {
        "Customers": ["c1,Milano,gold", "c2,Roma,gold", "c3,Milano,silver", "c4,Torino,gold"],
        "Prospects": ["p1,Milano,gold", "p2,Milano,free"],
        "Bought this week": ["c4,Torino,gold"],
    }
    for name, rows in lists.items():
        path = tmp_path / f"{name}.csv"
        lines = ["email,city,plan"] + [f"{r.split(',')[0]}@example.com,{r.split(',', 1)[1]}"
                                       for r in rows]  # fmt: skip
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        import_contacts(path, name)


async def click(widget) -> None:
    """Click once the widget can be clicked (a loaded machine enables it a moment later)."""
    await until(widget.isEnabled)
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def check_item(picker, text: str) -> None:
    """Click a list or segment in a picker and tick it with the space bar."""
    row = [picker.item(i).text() for i in range(picker.count())].index(text)
    click_row(picker, row)
    press(picker, Qt.Key.Key_Space)
    assert picker.item(row).checkState() == Qt.CheckState.Checked, text


def test_segment_audience_window_cap_count_start_and_schedule(
    qtbot, context, qloop, tmp_path: Path
):
    people(tmp_path)
    relay = Relay()
    port = free_port()
    controller = Controller(relay, hostname="127.0.0.1", port=port,
                            server_hostname="localhost", loop=asyncio.new_event_loop())  # fmt: skip
    controller.start()
    save_template("News", subject="Ciao", html='<p>Ciao <a href="{{ unsubscribe_url }}">u</a></p>')
    save_profile("Relay", ProfileSettings(host="127.0.0.1", port=port, security="none", rate=0))
    sender = SenderService(context)
    context.services["sender"] = sender
    window = MainWindow(context, start_services=False)
    qtbot.addWidget(window)
    window.resize(1280, 900)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()

    async def new_campaign(campaigns, name: str) -> None:
        before = Campaign.select().count()
        await click(campaigns.new_button)
        await until(lambda: Campaign.select().count() == before + 1)
        newest = Campaign.select().order_by(Campaign.id.desc()).get().id
        await until(lambda: campaigns.detail is not None and campaigns.detail.id == newest
                    and campaigns.audience_box.campaign_id == newest
                    and campaigns.audience_box.include.count() > 0)  # fmt: skip
        type_over(campaigns.name, name)
        choose(campaigns.list_box, "Customers")
        choose(campaigns.template_box, "News")
        choose(campaigns.profile_box, "Relay")
        type_over(campaigns.sender_edit, "Shop <shop@example.com>")
        type_over(campaigns.unsubscribe_url, "https://example.com/u?e={{ email|urlencode }}")

    async def scenario() -> None:
        assert sender.start()

        # 1. Contacts → New segment…: city = Milano and plan = gold, live count, Save.
        go_to(window, "contacts")
        contacts = window.pages["contacts"]
        await until(lambda: contacts.model.rowCount() == 6)
        await click(contacts.segment_button)
        await until(lambda: contacts.segment_dialog is not None
                    and contacts.segment_dialog.isVisible())  # fmt: skip
        builder = contacts.segment_dialog
        for index, (field, op, value) in enumerate([("city", "=", "Milano"),
                                                     ("plan", "=", "gold")]):  # fmt: skip
            if index:
                await click(builder.add_button)
            row = builder.rows[index]
            type_over(row.field_box.lineEdit(), field)
            pick(row.op_box, op)
            type_over(row.value, value)
        await until(lambda: builder.count_label.text().startswith("2 contacts match"))
        QTest.keyClicks(builder.name, "Milano gold")
        await until(lambda: builder.save_button.isEnabled())
        await click(builder.save_button)
        await until(lambda: not builder.isVisible())
        assert rule_of(find_segment("Milano gold")).texts() == ["city = Milano", "plan = gold"]
        await until(lambda: contacts.lists.currentItem().text() == "Milano gold")

        # 2. Campaigns → New: Customers, also the segment, leave out Bought this week,
        #    a send window open all day, a 3-day frequency cap; Save draft.
        go_to(window, "campaigns")
        campaigns = window.pages["campaigns"]
        await new_campaign(campaigns, "Spring")
        box = campaigns.audience_box
        await until(lambda: box.include_label.text() == "Also send to")
        check_item(box.include, "Segment: Milano gold")
        # The campaign's own list is neither offered again nor as something to leave out.
        exclusions = [box.exclude.item(i).text() for i in range(box.exclude.count())]
        assert exclusions == ["Bought this week", "Prospects", "Segment: Milano gold"]
        check_item(box.exclude, "Bought this week")
        type_over(box.windows, "daily 00:00-24:00")
        type_over(box.zone.lineEdit(), "Europe/Rome")
        await click(box.cap_on)
        type_over(box.cap, "3d")
        await click(campaigns.save_button)
        await until(lambda: Campaign.select().where(
            (Campaign.name == "Spring") & (Campaign.skip_if_sent_within > 0)).exists())  # fmt: skip
        spring = Campaign.get(Campaign.name == "Spring")
        names = names_of(audience_of(spring))
        assert (names.lists, names.segments, names.exclude_lists) == (
            ["Customers"], ["Milano gold"], ["Bought this week"]
        )
        assert spring.time_zone == "Europe/Rome" and spring.skip_if_sent_within == 3 * 86400

        # 3. Start…: the count and why one is skipped; Start sending; the relay gets them.
        await click(campaigns.start_button)
        await until(lambda: campaigns.start_dialog is not None
                    and campaigns.start_dialog.isVisible())  # fmt: skip
        start = campaigns.start_dialog
        assert "<b>4 recipients</b>" in start.summary.text()
        assert "1 contact skipped: 1 excluded" in start.summary.text()
        await click(start.start_button)
        await until(lambda: Campaign.get_by_id(spring.id).status == CampaignStatus.FINISHED,
                    timeout=60)  # fmt: skip
        assert sorted(relay.delivered) == [
            "c1@example.com", "c2@example.com", "c3@example.com", "p1@example.com"
        ]

        # 4. A capped reminder to Customers, scheduled for tomorrow 09:00 in Rome: only
        #    c4 (not mailed in the last 3 days) is queued; the page says when it starts.
        await new_campaign(campaigns, "Reminder")
        box = campaigns.audience_box
        await click(box.cap_on)
        type_over(box.cap, "3d")
        await click(box.schedule_button)
        await until(lambda: box.schedule_dialog is not None and box.schedule_dialog.isVisible())
        dialog = box.schedule_dialog
        tomorrow = (datetime.now() + timedelta(days=1)).date()
        type_over(dialog.when, f"{tomorrow:%Y-%m-%d} 09:00")
        type_over(dialog.zone.lineEdit(), "Europe/Rome")
        rome_start = datetime.combine(tomorrow, time(9, 0), tzinfo=ZoneInfo("Europe/Rome"))
        # What 09:00 in Rome is here, before anything is queued.
        assert dialog.here.text() == f"That is {zone_time(rome_start, None)} on this computer."
        type_over(dialog.when, "2020-01-06 09:00")
        assert dialog.here.text() == "That time has passed: sending would start at once."
        type_over(dialog.when, f"{tomorrow:%Y-%m-%d} 09:00")
        await click(dialog.ok_button)
        await until(lambda: not dialog.isVisible(), timeout=30)
        reminder = Campaign.get(Campaign.name == "Reminder")
        assert reminder.status == CampaignStatus.SCHEDULED
        assert reminder.skipped_counts == {"frequency_cap": 3}
        assert [m.to_addr for m in Message.select().where(Message.campaign == reminder.id)] == [
            "c4@example.com"
        ]
        rome = datetime.combine(tomorrow, time(9, 0), tzinfo=ZoneInfo("Europe/Rome"))
        assert reminder.scheduled_at == rome.astimezone(UTC).replace(tzinfo=None)
        # Shown in the computer's zone (the campaign has none of its own).
        shown = zone_time(rome, local_zone_name())
        await until(lambda: box.timing.text().startswith(f"Scheduled for {shown}"))
        await until(lambda: not campaigns.start_button.isEnabled())
        assert not box.include.isEnabled()
        window.grab().save(str(tmp_path / "scheduled.png"))
        await sender.stop_async()

    try:
        qloop.run_until_complete(asyncio.wait_for(scenario(), 120))
    finally:
        controller.stop()
        window.shutdown()
        context.services.clear()
        gc.collect()
    assert len(relay.delivered) == 4  # the scheduled reminder did not leave
