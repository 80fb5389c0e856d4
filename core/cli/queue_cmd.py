"""`queue list|flush|retry|hold|release|delete|export` (like postqueue/postsuper)."""

from __future__ import annotations

import argparse

from core import queue
from core.campaigns import find_campaign
from core.cli.output import add_json_flag, emit_json, out, say
from core.errors import InvalidValue
from core.models import Campaign, MessageStatus


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("queue", help="inspect and manage the message queue")
    actions = p.add_subparsers(dest="queue_action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="list messages (like postqueue -p)")
    listing.add_argument("--status", choices=MessageStatus.ALL)
    listing.add_argument("--campaign", metavar="NAME")
    listing.add_argument("--limit", type=int, metavar="N")
    add_json_flag(listing)
    listing.set_defaults(func=run_list)

    flush = actions.add_parser("flush", help="every deferred message is due now (postqueue -f)")
    flush.add_argument("--campaign", metavar="NAME")
    flush.set_defaults(func=run_flush)

    retry = actions.add_parser("retry", help="back to queued, keeping the Message-ID")
    retry.add_argument("ids", nargs="*", type=int, metavar="ID")
    retry.add_argument("--status", choices=["failed", "unknown", "deferred", "held"])
    retry.add_argument("--campaign", metavar="NAME")
    retry.set_defaults(func=run_retry)

    for action, text in (("hold", "park messages"), ("release", "unpark messages")):
        sub = actions.add_parser(action, help=text)
        sub.add_argument("ids", nargs="+", type=int, metavar="ID")
        sub.set_defaults(func=run_hold if action == "hold" else run_release)

    mark = actions.add_parser("mark-sent", help="an unknown message did arrive")
    mark.add_argument("ids", nargs="+", type=int, metavar="ID")
    mark.set_defaults(func=run_mark_sent)

    delete = actions.add_parser("delete", help="cancel unsent messages (postsuper -d)")
    delete.add_argument("ids", nargs="*", type=int, metavar="ID")
    delete.add_argument("--all", action="store_true")
    delete.add_argument("--campaign", metavar="NAME")
    delete.set_defaults(func=run_delete)

    export = actions.add_parser("export", help="write failed messages as CSV for re-import")
    export.add_argument("file", metavar="FILE")
    export.add_argument("--status", default="failed", choices=MessageStatus.ALL)
    export.add_argument("--campaign", metavar="NAME")
    export.set_defaults(func=run_export)


def _campaign(args: argparse.Namespace) -> Campaign | None:
    return find_campaign(args.campaign) if getattr(args, "campaign", None) else None


def run_list(args: argparse.Namespace) -> int:
    rows = queue.list_messages(status=args.status, campaign=_campaign(args), limit=args.limit)
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        extra = f"  next {r['next_attempt_at']}" if r["next_attempt_at"] else ""
        if r.get("waiting_reason"):
            extra += f" ({r['waiting_reason']})"
        # The reason, with or without a reply code: "the host name … could not be found"
        # has none, and is what the user needs to see.
        said = " ".join(str(x) for x in (r["last_code"], r["last_response"]) if x)
        reply = f"  {said}" if said else ""
        out(f"{r['id']:>8}  {r['status']:<9}  {r['to']:<40}  tries {r['attempts']}{extra}{reply}")
    say(f"{len(rows)} messages.")
    return 0


def run_flush(args: argparse.Namespace) -> int:
    say(f"{queue.flush(_campaign(args))} deferred messages are due now.")
    return 0


def run_retry(args: argparse.Namespace) -> int:
    if not args.ids and not args.status:
        raise InvalidValue("Say which messages to retry.", hint="Give IDs or --status failed.")
    count = queue.retry(ids=args.ids or None, status=args.status, campaign=_campaign(args))
    say(f"{count} messages queued again (same Message-ID). Run `send` to deliver them.")
    return 0


def run_hold(args: argparse.Namespace) -> int:
    say(f"{queue.hold(args.ids)} messages held.")
    return 0


def run_release(args: argparse.Namespace) -> int:
    say(f"{queue.release(args.ids)} messages released.")
    return 0


def run_mark_sent(args: argparse.Namespace) -> int:
    say(f"{queue.mark_sent(args.ids)} messages marked sent.")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    if not args.ids and not args.all:
        raise InvalidValue("Say which messages to delete.", hint="Give IDs or --all.")
    count = queue.delete(ids=None if args.all else args.ids, campaign=_campaign(args))
    say(f"{count} unsent messages cancelled.")
    return 0


def run_export(args: argparse.Namespace) -> int:
    count = queue.export_messages(args.file, status=args.status, campaign=_campaign(args))
    say(f"Wrote {count} messages to {args.file}.")
    return 0
