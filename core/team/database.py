"""Opening a PostgreSQL database: psycopg 3 through peewee, with clear errors.

The location is a libpq URL (``postgresql://USER@HOST:PORT/DB``); the password comes
from ``PGPASSWORD`` or ``~/.pgpass`` as for every libpq program (a password written in
the URL works too, and is never shown). A team database opened in the window keeps its
password in the keyring (``core.secrets``, keyed by user, host, port and database), and
every connection to that address (the window's, its sender's, its ledger's, a command's
on the same computer) finds it there; it is never in the URL, the settings or a log.
``synchronous_commit`` is read back as SQLite's pragmas are: with it off, a committed
``sending`` could be lost by a server crash.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from typing import Any

import psycopg
from peewee import DatabaseError, InterfaceError
from playhouse.psycopg3_ext import Psycopg3Database

from core.db import DatabaseInfo, migrate, redacted, schema_version
from core.errors import DatabaseProblem
from core.models import database_proxy

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 10  # seconds: an unreachable server is reported, not waited on


@functools.lru_cache(maxsize=1024)
def qmark_to_format(sql: str) -> str:
    """A statement written with ``?`` placeholders, for psycopg: ``%s``, and ``%`` doubled.

    The project's hand-written statements (the hot paths peewee's query builder is too
    slow for) are spelled once, with SQLite's ``?``; PostgreSQL runs the same text.
    Question marks inside quoted literals are left alone.
    """
    out: list[str] = []
    quote = ""
    for ch in sql:
        if ch == "%":
            out.append("%%")
        elif quote:
            out.append(ch)
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        else:
            out.append("%s" if ch == "?" else ch)
    return "".join(out)


def _has_qmark(sql: str) -> bool:
    return "?" in sql and "%s" not in sql


class _QmarkCursor(psycopg.Cursor):  # type: ignore[type-arg,misc]
    """A psycopg cursor that takes the project's ``?`` statements as they are."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        if isinstance(query, str) and _has_qmark(query):
            query = qmark_to_format(query)
        return super().execute(query, params, **kwargs)

    def executemany(self, query: Any, params_seq: Any, **kwargs: Any) -> Any:
        if isinstance(query, str) and _has_qmark(query):
            query = qmark_to_format(query)
        return super().executemany(query, params_seq, **kwargs)


class PostgresDatabase(Psycopg3Database):  # type: ignore[misc]
    """PostgreSQL through psycopg 3, taking the project's ``?`` statements as they are.

    peewee's own SQL uses ``%s`` and goes through unchanged; a raw statement with
    ``?`` placeholders (``execute_sql``, or ``cursor().execute``/``executemany``) is
    rewritten once by ``qmark_to_format`` and cached, so hand-written SQL is spelled
    once for both databases.
    """

    def _connect(self) -> Any:
        conn = super()._connect()
        conn.cursor_factory = _QmarkCursor
        return conn


def libpq_url(location: str) -> str:
    """``postgres://`` and ``postgresql://`` are the same to libpq; psycopg wants the latter."""
    return "postgresql://" + location.split("://", 1)[1]


@dataclass(frozen=True)
class TeamAddress:
    """Where a team database is, as the window asks for it (no password)."""

    host: str
    port: int
    database: str
    user: str

    @property
    def url(self) -> str:
        from urllib.parse import quote

        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"postgresql://{quote(self.user, safe='')}@{host}:{self.port}/{quote(self.database, safe='')}"

    @property
    def key(self) -> str:
        """The keyring entry of its password."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    @property
    def shown(self) -> str:
        """How the window names it: ``DB on HOST:PORT`` (the user in the details)."""
        return f"{self.database} on {self.host}:{self.port}"


def parse_address(location: str) -> TeamAddress:
    """The parts of a ``postgresql://`` URL, with libpq's defaults for what it leaves out.

    Raises ``InvalidValue`` for something that is not such an address."""
    import getpass

    from psycopg.conninfo import conninfo_to_dict

    from core.db import is_postgres_location
    from core.errors import InvalidValue

    if not is_postgres_location(location.strip()):
        raise InvalidValue(
            f"{redacted(location.strip()) or 'An empty address'} is not a PostgreSQL address.",
            hint="Write it as postgresql://USER@HOST:PORT/DATABASE.",
        )
    try:
        parts = conninfo_to_dict(libpq_url(location.strip()))
    except psycopg.ProgrammingError:
        raise InvalidValue(
            f"{redacted(location.strip())} is not a valid PostgreSQL address.",
            hint="Write it as postgresql://USER@HOST:PORT/DATABASE.",
        ) from None
    user = str(parts.get("user") or getpass.getuser())
    try:
        port = int(parts.get("port") or 5432)
    except ValueError:
        raise InvalidValue(
            f"The port in {redacted(location.strip())} is not a number.",
            hint="Write it as postgresql://USER@HOST:PORT/DATABASE.",
        ) from None
    return TeamAddress(
        host=str(parts.get("host") or "localhost"),
        port=port,
        database=str(parts.get("dbname") or user),
        user=user,
    )


TEAM_SECRET = "team"  # core.secrets kind of a team database's password


def _address_or_none(location: str) -> TeamAddress | None:
    try:
        return parse_address(location)
    except Exception:
        return None


def stored_password(location: str) -> str | None:
    """The password the window keeps for this address (session memory or keyring)."""
    from core import secrets

    address = _address_or_none(location)
    if address is None:
        return None
    return secrets.get_password(address.key, kind=TEAM_SECRET)


def remember_password(location: str, password: str) -> bool:
    """Keep the password of this address: True if in the keyring, False if only for
    this session (no keyring on this computer)."""
    from core import secrets

    return secrets.store_password(parse_address(location).key, password, kind=TEAM_SECRET)


def forget_password(location: str) -> None:
    from core import secrets

    address = _address_or_none(location)
    if address is not None:
        secrets.forget_password(address.key, kind=TEAM_SECRET)


def connect_options(location: str) -> dict[str, Any]:
    """psycopg's connection options for ``location``: the kept password, if any (libpq
    still uses one in the URL, ``PGPASSWORD`` or ``~/.pgpass`` when none is kept)."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        if conninfo_to_dict(libpq_url(location)).get("password"):
            return {}
    except psycopg.ProgrammingError:
        return {}
    password = stored_password(location)
    return {"password": password} if password else {}


def make_postgres(location: str) -> PostgresDatabase:
    """A PostgreSQL database object for ``location`` (not connected yet)."""
    return PostgresDatabase(
        libpq_url(location), connect_timeout=CONNECT_TIMEOUT, application_name="staffetta",
        **connect_options(location),
    )  # fmt: skip


def open_postgres(location: str) -> DatabaseInfo:
    db = make_postgres(location)
    shown = redacted(location)
    try:
        db.connect(reuse_if_open=True)
    except (DatabaseError, InterfaceError) as exc:
        raise postgres_problem(exc, shown) from None
    try:
        synchronous = str(db.execute_sql("SHOW synchronous_commit").fetchone()[0])
        if synchronous == "off":
            log.warning("database %s runs with synchronous_commit=off", shown)
        database_proxy.initialize(db)
        created = schema_version(db) == 0
        version = migrate(db)
    except (DatabaseError, InterfaceError) as exc:
        db.close()
        raise DatabaseProblem(
            f"Cannot use the PostgreSQL database {shown}: {_first_line(exc)}.",
            hint="Check that the user may create tables there (or ask the server's administrator).",
        ) from exc
    return DatabaseInfo(shown, "postgresql", 2 if synchronous != "off" else 0, version,
                        created=created)  # fmt: skip


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text.removeprefix("connection failed: ").rstrip(".")


def postgres_problem(exc: BaseException, shown: str, *, window: bool = False) -> DatabaseProblem:
    """One sentence for a failed connection: unreachable, login refused, no such database.

    ``window``: the hints speak of the window's fields rather than ``--db`` and
    ``PGPASSWORD``."""
    from psycopg.conninfo import conninfo_to_dict

    text = str(exc)
    try:
        parts = conninfo_to_dict("postgresql://" + shown.split("://", 1)[1])
    except Exception:
        parts = {}
    host = f"{parts.get('host') or 'localhost'}:{parts.get('port') or 5432}"
    user = parts.get("user") or "(your system user)"
    name = parts.get("dbname") or user
    if "no password supplied" in text:
        return DatabaseProblem(
            f"The PostgreSQL server at {host} asks for the password of user {user}.",
            hint="Type the password."
            if window
            else "Give it in PGPASSWORD or ~/.pgpass (or open the database once in the window).",
        )
    if "password authentication failed" in text:
        return DatabaseProblem(
            f"The PostgreSQL server at {host} refused the login of user {user}.",
            hint="Check the user name and the password."
            if window
            else "Check the user name, and the password in PGPASSWORD or ~/.pgpass.",
        )
    if "does not exist" in text and "database" in text:
        return DatabaseProblem(
            f"The PostgreSQL server at {host} has no database named {name}.",
            hint=f"Check the name, or ask the server's administrator to create it (createdb {name})."
            if window
            else f"Create it (createdb {name}) or check the name in --db.",
        )
    if "role" in text and "does not exist" in text:
        return DatabaseProblem(
            f"The PostgreSQL server at {host} has no user named {user}.",
            hint="Check the user name."
            if window
            else "Check the user name in --db (postgresql://USER@HOST:PORT/DB).",
        )
    if any(s in text for s in ("Connection refused", "could not translate host", "timeout expired",
                               "No route to host", "Network is unreachable", "could not connect")):  # fmt: skip
        return DatabaseProblem(
            f"Cannot reach the PostgreSQL server at {host}: {_first_line(exc).split(': ')[-1]}.",
            hint="Check the host and the port, and that the server accepts connections from "
            "this computer."
            if window
            else "Check that the server is running and that the address in --db is right.",
        )
    return DatabaseProblem(
        f"Cannot connect to the PostgreSQL database {shown}: {_first_line(exc)}.",
        hint="Check the address, and the server's pg_hba.conf."
        if window
        else "Check the address in --db and the server's pg_hba.conf.",
    )


@dataclass(frozen=True)
class TeamCheck:
    """What connecting to a team database found, for the window to say before opening it."""

    location: str  # the URL, without a password
    shown: str  # "DB on HOST:PORT"
    schema_version: int  # 0: an empty database, where Staffetta creates its tables
    known_version: int  # this version's schema
    campaigns: int
    contacts: int
    live_senders: int

    @property
    def empty(self) -> bool:
        return self.schema_version == 0

    @property
    def needs_upgrade(self) -> bool:
        return 0 < self.schema_version < self.known_version


def check_team_database(location: str, password: str | None = None) -> TeamCheck:
    """Connect to ``location`` with ``password`` (else the kept one, else libpq's own) and
    say what is there, without changing anything.

    Raises ``DatabaseProblem`` with one sentence when it cannot be used: unreachable,
    login refused, no such database, written by a newer Staffetta, another program's
    tables, no right to create tables."""
    from core.db import SCHEMA_VERSION
    from core.models import Campaign, Contact, Sender

    address = parse_address(location)
    url = address.url
    shown = address.shown
    options = {"password": password} if password else connect_options(url)
    try:
        conn = psycopg.connect(
            libpq_url(url), connect_timeout=CONNECT_TIMEOUT, autocommit=True,
            application_name="staffetta check", **options,
        )  # fmt: skip
    except psycopg.Error as exc:
        raise postgres_problem(exc, url, window=True) from None
    try:
        found = _one(conn, "SELECT to_regclass('staffetta_schema')")
        version = 0
        if found is not None:
            row = conn.execute("SELECT version FROM staffetta_schema").fetchone()
            version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise DatabaseProblem(
                f"The team database {shown} was written by a newer Staffetta (schema "
                f"{version}, this version knows {SCHEMA_VERSION}).",
                hint="Update Staffetta on this computer, then open it again.",
            )
        if version == 0:
            tables = _one(
                conn,
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_name <> 'staffetta_schema'",
            )
            if tables:
                raise DatabaseProblem(
                    f"The database {shown} holds {tables} table(s) of another program and no "
                    "Staffetta data.",
                    hint="Choose an empty database, or one Staffetta made.",
                )
        if version < SCHEMA_VERSION:
            may_create = _one(conn, "SELECT has_schema_privilege(current_schema(), 'CREATE')")
            if not may_create:
                doing = "create its tables" if version == 0 else "upgrade its tables"
                raise DatabaseProblem(
                    f"The user {address.user} may not {doing} in the database {shown}.",
                    hint="Ask the server's administrator to let that user create tables there "
                    "(or to open it once as its owner).",
                )
        campaigns = contacts = senders = 0
        if version:
            campaigns = _one(conn, f"SELECT count(*) FROM {Campaign._meta.table_name}")
            contacts = _one(conn, f"SELECT count(*) FROM {Contact._meta.table_name}")
            if version >= 7:
                senders = _one(
                    conn,
                    f"SELECT count(*) FROM {Sender._meta.table_name} WHERE stopped_at IS NULL "
                    "AND expires_at >= timezone('UTC', clock_timestamp())",
                )
    except psycopg.Error as exc:
        raise DatabaseProblem(
            f"Cannot read the team database {shown}: {_first_line(exc)}.",
            hint="Check that this user may read it (or ask the server's administrator).",
        ) from None
    finally:
        conn.close()
    return TeamCheck(url, shown, version, SCHEMA_VERSION, int(campaigns), int(contacts),
                     int(senders))  # fmt: skip


def _one(conn: Any, sql: str) -> Any:
    row = conn.execute(sql).fetchone()
    return row[0] if row else None
