"""Several SMTP profiles for one campaign: spread by weight, failover, daily caps (both databases)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from core.campaigns.rotation import parse_profile_weight, rotation_of, weighted_round_robin
from core.errors import InvalidValue
from core.models import Campaign, CampaignProfile, Message, SmtpProfile
from tests.core.engine_helpers import make_campaign, run_worker, statuses
from tests.smtp_servers import FaultServer, delivered_to

pytestmark = pytest.mark.databases()

PEOPLE = [f"w{i:03d}@example.com" for i in range(40)]


def _by_profile() -> Counter[str]:
    names = {p.id: p.name for p in SmtpProfile.select()}
    return Counter(names.get(m.smtp_profile_id, "?") for m in Message.select())


def test_weights_interleave_smoothly():
    order = weighted_round_robin([(1, 3), (2, 1)])
    assert [next(order) for _ in range(8)] == [1, 1, 2, 1, 1, 1, 2, 1]
    assert parse_profile_weight("Main relay:3") == ("Main relay", 3)
    assert parse_profile_weight("smtp:eu") == ("smtp:eu", 1)
    with pytest.raises(InvalidValue):
        parse_profile_weight("A:0")


def test_messages_are_spread_by_weight_and_record_their_profile(db, tmp_path: Path):
    with FaultServer() as first, FaultServer() as second:
        campaign = make_campaign(
            tmp_path,
            first.port,
            PEOPLE,
            weight=3,
            more_profiles=[("Second relay", second.port, 1, {})],
        )
        assert [(r.name, r.weight) for r in rotation_of(campaign)] == [
            ("Launch relay", 3), ("Second relay", 1),
        ]  # fmt: skip
        _worker, summary = run_worker()
    assert summary.sent == len(PEOPLE)
    assert sorted(delivered_to(first) + delivered_to(second)) == sorted(PEOPLE)
    assert len(first.delivered) == 30 and len(second.delivered) == 10
    profile_of = {m.to_addr: m.smtp_profile.name for m in Message.select()}
    assert {profile_of[a] for a in delivered_to(first)} == {"Launch relay"}
    assert {profile_of[a] for a in delivered_to(second)} == {"Second relay"}
    assert Campaign.get_by_id(campaign.id).status == "finished"


def test_a_refused_profile_leaves_its_messages_to_the_other(db, tmp_path: Path):
    with FaultServer() as good, FaultServer(replies={"greeting": "554 5.7.1 Go away"}) as bad:
        campaign = make_campaign(
            tmp_path, good.port, PEOPLE, more_profiles=[("Refused relay", bad.port, 1, {})]
        )
        _worker, summary = run_worker()
    assert sorted(delivered_to(good)) == sorted(PEOPLE)  # every recipient, once
    assert bad.delivered == []
    assert set(statuses().values()) == {"sent"}  # nobody failed for a configuration problem
    assert _by_profile() == Counter({"Launch relay": len(PEOPLE)})
    fresh = Campaign.get_by_id(campaign.id)
    assert fresh.status == "finished" and not summary.paused
    refused = CampaignProfile.get(
        CampaignProfile.smtp_profile == SmtpProfile.get(name="Refused relay")
    )
    assert "554" in refused.paused_reason


def test_when_every_profile_is_refused_the_campaign_pauses(db, tmp_path: Path):
    with (
        FaultServer(replies={"greeting": "554 5.7.1 No"}) as one,
        FaultServer(replies={"greeting": "554 5.7.1 Nope"}) as two,
    ):
        campaign = make_campaign(
            tmp_path, one.port, PEOPLE[:6], more_profiles=[("Second relay", two.port, 1, {})]
        )
        _worker, summary = run_worker(seconds=10)
    fresh = Campaign.get_by_id(campaign.id)
    assert fresh.status == "paused" and "554" in fresh.pause_reason
    assert set(statuses().values()) == {"queued"}  # recipients untouched
    assert summary.paused


def test_a_profile_at_its_daily_cap_hands_its_messages_to_the_other(db, tmp_path: Path):
    with FaultServer() as capped, FaultServer() as other:
        make_campaign(
            tmp_path, capped.port, PEOPLE[:20], daily_cap=4,
            more_profiles=[("Other relay", other.port, 1, {})],
        )  # fmt: skip
        _worker, summary = run_worker(seconds=30)
    assert summary.sent == 20
    assert len(capped.delivered) == 4  # its cap held
    assert len(other.delivered) == 16
    assert sorted(delivered_to(capped) + delivered_to(other)) == sorted(PEOPLE[:20])


def test_campaign_create_takes_several_smtp_with_weights(
    db, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    from core.cli import run

    make_campaign(tmp_path, 2525, PEOPLE[:2], more_profiles=[("Second relay", 2526, 1, {})])
    argv = ["--db", str(db), "campaign", "create", "Spread", "--list", "Launch list",
            "--template", "Launch template", "--smtp", "Launch relay:2",
            "--smtp", "Second relay", "--sender", "Shop <shop@example.com>", "--json"]  # fmt: skip
    assert run(argv) == 0
    created = json.loads(capsys.readouterr().out)
    assert created["profiles"] == [
        {"name": "Launch relay", "weight": 2}, {"name": "Second relay", "weight": 1},
    ]  # fmt: skip
    assert run([*argv[:-1], "--smtp", "Nobody"]) == 1
    assert "Nobody" in capsys.readouterr().err
