"""Opening the database: SQLite (a file, the default) or PostgreSQL (a team server).

SQLite runs in WAL mode with ``synchronous=FULL`` (WAL + NORMAL can lose the last
commits on power loss, and a lost ``sending`` record could mean a double send). Both
pragmas are read back after opening, so a filesystem that silently refuses WAL is
noticed.

PostgreSQL is reached with a libpq URL (``postgresql://USER@HOST:PORT/DB``) through
psycopg 3; the password comes from ``PGPASSWORD`` or ``~/.pgpass`` as for every libpq
program, never from Staffetta's own settings. ``synchronous_commit`` is read back as
SQLite's pragmas are.

One migration history serves both: ``MIGRATIONS`` upgrades a database step by step
across releases, each step in its own transaction (PostgreSQL's DDL is transactional
too). The schema version is ``PRAGMA user_version`` on SQLite and the one row of
``staffetta_schema`` on PostgreSQL, where migrations also hold an advisory lock so two
senders starting at once on a new database do not both create it. Steps that differ
between the two ask ``is_postgres(db)``.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from peewee import Database, DatabaseError, DatabaseProxy, PostgresqlDatabase, SqliteDatabase

from core.errors import DatabaseProblem, DiskFull
from core.models import ALL_MODELS, database_proxy

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000

PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": 2,  # FULL
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
    "cache_size": -32_000,  # 32 MB
    "temp_store": 2,  # memory
}


POSTGRES_SCHEMES = ("postgresql://", "postgres://")
POSTGRES_CONNECT_TIMEOUT = 10  # seconds: an unreachable server is reported, not waited on
# pg_advisory_lock key for migrations ("staffetta" in ASCII, truncated to 63 bits).
MIGRATION_LOCK = 0x7374616666657474
_PG_VERSION_TABLE = "staffetta_schema"


def is_postgres_location(location: str) -> bool:
    return location.startswith(POSTGRES_SCHEMES)


def is_postgres(db: Database | None = None) -> bool:
    """Whether ``db`` (default: the open database) is PostgreSQL."""
    target = db if db is not None else database_proxy
    if isinstance(target, DatabaseProxy):
        target = target.obj
    return isinstance(target, PostgresqlDatabase)


def epoch_seconds_sql(column: str) -> str:
    """SQL for a stored UTC time as seconds since 1970, on either database."""
    if is_postgres():
        return f"EXTRACT(EPOCH FROM {column})::float8"
    return f"((julianday({column}) - 2440587.5) * 86400.0)"


def _migration_1_initial(db: Database) -> None:
    db.create_tables(ALL_MODELS, safe=True)
    if is_postgres(db):
        _postgres_text_columns(db)


def _postgres_text_columns(db: Database) -> None:
    """peewee declares CharFields ``VARCHAR(255)``; SQLite never enforces the length, so
    a long name or URL that a desktop file holds would be refused by PostgreSQL (and by
    ``db copy``). Every such column becomes ``text``, as SQLite treats it."""
    rows = db.execute_sql(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND data_type = 'character varying'"
    ).fetchall()
    for table, column in rows:
        db.execute_sql(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE text')


def _migration_2_only_the_test_inbox_is_a_sandbox(db: Database) -> None:
    """``smtp add`` used to mark every local relay without TLS as a sandbox, and a sandbox
    nobody serves gets the test inbox started in its place: a local Postfix that was down
    would have had a campaign "delivered" into the test inbox. Only the built-in profile
    is one now."""
    from core.models import SmtpProfile
    from core.sandbox import BUILTIN_PROFILE_NAME

    SmtpProfile.update(is_sandbox=False).where(SmtpProfile.name != BUILTIN_PROFILE_NAME).execute()


def _migration_3_due_retries_indexed_per_campaign(db: Database) -> None:
    """Claims walked every due retry of every campaign, in time order, to find those of
    the running ones: a paused campaign with 50,000 due retries cost each claim 10-30 ms.
    The index now has the campaign between the status and the time."""
    db.execute_sql("DROP INDEX IF EXISTS message_status_next_attempt_at")
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS message_status_campaign_id_next_attempt_at "
        "ON message (status, campaign_id, next_attempt_at)"
    )


def _migration_4_markdown_css_and_image_folder(db: Database) -> None:
    """Templates may be written in Markdown, carry a CSS file to inline and a folder their
    images are read from. New databases already have the columns (migration 1)."""
    existing = {column.name for column in db.get_columns("template")}
    for column, sql in (
        ("body_format", "VARCHAR(255) NOT NULL DEFAULT 'html'"),
        ("markdown", "TEXT"),
        ("css", "TEXT"),
        ("base_dir", "TEXT"),
    ):
        if column not in existing:
            db.execute_sql(f"ALTER TABLE template ADD COLUMN {column} {sql}")


def _migration_5_profile_ca_file(db: Database) -> None:
    """A profile can trust a private certificate authority (a PEM file) besides the
    system's. Fresh files already have the column (step 1 creates today's tables)."""
    from core.models import SmtpProfile

    table = SmtpProfile._meta.table_name
    if "ca_file" not in {c.name for c in db.get_columns(table)}:
        db.execute_sql(f"ALTER TABLE {table} ADD COLUMN ca_file VARCHAR(255)")


def _migration_6_audiences_and_timing(db: Database) -> None:
    """Segments, audiences of several lists and segments (a campaign's ``contact_list``
    may be empty now: an audience of segments only), schedules, send windows, the
    frequency cap and warm-up. A campaign's list becomes its audience."""
    from playhouse.migrate import SchemaMigrator
    from playhouse.migrate import migrate as apply

    from core.models import Campaign, CampaignAudience, Segment, SmtpProfile

    db.create_tables([Segment, CampaignAudience], safe=True)
    migrator = SchemaMigrator.from_database(db)
    operations = []
    new_columns = {
        Campaign: ("scheduled_at", "send_windows", "time_zone", "skip_if_sent_within",
                   "skipped_counts"),
        SmtpProfile: ("warmup", "warmup_started_at"),
    }  # fmt: skip
    for model, names in new_columns.items():
        table = model._meta.table_name
        present = {column.name for column in db.get_columns(table)}
        for name in names:
            if name not in present:
                operations.append(migrator.add_column(table, name, model._meta.fields[name]))
    campaign_table = Campaign._meta.table_name
    columns = {column.name: column for column in db.get_columns(campaign_table)}
    if not columns["contact_list_id"].null:
        operations.append(migrator.drop_not_null(campaign_table, "contact_list_id"))
    apply(*operations)
    db.execute_sql(
        f"INSERT INTO {CampaignAudience._meta.table_name} (campaign_id, role, contact_list_id) "
        f"SELECT id, 'include', contact_list_id FROM {campaign_table} c "
        "WHERE contact_list_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
        f"{CampaignAudience._meta.table_name} a WHERE a.campaign_id = c.id)"
    )


def _migration_7_teams_and_profile_rotation(db: Database) -> None:
    """Several profiles per campaign, and many senders on one PostgreSQL queue: each
    message records its profile and the sender holding it; senders and their profile
    leases get tables. Claims on PostgreSQL read fresh messages through a partial index
    in id order (its B-tree does not keep equal keys in id order as SQLite's does), and
    a dead sender's in-flight rows are found by its tag."""
    from core.models import CampaignProfile, ProfileLease, Sender

    db.create_tables([CampaignProfile, Sender, ProfileLease], safe=True)
    columns = {c.name for c in db.get_columns("message")}
    if "smtp_profile_id" not in columns:
        db.execute_sql(
            "ALTER TABLE message ADD COLUMN smtp_profile_id INTEGER "
            "REFERENCES smtp_profile (id) ON DELETE SET NULL"
        )
    if "sender_id" not in columns:
        db.execute_sql("ALTER TABLE message ADD COLUMN sender_id TEXT")
        # What was sent before had the campaign's one profile.
        db.execute_sql(
            "UPDATE message SET smtp_profile_id = (SELECT c.smtp_profile_id FROM campaign c "
            "WHERE c.id = message.campaign_id) WHERE status IN ('sent', 'failed', 'unknown')"
        )
    if is_postgres(db):
        _postgres_text_columns(db)
        db.execute_sql(
            "CREATE INDEX IF NOT EXISTS message_queued_by_campaign "
            "ON message (campaign_id, id) WHERE status = 'queued'"
        )
        db.execute_sql(
            "CREATE INDEX IF NOT EXISTS message_sending_by_sender "
            "ON message (sender_id) WHERE status = 'sending'"
        )


def _migration_8_postgres_claims_by_position(db: Database) -> None:
    """PostgreSQL's claims walk the queued rows of a campaign by ``id + 0``, an order only
    this partial index gives (ordered by ``id``, the planner could walk the primary key
    and filter past every message already sent). SQLite: nothing to do."""
    if not is_postgres(db):
        return
    db.execute_sql("DROP INDEX IF EXISTS message_queued_by_campaign")
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS message_queued_claim "
        "ON message (campaign_id, (id + 0)) WHERE status = 'queued'"
    )


def _migration_9_return_path(db: Database) -> None:
    """Mailboxes per SMTP profile and what was read from them (``core.returnpath``)."""
    from core.models import Mailbox, ProcessedMail, ReturnEvent

    db.create_tables([Mailbox, ProcessedMail, ReturnEvent], safe=True)


def _migration_10_who_paused_a_campaign(db: Database) -> None:
    """Who paused a campaign is a column (``PausedBy``), not a reason text to compare:
    campaigns paused before it are the user's when the text says so, else the engine's."""
    from core.models import Campaign, CampaignStatus, PausedBy

    table = Campaign._meta.table_name
    if "paused_by" not in {c.name for c in db.get_columns(table)}:
        db.execute_sql(f"ALTER TABLE {table} ADD COLUMN paused_by VARCHAR(255)")
    paused = Campaign.status == CampaignStatus.PAUSED
    Campaign.update(paused_by=PausedBy.USER).where(
        paused & (Campaign.pause_reason == "Paused by you.")
    ).execute()
    Campaign.update(paused_by=PausedBy.ENGINE).where(
        paused & Campaign.paused_by.is_null()
    ).execute()


def _migration_11_windows_in_the_recipients_zone(db: Database) -> None:
    """A campaign's send windows may be read in each recipient's own zone, named by one
    of their fields (``core.audience.policy``)."""
    from core.models import Campaign

    table = Campaign._meta.table_name
    if "recipient_zone_field" not in {c.name for c in db.get_columns(table)}:
        db.execute_sql(f"ALTER TABLE {table} ADD COLUMN recipient_zone_field VARCHAR(255)")


# (version reached, function). Append only; never edit a released step.
MIGRATIONS: list[tuple[int, Callable[[Database], None]]] = [
    (1, _migration_1_initial),
    (2, _migration_2_only_the_test_inbox_is_a_sandbox),
    (3, _migration_3_due_retries_indexed_per_campaign),
    (4, _migration_4_markdown_css_and_image_folder),
    (5, _migration_5_profile_ca_file),
    (6, _migration_6_audiences_and_timing),
    (7, _migration_7_teams_and_profile_rotation),
    (8, _migration_8_postgres_claims_by_position),
    (9, _migration_9_return_path),
    (10, _migration_10_who_paused_a_campaign),
    (11, _migration_11_windows_in_the_recipients_zone),
]

SCHEMA_VERSION = MIGRATIONS[-1][0]


@dataclass(frozen=True)
class DatabaseInfo:
    location: str
    journal_mode: str
    synchronous: int
    schema_version: int
    created: bool = False  # the database had no schema before this open


class _ImmediateSqliteDatabase(SqliteDatabase):  # type: ignore[misc]
    """Transactions start with ``BEGIN IMMEDIATE``, taking the write lock up front.

    A deferred transaction that reads and then writes fails at once with "database is
    locked" (SQLITE_BUSY_SNAPSHOT, which the busy timeout does not cover) when another
    connection commits in between, and the sending worker commits every few
    milliseconds. Taken up front, the lock is waited for like any other.
    """

    def begin(self, lock_type: str | None = "IMMEDIATE") -> None:
        super().begin(lock_type)


def redacted(location: str) -> str:
    """The location as it may be shown: a password in a URL is replaced by ``***``."""
    if not is_postgres_location(location) or "@" not in location:
        return location
    scheme, rest = location.split("://", 1)
    credentials, _, host = rest.rpartition("@")
    if ":" in credentials:
        credentials = credentials.split(":", 1)[0] + ":***"
    return f"{scheme}://{credentials}@{host}"


def _make_sqlite(path: Path) -> SqliteDatabase:
    return _ImmediateSqliteDatabase(
        str(path),
        pragmas=PRAGMAS,
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,  # peewee keeps one connection per thread itself
    )


def open_database(location: str) -> DatabaseInfo:
    """Open (creating if needed), migrate, and bind the models to ``location``.

    Raises ``DatabaseProblem`` with a sentence for the user when the file cannot be
    used (unwritable folder, not a database, newer schema than this version knows).
    """
    if is_postgres_location(location):
        return _open_postgres(location)
    path = Path(location).expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseProblem(
            f"Cannot create the folder for the database {path}: {exc.strerror}.",
            hint="Choose a writable location with --db.",
        ) from exc
    db = _make_sqlite(path)
    try:
        db.connect(reuse_if_open=True)
        info = _check_pragmas(db, str(path))
        database_proxy.initialize(db)
        version = migrate(db)
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        db.close()
        full = disk_full_problem(exc, str(path))
        if full is not None:
            raise full from exc
        raise DatabaseProblem(
            f"Cannot open the database {path}: {exc}.",
            hint="Check that the file is a Staffetta database and that the folder is writable.",
        ) from exc
    return DatabaseInfo(info.location, info.journal_mode, info.synchronous, version,
                        created=info.created)  # fmt: skip


def _open_postgres(location: str) -> DatabaseInfo:
    from core.team.database import open_postgres  # psycopg loads only for a team database

    return open_postgres(location)


def _check_pragmas(db: SqliteDatabase, location: str) -> DatabaseInfo:
    journal = str(db.execute_sql("PRAGMA journal_mode").fetchone()[0]).lower()
    synchronous = int(db.execute_sql("PRAGMA synchronous").fetchone()[0])
    if journal != "wal":
        log.warning("database %s refused WAL mode (journal_mode=%s)", location, journal)
    if synchronous != 2:
        log.warning("database %s runs with synchronous=%s, not FULL", location, synchronous)
    return DatabaseInfo(location, journal, synchronous, 0, created=schema_version(db) == 0)


def schema_version(db: Database) -> int:
    if not is_postgres(db):
        return int(db.execute_sql("PRAGMA user_version").fetchone()[0])
    found = db.execute_sql("SELECT to_regclass(%s)", (_PG_VERSION_TABLE,)).fetchone()[0]
    if found is None:
        return 0
    row = db.execute_sql(f"SELECT version FROM {_PG_VERSION_TABLE}").fetchone()
    return int(row[0]) if row else 0


def _set_schema_version(db: Database, version: int) -> None:
    if not is_postgres(db):
        db.execute_sql(f"PRAGMA user_version = {int(version)}")
        return
    db.execute_sql(f"CREATE TABLE IF NOT EXISTS {_PG_VERSION_TABLE} (version integer NOT NULL)")
    db.execute_sql(f"DELETE FROM {_PG_VERSION_TABLE}")
    db.execute_sql(f"INSERT INTO {_PG_VERSION_TABLE} (version) VALUES (%s)", (int(version),))


def migrate(db: Database) -> int:
    """Run every migration newer than the database's version, each in its own transaction."""
    if not is_postgres(db):
        return _migrate(db)
    db.execute_sql("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
    try:
        return _migrate(db)
    finally:
        db.execute_sql("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))


def _migrate(db: Database) -> int:
    current = schema_version(db)
    if current > SCHEMA_VERSION:
        raise DatabaseProblem(
            f"This database was written by a newer Staffetta (schema {current}, "
            f"this version knows {SCHEMA_VERSION}).",
            hint="Update Staffetta, or open another database with --db.",
        )
    if current >= SCHEMA_VERSION:
        return current
    sqlite = not is_postgres(db)
    # A step may rebuild a table (SQLite cannot drop a NOT NULL otherwise); with foreign
    # keys on, dropping the old copy would cascade into the rows that refer to it. They
    # are checked once the migrations are done. (PostgreSQL's steps alter in place.)
    if sqlite:
        db.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        for version, step in MIGRATIONS:
            if version <= current:
                continue
            log.info("migrating database to schema %d", version)
            with db.atomic():
                step(db)
                _set_schema_version(db, version)
            current = version
        broken = db.execute_sql("PRAGMA foreign_key_check").fetchall() if sqlite else []
        if broken:
            raise DatabaseProblem(
                f"Upgrading the database left {len(broken)} broken reference(s).",
                hint="Restore a backup of the file and report this.",
            )
    finally:
        if sqlite:
            db.execute_sql("PRAGMA foreign_keys = ON")
    return current


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and those it was raised from or while handling (peewee wraps
    sqlite3's errors, keeping the original as the context)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def is_disk_full(exc: BaseException) -> bool:
    """SQLITE_FULL ("database or disk is full"), or ENOSPC/EDQUOT from a file write."""
    for cause in _causes(exc):
        code = getattr(cause, "sqlite_errorcode", None)
        if code is not None and code & 0xFF == sqlite3.SQLITE_FULL:
            return True
        if isinstance(cause, OSError) and cause.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if isinstance(cause, DatabaseError | sqlite3.DatabaseError) and (
            "database or disk is full" in str(cause)
        ):
            return True
    return False


def disk_full_problem(
    exc: BaseException, location: str | None = None, *, resumes: bool = False
) -> DiskFull | None:
    """The user's sentence for a full disk (None if ``exc`` is something else): where the
    database is, that nothing was lost, and what to do."""
    if not is_disk_full(exc):
        return None
    if location is None:
        db = database_proxy.obj
        location = getattr(db, "database", None) if db is not None else None
    folder = os.path.dirname(os.path.realpath(location)) if location else "its folder"
    then = (
        "sending resumes by itself once there is room" if resumes else "then run the command again"
    )
    return DiskFull(
        f"The disk is full: there is no room left for the database in {folder}.",
        hint=f"Free some space there (or move the database elsewhere with --db); {then}. "
        "Nothing that was already saved is lost.",
    )


def close_database() -> None:
    db = database_proxy.obj
    if db is not None and not db.is_closed():
        db.close()


@contextmanager
def opened(location: str) -> Iterator[DatabaseInfo]:
    """Open for the duration of a block (tests, CLI commands)."""
    info = open_database(location)
    try:
        yield info
    finally:
        close_database()
