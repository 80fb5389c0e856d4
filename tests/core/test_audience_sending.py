"""The sender honours schedules, send windows (across Rome's DST changes) and warm-up caps.

Time moves by an injected clock, never by sleeping: the worker's policy reads the
clock; the test waits for the worker's own state reports ("waiting: send window opens
…"), checks that nothing reached the real aiosmtpd server, moves the clock, and
waits for delivery.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from core.audience.policy import SendPolicy
from core.campaigns import DraftSettings, save_draft, start_campaign
from core.importer import import_contacts
from core.models import Campaign, CampaignStatus, Message, SmtpProfile
from core.profiles import ProfileSettings, save_profile
from core.templates import save_template
from core.worker import SendingWorker, WorkerStateEvent
from tests.conftest import free_port

HTML = '<p>Ciao {{ first_name }}</p><p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>'


class Sink:
    def __init__(self) -> None:
        self.rcpts: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.rcpts.extend(envelope.rcpt_tos)
        return "250 2.0.0 Ok"


@pytest.fixture
def sink() -> Iterator[tuple[Sink, int]]:
    handler = Sink()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def make_draft(tmp_path: Path, port: int, people: int, *, windows: list[str] | None = None,
               zone: str | None = None, warmup: list[int] | None = None) -> Campaign:  # fmt: skip
    csv_path = tmp_path / "people.csv"
    lines = ["email,first_name"] + [f"p{i}@example.com,P{i}" for i in range(people)]
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_contacts(csv_path, "People")
    save_template("T", subject="Hi {{ first_name }}", html=HTML)
    save_profile("Relay", ProfileSettings(
        host="127.0.0.1", port=port, security="none", rate=0, max_connections=2,
        connect_timeout=5, data_timeout=5, warmup=warmup or [],
    ))  # fmt: skip
    return save_draft("C", DraftSettings(
        list_name="People", template_name="T", profile_name="Relay",
        sender="Shop <shop@example.com>", unsubscribe_url="https://example.com/u?e={{ email }}",
        windows=windows or [], time_zone=zone,
    ))  # fmt: skip


class Run:
    """The worker on its own loop in this thread, driven step by step by the test."""

    def __init__(self, clock: FakeClock, until_done: bool = True) -> None:
        self.worker = SendingWorker(until_done=until_done, policy=SendPolicy(clock))
        self.states: list[WorkerStateEvent] = []
        self.worker.events.state.connect(self.states.append)
        self.loop = asyncio.new_event_loop()
        self.task = self.loop.create_task(self.worker.run())

    def until(self, predicate: Any, timeout: float = 20.0) -> None:
        """Run the loop until ``predicate()`` holds (checked as the worker reports)."""

        async def wait() -> None:
            while not predicate():
                if self.task.done():
                    self.task.result()
                    raise AssertionError("the worker stopped first")
                await asyncio.sleep(0.02)  # yields to the worker; time is the fake clock's

        try:
            self.loop.run_until_complete(asyncio.wait_for(wait(), timeout))
        except BaseException:
            self.stop()
            raise

    def reports_waiting(self, text: str, times: int = 2) -> bool:
        return sum(1 for s in self.states if s.state == "waiting" and text in s.detail) >= times

    def finish(self, timeout: float = 30.0) -> None:
        self.loop.run_until_complete(asyncio.wait_for(self.task, timeout))
        self.loop.close()

    def stop(self) -> None:
        self.worker.stop()
        if not self.loop.is_closed():
            self.finish()


def sent() -> int:
    return Message.select().where(Message.status == "sent").count()


def test_a_scheduled_campaign_starts_by_itself_at_its_time_and_not_before(db, tmp_path, sink):
    handler, port = sink
    start = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # Monday 09:00 in Rome
    clock = FakeClock(start - timedelta(hours=2))
    campaign = make_draft(tmp_path, port, 4)
    start_campaign(campaign, at=start, now=clock())
    assert Campaign.get_by_id(campaign.id).status == CampaignStatus.SCHEDULED
    run = Run(clock)
    run.until(lambda: run.reports_waiting("scheduled"))
    clock.now = start - timedelta(seconds=1)
    run.until(lambda: run.reports_waiting("scheduled", times=4))
    assert handler.rcpts == [] and sent() == 0
    clock.now = start
    run.finish()
    assert sorted(handler.rcpts) == [f"p{i}@example.com" for i in range(4)]
    fresh = Campaign.get_by_id(campaign.id)
    assert fresh.status == CampaignStatus.FINISHED
    assert fresh.started_at == start.replace(tzinfo=None)


@pytest.mark.parametrize(
    ("window", "closed_at", "opens_text", "open_at"),
    [
        # 29 March 2026: Rome's clocks jump from 02:00 to 03:00. A window from 02:30 opens
        # when the clocks reach 03:00 CEST = 01:00 UTC; at 00:59 UTC (01:59 CET) it is shut.
        ("sun 02:30-04:00", datetime(2026, 3, 29, 0, 59, tzinfo=UTC),
         "Sun 29 Mar 2026 03:00 CEST", datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        # 25 October 2026: 02:00-03:00 happens twice. At 00:45 UTC (02:45 CEST) the window
        # 02:00-02:30 is shut; it opens again at 02:00 CET = 01:00 UTC.
        ("sun 02:00-02:30", datetime(2026, 10, 25, 0, 45, tzinfo=UTC),
         "Sun 25 Oct 2026 02:00 CET", datetime(2026, 10, 25, 1, 0, tzinfo=UTC)),
        # An ordinary weekday window, Friday evening → Monday 09:00 CEST (07:00 UTC), the
        # first Monday after the change.
        ("mon-fri 09:00-17:30", datetime(2026, 3, 27, 16, 31, tzinfo=UTC),
         "Mon 30 Mar 2026 09:00 CEST", datetime(2026, 3, 30, 7, 0, tzinfo=UTC)),
    ],
)  # fmt: skip
def test_nothing_leaves_outside_the_send_window_across_dst(
    db, tmp_path, sink, window, closed_at, opens_text, open_at
):
    handler, port = sink
    clock = FakeClock(closed_at)
    campaign = make_draft(tmp_path, port, 3, windows=[window], zone="Europe/Rome")
    start_campaign(campaign, now=clock())
    run = Run(clock)
    run.until(lambda: run.reports_waiting(f"send window opens {opens_text}"))
    clock.now = open_at - timedelta(seconds=1)
    run.until(lambda: run.reports_waiting(f"send window opens {opens_text}", times=4))
    assert handler.rcpts == [] and sent() == 0
    from core.queue import list_messages

    row = list_messages(now=clock())[0]
    assert row["waiting"] == "send window"
    assert row["next_attempt_at"] == open_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    clock.now = open_at
    run.finish()
    assert len(handler.rcpts) == 3 and sent() == 3


def test_a_message_claimed_as_the_window_closes_goes_back_unsent(db, tmp_path, sink):
    """The policy is asked again right before MAIL FROM: a message claimed inside the
    window but reaching the relay after it closed is released, untried."""
    handler, port = sink
    clock = FakeClock(datetime(2026, 3, 30, 7, 0, tzinfo=UTC))  # Monday 09:00 CEST
    campaign = make_draft(tmp_path, port, 1, windows=["mon-fri 09:00-17:30"], zone="Europe/Rome")
    start_campaign(campaign, now=clock())
    run = Run(clock, until_done=False)
    original = SendPolicy.may_leave
    calls: list[bool] = []

    def closing(self: SendPolicy, campaign_id: int, now: datetime | None = None) -> Any:
        verdict = original(self, campaign_id, now)
        if now is None:  # the question asked before sending: the window shut meanwhile
            clock.now = datetime(2026, 3, 30, 15, 30, tzinfo=UTC)
            verdict = original(self, campaign_id, now)
            calls.append(verdict.allowed)
        return verdict

    SendPolicy.may_leave = closing  # type: ignore[method-assign]
    try:
        run.until(lambda: bool(calls) and run.reports_waiting("send window opens", times=2))
    finally:
        SendPolicy.may_leave = original  # type: ignore[method-assign]
    run.stop()
    assert calls[0] is False
    assert handler.rcpts == []
    message = Message.get()
    assert message.status == "queued" and message.attempts == 0


def test_warm_up_caps_each_day_then_the_daily_cap(db, tmp_path, sink):
    handler, port = sink
    day1 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    clock = FakeClock(day1)
    campaign = make_draft(tmp_path, port, 7, warmup=[2, 4])
    start_campaign(campaign, now=clock())
    run = Run(clock)
    run.until(lambda: sent() == 2 and any("daily cap" in s.detail for s in run.states))
    run.until(lambda: sum("daily cap" in s.detail for s in run.states) >= 3)
    assert len(handler.rcpts) == 2 and sent() == 2
    profile = SmtpProfile.get(SmtpProfile.name == "Relay")
    assert profile.warmup_started_at == day1.replace(tzinfo=None)
    clock.now = day1 + timedelta(days=1, seconds=1)  # day 2: up to 4 in 24 hours
    run.until(lambda: sent() == 6)
    run.until(lambda: sum("daily cap" in s.detail for s in run.states) >= 6)
    assert sent() == 6
    clock.now = day1 + timedelta(days=2, seconds=2)  # after the warm-up: no cap set
    run.finish()
    assert len(handler.rcpts) == 7 and sent() == 7


def test_two_capped_campaigns_started_together_send_each_person_one_message(db, tmp_path, sink):
    """The frequency cap is checked again just before sending: of two campaigns started
    at once to the same people, each with a cap, only the first message reaches each one;
    the other is cancelled with the reason (and counted as cancelled, not sent)."""
    handler, port = sink
    clock = FakeClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    first = make_draft(tmp_path, port, 4)
    first.skip_if_sent_within = 86400
    first.save()
    second = save_draft("D", DraftSettings(
        list_name="People", template_name="T", profile_name="Relay",
        sender="Shop <shop@example.com>", unsubscribe_url="https://example.com/u?e={{ email }}",
        skip_if_sent_within=86400,
    ))  # fmt: skip
    start_campaign(first, now=clock())
    start_campaign(second, now=clock())
    assert Message.select().count() == 8  # nobody had been sent anything yet
    run = Run(clock)
    run.finish()
    assert sorted(handler.rcpts) == [f"p{i}@example.com" for i in range(4)]
    cancelled = list(Message.select().where(Message.status == "cancelled"))
    assert len(cancelled) == 4 and sent() == 4
    assert all("frequency cap" in (m.last_response or "") for m in cancelled)


@pytest.mark.slow  # about 4 s: two waits for the worker's next reports (1 s apart)
def test_windows_in_each_recipients_own_zone_across_the_us_dst_change(db, tmp_path, sink):
    """"daily 09:00-10:00" read in each recipient's zone (their ``tz`` field): Tokyo is
    inside it first, Rome (and whoever has no valid zone: the campaign's) next, New York
    last, at 09:00 EDT, the morning its clocks went forward (13:00 UTC, not 14:00)."""
    handler, port = sink
    csv_path = tmp_path / "world.csv"
    csv_path.write_text(
        "email,first_name,tz\ntokyo@example.com,T,Asia/Tokyo\nny@example.com,N,America/New_York\n"
        "rome@example.com,R,Europe/Rome\nnone@example.com,X,\nmars@example.com,M,Mars/Olympus\n",
        encoding="utf-8",
    )
    import_contacts(csv_path, "World")
    save_template("T", subject="Hi {{ first_name }}", html=HTML)
    save_profile("Relay", ProfileSettings(host="127.0.0.1", port=port, security="none", rate=0,
                                          connect_timeout=5, data_timeout=5))  # fmt: skip
    campaign = save_draft("C", DraftSettings(
        list_name="World", template_name="T", profile_name="Relay",
        sender="Shop <shop@example.com>", unsubscribe_url="https://example.com/u?e={{ email }}",
        windows=["daily 09:00-10:00"], time_zone="Europe/Rome", recipient_zone_field="TZ",
    ))  # fmt: skip
    assert campaign.recipient_zone_field == "tz"  # the column as stored
    clock = FakeClock(datetime(2026, 3, 8, 0, 30, tzinfo=UTC))  # 09:30 in Tokyo
    start_campaign(campaign, now=clock())
    run = Run(clock)

    def waiting() -> dict[str, tuple[str, str]]:
        return {m.to_addr.split("@")[0]: (str(m.next_attempt_at), m.last_response or "")
                for m in Message.select().where(Message.status == "deferred")}  # fmt: skip

    def looks_again() -> None:  # the worker's next reports: it claimed whatever was due
        seen = len(run.states)
        run.until(lambda: len(run.states) >= seen + 2)

    run.until(lambda: len(waiting()) == 4 and handler.rcpts == ["tokyo@example.com"])
    later = waiting()
    assert {k: v[0] for k, v in later.items()} == {
        "rome": "2026-03-08 08:00:00", "none": "2026-03-08 08:00:00",
        "mars": "2026-03-08 08:00:00", "ny": "2026-03-08 13:00:00",
    }  # fmt: skip
    assert later["ny"][1] == (
        "Waiting: the recipient's send window opens Sun 8 Mar 2026 09:00 EDT (America/New_York)."
    )
    assert Message.get(Message.to_addr == "ny@example.com").attempts == 0

    clock.now = datetime(2026, 3, 8, 7, 59, 59, tzinfo=UTC)
    looks_again()
    assert handler.rcpts == ["tokyo@example.com"]
    clock.now = datetime(2026, 3, 8, 8, 0, tzinfo=UTC)  # 09:00 in Rome
    run.until(lambda: len(handler.rcpts) == 4)
    assert sorted(handler.rcpts[1:]) == ["mars@example.com", "none@example.com",
                                         "rome@example.com"]  # fmt: skip
    clock.now = datetime(2026, 3, 8, 12, 59, 59, tzinfo=UTC)  # 08:59 EDT
    looks_again()
    assert len(handler.rcpts) == 4 and list(waiting()) == ["ny"]
    clock.now = datetime(2026, 3, 8, 13, 0, tzinfo=UTC)
    run.finish()
    assert handler.rcpts[-1] == "ny@example.com" and sent() == 5
    assert Campaign.get_by_id(campaign.id).status == CampaignStatus.FINISHED
