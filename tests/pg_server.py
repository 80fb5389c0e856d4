"""A throwaway PostgreSQL cluster for tests and benchmarks: initdb in a temporary
directory, a free port on 127.0.0.1, removed when stopped.

PostgreSQL refuses to run as root, and CI runs as root: the cluster then belongs to an
unprivileged account (``postgres`` when Debian's package created it, else ``nobody``)
and the temporary directory is handed to it. Logins over TCP need a password (SCRAM),
which the caller passes to libpq through ``PGPASSWORD`` as a user would.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

USER = "staffetta"
START_TIMEOUT = 30


class PostgresUnavailable(Exception):
    """The PostgreSQL server programs are missing or the cluster would not start."""


def find_bindir() -> Path:
    """Debian's versioned directory (the newest), else wherever ``pg_ctl`` is on PATH."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True
    )
    for candidate in candidates:
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl and shutil.which("initdb"):
        return Path(pg_ctl).parent
    raise PostgresUnavailable("initdb and pg_ctl were not found (Debian: apt install postgresql)")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _unprivileged_account() -> pwd.struct_passwd | None:
    """The account the cluster runs as when we are root (None: run as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PostgresUnavailable("running as root and neither 'postgres' nor 'nobody' exists")


class PostgresServer:
    """One cluster. ``durable=False`` (tests) turns fsync off: nothing here must survive
    a power cut, and each test's CREATE DATABASE is then a few milliseconds."""

    def __init__(self, *, durable: bool = False, settings: dict[str, Any] | None = None) -> None:
        self.durable = durable
        self.settings = settings or {}
        self.password = secrets.token_hex(12)
        self.port = 0
        self.root: Path | None = None
        self._account = _unprivileged_account()
        self._bindir: Path | None = None
        self._counter = 0

    # --- lifecycle --------------------------------------------------------------------------

    def start(self) -> PostgresServer:
        self._bindir = find_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="staffetta-pg-"))
        try:
            self._initdb()
            for _attempt in range(3):  # the free port may be taken between pick and bind
                self.port = _free_port()
                self._write_settings()
                if self._pg_ctl("start", "-w", "-t", str(START_TIMEOUT), "-l", str(self.log_path)):
                    return self
            raise PostgresUnavailable("the server did not start: " + self.log_tail())
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        root, self.root = self.root, None
        if root is None:
            return
        if (root / "data" / "postmaster.pid").exists():
            self.root = root
            self._pg_ctl("stop", "-m", "immediate", "-w", "-t", "30")
            self.root = None
        shutil.rmtree(root, ignore_errors=True)

    def pause(self) -> None:
        """Stop the server and keep its data (the machine went down): ``resume`` restarts
        it on the same port."""
        if not self._pg_ctl("stop", "-m", "fast", "-w", "-t", "30"):
            raise PostgresUnavailable("the server did not stop: " + self.log_tail())

    def resume(self) -> None:
        if not self._pg_ctl("start", "-w", "-t", str(START_TIMEOUT), "-l", str(self.log_path)):
            raise PostgresUnavailable("the server did not start again: " + self.log_tail())

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- addresses and databases ------------------------------------------------------------

    def url(self, database: str = "postgres") -> str:
        """The ``--db`` a user would type (no password in it: libpq reads PGPASSWORD)."""
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def env(self) -> dict[str, str]:
        """What a process needs in its environment to log in."""
        return {"PGPASSWORD": self.password}

    def connect(self, database: str = "postgres", **kwargs: Any) -> Any:
        import psycopg

        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=USER, password=self.password,
            dbname=database, autocommit=True, **kwargs,
        )  # fmt: skip

    def create_database(self, name: str | None = None, *, template: str | None = None) -> str:
        """A new empty database (or a copy of ``template``); returns its name."""
        if name is None:
            self._counter += 1
            name = f"t{os.getpid()}_{self._counter}"
        sql = f'CREATE DATABASE "{name}"'
        if template:
            sql += f' TEMPLATE "{template}" STRATEGY FILE_COPY'
        with self.connect() as conn:
            conn.execute(sql)
        return name

    def drop_database(self, name: str) -> None:
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def terminate_connections(self, name: str) -> None:
        """Cut every client off ``name``, as a server restart or a network cut would."""
        with self.connect() as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )

    @property
    def log_path(self) -> Path:
        assert self.root is not None
        return self.root / "server.log"

    def log_tail(self, lines: int = 15) -> str:
        try:
            return " | ".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    # --- internals --------------------------------------------------------------------------

    def _run_as_owner(self, argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        account = self._account
        extra: dict[str, Any] = {}
        if account is not None:
            extra = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "TZ": "UTC"}
        if account is not None:
            env["HOME"] = str(self.root)
        return subprocess.run(
            argv, capture_output=True, text=True, env=env, cwd=self.root, **extra, **kwargs
        )

    def _initdb(self) -> None:
        assert self.root is not None and self._bindir is not None
        pwfile = self.root / "pwfile"
        pwfile.write_text(self.password + "\n")
        (self.root / "sockets").mkdir()
        if self._account is not None:
            for path in (self.root, pwfile, self.root / "sockets"):
                os.chown(path, self._account.pw_uid, self._account.pw_gid)
        done = self._run_as_owner([
            str(self._bindir / "initdb"), "-D", str(self.root / "data"), "-U", USER,
            f"--pwfile={pwfile}", "--auth-local=trust", "--auth-host=scram-sha-256",
            "-E", "UTF8", "--no-locale", "--no-sync",
        ], timeout=120)  # fmt: skip
        pwfile.unlink()
        if done.returncode != 0:
            raise PostgresUnavailable(
                f"initdb failed: {done.stderr.strip() or done.stdout.strip()}"
            )

    def _write_settings(self) -> None:
        assert self.root is not None
        settings: dict[str, Any] = {
            "listen_addresses": "'127.0.0.1'",
            "port": self.port,
            "unix_socket_directories": f"'{self.root / 'sockets'}'",
            "max_connections": 200,
            "shared_buffers": "'128MB'",
            "log_min_messages": "warning",
            "timezone": "'UTC'",
        }
        if not self.durable:
            settings |= {"fsync": "off", "full_page_writes": "off"}
        settings |= self.settings
        conf = self.root / "data" / "postgresql.auto.conf"
        conf.write_text("".join(f"{k} = {v}\n" for k, v in settings.items()))

    def _pg_ctl(self, *args: str) -> bool:
        assert self.root is not None and self._bindir is not None
        done = self._run_as_owner(
            [str(self._bindir / "pg_ctl"), "-D", str(self.root / "data"), *args],
            timeout=START_TIMEOUT + 30,
        )
        return done.returncode == 0


def wait_until_ready(server: PostgresServer, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            server.connect().close()
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
