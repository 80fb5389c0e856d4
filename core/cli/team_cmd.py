"""Team commands: `workers` (the live senders of a PostgreSQL queue) and `db copy`."""

from __future__ import annotations

import argparse

from core.cli.output import add_json_flag, emit_json, out
from core.db import is_postgres
from core.errors import InvalidValue


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "workers", help="the live senders of a team database: profiles held, recent rate"
    )
    add_json_flag(p)
    p.set_defaults(func=run_workers)


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
