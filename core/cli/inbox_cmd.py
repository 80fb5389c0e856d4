"""The built-in test inbox from a terminal.

``sandbox [--port N]`` runs the capture server until Ctrl-C (or SIGTERM) and prints its
address on stdout; ``inbox [--json]`` lists what it caught (newest first);
``inbox show ID [--json]`` prints one message's raw source (or its analysis);
``inbox delete ID`` and ``inbox clear`` remove messages.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from core.cli.output import add_json_flag, emit_json, out, say
from core.errors import NotFound
from core.inbox_checks import analyse
from core.sandbox import (
    BuiltinInbox,
    InboxStore,
    ensure_builtin_profile,
    point_builtin_profile_at,
    start_builtin_inbox,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = subparsers.add_parser(
        "sandbox",
        help="run the built-in test inbox (Ctrl-C stops it)",
        description="Run the built-in capture inbox on 127.0.0.1. Without --port it uses the "
        "port of the 'Built-in test inbox' SMTP profile (2526 unless that was busy) and moves "
        "the profile if it must pick another; with --port the profile is pointed there.",
    )
    s.add_argument("--port", type=int, metavar="N", help="listen on this port (fail if taken)")
    s.set_defaults(func=run_sandbox)

    i = subparsers.add_parser("inbox", help="what the built-in test inbox caught")
    add_json_flag(i)
    i.set_defaults(func=run_inbox, needs_db=False)
    actions = i.add_subparsers(dest="inbox_action", metavar="ACTION")
    show = actions.add_parser("show", help="print one message's raw source (--json: analysis)")
    show.add_argument("id", type=int, metavar="ID")
    add_json_flag(show)
    show.set_defaults(func=run_show, needs_db=False)
    delete = actions.add_parser("delete", help="delete one caught message")
    delete.add_argument("id", type=int, metavar="ID")
    delete.set_defaults(func=run_delete, needs_db=False)
    clear = actions.add_parser("clear", help="delete every caught message")
    clear.set_defaults(func=run_clear, needs_db=False)


def run_sandbox(args: argparse.Namespace) -> int:
    if args.port is not None:
        if not 0 < args.port < 65536:
            from core.errors import InvalidValue

            raise InvalidValue(f"--port {args.port} is not a TCP port.", hint="Use 1024-65535.")
        inbox = BuiltinInbox(port=args.port)
        inbox.start()
        ensure_builtin_profile(args.port)
        point_builtin_profile_at(args.port)
    else:
        inbox = start_builtin_inbox()
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    inbox.message_received.connect(lambda mid: say(f"caught message {mid}"))
    out(f"Test inbox listening on {inbox.address} (SMTP, no TLS, no login). Ctrl-C stops it.")
    sys.stdout.flush()
    try:
        while not stop.wait(0.5):
            pass
    finally:
        inbox.stop()
        inbox.store.close()
    say("Test inbox stopped.")
    return 0


def run_inbox(args: argparse.Namespace) -> int:
    messages = InboxStore().list()
    if args.json:
        emit_json([m.as_dict() for m in messages])
        return 0
    for m in messages:
        out(f"{m.id}\t{m.received_at}\t{m.to}\t{m.subject}\t{m.size} bytes")
    say(f"{len(messages)} message(s) in the test inbox.")
    return 0


def run_show(args: argparse.Namespace) -> int:
    store = InboxStore()
    raw = store.raw(args.id)
    if args.json:
        document = {**store.get(args.id).as_dict(), **analyse(raw).as_dict()}
        document["id"] = args.id
        document["size"] = len(raw)
        emit_json(document)
        return 0
    sys.stdout.buffer.write(raw)
    sys.stdout.flush()
    return 0


def run_delete(args: argparse.Namespace) -> int:
    if not InboxStore().delete(args.id):
        raise NotFound(f"The test inbox has no message {args.id}.")
    say(f"Deleted message {args.id} from the test inbox.")
    return 0


def run_clear(args: argparse.Namespace) -> int:
    say(f"Deleted {InboxStore().clear()} message(s) from the test inbox.")
    return 0
