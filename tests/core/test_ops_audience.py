"""core.ops.audience: the campaign form's audience and timing, start at a time, the page's
timing line (with an explicit instant, never the wall clock)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.audience.segments import save_segment
from core.campaigns import DraftSettings, save_draft
from core.errors import StaffettaError
from core.models import Campaign, Contact, ContactList, ListMembership, SmtpProfile, Template
from core.ops import audience as ops


@pytest.fixture
def draft(db) -> int:
    customers = ContactList.create(name="Customers")
    ContactList.create(name="Bought")
    for i in range(6):
        contact = Contact.create(email=f"c{i}@example.com", email_key=f"c{i}@example.com",
                                 fields={"plan": "gold" if i % 2 else "free"})  # fmt: skip
        ListMembership.create(contact_list=customers, contact=contact)
    save_segment("Gold", ["plan = gold"])
    Template.create(name="T", subject="Hi", html='<p>Hi <a href="{{ unsubscribe_url }}">u</a></p>')
    SmtpProfile.create(name="P", host="127.0.0.1", port=25, security="none")
    return save_draft("C", DraftSettings("Customers", "T", "P", "shop@example.com")).id


def test_choices_and_round_trip(draft: int):
    choices = ops.audience_choices()
    assert choices.lists == ["Bought", "Customers"] and choices.segments == ["Gold"]
    values = ops.AudienceAndTiming(
        segments=["Gold"], exclude_lists=["Bought"], windows=["Mon-Fri 9:00-17:30"],
        time_zone="Europe/Rome", skip_if_sent_within="36h",
    )  # fmt: skip
    changes = ops.save_audience_and_timing(draft, values)
    assert changes.campaigns and draft in changes.campaign_ids
    stored = ops.audience_and_timing(draft)
    assert stored.lists == [] and stored.segments == ["Gold"]
    assert stored.exclude_lists == ["Bought"]
    assert stored.windows == ["mon-fri 09:00-17:30"] and stored.time_zone == "Europe/Rome"
    assert stored.skip_if_sent_within == "1d12h"
    assert Campaign.get_by_id(draft).contact_list is None


@pytest.mark.parametrize(
    ("values", "says"),
    [
        (ops.AudienceAndTiming(), "no audience"),
        (ops.AudienceAndTiming(segments=["Nope"]), "no segment named 'Nope'"),
        (ops.AudienceAndTiming(lists=["Customers"], windows=["weekdays"]), "is not DAYS"),
        (ops.AudienceAndTiming(lists=["Customers"], time_zone="Rome"), "not a time zone"),
        (ops.AudienceAndTiming(lists=["Customers"], skip_if_sent_within="soon"), "not a duration"),
    ],
)
def test_bad_values_are_one_sentence_and_change_nothing(draft: int, values, says):
    with pytest.raises(StaffettaError, match=says):
        ops.save_audience_and_timing(draft, values)
    assert ops.audience_and_timing(draft).lists == ["Customers"]


def test_start_at_and_the_timing_line(draft: int):
    ops.save_audience_and_timing(draft, ops.AudienceAndTiming(
        lists=["Customers"], windows=["mon-fri 09:00-17:30"], time_zone="Europe/Rome",
        skip_if_sent_within="3d",
    ))  # fmt: skip
    started = ops.start_at(draft, "2031-03-01 10:00").value  # a Saturday, in Rome
    assert started.queued == 6 and started.scheduled_at == datetime(2031, 3, 1, 9, tzinfo=UTC)
    line = ops.timing_line(draft, now=datetime(2031, 2, 28, 12, tzinfo=UTC))
    assert line.startswith("Scheduled for Sat 1 Mar 2031 10:00 CET.")
    assert "Next send window opens Mon 3 Mar 2031 09:00 CET (mon-fri 09:00-17:30)." in line
    assert line.endswith("Skips contacts mailed in the last 3d.")
    with pytest.raises(StaffettaError, match="already started"):
        ops.save_audience_and_timing(draft, ops.AudienceAndTiming(lists=["Customers"]))


def test_start_at_a_skipped_time_is_refused(draft: int):
    with pytest.raises(StaffettaError, match="does not exist in Europe/Rome"):
        ops.start_at(draft, "2031-03-30 02:30", "Europe/Rome")
    assert Campaign.get_by_id(draft).status == "draft"


def test_draft_fields_save_the_audience_with_the_draft(draft: int):
    fields = ops.draft_fields(ops.AudienceAndTiming(
        lists=["Customers"], exclude_segments=["Gold"], windows=["sat 10:00-12:00"],
        time_zone="Europe/Rome", skip_if_sent_within="2d",
    ))  # fmt: skip
    campaign = save_draft("C", DraftSettings(template_name="T", profile_name="P",
                                             sender="shop@example.com", **fields),  # type: ignore[arg-type]
                          replace=True)  # fmt: skip
    stored = ops.audience_and_timing(campaign.id)
    assert stored.lists == ["Customers"] and stored.exclude_segments == ["Gold"]
    assert stored.windows == ["sat 10:00-12:00"] and stored.skip_if_sent_within == "2d"
    with pytest.raises(StaffettaError, match="not a duration"):
        ops.draft_fields(ops.AudienceAndTiming(skip_if_sent_within="two days"))


@pytest.mark.databases()
def test_timing_facts_of_windows_in_each_recipients_zone(db):
    """Queued to people in three zones (and one without): the facts count the unsent
    messages by the zone in their snapshot, in SQL, as the worker will read them."""
    from core.campaigns import start_campaign
    from core.models import Message, MessageStatus

    people = ContactList.create(name="People")
    zones = ["America/New_York"] * 3 + ["Asia/Tokyo"] * 2 + ["", "Nowhere/Land"]
    for i, where in enumerate(zones):
        contact = Contact.create(email=f"p{i}@example.com", email_key=f"p{i}@example.com",
                                 fields={"tz": where} if where else {})  # fmt: skip
        ListMembership.create(contact_list=people, contact=contact)
    Template.create(name="T", subject="Hi", html='<p>Hi <a href="{{ unsubscribe_url }}">u</a></p>')
    SmtpProfile.create(name="P", host="127.0.0.1", port=25, security="none")
    campaign = save_draft("Morning", DraftSettings(
        "People", "T", "P", "shop@example.com", windows=["mon-fri 09:00-17:00"],
        time_zone="Europe/Rome", recipient_zone_field="tz",
    ))  # fmt: skip
    draft_facts = ops.timing_facts(campaign.id, now=datetime(2026, 3, 7, 12, tzinfo=UTC))
    assert draft_facts.outlook is None and draft_facts.windows == ["mon-fri 09:00-17:00"]
    start_campaign(campaign)
    facts = ops.timing_facts(campaign.id, now=datetime(2026, 3, 7, 12, tzinfo=UTC))
    assert facts.live and facts.recipient_zone_field == "tz" and facts.window_open is None
    outlook = facts.outlook
    assert outlook is not None
    assert (outlook.open_now, outlook.waiting, outlook.without_zone) == (0, 7, 2)
    assert outlook.first_opening == datetime(2026, 3, 9, 0, tzinfo=UTC)  # Tokyo 09:00
    assert outlook.last_opening == datetime(2026, 3, 9, 13, tzinfo=UTC)  # New York, EDT
    # A sent message no longer counts.
    Message.update(status=MessageStatus.SENT).where(
        Message.to_addr.in_(["p3@example.com", "p4@example.com"])).execute()  # fmt: skip
    later = ops.timing_facts(campaign.id, now=datetime(2026, 3, 7, 12, tzinfo=UTC)).outlook
    assert later is not None and later.waiting == 5
    assert later.first_opening == datetime(2026, 3, 9, 8, tzinfo=UTC)  # Rome 09:00 CET
    assert "Next window opens for 5 recipients at 09:00 their time, the first Mon 9 Mar" in ops.timing_line(
        campaign.id, now=datetime(2026, 3, 7, 12, tzinfo=UTC))


def test_timing_facts_of_plain_windows_and_a_start_time(draft: int):
    ops.save_audience_and_timing(draft, ops.AudienceAndTiming(
        lists=["Customers"], windows=["mon-fri 09:00-17:30"], time_zone="Europe/Rome",
    ))  # fmt: skip
    ops.start_at(draft, "2031-03-01 10:00")  # a Saturday: the window opens on Monday
    facts = ops.timing_facts(draft, now=datetime(2031, 2, 28, 12, tzinfo=UTC))
    assert facts.scheduled_at == datetime(2031, 3, 1, 9, tzinfo=UTC) and facts.zone == "Europe/Rome"
    assert facts.window_open is False
    assert facts.next_window_at == datetime(2031, 3, 3, 8, tzinfo=UTC)
    Campaign.update(status="running", scheduled_at=None).where(Campaign.id == draft).execute()
    inside = ops.timing_facts(draft, now=datetime(2031, 3, 4, 10, tzinfo=UTC))  # 11:00 Rome
    assert inside.window_open is True and inside.next_window_at is None
    assert inside.window_closes_at == datetime(2031, 3, 4, 16, 30, tzinfo=UTC)


def test_zone_counts_are_read_again_only_when_worth_it(db, monkeypatch):
    """The GROUP BY over every unsent snapshot is kept while no message changed state; a
    slow one (2 s here, on a fake clock) is not repeated for 20 s however often asked."""
    from core.audience import policy
    from core.campaigns import start_campaign
    from core.models import Message, MessageStatus

    people = ContactList.create(name="People")
    for i, where in enumerate(["Asia/Tokyo", "Europe/Rome", "Asia/Tokyo"]):
        contact = Contact.create(email=f"z{i}@example.com", email_key=f"z{i}@example.com",
                                 fields={"tz": where})  # fmt: skip
        ListMembership.create(contact_list=people, contact=contact)
    Template.create(name="T", subject="Hi", html='<p>Hi <a href="{{ unsubscribe_url }}">u</a></p>')
    SmtpProfile.create(name="P", host="127.0.0.1", port=25, security="none")
    campaign = save_draft("Z", DraftSettings("People", "T", "P", "shop@example.com",
                                             windows=["daily 09:00-10:00"], time_zone="UTC",
                                             recipient_zone_field="tz"))  # fmt: skip
    start_campaign(campaign)
    clock = [1000.0]
    reads: list[int] = []
    real_read = policy.read_unsent_zone_counts

    def slow_read(campaign_id: int, field: str) -> dict[str | None, int]:
        reads.append(campaign_id)
        clock[0] += 2.0  # as if the GROUP BY took two seconds
        return real_read(campaign_id, field)

    monkeypatch.setattr(policy, "_monotonic", lambda: clock[0])
    monkeypatch.setattr(policy, "read_unsent_zone_counts", slow_read)
    monkeypatch.setattr(policy, "_ZONE_COUNTS", {})
    assert policy.unsent_zone_counts(campaign.id, "tz") == {"Asia/Tokyo": 2, "Europe/Rome": 1}
    clock[0] += 100
    assert policy.unsent_zone_counts(campaign.id, "tz") == {"Asia/Tokyo": 2, "Europe/Rome": 1}
    assert len(reads) == 1  # nothing changed: the read is kept
    Message.update(status=MessageStatus.SENT).where(Message.to_addr == "z0@example.com").execute()
    clock[0] = 1002.0 + 5  # 5 s after a 2 s read: not yet
    assert policy.unsent_zone_counts(campaign.id, "tz")["Asia/Tokyo"] == 2 and len(reads) == 1
    clock[0] = 1002.0 + 21  # ten times the read's time later: read again
    assert policy.unsent_zone_counts(campaign.id, "tz") == {"Asia/Tokyo": 1, "Europe/Rome": 1}
    assert len(reads) == 2


def test_reschedule_moves_only_a_scheduled_start(draft: int):
    ops.start_at(draft, "2031-03-01 10:00", "Europe/Rome")
    moved = ops.reschedule(draft, "2031-03-05 08:15", "Europe/Rome").value
    assert moved == datetime(2031, 3, 5, 7, 15, tzinfo=UTC)
    assert Campaign.get_by_id(draft).scheduled_at == datetime(2031, 3, 5, 7, 15)
    with pytest.raises(StaffettaError, match="does not exist in Europe/Rome"):
        ops.reschedule(draft, "2031-03-30 02:30", "Europe/Rome")
    now = ops.reschedule(draft, None).value  # Start now
    assert abs((now - datetime.now(UTC)).total_seconds()) < 60
    Campaign.update(status="running").where(Campaign.id == draft).execute()
    with pytest.raises(StaffettaError, match="no longer scheduled"):
        ops.reschedule(draft, "2031-03-06 09:00")
