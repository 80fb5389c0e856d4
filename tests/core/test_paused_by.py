"""Who paused a campaign is a column (``PausedBy``), not a reason text to compare."""

from __future__ import annotations

from pathlib import Path

from core.campaigns import pause_campaign, resume_campaign
from core.db import close_database, open_database, schema_version
from core.models import Campaign, PausedBy, database_proxy
from core.ops.campaigns import self_paused
from tests.core.engine_helpers import make_campaign, run_worker
from tests.smtp_servers import FaultServer, free_port


def test_the_user_the_relay_and_failures_in_a_row_are_told_apart(db: Path, tmp_path: Path):
    by_user = make_campaign(tmp_path, free_port(), ["u@example.com"], name="Mine")
    pause_campaign(by_user, "Held back until Monday.")  # the user's, whatever it says
    with FaultServer(replies={"mail": "553 5.7.1 Sender address rejected"}) as refusing:
        by_relay = make_campaign(tmp_path, refusing.port, ["r@example.com"], name="Refused")
        run_worker(seconds=10)
    with FaultServer(replies={"dot": "554 5.7.1 Rejected as spam"}) as spam:
        by_failures = make_campaign(
            tmp_path, spam.port, [f"f{i}@example.com" for i in range(4)], name="Spam",
            max_consecutive_failures=2, max_connections=1,
        )  # fmt: skip
        run_worker(seconds=10)
    got = {c.name: (c.status, c.paused_by) for c in Campaign.select()}
    assert got[by_user.name] == ("paused", PausedBy.USER)
    assert got[by_relay.name] == ("paused", PausedBy.RELAY)
    assert got[by_failures.name] == ("paused", PausedBy.FAILURES)
    # What the window's status bar lists as "paused itself": the column decides.
    assert set(self_paused()) == {by_relay.id, by_failures.id}
    resume_campaign(Campaign.get_by_id(by_relay.id))
    assert Campaign.get_by_id(by_relay.id).paused_by is None


def test_the_migration_fills_the_column_from_the_old_reason_texts(db: Path, tmp_path: Path):
    mine = make_campaign(tmp_path, free_port(), ["u@example.com"], name="Mine")
    relay = make_campaign(tmp_path, free_port(), ["r@example.com"], name="Relay")
    running = make_campaign(tmp_path, free_port(), ["x@example.com"], name="Running")
    Campaign.update(status="paused", pause_reason="Paused by you.").where(
        Campaign.id == mine.id
    ).execute()
    Campaign.update(status="paused", pause_reason="At AUTH: 535 … Fix the SMTP profile").where(
        Campaign.id == relay.id
    ).execute()
    # The file as the previous release left it: no column, schema 8.
    database_proxy.execute_sql("ALTER TABLE campaign DROP COLUMN paused_by")
    database_proxy.execute_sql("PRAGMA user_version = 8")
    close_database()
    open_database(str(db))
    assert schema_version(database_proxy.obj) >= 10
    got = {c.name: c.paused_by for c in Campaign.select()}
    assert got == {"Mine": "user", "Relay": "engine", "Running": None}
    assert running.status == "running"
