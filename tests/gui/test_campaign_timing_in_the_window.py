"""When campaigns send, as the window says it: a scheduled campaign, one outside its send
window and one whose windows are read in each recipient's own time zone, on the
Campaigns list, in the campaign's detail and on the Queue page, reached by clicking.

The windows are put on a weekday three days from today, so they are closed now whatever
the hour the test runs; the sentences are checked against what the core computes for
the same campaigns (tests/core/test_audience_schedule.py checks that computation with an
injected clock across daylight-saving changes)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from core.audience.schedule import DAY_NAMES, parse_start_time
from core.campaigns import DraftSettings, save_draft, start_campaign
from core.importer import import_contacts
from core.models import Campaign
from core.ops import audience as audience_ops
from core.profiles import ProfileSettings, save_profile
from core.templates import save_template
from gui.format import local_time, zone_time
from gui.main_window import MainWindow
from gui.pages.campaign_audience import outlook_text
from tests.gui.clicking import click_row, pick
from tests.gui.conftest import wait_idle
from tests.gui.test_end_to_end import go_to

ZONES = ["Asia/Tokyo", "America/New_York", "Europe/Rome", "", "Not/AZone"]


def campaigns(tmp_path: Path) -> dict[str, Campaign]:
    path = tmp_path / "people.csv"
    path.write_text("email,first_name,tz\n" + "".join(
        f"p{i}@example.com,P{i},{ZONES[i % len(ZONES)]}\n" for i in range(10)))  # fmt: skip
    import_contacts(path, "People")
    save_template("T", subject="Hi {{ first_name }}",
                  html='<p>Hi <a href="{{ unsubscribe_url }}">u</a></p>')  # fmt: skip
    save_profile("Relay", ProfileSettings(host="127.0.0.1", port=2525, security="none"))
    later = DAY_NAMES[(datetime.now(UTC).weekday() + 3) % 7]

    def make(name: str, **extra: object) -> Campaign:
        return save_draft(name, DraftSettings(
            "People", "T", "Relay", "Shop <shop@example.com>",
            unsubscribe_url="https://example.com/u?e={{ email }}", **extra,  # type: ignore[arg-type]
        ))  # fmt: skip

    scheduled = make("Black Friday", time_zone="Europe/Rome")
    start = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%d 09:00")
    start_campaign(scheduled, at=parse_start_time(start, "Europe/Rome"))
    closed = make("Office hours", windows=[f"{later} 10:00-11:00"], time_zone="Europe/Rome")
    start_campaign(closed)
    theirs = make("Good morning", windows=[f"{later} 09:00-10:00"], time_zone="Europe/Rome",
                  recipient_zone_field="tz")  # fmt: skip
    start_campaign(theirs)
    # Scheduled for 09:30 in Tokyo in two days, its window daily 09:00-10:00 in each
    # recipient's zone: the two in Tokyo, and the four without a zone (read in the
    # campaign's, Tokyo), are inside theirs when it starts.
    tokyo = make("Tokyo first", windows=["daily 09:00-10:00"], time_zone="Asia/Tokyo",
                 recipient_zone_field="tz")  # fmt: skip
    day = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%d")
    start_campaign(tokyo, at=parse_start_time(f"{day} 09:30", "Asia/Tokyo"))
    return {c.name: Campaign.get_by_id(c.id) for c in (scheduled, closed, theirs, tokyo)}


def test_the_list_the_detail_and_the_queue_say_when_campaigns_send(qtbot, context, tmp_path):
    made = campaigns(tmp_path)
    window = MainWindow(context, start_services=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    go_to(window, "campaigns")
    page = window.pages["campaigns"]
    qtbot.waitUntil(lambda: page.table.rowCount() == 4)
    wait_idle(qtbot, context)
    rows = {page.table.item(r, 0).text(): r for r in range(page.table.rowCount())}

    def status(name: str) -> tuple[str, str]:
        item = page.table.item(rows[name], 1)
        return item.text(), item.toolTip()

    black, office, morning = made["Black Friday"], made["Office hours"], made["Good morning"]
    # Nobody reads "Sending" for a campaign that cannot send now.
    assert status("Black Friday") == (
        f"Scheduled · {local_time(black.scheduled_at)}",
        f"Scheduled: starts {zone_time(black.scheduled_at, 'Europe/Rome')}",
    )
    office_facts = audience_ops.timing_facts(office.id)
    assert office_facts.window_open is False and office_facts.next_window_at is not None
    assert status("Office hours") == (
        "Outside its window",
        f"Outside its send window: it opens {zone_time(office_facts.next_window_at, 'Europe/Rome')}",
    )
    morning_facts = audience_ops.timing_facts(morning.id)
    outlook = morning_facts.outlook
    assert outlook is not None and (outlook.open_now, outlook.waiting) == (0, 10)
    assert outlook.without_zone == 4 and outlook.zones == 3
    text, tip = status("Good morning")
    assert text == "Outside their windows"
    assert tip == (f"Nobody is inside their send window now: the first opens "
                   f"{local_time(outlook.first_opening)} here, for 10 recipients.")  # fmt: skip

    # The detail of each, by clicking its row.
    click_row(page.table, rows["Black Friday"])
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == black.id)
    qtbot.waitUntil(lambda: page.rate_label.text() == (
        f"Scheduled · starts {zone_time(black.scheduled_at, 'Europe/Rome')} · "
        "10 messages to send."))  # fmt: skip
    qtbot.waitUntil(lambda: page.audience_box.timing.text()
                    == f"Scheduled for {zone_time(black.scheduled_at, 'Europe/Rome')}.")  # fmt: skip
    click_row(page.table, rows["Office hours"])
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == office.id)
    opens = zone_time(office_facts.next_window_at, "Europe/Rome")
    qtbot.waitUntil(lambda: page.rate_label.text()
                    == f"Outside its send window · it opens {opens} · 10 messages to go.")  # fmt: skip
    qtbot.waitUntil(lambda: page.audience_box.timing.text() == (
        f"Next send window opens {opens} ({office_facts.windows[0]})."))  # fmt: skip
    click_row(page.table, rows["Good morning"])
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == morning.id)
    said = outlook_text(outlook)
    assert said.startswith("Next window opens for 10 recipients at 09:00 their time — the "
                           f"first at {local_time(outlook.first_opening)} here "
                           f"({outlook.first_zone}).")  # fmt: skip
    qtbot.waitUntil(lambda: said in page.audience_box.timing.text())
    click_row(page.table, rows["Tokyo first"])
    tokyo = made["Tokyo first"]
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == tokyo.id)
    qtbot.waitUntil(lambda: page.audience_box.timing.text().startswith(
        f"Scheduled for {zone_time(tokyo.scheduled_at, 'Asia/Tokyo')}. Sends only daily "
        "09:00-10:00 in each recipient's time zone (their 'tz'; Asia/Tokyo for those without "
        "one). 6 recipients inside their window when it starts. Next window opens for 4 "
        "recipients at 09:00 their time"))  # fmt: skip
    window.grab().save(str(tmp_path / "campaigns.png"))

    # The Queue page: one line per waiting campaign, soonest first; the scheduled and
    # the closed-window campaigns' messages show when they may leave.
    go_to(window, "queue")
    queue = window.pages["queue"]
    qtbot.waitUntil(lambda: queue.waits_banner.isVisible(), timeout=10_000)
    lines = queue.waits_banner.label.text().split("\n")
    assert f"Black Friday is scheduled: it starts {zone_time(black.scheduled_at, 'Europe/Rome')}." in lines
    assert (f"Office hours is outside its send window ({office_facts.windows[0]}): it opens "
            f"{opens}.") in lines  # fmt: skip
    assert any(line.startswith("Good morning sends in each recipient's time zone") and said in line
               for line in lines)  # fmt: skip
    model = queue.model
    qtbot.waitUntil(lambda: model.rowCount() == 40)
    by_campaign: dict[str, set[str]] = {}
    for row in range(model.rowCount()):
        qtbot.waitUntil(lambda row=row: model.cached_row(row) is not None)
        campaign = model.index(row, 1).data()
        by_campaign.setdefault(campaign, set()).add(model.index(row, 5).data())
    assert by_campaign["Black Friday"] == {local_time(black.scheduled_at)}
    assert by_campaign["Office hours"] == {local_time(office_facts.next_window_at)}
    # Each recipient's own window, opening in their zone (Rome's for those without one).
    from core.audience.schedule import WindowSchedule

    now = datetime.now(UTC)
    assert by_campaign["Good morning"] == {
        local_time(WindowSchedule.parse(morning_facts.windows, where).next_opening(now))
        for where in ("Asia/Tokyo", "America/New_York", "Europe/Rome")
    }
    assert by_campaign["Tokyo first"] == {local_time(made["Tokyo first"].scheduled_at)}

    # Only the chosen campaign's line once the queue shows one campaign.
    pick(queue.campaign_filter, "Office hours")
    qtbot.waitUntil(lambda: queue.waits_banner.label.text().startswith("Office hours is outside"),
                    timeout=10_000)  # fmt: skip
    assert "\n" not in queue.waits_banner.label.text()
    window.grab().save(str(tmp_path / "queue.png"))
    window.shutdown()


def test_a_warming_up_profile_shows_todays_cap_and_stops_saying_sending(
    qtbot, context, qloop, tmp_path
):
    """A new profile warming up (2 messages on day 1, then 5): the campaign sends two to a
    real relay, then the page says what is left today and that the cap is reached, and
    the list says "Daily cap reached" rather than "Sending"."""
    import asyncio

    from aiosmtpd.controller import Controller

    from gui.sender_service import SenderService
    from tests.gui.clicking import until
    from tests.smtp_servers import free_port

    delivered: list[str] = []

    class Relay:
        async def handle_DATA(self, server, session, envelope):
            delivered.extend(envelope.rcpt_tos)
            return "250 2.0.0 Ok: queued"

    port = free_port()
    controller = Controller(Relay(), hostname="127.0.0.1", port=port,
                            server_hostname="localhost", loop=asyncio.new_event_loop())  # fmt: skip
    controller.start()
    path = tmp_path / "people.csv"
    path.write_text("email,first_name\n" + "".join(f"w{i}@example.com,W{i}\n" for i in range(5)))
    import_contacts(path, "New people")
    save_template("T", subject="Hi {{ first_name }}",
                  html='<p>Hi <a href="{{ unsubscribe_url }}">u</a></p>')  # fmt: skip
    save_profile("New domain", ProfileSettings(host="127.0.0.1", port=port, security="none",
                                               rate=0, warmup=[2, 5]))  # fmt: skip
    campaign = save_draft("Hello", DraftSettings(
        "New people", "T", "New domain", "Shop <shop@example.com>",
        unsubscribe_url="https://example.com/u?e={{ email }}",
    ))  # fmt: skip
    start_campaign(campaign)
    sender = SenderService(context)
    context.services["sender"] = sender
    window = MainWindow(context, start_services=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)

    async def scenario() -> None:
        assert sender.start()
        go_to(window, "campaigns")
        page = window.pages["campaigns"]
        await until(lambda: page.table.rowCount() == 1)
        click_row(page.table, 0)
        await until(lambda: len(delivered) == 2, timeout=30)
        await until(lambda: page.allowance_label.text() == (
            "SMTP profile 'New domain' today: 0 of 2 left (warm-up day 1 of 2)."), timeout=15)
        await until(lambda: page.rate_label.text() == (
            "Today's cap of 2 is reached: sending goes on as the last 24 hours' messages age "
            "out · 3 messages to go."), timeout=15)  # fmt: skip
        await until(lambda: page.table.item(0, 1).text() == "Daily cap reached", timeout=15)
        assert "sent today's 2" in page.table.item(0, 1).toolTip()
        window.grab().save(str(tmp_path / "warmup.png"))
        await sender.stop_async()

    try:
        qloop.run_until_complete(asyncio.wait_for(scenario(), 90))
    finally:
        controller.stop()
        window.shutdown()
        context.services.clear()
    assert len(delivered) == 2  # nothing beyond today's cap left


def test_reschedule_a_scheduled_campaign_then_start_it_now(qtbot, context, qloop, tmp_path):
    """A campaign scheduled for the day after tomorrow: Reschedule… moves it (the dialog
    opens on its current start, in its zone), then Start now sends it to a real relay."""
    import asyncio

    from aiosmtpd.controller import Controller
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from gui.sender_service import SenderService
    from tests.gui.clicking import until
    from tests.gui.test_end_to_end import type_over
    from tests.smtp_servers import free_port

    delivered: list[str] = []

    class Relay:
        async def handle_DATA(self, server, session, envelope):
            delivered.extend(envelope.rcpt_tos)
            return "250 2.0.0 Ok: queued"

    port = free_port()
    controller = Controller(Relay(), hostname="127.0.0.1", port=port,
                            server_hostname="localhost", loop=asyncio.new_event_loop())  # fmt: skip
    controller.start()
    path = tmp_path / "people.csv"
    path.write_text("email,first_name\n" + "".join(f"r{i}@example.com,R{i}\n" for i in range(3)))
    import_contacts(path, "People")
    save_template("T", subject="Hi {{ first_name }}",
                  html='<p>Hi <a href="{{ unsubscribe_url }}">u</a></p>')  # fmt: skip
    save_profile("Relay", ProfileSettings(host="127.0.0.1", port=port, security="none", rate=0))
    campaign = save_draft("Later", DraftSettings(
        "People", "T", "Relay", "Shop <shop@example.com>",
        unsubscribe_url="https://example.com/u?e={{ email }}", time_zone="America/New_York",
    ))  # fmt: skip
    first = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%d")
    start_campaign(campaign, at=parse_start_time(f"{first} 09:00", "America/New_York"))
    sender = SenderService(context)
    context.services["sender"] = sender
    window = MainWindow(context, start_services=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)

    async def click(widget) -> None:
        await until(widget.isEnabled)
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)

    async def scenario() -> None:
        assert sender.start()
        go_to(window, "campaigns")
        page = window.pages["campaigns"]
        await until(lambda: page.table.rowCount() == 1)
        click_row(page.table, 0)
        box = page.audience_box
        await until(lambda: box.schedule_button.text() == "Reschedule…")
        await click(box.schedule_button)
        await until(lambda: box.schedule_dialog is not None and box.schedule_dialog.isVisible())
        dialog = box.schedule_dialog
        assert dialog.windowTitle() == "Reschedule the campaign"
        assert dialog.when.dateTime().toString("yyyy-MM-dd HH:mm") == f"{first} 09:00"
        assert dialog.zone.currentText() == "America/New_York"
        later = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%d")
        type_over(dialog.when, f"{later} 14:30")
        await click(dialog.ok_button)
        await until(lambda: not dialog.isVisible())
        moved = parse_start_time(f"{later} 14:30", "America/New_York")
        stored = Campaign.get_by_id(campaign.id)
        assert stored.status == "scheduled"
        assert stored.scheduled_at == moved.replace(tzinfo=None)
        await until(lambda: page.table.item(0, 1).toolTip()
                    == f"Scheduled: starts {zone_time(moved, 'America/New_York')}")  # fmt: skip
        assert delivered == []

        await click(box.schedule_button)
        await until(lambda: box.schedule_dialog is not dialog and box.schedule_dialog.isVisible())
        await click(box.schedule_dialog.start_now_button)
        await until(lambda: sorted(delivered) == [f"r{i}@example.com" for i in range(3)],
                    timeout=30)  # fmt: skip
        await until(lambda: Campaign.get_by_id(campaign.id).status == "finished", timeout=30)
        await until(lambda: page.table.item(0, 1).text() == "Finished")
        await sender.stop_async()

    try:
        qloop.run_until_complete(asyncio.wait_for(scenario(), 90))
    finally:
        controller.stop()
        window.shutdown()
        context.services.clear()


def test_the_draft_says_what_its_timing_means_or_what_is_wrong_as_it_is_typed(
    qtbot, context, tmp_path
):
    """Before Save draft: a mistyped window is one sentence in the box, the corrected one
    reads back as the campaign will send; nothing is stored until saved."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from tests.gui.test_end_to_end import type_over

    path = tmp_path / "people.csv"
    path.write_text("email,first_name,tz\np1@example.com,P1,Asia/Tokyo\n")
    import_contacts(path, "People")
    save_template("T", subject="Hi", html='<p>Hi <a href="{{ unsubscribe_url }}">u</a></p>')
    save_profile("Relay", ProfileSettings(host="127.0.0.1", port=2525, security="none"))
    campaign = save_draft("Draft", DraftSettings("People", "T", "Relay", "s@example.com"))
    window = MainWindow(context, start_services=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    go_to(window, "campaigns")
    page = window.pages["campaigns"]
    qtbot.waitUntil(lambda: page.audience_box.campaign_id == campaign.id)
    wait_idle(qtbot, context)
    box = page.audience_box
    type_over(box.zone.lineEdit(), "Europe/Rome")
    type_over(box.windows, "mon-fry 09:00-17:30")
    qtbot.waitUntil(lambda: "'fry' in the send window" in box.timing.text(), timeout=5000)
    type_over(box.windows, "mon-fri 9:00-17:30")
    qtbot.waitUntil(lambda: box.timing.text() == "Sends only mon-fri 09:00-17:30 (Europe/Rome).",
                    timeout=5000)  # fmt: skip
    QTest.mouseClick(box.recipient_zone_on, Qt.MouseButton.LeftButton)
    type_over(box.recipient_zone_field.lineEdit(), "tz")
    QTest.mouseClick(box.cap_on, Qt.MouseButton.LeftButton)
    type_over(box.cap, "36h")
    qtbot.waitUntil(lambda: box.timing.text() == (
        "Sends only mon-fri 09:00-17:30 in each recipient's time zone (their 'tz'; "
        "Europe/Rome for those without one). Skips contacts mailed in the last 1d12h."),
        timeout=5000)  # fmt: skip
    assert Campaign.get_by_id(campaign.id).send_windows == []  # not saved yet
    assert page.unsaved.text() == "Unsaved changes"
    window.shutdown()
