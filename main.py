"""Staffetta: no arguments (or only --db) opens the window; a command runs headless."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--self-check" in args:
        from gui.selfcheck import run_self_check

        return run_self_check()
    from core.cli import build_parser, run

    parsed, _unknown = build_parser().parse_known_args(args)
    if parsed.command is None and not any(a in ("-h", "--help", "--version") for a in args):
        from gui.app import run_gui

        return run_gui(db_location=parsed.db, argv=[sys.argv[0], *_unknown])
    return run(args)


if __name__ == "__main__":
    try:
        import multiprocessing

        # In the bundle, a helper process (core.multicore) is this executable started with
        # multiprocessing's arguments: run the helper, not the app.
        multiprocessing.freeze_support()
        sys.exit(main())
    except KeyboardInterrupt:
        # Ctrl-C in the first instant, before a command handles it itself (imports take a
        # while): nothing was done yet, so a plain line, as for a later interruption.
        # Exit at once: a thread an interrupted import had started must not hold the exit.
        sys.stderr.write("staffetta: Interrupted.\n")
        sys.stderr.flush()
        os._exit(1)
