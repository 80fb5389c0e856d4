"""`sandbox [--port N]` runs the built-in test inbox; `inbox [--json]` lists what it caught."""

from __future__ import annotations

import argparse
import signal
import threading

from core.cli.output import add_json_flag, emit_json, out, say
from core.sandbox import DEFAULT_PORT, BuiltinInbox, InboxStore


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = subparsers.add_parser("sandbox", help="run the built-in test inbox (Ctrl-C stops it)")
    s.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="N")
    s.set_defaults(func=run_sandbox, needs_db=False)

    i = subparsers.add_parser("inbox", help="what the built-in test inbox caught")
    add_json_flag(i)
    i.set_defaults(func=run_inbox, needs_db=False)
    actions = i.add_subparsers(dest="inbox_action", metavar="ACTION")
    show = actions.add_parser("show", help="print one message's raw source")
    show.add_argument("id", type=int, metavar="ID")
    show.set_defaults(func=run_show, needs_db=False)
    clear = actions.add_parser("clear", help="delete every caught message")
    clear.set_defaults(func=run_clear, needs_db=False)


def run_sandbox(args: argparse.Namespace) -> int:
    inbox = BuiltinInbox(port=args.port)
    inbox.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    inbox.message_received.connect(lambda mid: say(f"caught message {mid}"))
    out(f"Test inbox listening on {inbox.address} (SMTP, no TLS, no login). Ctrl-C stops it.")
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        inbox.stop()
    say("Test inbox stopped.")
    return 0


def run_inbox(args: argparse.Namespace) -> int:
    messages = InboxStore().list()
    if args.json:
        emit_json([m.as_dict() for m in messages])
        return 0
    for m in messages:
        out(f"{m.id}\t{m.received_at}\t{m.to}\t{m.subject}\t{m.size} bytes")
    say(f"{len(messages)} messages in the test inbox.")
    return 0


def run_show(args: argparse.Namespace) -> int:
    out(InboxStore().raw(args.id).decode("utf-8", "replace"))
    return 0


def run_clear(args: argparse.Namespace) -> int:
    say(f"Deleted {InboxStore().clear()} messages from the test inbox.")
    return 0
