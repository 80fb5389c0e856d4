"""Expansion built by the database (``INSERT … SELECT``, one profile) queues exactly what
the Python path (several profiles) queues: the same people, each once, with the same
snapshot of their fields (quotes, accents, emoji, nested values, no name) and a unique
Message-ID of the same form, on SQLite and PostgreSQL; starting again adds nobody."""

from __future__ import annotations

import json
import re

import pytest

from core.audience.segments import save_segment
from core.campaigns import DraftSettings, save_draft, start_campaign
from core.campaigns.composing import snapshot_of
from core.models import (
    Contact,
    ContactList,
    ListMembership,
    Message,
    SmtpProfile,
    Suppression,
    Template,
)

pytestmark = pytest.mark.databases()

PEOPLE = [
    ("ann@example.com", 'Ann "the" O\'Neil', {"city": "Milano", "note": "café ☕ \\ \"q\""}),
    ("bo@example.org", None, {"city": "Milano", "tags": ["a", "b"], "n": 3}),
    ("cy@example.net", "Cy", {"city": "Roma"}),
    ("dee@blocked.example", "Dee", {"city": "Milano"}),
    ("eve@example.com", "Ève", {}),
]


def _setup() -> None:
    customers = ContactList.create(name="Customers")
    for email, name, fields in PEOPLE:
        contact = Contact.create(email=email, email_key=email, name=name, fields=fields)
        ListMembership.create(contact_list=customers, contact=contact)
    Suppression.create(email_key="@blocked.example", reason="domain blocked")
    save_segment("Milano", ["city = Milano"])
    Template.create(name="T", subject="Hi", html='<p>Hi <a href="{{ unsubscribe_url }}">u</a></p>')
    SmtpProfile.create(name="P", host="127.0.0.1", port=25, security="none")
    SmtpProfile.create(name="Q", host="127.0.0.1", port=26, security="none")


def _start(name: str, profiles: list[tuple[str, int]]) -> list[Message]:
    campaign = save_draft(name, DraftSettings(
        "Customers", "T", "P", "Shop <shop@mail.example.com>", profiles=profiles,
    ))  # fmt: skip
    start_campaign(campaign)
    return list(Message.select().where(Message.campaign == campaign.id).order_by(Message.id))


def test_the_database_builds_the_same_messages_as_python(db):
    _setup()
    in_sql = _start("One profile", [])
    in_python = _start("Two profiles", [("P", 1), ("Q", 1)])
    wanted = [e for e, _n, _f in PEOPLE if not e.endswith("blocked.example")]
    assert [m.to_addr for m in in_sql] == [m.to_addr for m in in_python] == wanted
    for fast, slow in zip(in_sql, in_python, strict=True):
        assert fast.variables == slow.variables
        contact = Contact.get_by_id(fast.contact_id)
        assert fast.variables == json.loads(json.dumps(
            snapshot_of(contact.email, contact.name, contact.fields)
        ))  # fmt: skip
        assert (fast.status, fast.attempts, fast.to_key) == ("queued", 0, contact.email_key)
    assert {m.smtp_profile_id for m in in_sql} == {SmtpProfile.get(SmtpProfile.name == "P").id}
    form = re.compile(r"^<[0-9a-f]+\.[0-9a-f]+\.[0-9a-f]{16}@mail\.example\.com>$")
    ids = [m.message_id for m in in_sql]
    assert all(form.match(i) for i in ids), ids
    assert len(set(ids + [m.message_id for m in in_python])) == 2 * len(wanted)

    # Starting the same campaign's expansion again (a crash half-way) adds nobody.
    campaign = in_sql[0].campaign
    from core.campaigns.expansion import _expand_in_database, _single_profile

    profile = _single_profile(campaign)
    assert profile is not None
    _expand_in_database(campaign, campaign.started_at, "mail.example.com", "2026-01-01", profile)
    assert Message.select().where(Message.campaign == campaign.id).count() == len(wanted)


def test_lists_and_exclusions_expanded_in_batches_queue_what_python_queues(db, monkeypatch):
    """Contact ids read in small batches, each batch reading only its part of the lists
    (included and excluded) and of the segments: the same people as the Python path,
    each once, whichever batch their list membership falls in."""
    import core.campaigns.expansion as expansion
    from core.audience.audience import AudienceSpec

    monkeypatch.setattr(expansion, "SQL_EXPANSION_IDS", 3)
    lists = {n: ContactList.create(name=n) for n in ("Customers", "Prospects", "Bought")}
    for i in range(40):
        contact = Contact.create(email=f"p{i}@example.com", email_key=f"p{i}@example.com",
                                 name=None, fields={"city": "Milano" if i % 3 else "Roma"})  # fmt: skip
        for name, every in (("Customers", 2), ("Prospects", 5), ("Bought", 7)):
            if i % every == 0:
                ListMembership.create(contact_list=lists[name], contact=contact)
    save_segment("Roma", ["city = Roma"])
    Template.create(name="T", subject="Hi", html='<p>Hi <a href="{{ unsubscribe_url }}">u</a></p>')
    SmtpProfile.create(name="P", host="127.0.0.1", port=25, security="none")
    SmtpProfile.create(name="Q", host="127.0.0.1", port=26, security="none")
    audience = AudienceSpec(lists=["Customers", "Prospects"], segments=["Roma"],
                            exclude_lists=["Bought"])  # fmt: skip
    queued = {}
    for name, profiles in (("One profile", []), ("Two profiles", [("P", 1), ("Q", 1)])):
        campaign = save_draft(name, DraftSettings(
            None, "T", "P", "shop@example.com", profiles=profiles, audience=audience,
        ))  # fmt: skip
        start_campaign(campaign)
        queued[name] = [m.to_addr for m in Message.select().where(
            Message.campaign == campaign.id).order_by(Message.contact)]  # fmt: skip
    wanted = [f"p{i}@example.com" for i in range(40)
              if (i % 2 == 0 or i % 5 == 0 or i % 3 == 0) and i % 7 != 0]  # fmt: skip
    assert queued["One profile"] == queued["Two profiles"] == wanted
