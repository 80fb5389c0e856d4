"""The headless command line: ``python main.py COMMAND`` (a public contract, see CLI.md).

Each command group lives in its own module with a ``register(subparsers)`` function;
a handler takes the parsed ``argparse.Namespace`` and returns the exit code. The
database is opened before the handler runs (unless the parser sets ``needs_db=False``).
Exit codes: 0 success, 2 usage (argparse), 1 anything else with one line on stderr.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any

from core import __version__
from core.cli import contacts_cmd
from core.cli.output import fail
from core.db import close_database, disk_full_problem, open_database
from core.errors import StaffettaError
from core.logsetup import configure_logging
from core.paths import database_location

log = logging.getLogger(__name__)

# Modules that add commands. Later modules append themselves here.
COMMAND_MODULES = [contacts_cmd]


def _optional_modules() -> list[Any]:
    """Command groups that may not exist yet in a given build (added by later work)."""
    import importlib

    found: list[Any] = []
    for name in (
        "template_cmd",
        "smtp_cmd",
        "segment_cmd",
        "campaign_cmd",
        "queue_cmd",
        "send_cmd",
        "inbox_cmd",
        "team_cmd",
        "mailbox_cmd",
        "suppress_cmd",
    ):
        try:
            found.append(importlib.import_module(f"core.cli.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"core.cli.{name}":
                raise
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="staffetta",
        description="Staffetta: email campaigns from your desktop. Without a command, "
        "the window opens.",
    )
    parser.add_argument("--version", action="version", version=f"Staffetta {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help="database file, or postgresql://USER@HOST:PORT/DB for a team database "
        "(password from PGPASSWORD or ~/.pgpass); default: staffetta.db in your data "
        "folder; env STAFFETTA_DB",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in [*COMMAND_MODULES, *_optional_modules()]:
        module.register(subparsers)  # type: ignore[attr-defined]
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    """Parse and run one command. Returns the exit code; never raises for user errors."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    log_path = configure_logging()
    try:
        if getattr(args, "needs_db", True):
            info = open_database(database_location(args.db))
            if info.created:
                _give_new_database_the_builtin_inbox()
        handler = getattr(args, "func", None)
        if handler is None:
            parser.parse_args([args.command, "--help"])
            return 2
        return int(handler(args))
    except StaffettaError as exc:
        return fail(exc.user_text())
    except KeyboardInterrupt:
        return fail("Interrupted.")
    except BrokenPipeError:
        # `staffetta inbox | head`: the reader has what it wanted; no traceback, no error.
        _silence_stdout()
        return 0
    except Exception as exc:
        known = disk_full_problem(exc)
        if known is not None:
            log.warning("command %s: %s", args.command, known.message)
            return fail(known.user_text())
        log.exception("unexpected error in command %s", args.command)
        return fail(f"Unexpected error (a bug). Details are in {log_path}.")
    finally:
        close_database()


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _give_new_database_the_builtin_inbox() -> None:
    """A new database gets the built-in test inbox profile, as in the app, so
    `campaign create --smtp "Built-in test inbox"` works without an account."""
    from core.sandbox import ensure_builtin_profile

    ensure_builtin_profile()


def main_entry() -> None:
    sys.exit(run())
