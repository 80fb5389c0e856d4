"""Team commands: `workers` (the live senders of a PostgreSQL queue) and `db copy`."""

from __future__ import annotations

import argparse

from core.cli.output import add_json_flag, emit_json, out, say
from core.db import is_postgres
from core.errors import InvalidValue


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "workers", help="the live senders of a team database: profiles held, recent rate"
    )
    add_json_flag(p)
    p.set_defaults(func=run_workers)

    db = subparsers.add_parser(
        "db", help="database tools: copy a desktop database to a team server"
    )
    actions = db.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    copy = actions.add_parser(
        "copy",
        help="copy a desktop database (SQLite file) into an empty PostgreSQL database",
    )
    copy.add_argument("sqlite_file", metavar="SQLITE_FILE")
    copy.add_argument("postgres_url", metavar="POSTGRES_URL")
    add_json_flag(copy)
    copy.set_defaults(func=run_db_copy, needs_db=False)


def run_workers(args: argparse.Namespace) -> int:
    if not is_postgres():
        raise InvalidValue(
            "`workers` lists the senders of a team database; this one is a desktop file, "
            "where one sender at a time works the queue.",
            hint="Use --db postgresql://USER@HOST:PORT/DB.",
        )
    from core.team.senders import live_senders

    senders = live_senders()
    if args.json:
        emit_json([s.as_dict() for s in senders])
        return 0
    if not senders:
        out("No sender is running.")
        return 0
    out(f"{'name':<28} {'host':<20} {'sent/min':>8}  {'last heartbeat':<20}  profiles")
    for s in senders:
        out(
            f"{s.name:<28} {s.host:<20} {s.sent_last_minute:>8}  {s.last_heartbeat or '':<20}  "
            + (", ".join(s.profiles) or "(none yet)")
        )
    return 0


def run_db_copy(args: argparse.Namespace) -> int:
    from core.team.copy import copy_database

    report = copy_database(args.sqlite_file, args.postgres_url)
    if args.json:
        emit_json(report.as_dict())
    else:
        out(f"Copied {report.source} to {report.target}:")
        for name, (source, copied) in report.tables.items():
            out(f"  {name:<20} {source:>10,} in the file  {copied:>10,} copied")
        say(
            "Every count matches. SMTP passwords stay in this computer's keyring: on the "
            "senders' machines, give them with --password-env or set them in the window."
        )
    if report.unknown_from_sending:
        say(
            f"{report.unknown_from_sending} message(s) were being sent when the desktop app "
            "stopped; they are 'unknown' (see `queue list --status unknown`)."
        )
    return 0
