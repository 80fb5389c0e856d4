"""Opening the database: durable pragmas, schema versions, clear errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core import db as dbmod
from core.db import SCHEMA_VERSION, close_database, open_database
from core.errors import DatabaseProblem
from core.models import ALL_MODELS, Contact


def test_new_database_is_wal_full_sync_and_current_schema(db_path: Path):
    info = open_database(str(db_path))
    try:
        assert info.journal_mode == "wal"
        assert info.synchronous == 2  # FULL: a committed 'sending' survives power loss
        assert info.schema_version == SCHEMA_VERSION
        for model in ALL_MODELS:
            assert model.table_exists(), model.__name__
        fk = Contact._meta.database.execute_sql("PRAGMA foreign_keys").fetchone()[0]
        assert fk == 1
    finally:
        close_database()
    raw = sqlite3.connect(db_path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()


def test_migrations_run_in_order_once(db_path: Path, monkeypatch: pytest.MonkeyPatch):
    ran: list[int] = []

    def step2(database) -> None:
        ran.append(2)
        database.execute_sql("CREATE TABLE extra_thing (id INTEGER PRIMARY KEY)")

    open_database(str(db_path))
    close_database()
    monkeypatch.setattr(dbmod, "MIGRATIONS", [*dbmod.MIGRATIONS, (SCHEMA_VERSION + 1, step2)])
    monkeypatch.setattr(dbmod, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    info = open_database(str(db_path))
    close_database()
    info_again = open_database(str(db_path))
    close_database()
    assert ran == [2]
    assert info.schema_version == info_again.schema_version == SCHEMA_VERSION + 1


def test_database_from_a_newer_version_is_refused_clearly(db_path: Path):
    raw = sqlite3.connect(db_path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    raw.commit()
    raw.close()
    with pytest.raises(DatabaseProblem, match="newer Staffetta"):
        open_database(str(db_path))


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("this is not sqlite" * 100)
    with pytest.raises(DatabaseProblem, match="Cannot open the database"):
        open_database(str(bogus))


@pytest.mark.databases()
def test_migrations_run_in_order_once_on_both(db_location: str, monkeypatch: pytest.MonkeyPatch):
    """One migration history for SQLite and PostgreSQL: a new step runs once on each."""
    ran: list[int] = []

    def step(database) -> None:
        ran.append(SCHEMA_VERSION + 1)
        database.execute_sql("CREATE TABLE extra_thing (id INTEGER PRIMARY KEY)")

    first = open_database(db_location)
    close_database()
    monkeypatch.setattr(dbmod, "MIGRATIONS", [*dbmod.MIGRATIONS, (SCHEMA_VERSION + 1, step)])
    monkeypatch.setattr(dbmod, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    info = open_database(db_location)
    close_database()
    again = open_database(db_location)
    try:
        assert dbmod.schema_version(Contact._meta.database) == SCHEMA_VERSION + 1
        assert "extra_thing" in Contact._meta.database.get_tables()
    finally:
        close_database()
    assert ran == [SCHEMA_VERSION + 1]
    assert first.schema_version == SCHEMA_VERSION
    assert info.schema_version == again.schema_version == SCHEMA_VERSION + 1
    assert not again.created


@pytest.mark.databases("postgresql")
def test_a_new_postgres_database_gets_the_whole_schema(postgres_cluster, db_location: str):
    name = postgres_cluster.server.create_database()  # empty: not from the template
    url = postgres_cluster.server.url(name)
    try:
        info = open_database(url)
        try:
            assert info.created and info.schema_version == SCHEMA_VERSION
            assert info.journal_mode == "postgresql" and info.synchronous == 2
            for model in ALL_MODELS:
                assert model.table_exists(), model.__name__
            database = Contact._meta.database
            assert dbmod.is_postgres(database)
            # Long values that SQLite keeps must fit on PostgreSQL too.
            Contact.create(email="a@example.com", email_key="a@example.com", name="N" * 1000)
            assert len(Contact.get().name) == 1000
            raw = database.execute_sql("SELECT version FROM staffetta_schema").fetchall()
            assert raw == [(SCHEMA_VERSION,)]
        finally:
            close_database()
        again = open_database(url)
        close_database()
        assert not again.created
    finally:
        postgres_cluster.server.drop_database(name)


@pytest.mark.databases("postgresql")
def test_a_newer_postgres_schema_is_refused_clearly(db_location: str):
    open_database(db_location)
    Contact._meta.database.execute_sql(
        f"UPDATE staffetta_schema SET version = {SCHEMA_VERSION + 5}"
    )
    close_database()
    with pytest.raises(DatabaseProblem, match="newer Staffetta"):
        open_database(db_location)


def test_qmark_statements_are_rewritten_for_psycopg_outside_quotes():
    from core.team.database import qmark_to_format

    assert qmark_to_format("SELECT a FROM t WHERE b = ? AND c LIKE 'x?%'") == (
        "SELECT a FROM t WHERE b = %s AND c LIKE 'x?%%'"
    )


def test_a_password_in_the_url_is_never_shown():
    shown = dbmod.redacted("postgresql://ann:s3cret@db.example.com:5432/team")
    assert shown == "postgresql://ann:***@db.example.com:5432/team"
    assert dbmod.redacted("/home/ann/staffetta.db") == "/home/ann/staffetta.db"


@pytest.mark.databases("postgresql")
def test_postgres_connection_problems_are_one_clear_sentence(
    postgres_cluster, db_location: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    from tests.conftest import free_port

    server = postgres_cluster.server
    port = server.port
    cases = [
        (f"postgresql://staffetta@127.0.0.1:{free_port()}/x", "Cannot reach the PostgreSQL server"),
        (f"postgresql://staffetta@127.0.0.1:{port}/no_such_db", "has no database named no_such_db"),
        (
            f"postgresql://staffetta:wrong-pw@127.0.0.1:{port}/postgres",
            "refused the login of user staffetta",
        ),
    ]
    for url, expected in cases:
        with pytest.raises(DatabaseProblem, match=expected) as caught:
            open_database(url)
        assert "wrong-pw" not in caught.value.user_text()
        assert "\n" not in caught.value.user_text()
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("PGPASSFILE", raising=False)
    with pytest.raises(DatabaseProblem, match="asks for the password of user staffetta") as caught:
        open_database(db_location)
    assert "PGPASSWORD or ~/.pgpass" in caught.value.user_text()


@pytest.mark.databases("postgresql")
def test_the_password_comes_from_pgpass_as_for_libpq(
    postgres_cluster, db_location: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    server = postgres_cluster.server
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.delenv("PGPASSFILE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    pgpass = tmp_path / ".pgpass"
    pgpass.write_text(f"127.0.0.1:{server.port}:*:staffetta:{server.password}\n")
    pgpass.chmod(0o600)
    info = open_database(db_location)
    close_database()
    assert info.schema_version == SCHEMA_VERSION


@pytest.mark.databases("postgresql")
def test_every_command_takes_a_postgres_url_in_db_or_staffetta_db(
    db_location: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
):
    import json

    from core.cli import run

    csv_path = tmp_path / "people.csv"
    csv_path.write_text("email,name\nann@example.com,Ann\nbob@example.com,Bob\n")
    assert run(["--db", db_location, "import", str(csv_path), "--list", "Team", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["imported"] == 2
    monkeypatch.setenv("STAFFETTA_DB", db_location)
    assert run(["contacts", "--json"]) == 0
    assert sorted(c["email"] for c in json.loads(capsys.readouterr().out)) == [
        "ann@example.com", "bob@example.com",
    ]  # fmt: skip
    assert run(["--db", db_location.replace("/t", "/missing_t"), "contacts"]) == 1
    err = capsys.readouterr().err.strip()
    assert "has no database named missing_t" in err and "Traceback" not in err
    assert len(err.splitlines()) == 1


def test_a_transaction_that_reads_then_writes_survives_another_writer(db: Path):
    """The sender commits every few milliseconds. A deferred transaction that read
    before such a commit could not write after it ("database is locked" at once, which
    no busy timeout covers); transactions take the write lock up front instead."""
    import threading
    import time

    from core.models import AppSetting, database_proxy

    has_read = threading.Event()
    failures: list[BaseException] = []

    def read_then_write() -> None:
        try:
            with database_proxy.atomic():
                AppSetting.select().count()
                has_read.set()
                time.sleep(0.3)  # the other writer tries to commit now
                AppSetting.create(key="mine", value="1")
        except BaseException as exc:  # reported by the assertion below
            failures.append(exc)
        finally:
            database_proxy.close()

    worker = threading.Thread(target=read_then_write)
    worker.start()
    assert has_read.wait(5)
    other = sqlite3.connect(str(db), timeout=5, isolation_level=None)
    table = AppSetting._meta.table_name
    other.execute(f"INSERT INTO {table} (key, value) VALUES ('theirs', '2')")
    other.close()
    worker.join(10)
    assert failures == []
    assert {s.key for s in AppSetting.select()} >= {"mine", "theirs"}


def test_a_schema_2_file_gets_due_retries_indexed_per_campaign(db_path: Path):
    """Migration 3 on a file made by the previous release: same rows, new index."""
    open_database(str(db_path))
    close_database()
    raw = sqlite3.connect(db_path)
    raw.execute("DROP INDEX message_status_campaign_id_next_attempt_at")
    raw.execute("CREATE INDEX message_status_next_attempt_at ON message (status, next_attempt_at)")
    raw.execute("PRAGMA user_version = 2")
    raw.commit()
    raw.close()

    info = open_database(str(db_path))
    close_database()
    raw = sqlite3.connect(db_path)
    indexes = {
        name for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
    }
    plan = " ".join(
        str(row)
        for row in raw.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM message WHERE status = 'deferred' "
            "AND campaign_id = 1 AND next_attempt_at <= '2030' ORDER BY next_attempt_at LIMIT 4"
        )
    )
    raw.close()
    assert info.schema_version == SCHEMA_VERSION >= 3
    assert "message_status_next_attempt_at" not in indexes
    assert "message_status_campaign_id_next_attempt_at" in indexes
    assert "message_status_campaign_id_next_attempt_at" in plan and "TEMP B-TREE" not in plan


def test_migration_5_adds_the_profiles_ca_file_to_an_older_file(tmp_path: Path):
    """A file from before private CAs (schema 4, no ``ca_file`` column) gains it."""
    path = tmp_path / "old.db"
    open_database(str(path))
    close_database()
    raw = sqlite3.connect(path)
    raw.execute("ALTER TABLE smtp_profile DROP COLUMN ca_file")
    raw.execute("PRAGMA user_version = 4")
    raw.commit()
    raw.close()
    info = open_database(str(path))
    close_database()
    raw = sqlite3.connect(path)
    columns = {row[1] for row in raw.execute("PRAGMA table_info(smtp_profile)")}
    raw.close()
    assert info.schema_version == SCHEMA_VERSION >= 5
    assert "ca_file" in columns


def test_migration_6_turns_a_campaigns_list_into_its_audience(tmp_path: Path):
    """A file from before audiences (schema 5: campaign.contact_list_id NOT NULL, no
    segments, no timing columns) keeps every campaign and message; the campaign's list
    becomes its audience and the list column may be empty from now on."""
    path = tmp_path / "old.db"
    open_database(str(path))
    close_database()
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA foreign_keys = OFF")
    (sql,) = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'campaign'").fetchone()
    old = sql.replace('"contact_list_id" INTEGER', '"contact_list_id" INTEGER NOT NULL')
    for column in ("scheduled_at", "send_windows", "time_zone", "skip_if_sent_within",
                   "skipped_counts"):  # fmt: skip
        old = ", ".join(part for part in old.split(", ") if not part.startswith(f'"{column}"'))
    raw.execute("DROP TABLE campaign_audience")
    raw.execute("DROP TABLE segment")
    raw.execute("DROP TABLE campaign")
    raw.execute(old)
    raw.execute("CREATE INDEX campaign_status ON campaign (status)")
    for column in ("warmup", "warmup_started_at"):
        raw.execute(f"ALTER TABLE smtp_profile DROP COLUMN {column}")
    raw.execute("INSERT INTO contact_list (name, created_at) VALUES ('L', '2026-01-01')")
    raw.execute("INSERT INTO contact (email, email_key, fields, status, needs_smtputf8, "
                "created_at, updated_at) VALUES ('a@x.it', 'a@x.it', '{}', 'active', 0, "
                "'2026-01-01', '2026-01-01')")  # fmt: skip
    raw.execute("INSERT INTO smtp_profile (name, host, port, security, allow_insecure_auth, "
                "is_sandbox, rate, burst, max_connections, per_connection, daily_cap, "
                "retry_base, retry_max, max_attempts, lifetime, max_consecutive_failures, "
                "connect_timeout, data_timeout, created_at) VALUES ('P', 'h', 25, 'none', 0, "
                "0, 1, 1, 1, 1, 0, 1, 1, 1, 60, 1, 1, 1, '2026-01-01')")  # fmt: skip
    raw.execute("INSERT INTO campaign (name, contact_list_id, smtp_profile_id, sender, "
                "attachment_paths, status, frozen_settings, suppressed_count, "
                "consecutive_failures, created_at) VALUES ('C', 1, 1, 's@x.it', '[]', "
                "'running', '{}', 0, 0, '2026-01-01')")  # fmt: skip
    raw.execute("INSERT INTO message (campaign_id, contact_id, to_addr, to_key, variables, "
                "message_id, status, attempts, queued_at, updated_at) VALUES (1, 1, 'a@x.it', "
                "'a@x.it', '{}', '<1@x>', 'queued', 0, '2026-01-01', '2026-01-01')")  # fmt: skip
    raw.execute("PRAGMA user_version = 5")
    raw.commit()
    raw.close()

    info = open_database(str(path))
    try:
        from core.audience.audience import audience_of
        from core.models import Campaign, Message

        assert info.schema_version == SCHEMA_VERSION >= 6
        campaign = Campaign.get()
        assert audience_of(campaign.id).include_lists == (1,)
        assert Message.select().count() == 1 and campaign.send_windows == []
        campaign.contact_list = None
        campaign.save()  # the NOT NULL is gone
    finally:
        close_database()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA foreign_keys").fetchone() == (0,)  # a fresh connection's default
    assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    indexes = {n for (n,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    raw.close()
    assert "campaign_status" in indexes
