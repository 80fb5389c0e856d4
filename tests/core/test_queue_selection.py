"""Queue actions on a whole selection: 50,000 ids at once, on any SQLite build."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core import queue
from core.models import Campaign, Message, MessageStatus, database_proxy, utcnow
from tests.core.engine_helpers import make_campaign
from tests.smtp_servers import free_port

MANY = 50_000


@pytest.fixture
def many(db: Path, tmp_path: Path) -> list[int]:
    """A started campaign with 50,000 queued messages, and SQLite's own default limit of
    bound parameters (32,766; Debian raises it, Windows builds keep it)."""
    campaign = make_campaign(tmp_path, free_port(), ["seed@example.com"])
    now = str(utcnow())
    database_proxy.execute_sql(f"DELETE FROM {Message._meta.table_name}")
    with database_proxy.atomic():
        database_proxy.cursor().executemany(
            f"INSERT INTO {Message._meta.table_name} (campaign_id, to_addr, to_key, variables, "
            "message_id, status, attempts, queued_at, updated_at) VALUES (?, ?, ?, '{}', ?, ?, 0, ?, ?)",
            [(campaign.id, f"r{i}@example.com", f"r{i}@example.com", f"<{i}@x>", "queued", now,
              now) for i in range(MANY)],
        )  # fmt: skip
    connection = database_proxy.connection()
    connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 32_766)
    return [mid for (mid,) in Message.select(Message.id).tuples()]


def counts() -> dict[str, int]:
    return {
        status: Message.select().where(Message.status == status).count()
        for status in MessageStatus.ALL
        if Message.select().where(Message.status == status).exists()
    }


def test_hold_release_retry_mark_sent_delete_take_50000_ids(many: list[int]):
    assert len(many) == MANY
    assert queue.hold(many) == MANY
    assert counts() == {"held": MANY}
    assert queue.release(many) == MANY
    assert counts() == {"queued": MANY}
    assert queue.hold(many) == MANY
    assert queue.retry(ids=many) == MANY
    assert counts() == {"queued": MANY}
    Message.update(status="unknown").execute()
    Campaign.update(status="finished").execute()
    assert queue.mark_sent(many[: MANY // 2]) == MANY // 2
    assert queue.retry(ids=many[MANY // 2 :]) == MANY // 2
    assert Campaign.get().status == "running"  # a retried message reopens its campaign
    assert queue.delete(ids=many) == MANY // 2
    assert counts() == {"sent": MANY // 2, "cancelled": MANY // 2}
