"""Drafts, pre-flight, idempotent expansion, freezing, lifecycle, test sends."""

from __future__ import annotations

import asyncio
import email
from email import policy
from pathlib import Path

import pytest

from core.campaigns import (
    CampaignComposer,
    DraftSettings,
    PreflightFailed,
    campaign_counts,
    cancel_campaign,
    pause_campaign,
    recipient_snapshot,
    resume_campaign,
    save_draft,
    start_campaign,
)
from core.contacts import set_status, suppress
from core.errors import InvalidValue, NotFound
from core.importer import import_contacts
from core.models import Campaign, Contact, Message, Template
from core.profiles import ProfileSettings, save_profile
from core.smtp.transport import send_single
from core.templates import save_template
from tests.smtp_servers import FaultServer

pytestmark = pytest.mark.databases()

MESSY = (
    "Nome;Cognome;E-Mail;Città\r\n"
    "Zoë;Müller;zoe@Example.COM;Zürich\r\n"
    "José;Núñez;ZOE@example.com;Sevilla\r\n"
    'Evil;"Bcc: x@y.z\r\nTo: v@w.x";evil@example.com;"{{ 7*7 }}"\r\n'
    "Anna;Rossi;anna@example.org;Roma\r\n"
    "Bad;Row;not-an-email;Roma\r\n"
)


def setup(tmp_path: Path, html: str = '<p>Ciao {{ nome }} da {{ citta }}</p><a href="{{ unsubscribe_url }}">Unsubscribe</a>',
          port: int = 2500) -> Campaign:  # fmt: skip
    path = tmp_path / "messy.csv"
    path.write_bytes(MESSY.encode("cp1252"))
    import_contacts(path, "Clienti")
    save_template("T", subject="Novità per {{ nome }}", html=html)
    save_profile(
        "P", ProfileSettings(host="127.0.0.1", port=port, security="none", is_sandbox=True)
    )
    return save_draft("C", DraftSettings("Clienti", "T", "P", "Negozio Zoë <shop@example.com>",
                                         unsubscribe_url="https://example.com/u?e={{ email|urlencode }}"))  # fmt: skip


def test_start_expands_once_per_unique_recipient_and_skips_suppressed(db, tmp_path: Path):
    campaign = setup(tmp_path)
    suppress([Contact.get(Contact.email_key == "anna@example.org").id])
    result = start_campaign(campaign)
    assert result.queued == 2 and result.preflight.suppressed == 1
    campaign = Campaign.get_by_id(campaign.id)
    assert campaign.status == "running" and campaign.suppressed_count == 1
    assert sorted(m.to_addr for m in Message.select()) == ["evil@example.com", "zoe@example.com"]
    snapshot = Message.get(Message.to_addr == "zoe@example.com").variables
    assert snapshot["fields"]["Città"] == "Zürich"


def test_expansion_is_idempotent_after_a_crash_half_way(db, tmp_path: Path):
    campaign = setup(tmp_path)
    start_campaign(campaign)
    ids = {m.to_key: m.message_id for m in Message.select()}
    # As after a crash before the status was saved: the campaign is a draft again.
    Campaign.update(status="draft").execute()
    result = start_campaign(Campaign.get_by_id(campaign.id))
    assert result.queued == 0 and result.already_queued == 3
    assert {m.to_key: m.message_id for m in Message.select()} == ids


def test_preflight_errors_list_contacts_and_change_nothing(db, tmp_path: Path):
    campaign = setup(tmp_path, html="<p>{{ nome }} {{ plan }}</p>")
    with pytest.raises(PreflightFailed) as failed:
        start_campaign(campaign)
    report = failed.value.report
    assert report.error_count == 3
    assert all("plan" in e.message for e in report.errors)
    assert {e.email for e in report.errors} >= {"zoe@example.com"}
    assert Message.select().count() == 0
    assert Campaign.get_by_id(campaign.id).status == "draft"
    assert Campaign.get_by_id(campaign.id).frozen_html is None


def test_preflight_warns_about_unsubscribe_text_size_and_subject(db, tmp_path: Path):
    campaign = setup(tmp_path, html="<p>{{ nome }}</p>" + "<p>" + "x" * 110_000 + "</p>")
    Campaign.update(unsubscribe_url=None).execute()
    Template.update(subject="").execute()
    report = start_campaign(Campaign.get_by_id(campaign.id)).preflight
    text = " ".join(report.warnings)
    assert "unsubscribe link" in text
    assert "one-click" in text
    assert "derives one from the HTML" in text
    assert "102 KB" in text
    assert "empty subject" in text


def test_template_is_frozen_at_start(db, tmp_path: Path):
    campaign = setup(tmp_path)
    start_campaign(campaign)
    Template.update(html="<p>CHANGED</p>", subject="changed").execute()
    composer = CampaignComposer.for_campaign(Campaign.get_by_id(campaign.id))
    raw = composer.build(Message.get(Message.to_addr == "zoe@example.com"))
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert parsed["Subject"] == "Novità per Zoë"
    assert "CHANGED" not in raw.decode()


def test_hostile_contact_values_stay_inside_their_header(db, tmp_path: Path):
    campaign = setup(
        tmp_path,
        html="<p>{{ nome }} {{ cognome }} {{ citta }}</p><a href='{{ unsubscribe_url }}'>unsubscribe</a>",
    )
    start_campaign(campaign)
    composer = CampaignComposer.for_campaign(Campaign.get_by_id(campaign.id))
    message = Message.get(Message.to_addr == "evil@example.com")
    parsed = email.message_from_bytes(composer.build(message), policy=policy.default)
    assert parsed["Bcc"] is None and len(parsed.get_all("To")) == 1
    html = parsed.get_body(("html",)).get_content()
    assert "{{ 7*7 }}" in html and "49" not in html
    assert parsed["List-Unsubscribe"].startswith("<https://example.com/u?e=evil%40example.com>")


def test_lifecycle_pause_resume_cancel(db, tmp_path: Path):
    campaign = setup(tmp_path)
    start_campaign(campaign)
    pause_campaign(campaign)
    assert Campaign.get_by_id(campaign.id).status == "paused"
    with pytest.raises(InvalidValue):
        pause_campaign(campaign)
    resume_campaign(campaign)
    assert Campaign.get_by_id(campaign.id).status == "running"
    assert cancel_campaign(campaign) == 3
    assert campaign_counts(campaign)["cancelled"] == 3


def test_unsubscribed_contacts_are_skipped(db, tmp_path: Path):
    campaign = setup(tmp_path)
    set_status([Contact.get(Contact.email_key == "zoe@example.com").id], "unsubscribed")
    start_campaign(campaign)
    assert "zoe@example.com" not in [m.to_addr for m in Message.select()]


def test_test_send_reaches_a_real_server(db, tmp_path: Path):
    with FaultServer() as server:
        campaign = setup(tmp_path, port=server.port)
        composer = CampaignComposer.for_draft(campaign)
        snapshot = recipient_snapshot(campaign, "zoe@example.com")
        data = composer.build_for(
            snapshot, to_address="me@test.example", message_id="<t1@example.com>"
        )
        reply = asyncio.run(send_single(campaign.smtp_profile, mail_from="shop@example.com",
                                        rcpt_to="me@test.example", data=data))  # fmt: skip
    assert reply.code == 250
    parsed = email.message_from_bytes(server.delivered[0].data, policy=policy.default)
    assert parsed["Subject"] == "Novità per Zoë"
    assert server.delivered[0].rcpt_to == ["me@test.example"]
    with pytest.raises(NotFound):
        recipient_snapshot(campaign, "nobody@example.com")


def add_contact(address: str, name: str | None = None, **fields: str) -> Contact:
    from core.models import ContactList, ListMembership

    contact = Contact.create(email=address, email_key=address.lower(), name=name, fields=fields)
    ListMembership.create(contact_list=ContactList.get(ContactList.name == "Clienti"),
                          contact=contact)  # fmt: skip
    return contact


def test_preflight_lists_a_contact_whose_address_would_break_the_to_header(db, tmp_path: Path):
    campaign = setup(tmp_path)
    add_contact("x@example.com>, <victim@example.com", "Mallory")
    with pytest.raises(PreflightFailed) as failed:
        start_campaign(campaign)
    assert [e.email for e in failed.value.report.errors] == ["x@example.com>, <victim@example.com"]
    assert Message.select().count() == 0


def test_the_word_unsubscribe_without_a_link_still_warns(db, tmp_path: Path):
    campaign = setup(tmp_path, html="<p>{{ nome }}: write to us to unsubscribe.</p>")
    report = start_campaign(campaign).preflight
    assert any("no visible unsubscribe link" in w for w in report.warnings)
    campaign = setup_second(tmp_path)
    report = start_campaign(campaign).preflight
    assert not any("unsubscribe link" in w for w in report.warnings)


def setup_second(tmp_path: Path) -> Campaign:
    save_template("T2", subject="x", html='<a href="{{ unsubscribe_url }}">Stop</a> {{ nome }}')
    return save_draft("C2", DraftSettings("Clienti", "T2", "P", "Shop <shop@example.com>",
                                          unsubscribe_url="https://e.com/u?a=1&e={{ email }}"))  # fmt: skip


@pytest.mark.parametrize("path", ["database", "python"])
def test_expansion_resumes_after_a_crash_between_batches(
    db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str
):
    """One profile: the database builds each batch (``INSERT … SELECT``); several
    profiles (forced here): Python does. Either way a crash keeps whole batches."""
    import core.campaigns.expansion as expansion

    campaign = setup(tmp_path)
    for i in range(7):
        add_contact(f"extra{i}@example.com", f"Extra {i}", Nome="E", Città="Roma")
    made = {"count": 0}
    if path == "database":
        monkeypatch.setattr(expansion, "SQL_EXPANSION_IDS", 3)
        original_batch = expansion._insert_batch

        def crash_on_the_third_batch(sql: str, params: list) -> None:
            made["count"] += 1
            if made["count"] == 3:
                raise KeyboardInterrupt  # the process dies half-way
            original_batch(sql, params)

        monkeypatch.setattr(expansion, "_insert_batch", crash_on_the_third_batch)
    else:
        monkeypatch.setattr(expansion, "_single_profile", lambda _campaign: None)
        monkeypatch.setattr(expansion, "EXPANSION_BATCH", 3)
        original = expansion.make_message_id

        def crash_after_two_batches(domain: str) -> str:
            made["count"] += 1
            if made["count"] == 7:
                raise KeyboardInterrupt  # the process dies half-way
            return original(domain)

        monkeypatch.setattr(expansion, "make_message_id", crash_after_two_batches)
    with pytest.raises(KeyboardInterrupt):
        start_campaign(campaign)
    first = {m.to_key: m.message_id for m in Message.select()}
    assert len(first) == 6
    made["count"] = -100  # no more crashes
    result = start_campaign(Campaign.get_by_id(campaign.id))
    rows = list(Message.select())
    assert len(rows) == len({m.to_key for m in rows}) == 10
    assert result.queued == 4 and result.already_queued == 6
    assert all(first[m.to_key] == m.message_id for m in rows if m.to_key in first)


def test_settings_are_frozen_at_start(db, tmp_path: Path):
    campaign = setup(tmp_path)
    start_campaign(campaign)
    Campaign.update(sender="Other <other@example.org>", unsubscribe_url=None).execute()
    campaign = Campaign.get_by_id(campaign.id)
    composer = CampaignComposer.for_campaign(campaign)
    parsed = email.message_from_bytes(
        composer.build(Message.get(Message.to_addr == "zoe@example.com")), policy=policy.default
    )
    assert parsed["From"].addresses[0].addr_spec == "shop@example.com"
    assert parsed["List-Unsubscribe"].startswith("<https://example.com/u?e=zoe%40example.com>")
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    from core.campaigns import envelope_sender

    assert envelope_sender(campaign) == "shop@example.com"


def test_a_message_that_cannot_be_encoded_is_a_template_problem(db, tmp_path: Path):
    from core.errors import TemplateProblem

    campaign = setup(tmp_path)
    start_campaign(campaign)
    composer = CampaignComposer.for_campaign(Campaign.get_by_id(campaign.id))
    message = Message.get(Message.to_addr == "zoe@example.com")
    message.variables = {**message.variables, "fields": {"Nome": "bad \udcff surrogate"}}
    with pytest.raises(TemplateProblem):
        composer.build(message)
    message.variables = {**message.variables, "fields": {}}
    with pytest.raises(TemplateProblem, match="nome"):
        composer.build(message)


def test_counts_have_every_status(db, tmp_path: Path):
    from core.campaigns import find_campaign
    from core.models import MessageStatus

    campaign = setup(tmp_path)
    start_campaign(campaign)
    counts = campaign_counts(find_campaign("C"))
    assert set(counts) == set(MessageStatus.ALL) and counts["queued"] == 3
    with pytest.raises(NotFound):
        find_campaign("nope")


def test_expansion_reads_the_list_again_when_too_large_to_keep(
    db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import core.campaigns.preflight_check

    monkeypatch.setattr(core.campaigns.preflight_check, "KEPT_ROWS_LIMIT", 1)
    campaign = setup(tmp_path)
    assert start_campaign(campaign).queued == 3
    snapshot = Message.get(Message.to_addr == "zoe@example.com").variables
    assert snapshot == {"email": "zoe@example.com", "name": snapshot["name"],
                        "fields": snapshot["fields"]}  # fmt: skip
    assert snapshot["fields"]["Città"] == "Zürich"


def test_template_crud(db):
    from core.errors import AlreadyExists, TemplateProblem
    from core.templates import delete_template, find_template, list_templates

    save_template("B", subject="Hi {{ name }}", html="<p>x</p>")
    save_template("A", subject="Hi", html="<p>y</p>", text="y")
    assert [t.name for t in list_templates()] == ["A", "B"]
    with pytest.raises(AlreadyExists):
        save_template("A", subject="Hi", html="<p>z</p>")
    save_template("A", subject="Changed", html="<p>z</p>", replace=True)
    assert find_template("A").subject == "Changed" and find_template("A").text is None
    with pytest.raises(TemplateProblem, match="Line 1 of the subject"):
        save_template("C", subject="{{ oops", html="<p>z</p>")
    delete_template("B")
    with pytest.raises(NotFound):
        find_template("B")


def test_send_timeline_buckets_recorded_outcomes_over_the_campaign_span(db, tmp_path: Path):
    from datetime import datetime, timedelta

    from core.campaigns import send_timeline
    from core.models import Attempt
    from tests.core.engine_helpers import make_campaign

    campaign = make_campaign(tmp_path, 1, [f"p{i}@example.com" for i in range(30)])
    assert send_timeline(campaign.id).points == []  # nothing tried yet: "no messages sent yet"
    start = datetime(2026, 11, 28, 9, 0, 0)
    messages = list(Message.select().where(Message.campaign == campaign).order_by(Message.id))
    # 20 sent in the first minute, 5 failed at minute 9, 5 deferred (not drawn) at minute 10.
    for i, message in enumerate(messages):
        offset, outcome = (
            (i * 3, "sent") if i < 20 else (540 + i, "failed") if i < 25 else (600, "deferred")
        )
        at = start + timedelta(seconds=offset)
        Attempt.create(message=message, attempt_uid=f"a{i}", started_at=at, finished_at=at,
                       outcome=outcome)  # fmt: skip
    timeline = send_timeline(campaign.id, buckets=60)
    span = 540 + 24  # first to last drawn outcome, in seconds
    assert timeline.bucket_seconds == span // 60 + 1
    assert sum(s for s, _f in timeline.points) == 20
    assert sum(f for _s, f in timeline.points) == 5
    assert len(timeline.points) <= 61
    assert timeline.points[-1][1] > 0 and timeline.points[0][0] > 0
    # Another campaign's attempts never leak in.
    other = make_campaign(tmp_path, 1, ["x@example.com"], name="Other")
    assert send_timeline(other.id).points == []


def _spread_preflight(monkeypatch: pytest.MonkeyPatch, helpers: int, chunk: int = 7) -> None:
    import core.campaigns.preflight_check

    monkeypatch.setattr(core.campaigns.preflight_check, "PREFLIGHT_CHUNK", chunk)
    monkeypatch.setattr(core.campaigns.preflight_check, "preflight_helpers", lambda members: helpers)


def test_preflight_on_helper_processes_reports_exactly_what_one_core_reports(
    db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Big lists are rendered in chunks shared with spawned helper processes: the
    errors (in list order), counts and warnings must be the same as on one core."""
    import os

    from core.campaigns import preflight

    campaign = setup(
        tmp_path, html='<p>{{ nome }} {{ plan }}</p><a href="{{ unsubscribe_url }}">x</a>'
    )
    for i in range(60):
        fields = {"Nome": f"N{i}", "Città": "Roma"} | ({"plan": "pro"} if i % 3 else {})
        add_contact(f"p{i:02d}@example.com", f"P {i}", **fields)
    add_contact("x@example.com>, <victim@example.com", "Mallory", plan="pro")

    _spread_preflight(monkeypatch, helpers=0)
    alone = preflight(campaign)
    import core.campaigns.preflight_check

    _spread_preflight(monkeypatch, helpers=1)
    renderers: set[int] = set()
    real_run_chunks = core.campaigns.preflight_check.run_chunks

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        tallies = real_run_chunks(*args, **kwargs)
        for tally in tallies:
            renderers.update(tally.rendered_by)
        return tallies

    monkeypatch.setattr(core.campaigns.preflight_check, "run_chunks", watched)
    seen: list[tuple[int, int]] = []
    shared = preflight(campaign, progress=lambda done, total: seen.append((done, total)))

    assert shared.as_dict() == alone.as_dict()
    assert shared.error_count == alone.error_count > 20
    assert [e.email for e in shared.errors][:3] == [e.email for e in alone.errors][:3]
    assert seen[-1][0] == shared.recipients and len(seen) >= 9  # one report per chunk
    # The work really was shared: some chunks were rendered by a helper process.
    assert len(renderers) == 2 and os.getpid() in renderers


def test_preflight_carries_on_alone_when_helper_processes_cannot_start(
    db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import core.multicore
    from core.campaigns import preflight

    campaign = setup(tmp_path, html="<p>{{ nome }} {{ plan }}</p>")
    _spread_preflight(monkeypatch, helpers=0)
    alone = preflight(campaign)

    def no_processes(helpers: int) -> None:
        raise OSError("process limit reached")

    monkeypatch.setattr(core.multicore, "helper_pool", no_processes)
    _spread_preflight(monkeypatch, helpers=2, chunk=1)
    assert preflight(campaign).as_dict() == alone.as_dict()
