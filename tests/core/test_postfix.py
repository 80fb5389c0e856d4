"""Campaigns through Debian's real Postfix (a private instance on 127.0.0.1).

Postfix offers PIPELINING and CHUNKING; a ``LatencyProxy`` with a 20 ms round trip sits
in front of it and counts the client's turns, which shows whether the traffic really
pipelines. Postfix itself logs "improper command pipelining" when a client writes ahead
where it may not (when PIPELINING is not offered), so the log is checked too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.models import Message, Suppression
from tests.core.engine_helpers import make_campaign, run_worker, statuses
from tests.latency_proxy import LatencyProxy
from tests.postfix_server import PostfixServer

PEOPLE = [f"pf{i:02d}@example.com" for i in range(24)]


def message_ids() -> dict[str, str]:
    return {m.to_addr: m.message_id.strip("<>") for m in Message.select()}


@pytest.mark.parametrize("chunking", [True, False])
def test_a_campaign_pipelines_through_postfix(db, tmp_path: Path, chunking: bool):
    with PostfixServer(chunking=chunking) as postfix:
        with LatencyProxy(postfix.port, rtt=0.02) as proxy:
            make_campaign(tmp_path, proxy.port, PEOPLE, max_connections=2, per_connection=1000)
            _worker, summary = run_worker(seconds=60)
        accepted = postfix.accepted(len(PEOPLE))
        log = postfix.log()
    assert summary.sent == len(PEOPLE) and set(statuses().values()) == {"sent"}
    assert sorted(accepted) == sorted(message_ids().values())  # each exactly once
    assert "improper command pipelining" not in log
    # One command per round trip would be 4 a message (MAIL, RCPT, DATA, content; 3 with
    # BDAT). Pipelined, with the next envelope riding with each content: about 1.
    assert proxy.turns <= 1.5 * len(PEOPLE) + 4 * proxy.connections, proxy.turns
    Message.get()  # the database is still usable


def test_without_pipelining_postfix_sees_one_command_at_a_time(db, tmp_path: Path):
    people = PEOPLE[:8]
    with PostfixServer(pipelining=False) as postfix:
        with LatencyProxy(postfix.port) as proxy:
            make_campaign(tmp_path, proxy.port, people, max_connections=1, per_connection=1000)
            run_worker(seconds=60)
        accepted = postfix.accepted(len(people))
        log = postfix.log()
    assert sorted(accepted) == sorted(message_ids().values())
    assert "improper command pipelining" not in log
    assert proxy.turns >= 3 * len(people)  # MAIL, RCPT, BDAT: each waited for


@pytest.mark.parametrize("pipelining", [True, False])
def test_postfix_refusing_a_recipient_in_a_pipelined_batch(db, tmp_path: Path, pipelining: bool):
    gone = "gone@example.com"
    rejected = {gone: "550 5.1.1 <gone@example.com>: Recipient address rejected: no such user"}
    people = [*PEOPLE[:6], gone, *PEOPLE[6:12]]
    with PostfixServer(pipelining=pipelining, rejected=rejected) as postfix:
        make_campaign(tmp_path, postfix.port, people, max_connections=2)
        run_worker(seconds=60)
        accepted = postfix.accepted(len(people) - 1)
        log = postfix.log()
    final = statuses()
    assert final.pop(gone) == "failed"
    assert set(final.values()) == {"sent"}
    ids = message_ids()
    assert sorted(accepted) == sorted(v for k, v in ids.items() if k != gone)
    failed = Message.get(Message.to_addr == gone)
    assert (failed.last_step, failed.last_code, failed.last_enhanced) == ("rcpt", 550, "5.1.1")
    assert Suppression.select().where(Suppression.email_key == gone).exists()
    assert "improper command pipelining" not in log


def test_a_message_above_postfixs_size_limit_is_held_before_upload(db, tmp_path: Path):
    with PostfixServer(size_limit=8000) as postfix:
        make_campaign(tmp_path, postfix.port, PEOPLE[:3])
        big = Message.get(Message.to_addr == PEOPLE[1])
        big.variables = {**big.variables, "fields": {**big.variables["fields"],
                                                      "first_name": "y" * 20_000}}  # fmt: skip
        big.save()
        run_worker(seconds=20)
        accepted = postfix.accepted(2)
        log = postfix.log()
    assert statuses() == {PEOPLE[0]: "sent", PEOPLE[1]: "held", PEOPLE[2]: "sent"}
    assert "SIZE limit" in Message.get(Message.to_addr == PEOPLE[1]).last_response
    assert len(accepted) == 2
    assert "message size" not in log.lower()  # Postfix never had to refuse it
