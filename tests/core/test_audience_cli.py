"""CLI.md "Audiences and timing": segment, campaign create/start/status, smtp add --warmup.

Every bad field, operator, value, date, zone, window and duration gets one clear line
on stderr and exit code 1 (no traceback).
"""

from __future__ import annotations

import pytest

from core.db import close_database, open_database
from core.models import Campaign, Contact, ContactList, ListMembership, Message, SmtpProfile
from tests.core.test_cli_campaign import Cli, cli, smtp_sink  # noqa: F401  (fixtures)


@pytest.fixture
def people(cli: Cli) -> Cli:  # noqa: F811
    """cli's five contacts (list Clienti) plus a list Prospect with typed columns."""
    open_database(str(cli.db_path))
    try:
        prospect = ContactList.create(name="Prospect")
        for i, (city, plan, age, signup) in enumerate([
            ("Milano", "gold", "34", "2024-01-10"), ("milano", "GOLD", "61", "2023-05-02"),
            ("Roma", "gold", "n/a", "2025-02-01"), ("Milano", "silver", "29", "2022-12-31"),
        ]):  # fmt: skip
            contact = Contact.create(email=f"p{i}@example.net", email_key=f"p{i}@example.net",
                                     fields={"city": city, "plan": plan, "age": age,
                                             "signup": signup})  # fmt: skip
            ListMembership.create(contact_list=prospect, contact=contact)
    finally:
        close_database()
    (cli.tmp / "plain.html").write_text(
        '<p>Ciao {{ email }}</p><p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
        encoding="utf-8",
    )
    cli("template", "add", "T", "--subject", "Ciao", "--html", str(cli.tmp / "plain.html"))
    return cli


def one_line_error(cli: Cli, *argv: str) -> str:  # noqa: F811
    _out, err = cli(*argv, code=1)
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("staffetta: ")
    return lines[0]


def test_segment_add_count_list_show(people: Cli):
    added = people.json("segment", "add", "Milano gold", "--where", "city = Milano",
                        "--where", "plan = gold", "--where", "age >= 30")  # fmt: skip
    assert added["where"] == ["city = Milano", "plan = gold", "age >= 30"]
    assert people.json("segment", "count", "Milano gold") == {"name": "Milano gold", "count": 2}
    people("segment", "add", "Old or Rome", "--any", "--where", "signup < 2024-01-01",
           "--where", "city = Roma")  # fmt: skip
    assert people.json("segment", "count", "Old or Rome")["count"] == 3
    listed = people.json("segment", "list")
    assert [s["name"] for s in listed] == ["Milano gold", "Old or Rome"]
    assert listed[1]["match"] == "any"
    shown = people.json("segment", "show", "Milano gold")
    assert [c["email"] for c in shown] == ["p0@example.net", "p1@example.net"]
    out, _err = people("segment", "count", "Milano gold")
    assert out.strip() == "2"
    people("segment", "add", "In lists", "--where", "list = clienti", "--where",
           "domain ends-with .com")  # fmt: skip
    assert people.json("segment", "count", "In lists")["count"] == 4


@pytest.mark.parametrize(
    ("where", "says"),
    [
        ("citty = Milano", "There is no field 'citty'"),
        ("city ~ Milano", "has no operator I know"),
        ("city =", "needs a value after '='"),
        ("city empty yes", "'empty' takes no value"),
        ("age > old", "'age' holds numbers, and 'old' is not a number"),
        ("signup > 31/12/2024", "'signup' holds dates, and '31/12/2024' is not an ISO date"),
        ("city > 3", "'city' holds text"),
        ("email > a", "'email' is text"),
        ("list = Nowhere", "There is no contact list named 'Nowhere'"),
        ("status = activ", "'activ' is not a contact status"),
    ],
)
def test_each_bad_condition_gets_one_clear_line(people: Cli, where: str, says: str):
    line = one_line_error(people, "segment", "add", "Bad", "--where", where)
    assert says in line


def test_bad_segment_names_and_duplicates(people: Cli):
    assert "no segment named 'Nope'" in one_line_error(people, "segment", "count", "Nope")
    people("segment", "add", "S", "--where", "city = Roma")
    assert "already exists" in one_line_error(people, "segment", "add", "S", "--where", "x empty")
    people("segment", "add", "S", "--where", "city = Milano", "--replace")
    assert people.json("segment", "count", "S")["count"] == 3


def _create(cli: Cli, name: str, *extra: str, code: int = 0) -> str:  # noqa: F811
    _out, err = cli("campaign", "create", name, "--template", "T", "--smtp", "Sandbox",
                    "--sender", "shop@example.com", *extra, code=code)  # fmt: skip
    return err


def test_an_audience_of_lists_and_segments_minus_exclusions(people: Cli):
    people("segment", "add", "Gold", "--where", "plan = gold")
    people("segment", "add", "Young", "--where", "age < 30")
    _create(people, "Mix", "--list", "Clienti", "--segment", "Gold", "--exclude-segment",
            "Young", "--exclude-list", "Nobody", code=1)  # fmt: skip
    _create(people, "Mix", "--list", "Clienti", "--segment", "Gold", "--exclude-segment",
            "Young")  # fmt: skip
    started = people.json("campaign", "start", "Mix")
    # Clienti: 5 (gone suppressed, left unsubscribed); Gold: p0, p1, p2 (p3 is silver).
    assert started["queued"] == 3 + 3
    assert started["members"] == 8
    assert started["skipped"] == {"suppressed": 1, "unsubscribed": 1}
    status = people.json("campaign", "status", "Mix")
    assert status["audience"] == {"lists": ["Clienti"], "segments": ["Gold"],
                                  "exclude_lists": [], "exclude_segments": ["Young"]}  # fmt: skip
    assert status["skipped"] == {"suppressed": 1, "unsubscribed": 1}
    assert status["total"] == 6 and status["suppressed"] == 2
    _create(people, "Minus", "--list", "Prospect", "--exclude-segment", "Gold")
    started = people.json("campaign", "start", "Minus")
    assert started["queued"] == 1 and started["skipped"] == {"excluded": 3}
    to = sorted(m.to_addr for m in people.rows() if m.campaign_id == 2)
    assert to == ["p3@example.net"]


def test_a_segment_only_campaign_tests_and_reports_no_list(people: Cli, smtp_sink):  # noqa: F811
    people("segment", "add", "Gold", "--where", "plan = gold")
    _create(people, "Seg", "--segment", "Gold")
    sent = people.json("campaign", "test", "Seg", "--to", "me@example.com")
    assert sent["contact"] == "p0@example.net"
    assert people.json("campaign", "status", "Seg")["list"] is None
    line = one_line_error(people, "campaign", "create", "None", "--template", "T", "--smtp",
                          "Sandbox", "--sender", "shop@example.com")  # fmt: skip
    assert "no audience" in line


def test_start_at_a_time_makes_the_campaign_scheduled(people: Cli):
    _create(people, "Later", "--list", "Prospect", "--window", "mon-fri 09:00-17:30",
            "--tz", "Europe/Rome")  # fmt: skip
    started = people.json("campaign", "start", "Later", "--at", "2031-03-03 09:00")
    assert started["status"] == "scheduled"
    assert started["scheduled_at"] == "2031-03-03T08:00:00Z"  # 09:00 CET, the campaign's zone
    status = people.json("campaign", "status", "Later")
    assert status["status"] == "scheduled" and status["scheduled_at"] == "2031-03-03T08:00:00Z"
    assert status["windows"] == ["mon-fri 09:00-17:30"] and status["time_zone"] == "Europe/Rome"
    assert status["next_window_at"] == "2031-03-03T08:00:00Z"
    assert status["counts"]["queued"] == 4
    rows = people.json("queue", "list")
    assert {r["waiting"] for r in rows} == {"scheduled"}
    assert {r["next_attempt_at"] for r in rows} == {"2031-03-03T08:00:00Z"}
    out, _err = people("campaign", "status", "Later")
    assert "scheduled for Mon 3 Mar 2031 09:00 CET" in out
    people("campaign", "cancel", "Later")
    assert people.json("campaign", "status", "Later")["counts"]["cancelled"] == 4


def test_start_at_with_an_offset_and_another_zone(people: Cli):
    _create(people, "NY", "--list", "Prospect")
    started = people.json("campaign", "start", "NY", "--at", "2031-07-01 09:00",
                          "--tz", "America/New_York")  # fmt: skip
    assert started["scheduled_at"] == "2031-07-01T13:00:00Z"
    _create(people, "Off", "--list", "Prospect")
    started = people.json("campaign", "start", "Off", "--at", "2031-07-01T09:00+02:00")
    assert started["scheduled_at"] == "2031-07-01T07:00:00Z"


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--at", "2031-03-30 02:30", "--tz", "Europe/Rome"], "does not exist in Europe/Rome"),
        (["--at", "2031-10-26 02:30", "--tz", "Europe/Rome"], "happens twice in Europe/Rome"),
        (["--at", "next monday"], "is not a date and time"),
        (["--at", "2031-03-03"], "has no time of day"),
        (["--at", "2020-03-03 09:00", "--tz", "UTC"], "is in the past"),
        (["--at", "2031-03-03 09:00", "--tz", "Europe/Rom"], "not a time zone I know"),
    ],
)
def test_bad_start_times_get_one_clear_line(people: Cli, argv: list[str], says: str):
    _create(people, "C", "--list", "Prospect")
    assert says in one_line_error(people, "campaign", "start", "C", *argv)
    assert people.json("campaign", "status", "C")["status"] == "draft"
    assert people.rows() == []


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--window", "mon-fry 09:00-17:00"], "'fry' in the send window"),
        (["--window", "mon-fri 9-17"], "is not DAYS HH:MM-HH:MM"),
        (["--window", "mon 18:00-09:00"], "ends before it starts"),
        (["--window", "mon 09:00-25:00"], "is not a time of day"),
        (["--window", "mon 09:00-17:00", "--tz", "Mars/Olympus"], "not a time zone I know"),
        (["--skip-if-sent-within", "3 days"], "is not a duration"),
        (["--skip-if-sent-within", "0h"], "is no time at all"),
        (["--segment", "Nope"], "There is no segment named 'Nope'"),
        (["--exclude-list", "Nope"], "There is no contact list named 'Nope'"),
    ],
)
def test_bad_windows_zones_and_durations_get_one_clear_line(people: Cli, argv, says):
    line = one_line_error(people, "campaign", "create", "C", "--list", "Prospect", "--template",
                          "T", "--smtp", "Sandbox", "--sender", "shop@example.com", *argv)  # fmt: skip
    assert says in line


def test_windows_and_frequency_cap_are_stored_and_shown(people: Cli):
    _create(people, "W", "--list", "Prospect", "--window", "Mon-Fri 9:00-17:30",
            "--window", "sat 10:00-13:00", "--tz", "Europe/Rome", "--skip-if-sent-within", "3d")  # fmt: skip
    status = people.json("campaign", "status", "W")
    assert status["windows"] == ["mon-fri 09:00-17:30", "sat 10:00-13:00"]
    assert status["skip_if_sent_within"] == 3 * 86400


def test_frequency_cap_skips_recent_recipients_at_start(people: Cli):
    _create(people, "First", "--list", "Prospect")
    people("campaign", "start", "First")
    open_database(str(people.db_path))
    try:
        Message.update(status="sent", sent_at=Message.queued_at).where(
            Message.to_key.in_(["p0@example.net", "p1@example.net"])
        ).execute()
    finally:
        close_database()
    _create(people, "Second", "--list", "Prospect", "--skip-if-sent-within", "12h")
    started = people.json("campaign", "start", "Second")
    assert started["queued"] == 2
    assert started["skipped"] == {"frequency_cap": 2}
    out, _err = people("campaign", "status", "Second")
    assert "2 mailed recently (frequency cap)" in out


def test_smtp_add_warmup_shows_todays_cap(people: Cli):
    people("smtp", "add", "New", "--host", "127.0.0.1", "--port", "2525", "--warmup",
           "50,100,250", "--daily-cap", "1000")  # fmt: skip
    rows = {r["name"]: r for r in people.json("smtp", "list")}
    assert rows["New"]["warmup"] == [50, 100, 250]
    assert rows["New"]["cap_today"] == 50 and rows["New"]["left_today"] == 50
    assert rows["New"]["warmup_day"] == 1
    out, _err = people("smtp", "list")
    assert "today: 50 of 50 left, warm-up day 1" in out
    for bad in ("50,,100", "50,-1", "ten"):
        assert "is not a list of daily caps" in one_line_error(
            people, "smtp", "add", "Bad", "--host", "127.0.0.1", "--port", "2525", "--warmup", bad
        )
    open_database(str(people.db_path))
    try:
        assert SmtpProfile.get(SmtpProfile.name == "New").warmup == [50, 100, 250]
        assert Campaign.select().count() == 0
    finally:
        close_database()


def test_status_of_windows_in_each_recipients_zone(people: Cli):
    """A campaign made in the window with windows in each recipient's zone: `campaign
    status` says how many are inside their window and when the others' opens, not the
    campaign zone's window (which is not when anyone's opens)."""
    _create(people, "Morning", "--list", "Prospect", "--window", "daily 09:00-09:30",
            "--tz", "Europe/Rome")  # fmt: skip
    open_database(str(people.db_path))
    try:
        for contact, where in zip(Contact.select().order_by(Contact.id).where(
                Contact.email.startswith("p")), ["Asia/Tokyo", "Asia/Tokyo", "UTC", ""],
                strict=True):  # fmt: skip
            contact.fields = {**contact.fields, "tz": where}
            contact.save()
        Campaign.update(recipient_zone_field="tz").where(Campaign.name == "Morning").execute()
    finally:
        close_database()
    people("campaign", "start", "Morning", "--at", "2031-03-03 09:10", "--tz", "Asia/Tokyo")
    status = people.json("campaign", "status", "Morning")
    assert status["recipient_zone_field"] == "tz"
    outlook = status["recipient_windows"]
    # At 09:10 in Tokyo (00:10 UTC) the two in Tokyo are inside; UTC opens at 09:00 UTC,
    # the one without a zone at 09:00 in Rome (08:00 UTC): first.
    assert (outlook["open_now"], outlook["waiting"], outlook["without_zone"]) == (2, 2, 1)
    assert outlook["first_opening"] == "2031-03-03T08:00:00Z"
    assert outlook["first_zone"] == "Europe/Rome" and outlook["local_start"] == "09:00"
    assert outlook["last_opening"] == "2031-03-03T09:00:00Z"
    assert status["next_window_at"] == "2031-03-03T08:00:00Z"
    out, _err = people("campaign", "status", "Morning")
    assert "send windows (each recipient's time zone, from their 'tz'; Europe/Rome" in out
    assert "2 recipient(s) inside their window now" in out
    assert ("next window opens for 2 recipient(s) at 09:00 their time, the first "
            "Mon 3 Mar 2031 09:00 CET (Europe/Rome)") in out  # fmt: skip

    # Started now with its window three days ahead: every queued message says when its
    # recipient's window opens, in their own zone (queue list), not the campaign's.
    from datetime import UTC, datetime

    from core.audience.schedule import DAY_NAMES, WindowSchedule

    later = DAY_NAMES[(datetime.now(UTC).weekday() + 3) % 7]
    _create(people, "Later", "--list", "Prospect", "--window", f"{later} 09:00-09:30",
            "--tz", "Europe/Rome")  # fmt: skip
    open_database(str(people.db_path))
    try:
        Campaign.update(recipient_zone_field="tz").where(Campaign.name == "Later").execute()
    finally:
        close_database()
    people("campaign", "start", "Later")
    rows = {r["to"]: r for r in people.json("queue", "list") if r["campaign"] == "Later"}
    now = datetime.now(UTC)
    for to, where in [("p0@example.net", "Asia/Tokyo"), ("p2@example.net", "UTC"),
                      ("p3@example.net", "Europe/Rome")]:  # fmt: skip
        opens = WindowSchedule.parse([f"{later} 09:00-09:30"], where).next_opening(now)
        assert rows[to]["waiting"] == "recipient's send window"
        assert rows[to]["next_attempt_at"] == opens.strftime("%Y-%m-%dT%H:%M:%SZ"), to
        assert f"({where})" in rows[to]["waiting_reason"]
